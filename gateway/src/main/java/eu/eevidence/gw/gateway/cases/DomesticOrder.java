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
    static final Map<MessageType, List<String>> PLATFORM_PATH = Map.of(
            MessageType.BUDAPEST_ART29_PRESERVATION, List.of("custodian"),
            MessageType.BUDAPEST_ART31_MUTUAL_ASSISTANCE, List.of("custodian"),
            MessageType.PROTOCOL_ART10_EMERGENCY_MLA, List.of("custodian"),
            MessageType.PROTOCOL_ART9_EMERGENCY_DISCLOSURE, List.of("serviceProvider"),
            MessageType.CONTENT_REMOVAL_ORDER, List.of("serviceProvider"),
            MessageType.PROTOCOL_ART6_DOMAIN_REGISTRATION, List.of("registrationEntity"),
            MessageType.EU_EPOC, List.of("addressee", "provider"),
            MessageType.EU_EPOC_PR, List.of("addressee", "provider"),
            MessageType.PROTOCOL_ART7_SUBSCRIBER_ORDER, List.of("order", "serviceProviders", "0"));

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
        throw new IllegalStateException("EEG-CASE-CONTENT stored case content no longer decodes: " + ((Decoded.Invalid) d).violations());
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
        List<String> path = PLATFORM_PATH.get(received.messageType());
        if (path == null) {
            return Optional.empty();
        }
        try {
            JsonNode root = JSON.readTree(CATALOGUE.encodeJson(received));
            JsonNode body = root.get("body");
            if (!(body instanceof ObjectNode node)) {
                return Optional.empty();
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
}
