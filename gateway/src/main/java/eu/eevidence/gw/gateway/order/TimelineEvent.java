package eu.eevidence.gw.gateway.order;

import java.time.Instant;

/**
 * One step in a request's history. {@code occurredAt} is when the actor says it happened (for a portal
 * receipt, the portal's time); {@code recordedAt} is when this node recorded it, from its own clock.
 */
public record TimelineEvent(int seq, EventCode event, RequestState from, RequestState to,
                            Instant occurredAt, Instant recordedAt, String actor, String detail) {
}
