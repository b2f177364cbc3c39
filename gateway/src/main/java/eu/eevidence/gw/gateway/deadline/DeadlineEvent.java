package eu.eevidence.gw.gateway.deadline;

import java.time.Instant;

/**
 * What the deadline engine announces, once per alarm, on the broker topic {@code gw.deadline.events} (for
 * notification adapters) and on the request's timeline (and thus in the custody log).
 */
public sealed interface DeadlineEvent {

    String requestId();

    String ruleId();

    Instant dueAt();

    /** When the alarm fired (node clock). */
    Instant firedAt();

    /** A warning before the end: {@code label} is "50%", "80%" or a duration before the end such as "PT1H". */
    record Warning(String requestId, String ruleId, String label, Instant dueAt, Instant firedAt, String source) implements DeadlineEvent {
    }

    /** The end was reached while the deadline was still running: a breach, an expiry or the close of a window. */
    record Due(String requestId, String ruleId, DueAction action, Instant dueAt, Instant firedAt, String source) implements DeadlineEvent {
    }
}
