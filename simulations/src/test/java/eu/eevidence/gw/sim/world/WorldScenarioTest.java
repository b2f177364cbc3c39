package eu.eevidence.gw.sim.world;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shipped worlds load; a world naming unknown things is refused with its code. */
class WorldScenarioTest {

    @Test
    void theShippedWorldsLoadAndFaultStormHasEveryFaultKind() throws Exception {
        assertThat(WorldScenario.load("smoke").countries()).hasSize(3);
        assertThat(WorldScenario.load("year-10").countries()).hasSize(10);
        WorldScenario storm = WorldScenario.load("fault-storm");
        assertThat(storm.faults()).extracting(WorldScenario.Fault::kind)
                .contains("PORTAL_DOWN", "NODE_RESTART", "REVOKED_CERT", "CLOCK_JUMP", "SLOW_LINK");
        assertThat(storm.faults()).anySatisfy(f -> assertThat(f.byHours()).isNegative());
        assertThat(WorldScenario.isWorld(WorldScenario.tree("throughput"))).isFalse();
    }

    @Test
    void unknownFaultKindsTargetsAndRoutesAreRefused() throws Exception {
        ObjectNode t = (ObjectNode) WorldScenario.tree("smoke");
        ObjectNode badFault = t.deepCopy();
        ((ObjectNode) badFault.withArray("faults").get(0)).put("kind", "METEOR");
        assertThatThrownBy(() -> WorldScenario.of(badFault)).hasStackTraceContaining("EEG-SIM-013");
        ObjectNode badTarget = t.deepCopy();
        ((ObjectNode) badTarget.withArray("faults").get(0)).put("target", "nowhere");
        assertThatThrownBy(() -> WorldScenario.of(badTarget)).hasStackTraceContaining("EEG-SIM-013");
        ObjectNode badRoute = t.deepCopy();
        ((ObjectNode) badRoute.with("traffic").withArray("routes").get(0)).put("to", "XX");
        assertThatThrownBy(() -> WorldScenario.of(badRoute)).hasStackTraceContaining("EEG-SIM-012");
        assertThat(List.of(WorldScenario.load("smoke").allPlatforms().size())).containsExactly(3);
        ObjectNode badTfvawg = t.deepCopy();
        ((ObjectNode) badTfvawg.get("tfvawg")).put("unccTo", "XX");
        assertThatThrownBy(() -> WorldScenario.of(badTfvawg)).hasStackTraceContaining("EEG-SIM-012");
    }

    @Test
    void theSmokeWorldHasTfvawgTrafficBetweenAPartyOfTheUnConventionOnlyAndAnotherParty() throws Exception {
        WorldScenario smoke = WorldScenario.load("smoke");
        assertThat(smoke.tfvawg()).isNotNull();
        WorldScenario.Country from = smoke.countries().stream().filter(c -> c.code().equals(smoke.tfvawg().unccFrom())).findFirst().orElseThrow();
        assertThat(from.instruments()).containsExactly("UN_CYBERCRIME");
        assertThat(smoke.countries()).filteredOn(c -> c.code().equals("FR")).singleElement().satisfies(c -> assertThat(c.instruments()).isNull());
        // two days before the last quarter end: the run crosses it, and the start stays in the past
        assertThat(smoke.virtualStart(java.time.Instant.parse("2026-12-08T02:20:00Z"))).isEqualTo(java.time.Instant.parse("2026-09-29T00:00:00Z"));
        assertThat(smoke.virtualStart(java.time.Instant.parse("2027-01-01T00:00:00Z"))).isEqualTo(java.time.Instant.parse("2026-12-30T00:00:00Z"));
    }
}
