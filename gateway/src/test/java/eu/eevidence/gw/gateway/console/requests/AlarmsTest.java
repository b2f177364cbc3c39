package eu.eevidence.gw.gateway.console.requests;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AlarmsTest {

    static final Instant NOW = Instant.parse("2026-12-07T20:00:00Z");

    static RequestViews.Row row(String id, String type, boolean terminal, Instant due, String kind) {
        return new RequestViews.Row(id, type, terminal ? "COMPLETED" : "DELIVERED", terminal, "p", "IE",
                new RequestViews.Row.Times(NOW.minusSeconds(3600), NOW, due, null, null),
                new RequestViews.Row.Status(kind, due != null && due.isBefore(NOW), null, null, null));
    }

    @Test
    void closedRequestsAndFarDeadlinesRaiseNothing() {
        assertThat(Alarms.of(List.of(row("a", "EPOC", true, NOW.minusSeconds(10), "answer"),
                row("b", "EPOC", false, NOW.plus(Duration.ofDays(3)), "answer"),
                row("c", "EPOC", false, null, null)), List.of(), NOW)).isEmpty();
    }

    @Test
    void breachesComeFirstThenEmergenciesWarningsAndNewCases() {
        var alarms = Alarms.of(List.of(
                        row("warn", "EPOC", false, NOW.plus(Duration.ofHours(5)), "answer"),
                        row("late", "EPOC", false, NOW.minusSeconds(60), "answer"),
                        row("emerg", "EPOC_EMERGENCY", false, NOW.plus(Duration.ofHours(7)), "emergency")),
                List.of(new RequestViews.CaseRow("CASE-1", "EPOC", "RECEIVED", "DE", NOW, NOW.plus(Duration.ofDays(2)), false),
                        new RequestViews.CaseRow("CASE-2", "EPOC", "ACCEPTED", "DE", NOW, null, false),
                        new RequestViews.CaseRow("CASE-3", "EPOC", "RECEIVED", "DE", NOW, NOW.minusSeconds(5), true)),
                NOW);
        assertThat(alarms).extracting(Alarms.Alarm::subjectId).containsExactly("late", "CASE-3", "emerg", "warn", "CASE-1");
        assertThat(alarms).extracting(Alarms.Alarm::kind).containsExactly(Alarms.Kind.BREACH, Alarms.Kind.BREACH, Alarms.Kind.EMERGENCY,
                Alarms.Kind.WARNING, Alarms.Kind.CASE);
        assertThat(alarms.get(1).isCase()).isTrue();
    }

    @Test
    void aFollowUpThatWillNotBeDeliveredRaisesAnAlarmAfterBreachesAndEmergencies() {
        var alarms = Alarms.of(List.of(row("warn", "EPOC", false, NOW.plus(Duration.ofHours(5)), "answer"),
                row("late", "EPOC", false, NOW.minusSeconds(60), "answer")), List.of(), List.of("lost"), NOW);
        assertThat(alarms).extracting(Alarms.Alarm::subjectId).containsExactly("late", "lost", "warn");
        assertThat(alarms.get(1).kind()).isEqualTo(Alarms.Kind.UNDELIVERED);
        assertThat(alarms.get(1).key()).isEqualTo("alarm.undelivered");
        assertThat(Alarms.of(List.of(), List.of(), List.of(), NOW)).isEmpty();
    }
}
