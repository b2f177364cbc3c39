package eu.eevidence.gw.sim;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The statistics and the argument handling of {@code bench-network}; the benchmark itself is run, not tested. */
class NetworkBenchmarkTest {

    @Test
    void percentilesAreNearestRankOverTheSortedValues() {
        List<Double> v = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            v.add((double) i);
        }
        Collections.shuffle(v, new java.util.Random(7));
        NetworkBenchmark.Latency l = NetworkBenchmark.Latency.of(v);
        assertThat(l.n()).isEqualTo(100);
        assertThat(l.p50()).isEqualTo(50.0);
        assertThat(l.p90()).isEqualTo(90.0);
        assertThat(l.p99()).isEqualTo(99.0);
        assertThat(l.max()).isEqualTo(100.0);
        assertThat(l.mean()).isEqualTo(50.5);
    }

    @Test
    void fewValuesAndNoValues() {
        NetworkBenchmark.Latency one = NetworkBenchmark.Latency.of(List.of(12.345));
        assertThat(one.p50()).isEqualTo(12.3);
        assertThat(one.p99()).isEqualTo(12.3);
        assertThat(one.max()).isEqualTo(12.3);
        NetworkBenchmark.Latency three = NetworkBenchmark.Latency.of(List.of(3.0, 1.0, 2.0));
        assertThat(three.p50()).isEqualTo(2.0);
        assertThat(three.p90()).isEqualTo(3.0);
        assertThat(NetworkBenchmark.Latency.of(List.of())).isEqualTo(new NetworkBenchmark.Latency(0, 0, 0, 0, 0, 0));
        assertThat(three.line()).isEqualTo("n=3 p50=2.0 p90=3.0 p99=3.0 max=3.0 mean=2.0 ms");
    }

    @Test
    void defaultsAreTheDocumentedRun() {
        NetworkBenchmark b = parse();
        assertThat(b.requests).isEqualTo(200);
        assertThat(b.concurrency).isEqualTo(8);
        assertThat(b.type).isEqualTo(NetworkBenchmark.Type.ART29);
        assertThat(b.out).isNull();
        assertThat(b.invalidArguments()).isNull();
    }

    @Test
    void optionsAreParsed() {
        NetworkBenchmark b = parse("--requests", "100", "--concurrency", "4", "--type", "ART9", "--out", "net.json", "--poll-millis", "10");
        assertThat(b.requests).isEqualTo(100);
        assertThat(b.concurrency).isEqualTo(4);
        assertThat(b.type).isEqualTo(NetworkBenchmark.Type.ART9);
        assertThat(b.out).isEqualTo(Path.of("net.json"));
        assertThat(b.pollMillis).isEqualTo(10);
        assertThat(b.invalidArguments()).isNull();
    }

    @Test
    void wrongArgumentsAreRefused() {
        assertThatThrownBy(() -> parse("--type", "ART31")).isInstanceOf(CommandLine.ParameterException.class);
        assertThatThrownBy(() -> parse("--requests", "many")).isInstanceOf(CommandLine.ParameterException.class);
        assertThat(parse("--requests", "0").invalidArguments()).contains("--requests");
        assertThat(parse("--concurrency", "0").invalidArguments()).contains("--concurrency");
        assertThat(parse("--poll-millis", "0").invalidArguments()).contains("--poll-millis");
        assertThat(new CommandLine(new NetworkBenchmark()).execute("--requests", "0")).isEqualTo(2);
    }

    @Test
    void theJvmBlockNamesVersionAndCores() {
        Map<String, Object> jvm = NetworkBenchmark.jvm();
        assertThat(jvm).containsKeys("java.version", "cores");
        assertThat((Integer) jvm.get("cores")).isPositive();
    }

    @Test
    void theCliKnowsTheCommand() {
        assertThat(new CommandLine(new SimulationsCli()).getSubcommands()).containsKey("bench-network");
    }

    private static NetworkBenchmark parse(String... args) {
        NetworkBenchmark b = new NetworkBenchmark();
        new CommandLine(b).parseArgs(args);
        return b;
    }
}
