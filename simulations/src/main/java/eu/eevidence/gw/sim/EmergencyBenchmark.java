package eu.eevidence.gw.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import eu.eevidence.gw.gateway.access.ClientAccessSettings;
import eu.eevidence.gw.gateway.access.RateLimiter;
import eu.eevidence.gw.gateway.demo.Demo;
import eu.eevidence.gw.gateway.node.GatewayNode;
import eu.eevidence.gw.gateway.node.NodeConfig;
import eu.eevidence.gw.gateway.routing.DeliveryQueues;
import eu.eevidence.gw.gateway.routing.PlatformSpec;
import eu.eevidence.gw.pki.DevPki;
import eu.eevidence.gw.pki.IssueRequest;
import eu.eevidence.gw.pki.KeyKind;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.pki.TrustAnchors;
import eu.eevidence.gw.testkit.ContactPointClient;
import eu.eevidence.gw.testkit.SimulatedPlatformPortal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code java -jar simulations/target/evidence-simulations.jar bench-emergency}: the emergency lane under a backlog
 * (ADR-0031). Starts a real node (embedded H2 and Artemis, development PKI) and the simulated portal (WireMock) that
 * answers every call after {@code --portal-latency-ms} (1 s); queues {@code --ordinary} (2,000) ordinary requests for it,
 * then submits {@code --emergencies} (100) Protocol Art. 9 emergencies, one every {@code --interval-ms} (100 ms), and
 * reports the time from each emergency's submission (just before the HTTPS POST) to its arrival at the portal
 * (WireMock's logged time of the request, taken when the request arrives, before the slow answer): p50, p95, p99, max.
 * Both clocks are this JVM's wall clock (millisecond resolution). A benchmark, not a test: it prints and exits 0.
 */
@Command(name = "bench-emergency", mixinStandardHelpOptions = true,
        description = "Times emergencies from submission to the portal while a backlog of ordinary requests waits for a slow portal.")
public final class EmergencyBenchmark implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Request id -> time the node took to accept the emergency (the POST's answer), ms. */
    private final Map<String, Long> accepted = new ConcurrentHashMap<>();

    @Option(names = "--ordinary", defaultValue = "2000", description = "Ordinary requests queued first (default: ${DEFAULT-VALUE}).")
    int ordinary;

    @Option(names = "--emergencies", defaultValue = "100", description = "Emergencies submitted (default: ${DEFAULT-VALUE}).")
    int emergencies;

    @Option(names = "--interval-ms", defaultValue = "100", description = "Time between two emergencies (default: ${DEFAULT-VALUE}).")
    long intervalMillis;

    @Option(names = "--portal-latency-ms", defaultValue = "1000", description = "The portal's time per answer (default: ${DEFAULT-VALUE}).")
    long portalLatencyMillis;

    @Option(names = "--submitters", defaultValue = "8", description = "Parallel clients that queue the ordinary backlog (default: ${DEFAULT-VALUE}).")
    int submitters;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        Path dir = Files.createTempDirectory("eeg-bench-emergency-");
        GatewayNode node = null;
        SimulatedPlatformPortal portal = null;
        try {
            Clock clock = Clock.systemUTC();
            DevPki pki = DevPki.loadOrCreate(dir.resolve("pki"), clock);
            TrustAnchors trust = TrustAnchors.of(List.of(pki.rootCertificate()));
            KeyMaterial nodeKey = pki.issue(new IssueRequest("node bench", Role.NODE, List.of("127.0.0.1", "localhost"), KeyKind.EC_P256,
                    Duration.ofDays(2), true, true));
            KeyMaterial platformKey = pki.issue(new IssueRequest("bench platform", Role.PLATFORM, List.of("127.0.0.1"), KeyKind.EC_P256,
                    Duration.ofDays(2), true, true));
            KeyMaterial cpKey = pki.issue(new IssueRequest("bench contact point", Role.CONTACT_POINT, List.of(), KeyKind.EC_P256, Duration.ofDays(2),
                    false, true));
            portal = SimulatedPlatformPortal.start(platformKey, trust, dir.resolve("portal"), Duration.ofDays(90), clock);
            RateLimiter.Rate off = RateLimiter.Rate.off();
            node = GatewayNode.start(NodeConfig.embedded(dir.resolve("node")).withPort(0).withKeys(nodeKey, trust)
                    .withAccess(ClientAccessSettings.defaults().withRates(off, off, off))
                    .withPlatforms(List.of(new PlatformSpec(Demo.PLATFORM_ID, "json-portal", URI.create(portal.baseUrl()), platformKey.certificate(),
                            List.of()))));
            portal.latency(Duration.ofMillis(portalLatencyMillis));

            long t0 = System.nanoTime();
            backlog(node, cpKey, trust);
            String queue = DeliveryQueues.queueFor(Demo.PLATFORM_ID);
            long queued = node.probe().broker().messageCount(queue);
            out.printf(Locale.ROOT, "node at %s, portal answering after %d ms: %,d ordinary requests submitted in %.1f s; %,d waiting in %s%n",
                    node.baseUrl(), portalLatencyMillis, ordinary, (System.nanoTime() - t0) / 1e9, queued, queue);

            Map<String, Long> submittedAt = emergencies(node, cpKey, trust);
            Map<String, Long> arrivedAt = awaitArrivals(portal, submittedAt, Duration.ofMinutes(5));
            long stillQueued = node.probe().broker().messageCount(queue);
            report(out, submittedAt, arrivedAt, queued, stillQueued);
            return 0;
        } finally {
            if (node != null) {
                node.close();
            }
            if (portal != null) {
                portal.close();
            }
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Queues the ordinary backlog with {@code submitters} parallel clients. */
    private void backlog(GatewayNode node, KeyMaterial cpKey, TrustAnchors trust) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(submitters);
        AtomicInteger next = new AtomicInteger();
        try {
            List<Future<Void>> done = new ArrayList<>();
            for (int t = 0; t < submitters; t++) {
                ContactPointClient cp = new ContactPointClient(node.baseUrl(), cpKey, trust);
                done.add(pool.submit(() -> {
                    byte[] body = Demo.sample();
                    while (next.getAndIncrement() < ordinary) {
                        ContactPointClient.Answer a = cp.submit(body, "bench-o-" + UUID.randomUUID());
                        if (a.status() != 201) {
                            throw new IllegalStateException("ordinary request answered " + a.status() + ": " + a.body());
                        }
                    }
                    return null;
                }));
            }
            for (Future<Void> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Submits the emergencies one every {@code intervalMillis}; returns request id -> submission time (epoch ms). */
    private Map<String, Long> emergencies(GatewayNode node, KeyMaterial cpKey, TrustAnchors trust) throws Exception {
        Map<String, Long> submittedAt = new ConcurrentHashMap<>();
        ScheduledExecutorService timer = Executors.newScheduledThreadPool(16);
        List<ContactPointClient> clients = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            clients.add(new ContactPointClient(node.baseUrl(), cpKey, trust));
        }
        try {
            List<java.util.concurrent.ScheduledFuture<Void>> sent = new ArrayList<>();
            for (int i = 0; i < emergencies; i++) {
                ContactPointClient cp = clients.get(i % clients.size());
                sent.add(timer.schedule(() -> {
                    byte[] body = Demo.emergencySample("msg-bench-e-" + UUID.randomUUID());
                    long at = System.currentTimeMillis();
                    ContactPointClient.Answer a = cp.post("api/v1/requests", body, "application/json", "bench-e-" + UUID.randomUUID());
                    if (a.status() != 201) {
                        throw new IllegalStateException("emergency answered " + a.status() + ": " + a.body());
                    }
                    String id = JSON.readTree(a.body()).get("id").asText();
                    accepted.put(id, System.currentTimeMillis() - at);
                    submittedAt.put(id, at);
                    return null;
                }, i * intervalMillis, TimeUnit.MILLISECONDS));
            }
            for (var f : sent) {
                f.get();
            }
        } finally {
            timer.shutdownNow();
        }
        return submittedAt;
    }

    /** The first arrival at the portal (epoch ms) of each of {@code ids}, waiting at most {@code max}. */
    private static Map<String, Long> awaitArrivals(SimulatedPlatformPortal portal, Map<String, Long> ids, Duration max) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        Map<String, Long> arrived = new HashMap<>();
        while (arrived.size() < ids.size() && System.nanoTime() < end) {
            for (ServeEvent e : portal.wireMock().getAllServeEvents()) {
                String id = e.getRequest().getHeader("X-Request-Id");
                if (id != null && ids.containsKey(id)) {
                    arrived.merge(id, e.getRequest().getLoggedDate().getTime(), Math::min);
                }
            }
            if (arrived.size() < ids.size()) {
                TimeUnit.MILLISECONDS.sleep(200); // a benchmark: polling the portal's journal
            }
        }
        return arrived;
    }

    private void report(PrintStream out, Map<String, Long> submittedAt, Map<String, Long> arrivedAt, long queuedBefore, long queuedAfter) {
        long[] ms = arrivedAt.entrySet().stream().mapToLong(e -> e.getValue() - submittedAt.get(e.getKey())).sorted().toArray();
        out.printf(Locale.ROOT, "%d emergencies, one every %d ms, with %,d ordinary requests waiting (%,d still waiting afterwards); %d cores%n",
                submittedAt.size(), intervalMillis, queuedBefore, queuedAfter, Runtime.getRuntime().availableProcessors());
        if (ms.length < submittedAt.size()) {
            out.printf(Locale.ROOT, "NOT ARRIVED within the wait: %d of %d%n", submittedAt.size() - ms.length, submittedAt.size());
        }
        if (ms.length == 0) {
            return;
        }
        out.printf(Locale.ROOT, "submission -> arrival at the portal, ms: p50 %d  p95 %d  p99 %d  max %d  (min %d)%n",
                pct(ms, 0.50), pct(ms, 0.95), pct(ms, 0.99), ms[ms.length - 1], ms[0]);
        long[] intake = accepted.values().stream().mapToLong(Long::longValue).sorted().toArray();
        out.printf(Locale.ROOT, "of which the node's intake (POST -> 201), ms: p50 %d  p95 %d  p99 %d  max %d%n",
                pct(intake, 0.50), pct(intake, 0.95), pct(intake, 0.99), intake[intake.length - 1]);
        out.printf(Locale.ROOT, "target p99 < 1000 ms: %s%n", pct(ms, 0.99) < 1000 ? "met" : "NOT met");
        out.println("all (ms, sorted): " + Arrays.toString(ms));
    }

    private static long pct(long[] sorted, double p) {
        return sorted[Math.max(0, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
