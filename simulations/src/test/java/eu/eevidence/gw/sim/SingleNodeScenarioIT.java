package eu.eevidence.gw.sim;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The single-node world: faults injected, nothing lost, nothing applied twice, every request settled. */
class SingleNodeScenarioIT {

    @Test
    void theSmokeWorldLosesNothingAndAppliesNothingTwice(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        Scenario smoke = Scenario.load("single-node");
        Report report = ScenarioRunner.run(smoke, dir, new PrintStream(buffer, true, StandardCharsets.UTF_8));
        String printed = buffer.toString(StandardCharsets.UTF_8);
        assertThat(report.violations()).as(printed).isEmpty();
        assertThat(report.accepted()).isEqualTo(smoke.requests());
        assertThat(report.lost()).isZero();
        assertThat(report.duplicated()).isZero();
        // beta's outage of 5 answers was retried through; gamma refused exactly one request for good
        assertThat(report.finalStates()).containsEntry("REFUSED", 1).containsEntry("PRESERVED", smoke.requests() - 1);
        assertThat(report.retries()).isGreaterThanOrEqualTo(5);
        assertThat(report.acceptedPerPlatform()).containsEntry("alpha", 10).containsEntry("beta", 10).containsEntry("gamma", 9);
        assertThat(printed).contains("INVARIANTS OK");
    }
}
