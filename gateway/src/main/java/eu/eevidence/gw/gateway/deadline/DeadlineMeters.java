package eu.eevidence.gw.gateway.deadline;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Deadline alarms as meters (ADR-0027): {@code eeg_deadline_warnings_total{rule}} and
 * {@code eeg_deadline_due_total{rule,action}} (action BREACH, EXPIRY or INFORMATIONAL), counted when published.
 * Every rule's counters exist from the start at 0, so that alert rules see them before the first alarm. Rule ids come
 * from the rule set: a bounded set; never a request id.
 */
public final class DeadlineMeters {

    private final MeterRegistry meters;

    public DeadlineMeters(MeterRegistry meters, DeadlineRules rules) {
        this.meters = meters;
        for (DeadlineRule r : rules.all()) {
            warnings(r.id());
            due(r.id(), r.onDue());
        }
    }

    /** Counts one published event. */
    public void count(DeadlineEvent event) {
        if (event instanceof DeadlineEvent.Warning w) {
            warnings(w.ruleId()).increment();
        } else if (event instanceof DeadlineEvent.Due d) {
            due(d.ruleId(), d.action()).increment();
        }
    }

    private Counter warnings(String rule) {
        return Counter.builder("eeg.deadline.warnings").description("Deadline warnings published").tag("rule", String.valueOf(rule)).register(meters);
    }

    private Counter due(String rule, DueAction action) {
        return Counter.builder("eeg.deadline.due").description("Deadlines reached (BREACH: a party failed a time limit)")
                .tags("rule", String.valueOf(rule), "action", String.valueOf(action)).register(meters);
    }
}
