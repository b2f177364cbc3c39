package eu.eevidence.gw.adapter.api;

/**
 * A connector to one kind of platform law-enforcement portal or national system. The gateway finds
 * implementations through {@link java.util.ServiceLoader} and picks one per destination by {@link #kind()}.
 *
 * <p>Contract: {@link #deliver(DeliveryRequest)} never throws for portal or network faults; it classifies
 * them into a {@link DeliveryOutcome}. It must send {@link DeliveryRequest#idempotencyKey()} on every attempt
 * so that a portal applies a retried delivery at most once. It never follows redirects to another host and
 * bounds every response it reads.
 */
public interface PlatformAdapter {

    /** The adapter kind named in the node's platform directory, e.g. {@code json-portal}. */
    String kind();

    /** One delivery attempt. */
    DeliveryOutcome deliver(DeliveryRequest request);
}
