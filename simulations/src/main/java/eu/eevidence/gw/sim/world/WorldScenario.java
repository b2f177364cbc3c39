package eu.eevidence.gw.sim.world;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import eu.eevidence.gw.sim.SimError;

/**
 * A world described as data ({@code src/main/resources/scenarios/*.json} with a {@code countries} member): countries
 * each running one gateway node with its own platforms, a virtual clock, a traffic mix and timed faults. See the README
 * section "Simulations" for every field.
 */
public record WorldScenario(String name, String description, Instant start, double durationDays, int stepMinutes, long seed,
                            int maxStepWallMillis, int drainSeconds, Retry retry, Traffic traffic, List<Country> countries, List<Fault> faults, Tfvawg tfvawg,
                            double startBeforeQuarterEndDays) {

    /** Delivery retry policy of every node (broker redelivery, wall time). */
    public record Retry(long initialMillis, double multiplier, long maxMillis, int attempts) {
    }

    /**
     * Traffic. {@code requestsPerDay} for the whole world at the start, growing by {@code growthPerYear}; the emergency
     * share grows linearly from {@code emergencyShareStart} to {@code emergencyShareEnd}; {@code mix} weighs the
     * non-emergency instruments; {@code invalidShare} of submissions are malformed on purpose (must be refused, nothing created).
     */
    public record Traffic(double requestsPerDay, double growthPerYear, double emergencyShareStart, double emergencyShareEnd,
                          Map<String, Double> mix, double invalidShare, int senders, List<Route> routes, String source) {
        public Traffic {
            mix = mix == null ? Map.of() : Map.copyOf(mix);
            routes = routes == null ? List.of() : List.copyOf(routes);
            senders = senders <= 0 ? 2 : senders;
        }
    }

    /** Requests from a country's authorities to a platform id or to another country (weight relative to the other routes). */
    public record Route(String from, String to, double weight) {
    }

    /**
     * A country: one node and the platforms it hosts. {@code instruments} (directory names, e.g. {@code UN_CYBERCRIME}):
     * those its Party is bound by; absent = every instrument. The other nodes send such a Party only the message types
     * whose legal basis it is bound by (its peer entry lists them).
     */
    public record Country(String code, List<Platform> platforms, List<String> instruments) {
        public Country {
            platforms = platforms == null ? List.of() : List.copyOf(platforms);
            instruments = instruments == null ? null : List.copyOf(instruments);
        }
    }

    /**
     * TFVAWG traffic (issue 21 item 7), sent once at {@code atHours}: from {@code country}'s civil court an NCII removal
     * order with preservation to {@code platform}, from its contact point a sextortion emergency to the same platform,
     * from its regulator a production order (to be refused); from {@code unccFrom}'s contact point a cyberstalking
     * preservation under the UN Convention to {@code unccTo} (two Parties not both bound by ETS 185).
     */
    public record Tfvawg(double atHours, String country, String platform, String unccFrom, String unccTo) {
    }

    /**
     * A platform portal's behaviour. Answers come {@code answerDelayHours} [min, max] after delivery (emergencies:
     * {@code emergencyAnswerDelayHours}); {@code refuse} and {@code clarify} are the shares of refusals and
     * clarification requests; the rest is preserved or produced. {@code preservationDays} is what its receipt promises.
     */
    public record Platform(String id, List<Double> answerDelayHours, List<Double> emergencyAnswerDelayHours, double refuse,
                           double clarify, int preservationDays) {
        public Platform {
            answerDelayHours = answerDelayHours == null || answerDelayHours.size() != 2 ? List.of(2.0, 72.0) : List.copyOf(answerDelayHours);
            emergencyAnswerDelayHours = emergencyAnswerDelayHours == null || emergencyAnswerDelayHours.size() != 2 ? List.of(0.5, 6.0)
                    : List.copyOf(emergencyAnswerDelayHours);
            preservationDays = preservationDays <= 0 ? 90 : preservationDays;
        }
    }

    /**
     * A fault at {@code atHours} (scenario time from the start) lasting {@code forHours}. Kinds: PORTAL_DOWN (target
     * platform), NODE_RESTART (target country), REVOKED_CERT (target country: one of its contact-point certificates is
     * revoked and keeps sending), CLOCK_JUMP ({@code byHours}, negative = backward), SLOW_LINK (target platform, latency
     * {@code latencySeconds} above the adapter's 20 s time-out).
     */
    public record Fault(String kind, String target, double atHours, double forHours, double byHours, double latencySeconds) {
    }

    public WorldScenario {
        faults = faults == null ? List.of() : List.copyOf(faults);
        countries = List.copyOf(countries);
        stepMinutes = stepMinutes <= 0 ? 30 : stepMinutes;
        maxStepWallMillis = maxStepWallMillis <= 0 ? 3000 : maxStepWallMillis;
        drainSeconds = drainSeconds <= 0 ? 60 : drainSeconds;
        retry = retry == null ? new Retry(200, 1.5, 2000, 30) : retry;
        validate(countries, traffic, faults, durationDays);
        validate(countries, tfvawg);
    }

    private static void validate(List<Country> countries, Tfvawg t) {
        if (t == null) {
            return;
        }
        Set<String> codes = new HashSet<>();
        Set<String> platforms = new HashSet<>();
        countries.forEach(c -> {
            codes.add(c.code());
            c.platforms().forEach(p -> platforms.add(p.id()));
        });
        if (!codes.contains(t.country()) || !platforms.contains(t.platform()) || !codes.contains(t.unccFrom()) || !codes.contains(t.unccTo())) {
            throw new IllegalArgumentException(SimError.SIM_012.code() + " the TFVAWG traffic names an unknown country or platform");
        }
    }

    private static void validate(List<Country> countries, Traffic traffic, List<Fault> faults, double durationDays) {
        if (countries.isEmpty() || traffic == null || durationDays <= 0) {
            throw new IllegalArgumentException(SimError.SIM_010.code() + " a world needs countries, traffic and durationDays > 0");
        }
        Set<String> codes = new HashSet<>();
        Set<String> platforms = new HashSet<>();
        for (Country c : countries) {
            if (!codes.add(c.code())) {
                throw new IllegalArgumentException(SimError.SIM_011.code() + " country " + c.code() + " appears twice");
            }
            for (Platform p : c.platforms()) {
                if (!platforms.add(p.id())) {
                    throw new IllegalArgumentException(SimError.SIM_011.code() + " platform " + p.id() + " appears twice");
                }
            }
        }
        for (Route r : traffic.routes()) {
            if (!codes.contains(r.from()) || !(codes.contains(r.to()) || platforms.contains(r.to()))) {
                throw new IllegalArgumentException(SimError.SIM_012.code() + " route " + r.from() + " -> " + r.to() + " names an unknown country or platform");
            }
        }
        for (Fault f : faults) {
            List<String> kinds = List.of("PORTAL_DOWN", "NODE_RESTART", "REVOKED_CERT", "CLOCK_JUMP", "SLOW_LINK");
            if (!kinds.contains(f.kind())) {
                throw new IllegalArgumentException(SimError.SIM_013.code() + " unknown fault kind " + f.kind() + " (known: " + kinds + ")");
            }
            boolean platformTarget = f.kind().equals("PORTAL_DOWN") || f.kind().equals("SLOW_LINK");
            boolean countryTarget = f.kind().equals("NODE_RESTART") || f.kind().equals("REVOKED_CERT");
            if ((platformTarget && !platforms.contains(f.target())) || (countryTarget && !codes.contains(f.target()))) {
                throw new IllegalArgumentException(SimError.SIM_013.code() + " fault " + f.kind() + " names unknown target " + f.target());
            }
        }
    }

    /**
     * The virtual start: {@code start}, else with {@code startBeforeQuarterEndDays} that many days before the end of
     * the last quarter that has ended (UTC; the run crosses a quarter end, so a statistics period closes during it, and
     * the start stays in the past: TLS checks certificates in wall time), else the current hour minus one.
     */
    public Instant virtualStart(Instant now) {
        if (start != null) {
            return start;
        }
        if (startBeforeQuarterEndDays > 0) {
            java.time.ZonedDateTime z = now.atZone(java.time.ZoneOffset.UTC);
            java.time.ZonedDateTime quarter = java.time.ZonedDateTime.of(z.getYear(), (z.getMonthValue() - 1) / 3 * 3 + 1, 1, 0, 0, 0, 0,
                    java.time.ZoneOffset.UTC);
            return quarter.toInstant().minusSeconds((long) (startBeforeQuarterEndDays * 86_400));
        }
        return now.truncatedTo(java.time.temporal.ChronoUnit.HOURS).minus(1, java.time.temporal.ChronoUnit.HOURS);
    }

    /** All platforms of the world, in order. */
    public List<Platform> allPlatforms() {
        List<Platform> all = new ArrayList<>();
        countries.forEach(c -> all.addAll(c.platforms()));
        return all;
    }

    static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    /** True when the JSON text describes a world (it has {@code countries}). */
    public static boolean isWorld(JsonNode tree) {
        return tree.has("countries");
    }

    /** A built-in scenario tree by name, or a file's tree; null when neither exists. */
    public static JsonNode tree(String nameOrPath) throws IOException {
        Path file = Path.of(nameOrPath);
        if (Files.isRegularFile(file)) {
            return JSON.readTree(file.toFile());
        }
        try (InputStream in = WorldScenario.class.getResourceAsStream("/scenarios/" + nameOrPath + ".json")) {
            return in == null ? null : JSON.readTree(in);
        }
    }

    public static WorldScenario of(JsonNode tree) throws IOException {
        return JSON.treeToValue(tree, WorldScenario.class);
    }

    public static WorldScenario load(String nameOrPath) throws IOException {
        JsonNode t = tree(nameOrPath);
        if (t == null || !isWorld(t)) {
            throw new IllegalArgumentException(SimError.SIM_014.code() + " no world scenario '" + nameOrPath + "'");
        }
        return of(t);
    }
}
