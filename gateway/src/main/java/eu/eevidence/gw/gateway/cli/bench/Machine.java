package eu.eevidence.gw.gateway.cli.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The machine a benchmark ran on, for its JSON (issue 18): cores, processor model, JVM, OS and the load average, so a
 * figure is never read without the load it was measured under.
 */
public record Machine(int cores, String cpu, String jvm, String os, double loadAverage, Instant at) {

    /** The machine now. */
    public static Machine now() {
        return new Machine(Runtime.getRuntime().availableProcessors(), cpuModel(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"),
                loadAverageNow(), Instant.now());
    }

    /** The one-minute load average (-1 where the OS does not tell). */
    public static double loadAverageNow() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** As a JSON object (ordered map). */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", cores);
        m.put("cpu", cpu);
        m.put("jvm", jvm);
        m.put("os", os);
        m.put("loadAverage1m", loadAverage);
        m.put("at", at.toString());
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
