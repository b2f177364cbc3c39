package eu.eevidence.gw.gateway.delivery;


/**
 * Another feature's handler of one kind of {@link QueuedMessage} that travels on a destination's durable queue next to
 * its requests (the network outbox for {@link QueuedMessage.NetworkSend}). {@link DeliveryService} hands it the id:
 * {@link #deliver} makes one attempt and returns the retryable failure, if any; {@link DeliveryService} then applies the
 * delivery policy (back-off with jitter, Retry-After, attempt bound) and calls {@link #deadLettered} when the bound is
 * reached or the broker gave up.
 */
public interface QueuedMessageHandler {

    /** One attempt; null when the message is done (delivered, refused for good, or already handled). */
    eu.eevidence.gw.adapter.api.DeliveryOutcome.RetryableFailure deliver(String id);

    /** Attempts made so far for the message (after {@link #deliver} recorded its own). */
    int attempts(String id);

    void deadLettered(String id);
}
