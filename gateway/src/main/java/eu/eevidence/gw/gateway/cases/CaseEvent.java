package eu.eevidence.gw.gateway.cases;

import java.time.Instant;

/** One step in a case's history ({@code occurredAt}: the actor's time; {@code recordedAt}: this node's). */
public record CaseEvent(int seq, String event, CaseState from, CaseState to, Instant occurredAt, Instant recordedAt, String actor, String detail) {
}
