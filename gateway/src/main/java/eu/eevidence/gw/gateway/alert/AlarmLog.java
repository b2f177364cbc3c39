package eu.eevidence.gw.gateway.alert;

import eu.eevidence.gw.gateway.infra.Tx;

/**
 * The one port through which the node's features raise alarms (ADR-0030): the log of alarms that leave the node. {@link #raise} writes the alarm and one
 * delivery per matching subscriber into the outbox inside the caller's transaction, so an alarm exists if and only if
 * the event that raised it was committed; raising the same alarm again (same kind, request id and deadline id) does
 * nothing.
 */
@FunctionalInterface
public interface AlarmLog {

    /** Raises nothing (nodes without an alarms configuration, tests). */
    AlarmLog NONE = (c, alarm) -> { };

    void raise(Tx c, Alarm alarm);
}
