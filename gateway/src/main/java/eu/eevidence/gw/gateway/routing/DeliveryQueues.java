package eu.eevidence.gw.gateway.routing;

/** Names of the broker queues of the delivery feature. One durable queue per destination. */
public final class DeliveryQueues {
    public static final String PREFIX = "gw.delivery.";
    public static final String DEAD_LETTER = "gw.dlq";
    public static final String EXPIRY = "gw.expired";

    private DeliveryQueues() {
    }

    public static String queueFor(String platformId) {
        return PREFIX + platformId;
    }
}
