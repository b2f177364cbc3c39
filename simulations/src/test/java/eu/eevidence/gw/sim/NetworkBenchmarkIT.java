package eu.eevidence.gw.sim;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bench-network} end to end on a small load: two nodes, Art. 29 and Protocol Art. 9 round trips, and the
 * benchmark's own checks (every request in its final state, every receipt verified again, custody logs verify). Keeps
 * the benchmark itself working in CI: a change to how the node stores receipts once broke its checks unnoticed.
 */
class NetworkBenchmarkIT {

    @Test
    void aSmallArt29RunPassesItsOwnChecks() {
        assertThat(new CommandLine(new NetworkBenchmark()).execute("--requests", "12", "--concurrency", "3", "--type", "ART29",
                "--timeout-seconds", "120")).isZero();
    }

    @Test
    void aSmallArt9RunPassesItsOwnChecks() {
        assertThat(new CommandLine(new NetworkBenchmark()).execute("--requests", "6", "--concurrency", "2", "--type", "ART9",
                "--timeout-seconds", "120")).isZero();
    }
}
