package eu.eevidence.gw.gateway.console.requests;

import eu.eevidence.gw.gateway.witness.WitnessStore;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The dashboard's alarm list, from what the node records: the next deadline of each of the person's open requests
 * (overdue: breach; due within {@link #WARNING_WINDOW}: warning), emergencies among them, and the requested Party's new
 * cases (state RECEIVED; overdue review: breach), and requests with a follow-up that will not be delivered (ADR-0032).
 * Most urgent first: breaches, emergencies, follow-ups not delivered, warnings, new cases. The auditor's page lists the
 * node's witness alarms the same way ({@link #witness}), before any of those.
 */
public final class Alarms {

    /** How close a deadline must be to raise a warning. */
    public static final Duration WARNING_WINDOW = Duration.ofHours(24);

    /** One alarm: its kind (breach, emergency, warning, case), what it is about and when. */
    public record Alarm(Kind kind, String subjectId, String label, Instant at, boolean isCase) {
        public String css() {
            return kind.name().toLowerCase(java.util.Locale.ROOT);
        }

        public String key() {
            return "alarm." + css();
        }

        /** A custody log witness alarm (issue 19): {@code subjectId} is the peer node, {@code label} the code and side. */
        public boolean isWitness() {
            return kind == Kind.WITNESS;
        }
    }

    /** Most urgent first: a witness alarm (a fork or rollback of a custody log) before any deadline. */
    public enum Kind { WITNESS, BREACH, EMERGENCY, UNDELIVERED, WARNING, CASE }

    private Alarms() {
    }

    /**
     * The node's witness alarms (ADR-0028; rows of {@code witness_alarm}, newest first): EEG-WIT-FORK, -ROLLBACK and
     * -BAD-PROOF raised by this node as a peer's witness, EEG-WIT-REFUSED when a witness refused this node's checkpoint.
     */
    public static List<Alarm> witness(List<WitnessStore.WitnessAlarm> alarms) {
        return alarms.stream().map(a -> new Alarm(Kind.WITNESS, a.peerNode(), a.code() + " (" + a.side() + ")", a.raisedAt(), false)).toList();
    }

    public static List<Alarm> of(List<RequestViews.Row> requests, List<RequestViews.CaseRow> cases, Instant now) {
        return of(requests, cases, List.of(), now);
    }

    /** With {@code undelivered}: the ids of requests with a follow-up that will not be delivered. */
    public static List<Alarm> of(List<RequestViews.Row> requests, List<RequestViews.CaseRow> cases, List<String> undelivered, Instant now) {
        List<Alarm> out = new ArrayList<>();
        for (String id : undelivered) {
            out.add(new Alarm(Kind.UNDELIVERED, id, null, null, false));
        }
        for (RequestViews.Row r : requests) {
            if (r.terminal()) {
                continue;
            }
            Instant due = r.nextDeadlineAt();
            if (due != null && due.isBefore(now)) {
                out.add(new Alarm(Kind.BREACH, r.id(), r.nextDeadlineKind(), due, false));
            } else if (r.emergency()) {
                out.add(new Alarm(Kind.EMERGENCY, r.id(), r.type(), due, false));
            } else if (due != null && due.isBefore(now.plus(WARNING_WINDOW))) {
                out.add(new Alarm(Kind.WARNING, r.id(), r.nextDeadlineKind(), due, false));
            }
        }
        for (RequestViews.CaseRow k : cases) {
            if (!"RECEIVED".equals(k.state())) {
                continue;
            }
            if (k.overdue()) {
                out.add(new Alarm(Kind.BREACH, k.id(), k.type(), k.reviewDueAt(), true));
            } else if (k.emergency()) {
                out.add(new Alarm(Kind.EMERGENCY, k.id(), k.type(), k.reviewDueAt(), true));
            } else {
                out.add(new Alarm(Kind.CASE, k.id(), k.type(), k.reviewDueAt() != null ? k.reviewDueAt() : k.receivedAt(), true));
            }
        }
        out.sort(Comparator.comparing((Alarm a) -> a.kind().ordinal()).thenComparing(a -> a.at() == null ? Instant.MAX : a.at()));
        return out;
    }
}
