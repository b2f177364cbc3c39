package eu.eevidence.gw.gateway.delivery;

import eu.eevidence.gw.gateway.routing.DeliveryQueues;

/**
 * The two delivery lanes of a destination (docs/design/emergency-lane.md, ADR-0031): {@link #ORDINARY} traffic on
 * {@code gw.delivery.<id>}, and {@link #EMERGENCY} requests (a threat to life or safety: EPOC emergency, Protocol
 * Art. 9 and 10) on {@code gw.emergency.<id>}, which has consumers, a circuit breaker and a retry schedule of its own,
 * so that no backlog and no open circuit of ordinary traffic delays an emergency.
 */
public enum Lane {
    ORDINARY,
    EMERGENCY;

    /** The queue of this lane for {@code destinationId}. */
    public String queueFor(String destinationId) {
        return this == EMERGENCY ? DeliveryQueues.emergencyQueueFor(destinationId) : DeliveryQueues.queueFor(destinationId);
    }

    /** The lane of a request with these deadline flags ({@code emergency}: see intake's RequestFlags). */
    public static Lane of(boolean emergency) {
        return emergency ? EMERGENCY : ORDINARY;
    }
}
