package eu.eevidence.gw.gateway.intake;

import eu.eevidence.gw.gateway.delivery.QueuedMessage;

/**
 * Durable hand-over to the delivery feature (the broker): {@code message} on the queue of {@code destinationId} (a
 * platform or a peer node), its body and duplicate id written by {@link eu.eevidence.gw.gateway.delivery.QueuedMessageCodec}.
 * Returns only once the broker has stored the message.
 */
@FunctionalInterface
public interface DeliveryQueue {
    void enqueue(String destinationId, QueuedMessage message) throws Exception;

    /** As {@link #enqueue(String, QueuedMessage)} on {@code lane}; a queue without lanes puts everything in its one queue. */
    default void enqueue(String destinationId, QueuedMessage message, eu.eevidence.gw.gateway.delivery.Lane lane) throws Exception {
        enqueue(destinationId, message);
    }
}
