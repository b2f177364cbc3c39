package eu.eevidence.gw.adapter.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** What happened to one delivery attempt. Exhaustive: the gateway switches over exactly these. */
public sealed interface DeliveryOutcome {

    /**
     * The destination took the message and answered with a receipt that echoes the request id and the
     * payload digest.
     *
     * @param receiptId          the destination's own reference
     * @param receivedAt         when the destination says it received the message
     * @param acknowledgement    what the destination did with it
     * @param preservedUntil     for a preservation: until when the destination says it preserves (may be null)
     * @param receiptBody        the raw receipt as returned, kept as evidence
     */
    record Delivered(String receiptId, Instant receivedAt, Acknowledgement acknowledgement, Instant preservedUntil,
                     byte[] receiptBody) implements DeliveryOutcome {
        public Delivered {
            Objects.requireNonNull(receiptId, "receiptId");
            Objects.requireNonNull(receivedAt, "receivedAt");
            Objects.requireNonNull(acknowledgement, "acknowledgement");
            Objects.requireNonNull(receiptBody, "receiptBody");
        }
    }

    /** The destination refused the message for good (4xx, not 408/429): retrying would not help. */
    record Rejected(String code, String reason, int httpStatus) implements DeliveryOutcome {
    }

    /** The attempt failed in a way that may pass (5xx, 408, 429, time-out, reset, bad receipt). */
    record RetryableFailure(String code, String reason, Duration retryAfter) implements DeliveryOutcome {
    }

    /** What a receipt says the destination did. */
    enum Acknowledgement {
        /** Received; the destination will act on it later. */
        RECEIVED,
        /** Received and the data are preserved (a preservation request). */
        PRESERVED
    }
}
