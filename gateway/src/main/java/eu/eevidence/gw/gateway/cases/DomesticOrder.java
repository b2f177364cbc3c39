package eu.eevidence.gw.gateway.cases;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.eevidence.gw.schema.Envelope;
import eu.eevidence.gw.schema.MessageType;
import eu.eevidence.gw.schema.catalogue.MessageCatalogue;
import eu.eevidence.gw.schema.codec.Decoded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The domestic order made from a received request: the same catalogue request, re-addressed to the platform the
 * requested Party's contact point chose (the field that names the platform is set to the domestic platform id; every
 * other field is kept as the requester wrote it). The result is a bare request in the catalogue's canonical JSON, which
 * the node's own intake validates, seals and delivers like any request of its contact point.
 */
final class DomesticOrder {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MessageCatalogue CATALOGUE = new MessageCatalogue();

    /** Where each request type names the platform that holds the data (object path; the last step is "platformId"). */
    static final Map<MessageType, List<String>> PLATFORM_PATH = Map.ofEntries(
            Map.entry(MessageType.BUDAPEST_ART29_PRESERVATION, List.of("custodian")),
            Map.entry(MessageType.BUDAPEST_ART31_MUTUAL_ASSISTANCE, List.of("custodian")),
            Map.entry(MessageType.UNCC_ART42_PRESERVATION, List.of("custodian")),
            Map.entry(MessageType.UNCC_ART44_MUTUAL_ASSISTANCE, List.of("custodian")),
            Map.entry(MessageType.PROTOCOL_ART10_EMERGENCY_MLA, List.of("custodian")),
            Map.entry(MessageType.PROTOCOL_ART9_EMERGENCY_DISCLOSURE, List.of("serviceProvider")),
            Map.entry(MessageType.CONTENT_REMOVAL_ORDER, List.of("serviceProvider")),
            Map.entry(MessageType.CONTENT_PRESERVATION_ORDER, List.of("serviceProvider")),
            Map.entry(MessageType.PROTOCOL_ART6_DOMAIN_REGISTRATION, List.of("registrationEntity")),
            Map.entry(MessageType.EU_EPOC, List.of("addressee", "provider")),
            Map.entry(MessageType.EU_EPOC_PR, List.of("addressee", "provider")),
            Map.entry(MessageType.PROTOCOL_ART7_SUBSCRIBER_ORDER, List.of("order", "serviceProviders", "0")),
            // given effect as a derived Art. 7-style order to the provider named first in the order (ADR-0018)
            Map.entry(MessageType.PROTOCOL_ART8_GIVE_EFFECT, List.of("order", "serviceProviders", "0")));

    /** CETS 224 Art. 8(6): the provider returns subscriber information within 20 days, traffic data within 45 days. */
    static final Duration ART8_RETURN_SUBSCRIBER = Duration.ofDays(20);
    static final Duration ART8_RETURN_TRAFFIC = Duration.ofDays(45);

    private DomesticOrder() {
    }

    /** Decodes stored case content (canonical JSON or XML envelope). */
    static Envelope envelope(byte[] content) {
        int i = 0;
        while (i < content.length && Character.isWhitespace(content[i])) {
            i++;
        }
        Decoded d = i < content.length && content[i] == '<' ? CATALOGUE.decodeXml(content) : CATALOGUE.decodeJson(content);
        if (d instanceof Decoded.Valid v) {
            return v.envelope();
        }
        throw new IllegalStateException(CaseError.CASE_CONTENT.code() + " stored case content no longer decodes: " + ((Decoded.Invalid) d).violations());
    }

    /** True when this node can turn a request of this type into an order to one of its platforms. */
    static boolean routable(String messageType) {
        try {
            return PLATFORM_PATH.containsKey(MessageType.valueOf(messageType));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * The request body re-addressed to {@code platformId}, as bare canonical JSON.
     *
     * @return empty when the type names no platform, or names it in a part of the request that is missing
     */
    static Optional<byte[]> readdress(Envelope received, String platformId) {
        return readdress(received, platformId, null, Instant.EPOCH);
    }

    /**
     * {@link #readdress(Envelope, String)}; a Protocol Art. 8 request becomes the order this Party serves on its provider
     * ({@link #givenEffect}), stamped with the case id and the time of the decision (deterministic, so that a resumed ACCEPT
     * makes the same order).
     */
    static Optional<byte[]> readdress(Envelope received, String platformId, String caseId, Instant decidedAt) {
        List<String> path = PLATFORM_PATH.get(received.messageType());
        if (path == null) {
            return Optional.empty();
        }
        try {
            JsonNode root = JSON.readTree(CATALOGUE.encodeJson(received));
            JsonNode body = root.get("body");
            if (!(body instanceof ObjectNode)) {
                return Optional.empty();
            }
            ObjectNode node = (ObjectNode) body;
            if (received.messageType() == MessageType.PROTOCOL_ART8_GIVE_EFFECT) {
                Optional<ObjectNode> derived = givenEffect(node, received.receiver() == null ? null : received.receiver().country(), caseId, decidedAt);
                if (derived.isEmpty()) {
                    return Optional.empty();
                }
                node = derived.get();
            }
            JsonNode at = node;
            for (int i = 0; i < path.size(); i++) {
                String step = path.get(i);
                JsonNode next = at.isArray() ? at.get(Integer.parseInt(step)) : at.get(step);
                if (next == null || next.isNull()) {
                    // only a missing custodian may be added: the requested Party identifies it (Art. 29(2)(d), 31)
                    if (at instanceof ObjectNode o && path.size() == 1 && "custodian".equals(step)) {
                        next = o.putObject(step);
                    } else {
                        return Optional.empty();
                    }
                }
                at = next;
            }
            if (!(at instanceof ObjectNode target)) {
                return Optional.empty();
            }
            target.put("platformId", platformId);
            return Optional.of(JSON.writeValueAsString(node).getBytes(StandardCharsets.UTF_8));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * CETS 224 Art. 8: the requested Party gives effect to the requesting Party's order by serving it on its provider. The
     * provider gets the order (the Art. 7(3) items, as an Art. 7-style subscriber-information order) and never the
     * supporting information of Art. 8(3)(b) (legal grounds, why the provider is believed to hold the data, summary of
     * facts, relevance, contact, earlier preservation, other means tried), which is for the requested Party only. The
     * return period of Art. 8(6) (20 days subscriber information, 45 days when traffic data are sought) runs from the
     * decision and is the order's {@code respondBy}.
     *
     * @return empty when the request lacks the order
     */
    static Optional<ObjectNode> givenEffect(ObjectNode art8, String requestedParty, String caseId, Instant decidedAt) {
        JsonNode order = art8.get("order");
        if (!(order instanceof ObjectNode) || !(order.get("issuingAuthority") instanceof ObjectNode issuer)) {
            return Optional.empty();
        }
        boolean traffic = false;
        for (JsonNode c : art8.path("categories")) {
            traffic |= "TRAFFIC".equals(c.asText());
        }
        String party = requestedParty == null ? "the requested Party" : requestedParty;
        String ref = caseId == null ? "" : " (case " + caseId + ")";
        ObjectNode out = JSON.createObjectNode();
        out.put("type", MessageType.PROTOCOL_ART7_SUBSCRIBER_ORDER.name());
        out.set("order", order.deepCopy());
        if (art8.get("identifiers") instanceof com.fasterxml.jackson.databind.node.ArrayNode ids && !ids.isEmpty()) {
            out.set("identifiers", ids.deepCopy());
        }
        out.put("domesticLegalGrounds", "CETS 224 Art. 8: the order of " + issuer.path("name").asText() + " (" + issuer.path("country").asText()
                + ") is given effect by " + party + ref);
        out.put("offenceProvisionsAndPenalties", "as stated in the order's offences; the supporting information of CETS 224 Art. 8(3)(b) "
                + "is not disclosed to the provider");
        out.set("returnContact", issuer.deepCopy());
        ObjectNode disclosure = out.putObject("disclosure");
        Instant by = decidedAt.truncatedTo(ChronoUnit.SECONDS).plus(traffic ? ART8_RETURN_TRAFFIC : ART8_RETURN_SUBSCRIBER);
        disclosure.put("respondBy", OffsetDateTime.ofInstant(by, ZoneOffset.UTC).toString());
        disclosure.put("manner", "electronically, to " + party + " through its gateway (the answer channel of this order)");
        if (art8.hasNonNull("specialInstructions")) {
            disclosure.put("specialInstructions", art8.get("specialInstructions").asText());
        }
        out.put("simultaneousNotification", false);
        out.put("otherInformation", "Given effect under CETS 224 Art. 8 by " + party + ref + "; return " + (traffic ? "traffic data within 45 days"
                : "subscriber information within 20 days") + " (Art. 8(6))");
        return Optional.of(out);
    }
}
