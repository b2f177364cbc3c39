package eu.eevidence.gw.gateway.order;

import java.time.Instant;

/**
 * A follow-up message to the addressee of a request (e.g. a withdrawal), sealed for it and delivered through the
 * request's destination queue. Its id is the idempotency key on every attempt.
 */
public record Notice(String id, String requestId, String kind, byte[] payload, String payloadSha256, String state, int attempts,
                     Instant createdAt, Instant sentAt, String receiptId) {

    public static String idOf(String requestId, String kind) {
        return "NTC-" + kind + "-" + requestId;
    }
}
