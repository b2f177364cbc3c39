package eu.eevidence.gw.adapter.api;

import java.util.Locale;
import java.util.Optional;

/**
 * What a delivered message asks of the destination. Carried as {@link DeliveryRequest#messageType()}: either a
 * catalogue type (mapped below) or the operation's own name (e.g. {@code WITHDRAWAL}). A follow-up operation names
 * the order it follows in {@link DeliveryRequest.Context#relatedReceiptId()}.
 */
public enum Operation {
    /** A production order (EPOC, Form 1; Budapest Art. 18/31 style requests). */
    PRODUCTION(false),
    /** A preservation order (EPOC-PR, Form 2; Budapest Art. 29). */
    PRESERVATION(false),
    /** Production of data preserved earlier (Form 5). */
    SUBSEQUENT_PRODUCTION(true),
    /** Extension of a preservation (Form 6). */
    PRESERVATION_EXTENSION(true),
    /** The preservation is no longer needed. */
    END_OF_PRESERVATION(true),
    /** A new answer deadline. */
    NEW_DEADLINE(true),
    /** The order is withdrawn. */
    WITHDRAWAL(true),
    /** Formal correspondence about an order (a question, an answer to a clarification request). */
    CORRESPONDENCE(true),
    /**
     * Hashes (PDQ, SHA-256) of content a removal order had removed, for the platform to find copies and block
     * re-uploads (resurfacing prevention, CM/Rec(2026)2 para. 39.5; catalogue CONTENT_HASH_LIST). Neither ETSI standard
     * has such an operation.
     */
    HASH_LIST(true);

    private final boolean followUp;

    Operation(boolean followUp) {
        this.followUp = followUp;
    }

    /** True when the operation refers to an earlier order (it needs {@link DeliveryRequest.Context#relatedReceiptId()}). */
    public boolean followUp() {
        return followUp;
    }

    /**
     * Maps a message type to its operation: an operation's own name; catalogue types ending in
     * {@code _PRESERVATION} or starting {@code EU_EPOC_PR} are preservations, and so is the stand-alone securing order
     * {@code CONTENT_PRESERVATION_ORDER} (CM/Rec(2026)2 para. 33); types ending in {@code _PRODUCTION}
     * or starting {@code EU_EPOC} are productions; anything else is unknown (an adapter rejects it, never guesses).
     */
    public static Optional<Operation> of(String messageType) {
        String t = messageType.toUpperCase(Locale.ROOT);
        for (Operation o : values()) {
            if (o.name().equals(t)) {
                return Optional.of(o);
            }
        }
        if (t.endsWith("_PRESERVATION") || t.startsWith("EU_EPOC_PR") || "CONTENT_PRESERVATION_ORDER".equals(t)) {
            return Optional.of(PRESERVATION);
        }
        if (t.endsWith("_PRODUCTION") || t.startsWith("EU_EPOC")) {
            return Optional.of(PRODUCTION);
        }
        return Optional.empty();
    }
}
