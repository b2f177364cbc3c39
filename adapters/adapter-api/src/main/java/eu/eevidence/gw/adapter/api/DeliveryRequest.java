package eu.eevidence.gw.adapter.api;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One sealed message to hand to a destination.
 *
 * <p>Operations beyond a first order (withdrawal, new deadline, preservation extension, end of preservation,
 * subsequent production, correspondence) are carried by {@link #messageType()}: see {@link Operation#of(String)}
 * for the mapping; they name the order they follow up in {@link Context#relatedReceiptId()}.
 *
 * @param requestId       the gateway's id of the request this message belongs to
 * @param idempotencyKey  identical on every attempt of the same message
 * @param destination     where the destination listens, with its TLS trust and adapter settings
 * @param messageType     the catalogue type of the message (e.g. BUDAPEST_ART29_PRESERVATION) or an {@link Operation} name
 * @param payload         the sealed message (CMS, DER)
 * @param payloadSha256   lowercase hex SHA-256 of {@code payload}; the receipt must echo it (where the protocol can)
 * @param attempt         1 for the first attempt
 * @param context         clear-text facts an adapter needs besides the sealed payload (never null; {@link Context#NONE})
 */
public record DeliveryRequest(
        String requestId,
        String idempotencyKey,
        Destination destination,
        String messageType,
        byte[] payload,
        String payloadSha256,
        int attempt,
        Context context) {

    public DeliveryRequest {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(messageType, "messageType");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(payloadSha256, "payloadSha256");
        context = context == null ? Context.NONE : context;
    }

    /** The first-slice constructor: no clear-text context. */
    public DeliveryRequest(String requestId, String idempotencyKey, Destination destination, String messageType, byte[] payload,
                           String payloadSha256, int attempt) {
        this(requestId, idempotencyKey, destination, messageType, payload, payloadSha256, attempt, Context.NONE);
    }

    /** What this message asks of the destination; empty for a message type no operation maps to. */
    public java.util.Optional<Operation> operation() {
        return Operation.of(messageType);
    }

    /**
     * A destination: platform id, base URI, the TLS context to reach it, and adapter settings from the platform
     * directory (each adapter documents its keys, e.g. {@code hi1.sender.country}; never logged).
     */
    public record Destination(String platformId, URI endpoint, javax.net.ssl.SSLContext tls, Map<String, String> settings) {
        public Destination {
            Objects.requireNonNull(platformId, "platformId");
            Objects.requireNonNull(endpoint, "endpoint");
            settings = settings == null ? Map.of() : Map.copyOf(settings);
        }

        public Destination(String platformId, URI endpoint, javax.net.ssl.SSLContext tls) {
            this(platformId, endpoint, tls, Map.of());
        }

        /** Names the setting keys only: values may be secrets. */
        @Override
        public String toString() {
            return "Destination[platformId=" + platformId + ", endpoint=" + endpoint + ", settings=" + new java.util.TreeSet<>(settings.keySet()) + "]";
        }

        /** A setting, or {@code fallback} when absent or blank. */
        public String setting(String key, String fallback) {
            String v = settings.get(key);
            return v == null || v.isBlank() ? fallback : v;
        }
    }

    /**
     * Clear-text facts next to the sealed payload, for protocols that need them outside the envelope
     * (HI-1 object references, a portal's identifier checks, follow-up operations).
     *
     * @param relatedReceiptId  for a follow-up operation: the destination's receipt id (or object id) of the order it follows; else null
     * @param identifiers       the target identifiers named in the order (may be empty)
     * @param deadline          the answer deadline (a new deadline for {@link Operation#NEW_DEADLINE}; the order's deadline otherwise); may be null
     * @param text              short free text (the correspondence text, the reason of a withdrawal); may be null
     * @param paper             the order as a human-readable legal paper, for portals that take one as a document (may be null)
     */
    public record Context(String relatedReceiptId, List<TargetIdentifier> identifiers, Instant deadline, String text, LegalPaper paper) {
        public static final Context NONE = new Context(null, List.of(), null, null, null);

        public Context {
            identifiers = identifiers == null ? List.of() : List.copyOf(identifiers);
        }

        public Context(String relatedReceiptId, List<TargetIdentifier> identifiers, Instant deadline, String text) {
            this(relatedReceiptId, identifiers, deadline, text, null);
        }
    }

    /**
     * The order as a legal paper (what an officer would print and sign): a title and sections of plain text, rendered by
     * an adapter (e.g. to PDF) where a portal wants the legal process as a file. Built by the gateway from the
     * validated request before sealing.
     */
    public record LegalPaper(String title, List<Section> sections) {
        public LegalPaper {
            Objects.requireNonNull(title, "title");
            sections = List.copyOf(sections);
        }

        /** One section: a heading and its text (line breaks kept). */
        public record Section(String heading, String text) {
            public Section {
                Objects.requireNonNull(heading, "heading");
                Objects.requireNonNull(text, "text");
            }
        }
    }

    /** One identifier of the target of an order, e.g. ({@code ACCOUNT_ID}, {@code 80351110224678912}). */
    public record TargetIdentifier(IdentifierType type, String value) {
        public TargetIdentifier {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(value, "value");
        }
    }

    /** Kinds of target identifier. */
    public enum IdentifierType {
        /** A platform's permanent numeric or opaque account id. */
        ACCOUNT_ID,
        /** A user-chosen handle or display name (may change; some platforms refuse it). */
        USERNAME,
        EMAIL,
        PHONE,
        URL,
        IP_ADDRESS,
        OTHER
    }
}
