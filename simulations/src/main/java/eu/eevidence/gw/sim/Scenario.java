package eu.eevidence.gw.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import eu.eevidence.gw.schema.codec.JsonCodec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A world described as data (src/main/resources/scenarios/*.json): how many requests, how many concurrent
 * senders, which platforms and which faults each portal injects.
 */
public record Scenario(String name, String description, int requests, int concurrency, int timeoutSeconds, List<PlatformPlan> platforms) {

    /** A platform portal and the faults it injects, in order, before behaving. */
    public record PlatformPlan(String id, List<Fault> faults) {
        public PlatformPlan {
            faults = faults == null ? List.of() : List.copyOf(faults);
        }
    }

    /** The next {@code count} deliveries answered with HTTP {@code status}. */
    public record Fault(int count, int status) {
    }

    public Scenario {
        platforms = List.copyOf(platforms);
        if (requests < 1 || concurrency < 1 || platforms.isEmpty()) {
            throw new IllegalArgumentException(SimError.SIM_001.code() + " a scenario needs requests >= 1, concurrency >= 1 and a platform");
        }
    }

    private static final ObjectMapper JSON = JsonCodec.strictMapper();

    /** A built-in scenario by name, or a JSON file by path. */
    public static Scenario load(String nameOrPath) throws IOException {
        Path file = Path.of(nameOrPath);
        if (Files.isRegularFile(file)) {
            return JSON.readValue(file.toFile(), Scenario.class);
        }
        try (InputStream in = Scenario.class.getResourceAsStream("/scenarios/" + nameOrPath + ".json")) {
            if (in == null) {
                throw new IllegalArgumentException(SimError.SIM_002.code() + " no scenario '" + nameOrPath
                        + "' (built in: single-node, throughput; worlds: smoke, year-10, fault-storm; or a path to a JSON file)");
            }
            return JSON.readValue(in, Scenario.class);
        }
    }
}
