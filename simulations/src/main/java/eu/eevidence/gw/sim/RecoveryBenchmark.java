package eu.eevidence.gw.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.eevidence.gw.gateway.delivery.DeliveryPolicy;
import eu.eevidence.gw.gateway.demo.Demo;
import eu.eevidence.gw.gateway.delivery.EmbeddedBroker;
import eu.eevidence.gw.gateway.node.GatewayNode;
import eu.eevidence.gw.gateway.node.NodeConfig;
import eu.eevidence.gw.gateway.routing.PlatformSpec;
import eu.eevidence.gw.gateway.order.RequestState;
import eu.eevidence.gw.pki.DevPki;
import eu.eevidence.gw.pki.IssueRequest;
import eu.eevidence.gw.pki.KeyKind;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.pki.TrustAnchors;
import eu.eevidence.gw.testkit.ContactPointClient;
import eu.eevidence.gw.testkit.SimulatedPlatformPortal;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Recovery time after a portal outage, on a node: the portal answers 503 for {@code --outage-seconds} of wall time
 * while {@code --requests} requests are queued for it, then comes back; the figure is the time from "portal up" to
 * "every request delivered", with the node's delivery policy (default: the production defaults of
 * {@link DeliveryPolicy#defaults()}). A benchmark, not a test: it prints the figures and exits 0 when every request
 * was delivered exactly once. Run:
 * {@code java -cp simulations/target/evidence-simulations.jar eu.eevidence.gw.sim.RecoveryBenchmark}.
 */
@Command(name = "bench-recovery", mixinStandardHelpOptions = true,
        description = "Time from the end of a portal outage until every queued request is delivered.")
public final class RecoveryBenchmark implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--requests", defaultValue = "200", description = "Requests queued during the outage (default: ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--outage-seconds", defaultValue = "60", description = "Wall-clock length of the outage (default: ${DEFAULT-VALUE}).")
    int outageSeconds;

    @Option(names = "--breaker-open-seconds", defaultValue = "30", description = "Open period of the circuit breaker (default: ${DEFAULT-VALUE}).")
    int breakerOpenSeconds;

    @Option(names = "--timeout-seconds", defaultValue = "900", description = "Give up waiting after this long (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    private static int preserved(GatewayNode node) throws java.sql.SQLException {
        return node.requests().database().read(c -> {
            try (var ps = c.connection().prepareStatement("SELECT COUNT(*) FROM request WHERE state = ?")) {
                ps.setString(1, RequestState.PRESERVED.name());
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    public static void main(String[] args) {
        if (System.getProperty("eeg.log.level") == null) {
            System.setProperty("eeg.log.level", "WARN");
        }
        System.exit(new CommandLine(new RecoveryBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        Path dir = Files.createTempDirectory("eeg-bench-recovery-");
        DeliveryPolicy policy = DeliveryPolicy.defaults().withBreaker(DeliveryPolicy.defaults().breakerThreshold(), Duration.ofSeconds(breakerOpenSeconds));
        Clock clock = Clock.systemUTC();
        try {
            DevPki pki = DevPki.loadOrCreate(dir.resolve("pki"), clock);
            TrustAnchors trust = TrustAnchors.of(List.of(pki.rootCertificate()));
            KeyMaterial sender = pki.issue(new IssueRequest("bench contact point", Role.CONTACT_POINT, List.of(), KeyKind.EC_P256, Duration.ofDays(
                    2), false, true));
            KeyMaterial platformKey = pki.issue(new IssueRequest("bench portal", Role.PLATFORM, List.of("127.0.0.1"), KeyKind.EC_P256,
                    Duration.ofDays(2), true, true));
            try (SimulatedPlatformPortal portal = SimulatedPlatformPortal.start(platformKey, trust, dir.resolve("portal"), Duration.ofDays(90), clock);
                 GatewayNode node = GatewayNode.start(NodeConfig.embedded(dir).withPort(0).withRetry(EmbeddedBroker.RetryPolicy.defaults())
                         .withDelivery(policy)
                         .withPlatforms(List.of(new PlatformSpec(Demo.PLATFORM_ID, "json-portal", URI.create(portal.baseUrl()),
                                 platformKey.certificate(), List.of()))))) {
                ContactPointClient client = new ContactPointClient(node.baseUrl(), sender, trust);
                out.printf(Locale.ROOT, "policy: %s%n", policy);
                portal.failNext(Integer.MAX_VALUE, 503);
                long down = System.nanoTime();
                ObjectNode template = (ObjectNode) JSON.readTree(Demo.sample());
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < requests; i++) {
                    ObjectNode body = template.deepCopy();
                    body.put("clientRequestId", "BENCH-RECOVERY-" + i);
                    ContactPointClient.Answer a = client.submit(JSON.writeValueAsBytes(body), null);
                    if (a.status() != 201) {
                        out.printf("request %d answered %d%n", i, a.status());
                        return 1;
                    }
                    ids.add(JSON.readTree(a.body()).get("id").asText());
                }
                out.printf(Locale.ROOT, "queued %d requests in %.1f s while the portal is down%n", requests, (System.nanoTime() - down) / 1e9);
                long remaining = TimeUnit.SECONDS.toNanos(outageSeconds) - (System.nanoTime() - down);
                if (remaining > 0) {
                    TimeUnit.NANOSECONDS.sleep(remaining); // the outage lasts this long in wall time; a benchmark, not a test
                }
                int callsDuringOutage = portal.deliveriesReceived();
                Map<String, Long> atUp = node.delivery().metrics().counters();
                portal.heal();
                long up = System.nanoTime();
                out.printf(Locale.ROOT, "portal up after %.1f s of outage; %d calls reached it while down; circuit %s%n", (up - down) / 1e9,
                        callsDuringOutage, node.delivery().breakers().snapshots());
                long deadline = up + TimeUnit.SECONDS.toNanos(timeoutSeconds);
                int delivered = 0;
                long firstDone = -1;
                while (System.nanoTime() < deadline) {
                    delivered = preserved(node); // one count query: cheap enough not to slow the node down
                    if (delivered > 0 && firstDone < 0) {
                        firstDone = System.nanoTime();
                    }
                    if (delivered >= ids.size()) {
                        break;
                    }
                    TimeUnit.MILLISECONDS.sleep(50);
                }
                long allDone = System.nanoTime();
                long effects = portal.accepted().size();
                out.printf(Locale.ROOT, "first delivered %.1f s after the portal came up; all %d/%d delivered after %.1f s%n",
                        firstDone < 0 ? -1 : (firstDone - up) / 1e9, delivered, ids.size(), (allDone - up) / 1e9);
                out.printf(Locale.ROOT, "effects at the portal: %d (one per request expected); calls in total: %d%n", effects, portal.deliveriesReceived());
                out.printf(Locale.ROOT, "counters at portal-up: %s%ncounters at the end:   %s%n", atUp, node.delivery().metrics().counters());
                return delivered == ids.size() && effects == ids.size() ? 0 : 1;
            }
        } finally {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
