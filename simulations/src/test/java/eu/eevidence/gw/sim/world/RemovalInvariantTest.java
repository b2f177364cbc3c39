package eu.eevidence.gw.sim.world;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The removal invariant of the simulated worlds, on stored rows: what holds it and what breaks it (breaking cases first). */
class RemovalInvariantTest {

    private static final Instant NOW = Instant.parse("2027-03-01T12:00:00Z");
    private final List<String> violations = new ArrayList<>();
    private final RemovalInvariant inv = new RemovalInvariant(violations, () -> NOW, Duration.ofHours(1));

    private static RemovalInvariant.Due due(String state, Instant at) {
        return new RemovalInvariant.Due(state, at);
    }

    @Test
    void aRemovalDeadlinePastDueWithoutItsAlarmBreaksIt() {
        inv.one("FR", new RemovalInvariant.Row("R1", "PRESERVED", null, 30, due("RUNNING", NOW.minus(Duration.ofHours(3))), due(null, null), 0), NOW);
        assertThat(inv.held()).isFalse();
        assertThat(violations).singleElement().asString().contains("R1", "neither removed nor alarmed");
    }

    @Test
    void aRemovalWhosePreservationIsShorterThanOrderedOrMissingBreaksIt() {
        Instant removed = NOW.minus(Duration.ofDays(1));
        inv.one("FR", new RemovalInvariant.Row("R2", "REMOVED", removed, 30, due("MET", null), due("RUNNING", removed.plus(Duration.ofDays(29))), 0), NOW);
        inv.one("FR", new RemovalInvariant.Row("R3", "REMOVED", removed, 30, due("MET", null), due(null, null), 0), NOW);
        assertThat(inv.held()).isFalse();
        assertThat(violations).hasSize(2).allSatisfy(v -> assertThat(v).contains("preservation is not tracked"));
    }

    @Test
    void removedAlarmedNotYetDueAndUndeliveredOrdersHoldIt() {
        Instant removed = NOW.minus(Duration.ofDays(1));
        inv.one("FR", new RemovalInvariant.Row("A", "REMOVED", removed, 30, due("MET", null), due("RUNNING", removed.plus(Duration.ofDays(30))), 0), NOW);
        inv.one("FR", new RemovalInvariant.Row("B", "PRESERVED", null, 30, due("BREACHED", NOW.minus(Duration.ofHours(5))), due(null, null), 1), NOW);
        inv.one("FR", new RemovalInvariant.Row("C", "DELIVERED", null, 30, due("RUNNING", NOW.plus(Duration.ofHours(5))), due(null, null), 0), NOW);
        inv.one("FR", new RemovalInvariant.Row("D", "DISPATCHED", null, 30, due(null, null), due(null, null), 0), NOW);
        assertThat(violations).isEmpty();
        assertThat(inv.held()).isTrue();
        List<WorldReport.Invariant> out = new ArrayList<>();
        inv.report(out);
        assertThat(out).singleElement().satisfies(i -> assertThat(i.detail()).contains("4 removal orders", "1 removed", "1 breach alarms",
                "1 not yet due", "1 not delivered"));
    }
}
