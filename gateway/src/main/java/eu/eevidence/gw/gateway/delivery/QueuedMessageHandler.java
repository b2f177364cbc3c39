package eu.eevidence.gw.gateway.delivery;

import java.sql.SQLException;

/**
 * Messages of another feature that travel on a destination's durable queue next to its requests, told apart by an id
 * prefix (like {@link eu.eevidence.gw.gateway.order.Notice#QUEUE_PREFIX}). {@link DeliveryService} hands such queue
 * messages (prefix removed) to their handler: {@link #deliver} makes one attempt and returns the retryable failure, if
 * any; {@link DeliveryService} then applies the delivery policy (back-off with jitter, Retry-After, attempt bound) and
 * calls {@link #deadLettered} when the bound is reached or the broker gave up.
 */
public interface QueuedMessageHandler {

    /** The queue-message prefix, e.g. {@code network:}. */
    String prefix();

    /** One attempt; null when the message is done (delivered, refused for good, or already handled). */
    eu.eevidence.gw.adapter.api.DeliveryOutcome.RetryableFailure deliver(String id) throws SQLException;

    /** Attempts made so far for the message (after {@link #deliver} recorded its own). */
    int attempts(String id) throws SQLException;

    void deadLettered(String id) throws SQLException;
}
