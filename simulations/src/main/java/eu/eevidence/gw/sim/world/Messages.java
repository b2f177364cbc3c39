package eu.eevidence.gw.sim.world;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import eu.eevidence.gw.sim.SimError;

/**
 * Messages of the world, made from the catalogue's valid samples (copied to {@code world/templates/}): every
 * timestamp is shifted so that the sample's latest creation/issue time is the virtual now (relations between the dates
 * stay as in the sample), ids are fresh and the addressee is the chosen platform.
 */
final class Messages {

    /** Instruments sent to a platform by the requesting country's node. */
    static final List<String> PLATFORM_INSTRUMENTS = List.of("BUDAPEST_ART29_PRESERVATION", "EU_EPOC_PR", "EU_EPOC", "PROTOCOL_ART7_SUBSCRIBER_ORDER",
            Messages.REMOVAL, Messages.REMOVAL_BY_HASH);
    /** A removal order naming the content by its locator, and one carrying only hashes (the StopNCII model, ADR-0033). */
    static final String REMOVAL = "CONTENT_REMOVAL_ORDER";
    static final String REMOVAL_BY_HASH = "CONTENT_REMOVAL_ORDER_BY_HASH";
    /** The emergency instrument towards a platform (EPOC with the 8-hour deadline) and towards a country (Protocol Art. 9). */
    static final String EMERGENCY_PLATFORM = "EU_EPOC_EMERGENCY";
    static final String EMERGENCY_COUNTRY = "PROTOCOL_ART9_EMERGENCY_DISCLOSURE";
    /**
     * Instruments addressed to a country (weighted by the scenario's mix; a type the mix does not name is not sent): an
     * Art. 35 is answered by the requested contact point itself, an Art. 8 is the central authority's request (given effect
     * by an order to a provider), an Art. 10 the emergency mutual-assistance request.
     */
    static final String ASSISTANCE_COUNTRY = "BUDAPEST_ART35_ASSISTANCE";
    static final List<String> COUNTRY_INSTRUMENTS = List.of("BUDAPEST_ART29_PRESERVATION", "BUDAPEST_ART31_MUTUAL_ASSISTANCE",
            ASSISTANCE_COUNTRY, "PROTOCOL_ART8_GIVE_EFFECT", "PROTOCOL_ART10_EMERGENCY_MLA");

    /**
     * The UN Convention against Cybercrime's preservation and mutual legal assistance (ADR-0036): sendable to a platform
     * ({@link #toPlatform}) and to a country ({@link #toCountry}); no scenario's mix names them: the preservation is sent
     * by the TFVAWG traffic ({@link TfvawgTraffic}) between two Parties that are not both Parties to ETS 185.
     */
    static final String UNCC_PRESERVATION = "UNCC_ART42_PRESERVATION";
    static final String UNCC_MUTUAL_ASSISTANCE = "UNCC_ART44_MUTUAL_ASSISTANCE";

    /** The platform's answer to a hash list (ADR-0038): matched 5, removed 4, re-uploads blocked 7 over two hashes. */
    static final String HASH_LIST_APPLIED = "HASH_LIST_APPLIED";

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, ObjectNode> templates = new HashMap<>();
    private final Map<String, Instant> anchors = new HashMap<>();

    Messages() {
        for (String t : List.of("BUDAPEST_ART29_PRESERVATION", "EU_EPOC_PR", "EU_EPOC", "PROTOCOL_ART7_SUBSCRIBER_ORDER",
                "PROTOCOL_ART9_EMERGENCY_DISCLOSURE", "BUDAPEST_ART31_MUTUAL_ASSISTANCE", "BUDAPEST_ART35_ASSISTANCE", "PROTOCOL_ART8_GIVE_EFFECT",
                "PROTOCOL_ART10_EMERGENCY_MLA", "EXECUTION_REPORT", "REFUSAL",
                "CLARIFICATION_REQUEST", "ACKNOWLEDGEMENT", REMOVAL, "CONTENT_REMOVED", UNCC_PRESERVATION, UNCC_MUTUAL_ASSISTANCE, HASH_LIST_APPLIED)) {
            try (InputStream in = Messages.class.getResourceAsStream("/world/templates/" + t + ".json")) {
                ObjectNode n = (ObjectNode) JSON.readTree(in);
                templates.put(t, n);
                anchors.put(t, anchor(n));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Whether the instrument belongs to the emergency family. */
    static boolean emergency(String instrument) {
        return instrument.equals(EMERGENCY_PLATFORM) || instrument.equals(EMERGENCY_COUNTRY) || instrument.equals("PROTOCOL_ART10_EMERGENCY_MLA");
    }

    /** A request envelope to a platform, from {@code country}, created at {@code now}. */
    byte[] toPlatform(String instrument, String platformId, String platformCountry, String country, Instant now, String clientRef) {
        String t = instrument.equals(EMERGENCY_PLATFORM) ? "EU_EPOC" : instrument.equals(REMOVAL_BY_HASH) ? REMOVAL : instrument;
        ObjectNode n = fresh(t, now);
        n.put("messageId", "msg-" + UUID.randomUUID());
        // addressed to the provider itself: the node delivers it to the platform (a request whose receiver is another Party's
        // authority travels to that Party's node instead: see toCountry)
        ((ObjectNode) n.get("receiver")).put("kind", "SERVICE_PROVIDER").put("id", platformId).put("country", platformCountry);
        ((ObjectNode) n.get("sender")).put("country", country);
        ObjectNode body = (ObjectNode) n.get("body");
        switch (t) {
            case "BUDAPEST_ART29_PRESERVATION", UNCC_PRESERVATION -> {
                ((ObjectNode) body.get("custodian")).put("platformId", platformId);
                body.put("requestedParty", platformCountry);
                body.put("clientRequestId", clientRef);
            }
            case "EU_EPOC_PR" -> provider(body, platformId, platformCountry);
            case "EU_EPOC" -> {
                provider(body, platformId, platformCountry);
                body.remove("earlierPreservation");
                if (instrument.equals(EMERGENCY_PLATFORM)) {
                    body.put("deadline", "EIGHT_HOURS");
                    ObjectNode e = body.putObject("emergency");
                    e.put("riskToLifeOrSafety", "A child is being coerced by the account holder; threats of imminent self-harm were sent tonight.");
                    e.put("relationOfDataToRisk", "The subscriber data and latest connection logs locate the victim and the offender.");
                }
            }
            case "PROTOCOL_ART7_SUBSCRIBER_ORDER" -> {
                ObjectNode order = (ObjectNode) body.get("order");
                ArrayNode sps = (ArrayNode) order.get("serviceProviders");
                ((ObjectNode) sps.get(0)).put("platformId", platformId).put("country", platformCountry);
                body.remove("earlierPreservation");
            }
            case REMOVAL -> removal(body, platformId, platformCountry, instrument.equals(REMOVAL_BY_HASH));
            default -> throw new IllegalArgumentException(SimError.SIM_020.code() + " no platform template for " + instrument);
        }
        return bytes(n);
    }

    /** A request envelope to another country (for the cross-border channel). */
    byte[] toCountry(String instrument, String from, String to, Instant now) {
        ObjectNode n = fresh(instrument, now);
        n.put("messageId", "msg-" + UUID.randomUUID());
        ((ObjectNode) n.get("sender")).put("country", from);
        ((ObjectNode) n.get("receiver")).put("country", to);
        if (n.get("body").has("requestedParty")) {
            ((ObjectNode) n.get("body")).put("requestedParty", to);
        }
        if (instrument.equals("PROTOCOL_ART8_GIVE_EFFECT")) {
            n.remove("correlationId"); // the Art. 7 order it enforces went to the provider directly, not through the node
        }
        return bytes(n);
    }

    /** A malformed submission (a required field missing): the node must refuse it and create nothing. */
    byte[] invalid(String platformId, String platformCountry, String country, Instant now, String clientRef) {
        ObjectNode n = (ObjectNode) read(toPlatform("BUDAPEST_ART29_PRESERVATION", platformId, platformCountry, country, now, clientRef));
        ((ObjectNode) n.get("body")).remove("necessity");
        ((ObjectNode) n.get("body")).remove("offence");
        return bytes(n);
    }

    /** A platform's answer ({@code ACKNOWLEDGEMENT}, {@code CLARIFICATION_REQUEST}, {@code REFUSAL} or a final {@code EXECUTION_REPORT}). */
    byte[] answer(String type, String requestId, String platformId, Instant now) {
        ObjectNode n = fresh(type, now);
        ObjectNode ack = templates.get("ACKNOWLEDGEMENT");
        n.put("messageId", "msg-ans-" + UUID.randomUUID());
        n.put("correlationId", requestId);
        n.set("sender", ack.get("sender").deepCopy());
        n.set("receiver", ack.get("receiver").deepCopy());
        ((ObjectNode) n.get("sender")).put("id", platformId);
        if (type.equals("REFUSAL")) {
            ObjectNode b = (ObjectNode) n.get("body");
            b.put("scope", "FULL");
            b.remove("refusedPart");
        }
        return bytes(n);
    }

    /** One evidence item of a final execution report's manifest: the platform's real size and SHA-256 of its content. */
    record Item(String itemId, String mediaType, long sizeBytes, String sha256) {
    }

    /** A final {@code EXECUTION_REPORT} whose manifest lists exactly {@code items} (sizes and SHA-256 of the content the platform uploads). */
    byte[] report(String requestId, String platformId, Instant now, List<Item> items) {
        ObjectNode n = (ObjectNode) read(answer("EXECUTION_REPORT", requestId, platformId, now));
        ArrayNode list = ((ObjectNode) n.get("body").get("manifest")).putArray("items");
        for (Item i : items) {
            list.addObject().put("itemId", i.itemId()).put("mediaType", i.mediaType()).put("sizeBytes", i.sizeBytes()).put("sha256", i.sha256())
                    .put("description", "simulated evidence item");
        }
        return bytes(n);
    }

    /** Whether the instrument is a removal order (by locator or by hash). */
    static boolean removal(String instrument) {
        return instrument.equals(REMOVAL) || instrument.equals(REMOVAL_BY_HASH);
    }

    /** A removal order to the platform: by locator (no hashes), or by two fresh hashes only (PDQ and SHA-256, no content). */
    private static void removal(ObjectNode body, String platformId, String country, boolean byHash) {
        ((ObjectNode) body.get("serviceProvider")).put("platformId", platformId).put("country", country);
        ArrayNode content = (ArrayNode) body.get("content");
        content.remove(1); // the template's item by hash
        if (!byHash) {
            return;
        }
        content.removeAll();
        ArrayNode hashes = content.addObject().putArray("hashes");
        hashes.addObject().put("algorithm", "PDQ").put("value", hex64());
        hashes.addObject().put("algorithm", "SHA256").put("value", hex64());
    }

    private static String hex64() {
        return (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
    }

    /**
     * The platform's CONTENT_REMOVED: removed now; by hash, 3 matches over the order's two hashes (per hash, by position);
     * by locator, one item and no hash figures.
     */
    byte[] removed(String requestId, String platformId, Instant now, boolean byHash) {
        ObjectNode n = (ObjectNode) read(answer("CONTENT_REMOVED", requestId, platformId, now));
        ObjectNode ack = templates.get("CONTENT_REMOVED");
        n.set("sender", ack.get("sender").deepCopy());
        n.set("receiver", ack.get("receiver").deepCopy());
        ((ObjectNode) n.get("sender")).put("id", platformId);
        ObjectNode b = (ObjectNode) n.get("body");
        b.put("removedAt", now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        b.remove("preservedUntil");
        if (!byHash) {
            b.remove("hashMatches");
            b.remove("perHash");
            b.put("itemsRemoved", 1);
        }
        return bytes(n);
    }

    /** The platform's HASH_LIST_APPLIED for hash list (notice) {@code listId} of two hashes, applied now. */
    byte[] hashListApplied(String listId, String platformId, Instant now) {
        ObjectNode n = (ObjectNode) read(answer(HASH_LIST_APPLIED, listId, platformId, now));
        ((ObjectNode) n.get("body")).put("appliedAt", now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        return bytes(n);
    }

    /** A random 64-digit lower-case hex value (a PDQ or SHA-256 of content the world does not have). */
    static String randomHash() {
        return hex64();
    }

    private static void provider(ObjectNode body, String platformId, String country) {
        ((ObjectNode) body.get("addressee").get("provider")).put("platformId", platformId).put("country", country);
    }

    private ObjectNode fresh(String type, Instant now) {
        ObjectNode n = templates.get(type).deepCopy();
        shift(n, Duration.between(anchors.get(type), now));
        return n;
    }

    private static Instant anchor(JsonNode n) {
        Instant max = Instant.MIN;
        for (String f : List.of("createdAt", "issuedAt", "receivedAt")) {
            for (JsonNode v : n.findValues(f)) {
                Instant i = parse(v.asText());
                if (i != null && i.isAfter(max)) {
                    max = i;
                }
            }
        }
        return max;
    }

    private static Instant parse(String s) {
        if (s.length() < 20 || s.charAt(10) != 'T') {
            return null;
        }
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static void shift(JsonNode node, Duration by) {
        if (node instanceof ObjectNode o) {
            Iterator<Map.Entry<String, JsonNode>> it = o.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isTextual()) {
                    String s = e.getValue().asText();
                    if (parse(s) != null) {
                        OffsetDateTime t = OffsetDateTime.parse(s).plus(by);
                        e.setValue(TextNode.valueOf(t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)));
                    }
                } else {
                    shift(e.getValue(), by);
                }
            }
        } else if (node instanceof ArrayNode a) {
            for (JsonNode c : a) {
                shift(c, by);
            }
        }
    }

    static JsonNode read(byte[] b) {
        try {
            return JSON.readTree(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(JsonNode n) {
        try {
            return JSON.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
