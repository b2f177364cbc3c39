package eu.eevidence.gw.gateway.intake;

/** Durable hand-over to the delivery feature (the broker). Returns only once the broker has stored the message. */
@FunctionalInterface
public interface DeliveryQueue {
    void enqueue(String platformId, String requestId) throws Exception;
}
