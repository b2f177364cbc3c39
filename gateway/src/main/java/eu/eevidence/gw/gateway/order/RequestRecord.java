package eu.eevidence.gw.gateway.order;

import java.time.Instant;

/**
 * What the node stores about one request (without the payloads).
 *
 * @param nextDeadlineAt    the next legal deadline, if any (for a preserved Art. 29 request: the earliest end of preservation)
 * @param nextDeadlineKind  what that deadline is (stable code)
 */
public record RequestRecord(
        String id,
        String messageType,
        String platformId,
        String requestedParty,
        RequestState state,
        String ownerFingerprint,
        String idempotencyKey,
        String bodySha256,
        String sealedSha256,
        Instant receivedAt,
        Instant updatedAt,
        int deliveryAttempts,
        String receiptId,
        Instant preservationStart,
        Instant preservationEnd,
        Instant nextDeadlineAt,
        String nextDeadlineKind,
        String failureCode,
        String failureReason,
        int version) {

    /**
     * The key sent to the destination on every attempt of this request: the request id, which is unique per
     * node and does not reveal the sender's own key.
     */
    public String idempotencyKeyForDelivery() {
        return id;
    }

    /** The state machine this request follows (from its message type's family). */
    public Lifecycle lifecycle() {
        return Lifecycle.forMessageType(messageType);
    }
}
