package eu.eevidence.gw.gateway.console.platform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.eevidence.gw.schema.Envelope;
import eu.eevidence.gw.schema.MessageType;
import eu.eevidence.gw.schema.PartyKind;
import eu.eevidence.gw.schema.catalogue.MessageCatalogue;
import eu.eevidence.gw.schema.codec.Decoded;
import eu.eevidence.gw.schema.validation.Violation;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An answer form's body put into the catalogue envelope the platform API takes ({@code POST /api/v1/platform/answers}):
 * {@code messageId} from the form's idempotency key (so a double click or a reload sends the same message, which the API
 * stores once), {@code correlationId} the request's id, the parties of the order swapped (the order's receiver answers its
 * sender), {@code createdAt} now. {@link #check} runs the catalogue's own decoder and validator on it (the first thing the
 * API does with an answer) for the review step, with the body's paths made the form's paths ({@code $.body.x} to {@code $.x}).
 */
final class AnswerEnvelope {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MessageCatalogue CATALOGUE = new MessageCatalogue();
    private static final Pattern MESSAGE_ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._:-]{7,99}$");
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    private AnswerEnvelope() {
    }

    /** The answer's sender and receiver. */
    record Parties(ObjectNode sender, ObjectNode receiver) {
    }

    /** The message id of the answer sent from the form with this idempotency key; null when the key cannot be one. */
    static String messageId(String idempotencyKey) {
        if (idempotencyKey == null) {
            return null;
        }
        String id = "console-" + idempotencyKey;
        return MESSAGE_ID.matcher(id).matches() ? id : null;
    }

    /**
     * The parties of an answer to the order whose content (the API's JSON of the stored order) is {@code content}: its
     * receiver and sender swapped when it is an envelope; otherwise the platform (a service provider in the requested
     * Party's country) answering the requesting side in the country named by the order.
     */
    static Parties parties(JsonNode content, String platformId, String requestedParty, MessageType answer) {
        JsonNode s = content == null ? null : content.get("sender");
        JsonNode r = content == null ? null : content.get("receiver");
        if (s != null && s.isObject() && r != null && r.isObject() && kind(r) != null && answer.senders().contains(kind(r))
                && kind(s) != null && answer.receivers().contains(kind(s))) {
            return new Parties(party(r), party(s));
        }
        String providerCountry = country(requestedParty);
        ObjectNode sender = JSON.createObjectNode().put("kind", PartyKind.SERVICE_PROVIDER.name()).put("id", platformId)
                .put("country", providerCountry == null ? firstCountry(content) : providerCountry);
        PartyKind to = answer.receivers().contains(PartyKind.REQUESTING_AUTHORITY) ? PartyKind.REQUESTING_AUTHORITY : answer.receivers().iterator().next();
        String requesterCountry = firstCountry(content);
        ObjectNode receiver = JSON.createObjectNode().put("kind", to.name()).put("id", "requesting-party")
                .put("country", requesterCountry == null ? sender.path("country").asText() : requesterCountry);
        return new Parties(sender, receiver);
    }

    /**
     * The envelope's {@code createdAt}: the value the review step put into the form when it is a time stamp within the last
     * day and not ahead of the clock by more than a minute, else now (UTC, whole seconds).
     */
    static OffsetDateTime createdAt(String posted, java.time.Clock clock) {
        java.time.Instant now = clock.instant();
        if (posted != null && !posted.isBlank()) {
            try {
                OffsetDateTime t = OffsetDateTime.parse(posted.strip());
                if (!t.toInstant().isAfter(now.plusSeconds(60)) && t.toInstant().isAfter(now.minus(java.time.Duration.ofDays(1)))) {
                    return t;
                }
            } catch (java.time.format.DateTimeParseException e) {
                // not a time stamp: now
            }
        }
        return OffsetDateTime.ofInstant(now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS), java.time.ZoneOffset.UTC);
    }

    /** The envelope's bytes. */
    static byte[] envelope(ObjectNode body, String requestId, String messageId, Parties parties, OffsetDateTime now) {
        ObjectNode e = JSON.createObjectNode();
        e.put("messageId", messageId);
        e.put("correlationId", requestId);
        e.put("version", Envelope.CURRENT_VERSION);
        e.set("sender", parties.sender());
        e.set("receiver", parties.receiver());
        e.put("createdAt", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(now));
        e.set("body", body);
        try {
            return JSON.writeValueAsBytes(e);
        } catch (JsonProcessingException x) {
            throw new IllegalStateException(x);
        }
    }

    /** The catalogue's violations of the envelope (none when valid), the body's paths as the form's. */
    static List<Violation> check(byte[] envelope) {
        Decoded d = CATALOGUE.decodeJson(envelope);
        return d instanceof Decoded.Invalid inv ? formPaths(inv.violations()) : List.of();
    }

    /** {@code $.body.questions[0]} to {@code $.questions[0]}; envelope paths stay as they are (shown in the summary). */
    static List<Violation> formPaths(List<Violation> violations) {
        List<Violation> out = new ArrayList<>();
        for (Violation v : violations) {
            String p = v.path();
            if (p.startsWith("$.body.")) {
                p = "$." + p.substring("$.body.".length());
            }
            out.add(new Violation(p, v.code(), v.message()));
        }
        return out;
    }

    private static PartyKind kind(JsonNode party) {
        try {
            return PartyKind.valueOf(party.path("kind").asText(""));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static ObjectNode party(JsonNode p) {
        ObjectNode out = JSON.createObjectNode();
        for (String f : List.of("kind", "id", "country", "name")) {
            if (p.hasNonNull(f)) {
                out.put(f, p.get(f).asText());
            }
        }
        return out;
    }

    private static String country(String s) {
        return s != null && COUNTRIES.contains(s.toUpperCase(Locale.ROOT)) ? s.toUpperCase(Locale.ROOT) : null;
    }

    /** The first ISO country code found in a {@code country} (or {@code *Country}) field of the order, depth first. */
    static String firstCountry(JsonNode n) {
        if (n == null) {
            return null;
        }
        if (n.isObject()) {
            Iterator<java.util.Map.Entry<String, JsonNode>> it = n.fields();
            while (it.hasNext()) {
                var e = it.next();
                if ((e.getKey().equals("country") || e.getKey().endsWith("Country")) && e.getValue().isTextual() && country(e.getValue().asText()) != null) {
                    return e.getValue().asText();
                }
                String inner = firstCountry(e.getValue());
                if (inner != null) {
                    return inner;
                }
            }
        } else if (n.isArray()) {
            for (JsonNode x : n) {
                String inner = firstCountry(x);
                if (inner != null) {
                    return inner;
                }
            }
        }
        return null;
    }
}
