package eu.eevidence.gw.gateway.delivery;

import java.sql.SQLException;

/**
 * Messages of another feature that travel on a destination's durable queue next to its requests, told apart by an id
 * prefix (like {@link eu.eevidence.gw.gateway.order.Notice#QUEUE_PREFIX}). {@link DeliveryService} hands such queue
 * messages (prefix removed) to their handler: {@link #deliver} makes one attempt and throws {@link RetryLaterException}
 * for the broker to retry; {@link #deadLettered} is called when the broker gave up.
 */
public interface QueuedMessageHandler {

    /** The queue-message prefix, e.g. {@code network:}. */
    String prefix();

    void deliver(String id) throws SQLException;

    void deadLettered(String id) throws SQLException;
}
