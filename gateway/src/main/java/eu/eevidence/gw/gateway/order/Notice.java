package eu.eevidence.gw.gateway.order;

import java.time.Instant;

/**
 * A follow-up message to the addressee of a request (a {@link FollowUpType}: withdrawal, deadline change, extension,
 * confirmation, clarification answer, correspondence), sealed for it and delivered through the request's destination
 * queue. Its id is the idempotency key on every attempt (and the catalogue message id towards a peer node).
 *
 * @param deadlineRule the deadline rule it changes, not confirmed by the addressee until the notice is SENT (null: none)
 * @param dueAt        the new end of that deadline (null: none)
 * @param lastError    the code and reason of the last failed attempt (null: none)
 */
public record Notice(String id, String requestId, String kind, byte[] payload, String payloadSha256, String state, int attempts,
                     Instant createdAt, Instant sentAt, String receiptId, String deadlineRule, Instant dueAt, String lastError) {

    /** The id of the first notice of {@code kind} (a withdrawal has only that one). */
    public static String idOf(String requestId, String kind) {
        return "NTC-" + kind + "-" + requestId;
    }

    /** The id of the {@code n}-th notice of {@code kind} (1: {@link #idOf(String, String)}). */
    public static String idOf(String requestId, String kind, int n) {
        return n <= 1 ? idOf(requestId, kind) : idOf(requestId, kind) + "-" + n;
    }

    /** True when the notice is delivered (the addressee's receipt arrived). */
    public boolean sent() {
        return "SENT".equals(state);
    }

    /** True when the notice will not be delivered any more (rejected, dead-lettered, no route). */
    public boolean failed() {
        return "FAILED".equals(state);
    }
}
