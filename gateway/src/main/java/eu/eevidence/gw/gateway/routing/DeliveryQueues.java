package eu.eevidence.gw.gateway.routing;

/**
 * Names of the broker queues of the delivery feature. One durable queue per destination, and one emergency queue per
 * destination with consumers of its own (ADR-0031).
 */
public final class DeliveryQueues {
    public static final String PREFIX = "gw.delivery.";
    /** Emergencies (threat to life or safety): a lane of their own per destination, ahead of any backlog. */
    public static final String EMERGENCY_PREFIX = "gw.emergency.";
    public static final String DEAD_LETTER = "gw.dlq";
    public static final String EXPIRY = "gw.expired";

    private DeliveryQueues() {
    }

    public static String queueFor(String platformId) {
        return PREFIX + platformId;
    }

    public static String emergencyQueueFor(String platformId) {
        return EMERGENCY_PREFIX + platformId;
    }
}
