package eu.eevidence.gw.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Runs the JMH benchmarks of this module and writes one JSON file (issue 18, ADR-0034): {@code machine} (cores,
 * processor, JVM, OS, load average before and after) and {@code jmh} (JMH's own JSON result). Usage:
 * {@code java -jar benchmarks/target/evidence-benchmarks.jar [--out FILE] [JMH options, e.g. a regexp of benchmarks]};
 * {@code scripts/bench-compare.py} compares the file with the figures of docs/design/performance.md.
 */
public final class Benchmarks {

    private Benchmarks() {
    }

    /** Entry point; exit status 0 after the run. */
    public static void main(String[] args) throws Exception {
        Path out = Path.of("jmh-result.json");
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        int i = rest.indexOf("--out");
        if (i >= 0 && i + 1 < rest.size()) {
            out = Path.of(rest.get(i + 1));
            rest.remove(i + 1);
            rest.remove(i);
        }
        Path raw = Files.createTempFile("eeg-jmh-", ".json");
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("benchmark", "jmh");
        Map<String, Object> machine = machine();
        CommandLineOptions cli = new CommandLineOptions(rest.toArray(String[]::new));
        Options options = new OptionsBuilder().parent(cli).resultFormat(ResultFormatType.JSON).result(raw.toString())
                .build();
        new Runner(options).run();
        machine.put("loadAverage1mAfter", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        root.put("machine", machine);
        ObjectMapper mapper = new ObjectMapper();
        JsonNode jmh = mapper.readTree(raw.toFile());
        root.put("jmh", jmh);
        Files.writeString(out, mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        Files.deleteIfExists(raw);
        System.out.println("JMH results with machine and load written to " + out.toAbsolutePath());
    }

    static Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("cpu", cpuModel());
        m.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        m.put("loadAverage1m", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        m.put("at", Instant.now().toString());
        return m;
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return System.getProperty("os.arch");
        }
        return System.getProperty("os.arch");
    }
}
