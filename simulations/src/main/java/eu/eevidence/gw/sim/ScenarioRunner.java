package eu.eevidence.gw.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.eevidence.gw.gateway.demo.Demo;
import eu.eevidence.gw.gateway.delivery.EmbeddedBroker;
import eu.eevidence.gw.gateway.node.GatewayNode;
import eu.eevidence.gw.gateway.node.NodeConfig;
import eu.eevidence.gw.gateway.routing.PlatformSpec;
import eu.eevidence.gw.gateway.order.RequestRecord;
import eu.eevidence.gw.pki.DevPki;
import eu.eevidence.gw.pki.IssueRequest;
import eu.eevidence.gw.pki.KeyKind;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.pki.TrustAnchors;
import eu.eevidence.gw.testkit.ContactPointClient;
import eu.eevidence.gw.testkit.SimulatedPlatformPortal;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs a {@link Scenario}: one gateway node, one simulated portal per platform with its faults, and
 * contact-point senders on loopback; waits until every accepted request settles, then checks the invariants.
 */
public final class ScenarioRunner {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Quick retries so that outages of a few attempts pass within seconds. */
    static final EmbeddedBroker.RetryPolicy SIM_RETRY = new EmbeddedBroker.RetryPolicy(Duration.ofMillis(200), 1.5, Duration.ofSeconds(2), 8);

    private ScenarioRunner() {
    }

    public static Report run(Scenario scenario, Path dataDir, PrintStream out) throws Exception {
        return run(scenario, dataDir, out, 0);
    }

    /**
     * Runs {@code scenario}; with {@code ratePerSecond > 0} open loop: requests are offered at that fixed rate by a
     * timer, independent of the answers, and intake latency counts from each request's intended start.
     */
    public static Report run(Scenario scenario, Path dataDir, PrintStream out, double ratePerSecond) throws Exception {
        Clock clock = Clock.systemUTC();
        DevPki pki = DevPki.loadOrCreate(dataDir.resolve("pki"), clock);
        TrustAnchors trust = TrustAnchors.of(List.of(pki.rootCertificate()));
        KeyMaterial sender = pki.loadOrIssue("sim-contact-point", new IssueRequest("simulated 24/7 contact point", Role.CONTACT_POINT, List.of(),
                KeyKind.EC_P256, Duration.ofDays(30), false, true));
        Map<String, SimulatedPlatformPortal> portals = new LinkedHashMap<>();
        List<PlatformSpec> specs = new ArrayList<>();
        try {
            for (Scenario.PlatformPlan plan : scenario.platforms()) {
                KeyMaterial key = pki.loadOrIssue("sim-platform-" + plan.id(), new IssueRequest("simulated portal " + plan.id(), Role.PLATFORM,
                        List.of("127.0.0.1"), KeyKind.EC_P256, Duration.ofDays(30), true, true));
                SimulatedPlatformPortal portal = SimulatedPlatformPortal.start(key, trust, dataDir.resolve("portal-" + plan.id()), Duration.ofDays(90), clock);
                portals.put(plan.id(), portal);
                for (Scenario.Fault f : plan.faults()) {
                    portal.failNext(f.count(), f.status()); // one fault kind per portal is supported by the simulated portal
                }
                specs.add(new PlatformSpec(plan.id(), "json-portal", URI.create(portal.baseUrl()), key.certificate(), List.of()));
            }
            try (GatewayNode node = GatewayNode.start(NodeConfig.embedded(dataDir).withPort(0).withRetry(SIM_RETRY).withPlatforms(specs)
                    // a benchmark measures the node, not its rate limits (ADR-0021): no per-certificate bucket
                    .withAccess(eu.eevidence.gw.gateway.access.ClientAccessSettings.defaults().withRates(
                            eu.eevidence.gw.gateway.access.RateLimiter.Rate.off(), null, null)))) {
                return exercise(scenario, node, portals, new ContactPointClient(node.baseUrl(), sender, trust), out, ratePerSecond);
            }
        } finally {
            portals.values().forEach(SimulatedPlatformPortal::close);
        }
    }

    private static Report exercise(Scenario s, GatewayNode node, Map<String, SimulatedPlatformPortal> portals, ContactPointClient client,
                                   PrintStream out, double rate) throws Exception {
        out.printf("scenario %s: %d requests, %s, platforms %s%n", s.name(), s.requests(),
                rate > 0 ? "open loop at " + rate + " requests/s offered" : s.concurrency() + " senders (closed loop)", portals.keySet());
        List<String> platformIds = new ArrayList<>(portals.keySet());
        ObjectNode template = (ObjectNode) JSON.readTree(Demo.sample());
        Map<String, Instant> submittedAt = new ConcurrentHashMap<>();
        List<Double> intake = Collections.synchronizedList(new ArrayList<>());
        List<String> violations = Collections.synchronizedList(new ArrayList<>());
        long t0 = System.nanoTime();
        Sender send = (n, startNanos) -> {
            ObjectNode body = template.deepCopy();
            body.put("clientRequestId", "SIM-" + s.name() + "-" + n);
            ((ObjectNode) body.get("custodian")).put("platformId", platformIds.get(n % platformIds.size()));
            ContactPointClient.Answer a;
            try {
                a = client.submit(JSON.writeValueAsBytes(body), null);
            } catch (java.io.IOException | RuntimeException e) {
                violations.add("request " + n + " got no answer: " + e.getClass().getSimpleName());
                return;
            }
            intake.add((System.nanoTime() - startNanos) / 1e6);
            if (a.status() != 201) {
                violations.add("request " + n + " answered " + a.status());
                return;
            }
            submittedAt.put(JSON.readTree(a.body()).get("id").asText(), Instant.now());
        };
        if (rate > 0) {
            offerOpenLoop(s, new OpenLoopSchedule(t0, rate), send);
        } else {
            offerClosedLoop(s, send);
        }
        long acceptedNanos = System.nanoTime() - t0;

        // wait until every accepted request is settled (terminal or preserved), reading the node's store
        Instant deadline = Instant.now().plusSeconds(s.timeoutSeconds());
        Map<String, RequestRecord> settled = new ConcurrentHashMap<>();
        Map<String, Double> endToEnd = new ConcurrentHashMap<>();
        long pause = 20;
        while (settled.size() < submittedAt.size() && Instant.now().isBefore(deadline)) {
            for (String id : submittedAt.keySet()) {
                if (settled.containsKey(id)) {
                    continue;
                }
                RequestRecord r = node.requests().find(id).orElse(null);
                if (r != null && (r.state().isTerminal() || r.state().name().equals("PRESERVED"))) {
                    settled.put(id, r);
                    endToEnd.put(id, Duration.between(r.receivedAt(), r.updatedAt()).toNanos() / 1e6);
                }
            }
            if (settled.size() < submittedAt.size()) {
                TimeUnit.MILLISECONDS.sleep(pause); // polling the store; the simulation measures, it does not test timing
                pause = Math.min(pause * 2, 250);
            }
        }
        long wall = System.nanoTime() - t0;

        Map<String, Integer> states = new TreeMap<>();
        int lost = 0;
        for (String id : submittedAt.keySet()) {
            RequestRecord r = node.requests().find(id).orElse(null);
            if (r == null) {
                lost++;
                violations.add("accepted request " + id + " is not in the store");
                continue;
            }
            states.merge(r.state().name(), 1, Integer::sum);
        }
        int unsettled = submittedAt.size() - settled.size();
        if (unsettled > 0) {
            violations.add(unsettled + " request(s) did not settle within " + s.timeoutSeconds() + " s");
        }
        int duplicated = 0;
        int deliveries = 0;
        Map<String, Integer> acceptedPerPlatform = new TreeMap<>();
        for (Map.Entry<String, SimulatedPlatformPortal> e : portals.entrySet()) {
            List<String> ids = e.getValue().accepted().stream().map(SimulatedPlatformPortal.Accepted::requestId).toList();
            int distinct = (int) ids.stream().distinct().count();
            duplicated += ids.size() - distinct;
            deliveries += e.getValue().deliveriesReceived();
            acceptedPerPlatform.put(e.getKey(), ids.size());
            long preservedHere = settled.values().stream().filter(r -> r.platformId().equals(e.getKey()) && r.state().name().equals("PRESERVED")).count();
            if (preservedHere != distinct) {
                violations.add("platform " + e.getKey() + " accepted " + distinct + " request(s) but the node has " + preservedHere + " preserved");
            }
        }
        if (duplicated > 0) {
            violations.add(duplicated + " request(s) applied twice at a portal");
        }
        int retries = settled.values().stream().mapToInt(r -> Math.max(0, r.deliveryAttempts() - 1)).sum();
        Report report = new Report(s.name(), s.requests(), submittedAt.size(), states, lost, duplicated, unsettled, deliveries, retries,
                acceptedPerPlatform, Report.LatencyMs.of(intake), Report.LatencyMs.of(new ArrayList<>(endToEnd.values())),
                round(submittedAt.size() / (acceptedNanos / 1e9)), round(settled.size() / (wall / 1e9)), wall / 1_000_000, List.copyOf(violations));
        print(report, out);
        return report;
    }

    /** Sends request {@code n}; intake latency counts from {@code startNanos}. */
    @FunctionalInterface
    private interface Sender {
        void send(int n, long startNanos) throws Exception;
    }

    /** Closed loop: {@code concurrency} senders, each sends its next request when the last one is answered. */
    private static void offerClosedLoop(Scenario s, Sender send) throws Exception {
        ExecutorService senders = Executors.newFixedThreadPool(s.concurrency());
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < s.requests(); i++) {
                int n = i;
                futures.add(senders.submit(() -> {
                    send.send(n, System.nanoTime());
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            senders.shutdown();
        }
    }

    /**
     * Open loop: a timer hands request {@code n} to a sender at its intended start, whether or not earlier requests
     * were answered; senders are plentiful (a cached pool) so the client does not queue in place of the node.
     */
    private static void offerOpenLoop(Scenario s, OpenLoopSchedule schedule, Sender send) throws Exception {
        java.util.concurrent.ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        ExecutorService senders = Executors.newCachedThreadPool();
        try {
            List<java.util.concurrent.CompletableFuture<Void>> done = new ArrayList<>();
            for (int i = 0; i < s.requests(); i++) {
                int n = i;
                java.util.concurrent.CompletableFuture<Void> f = new java.util.concurrent.CompletableFuture<>();
                done.add(f);
                timer.schedule(() -> senders.execute(() -> {
                    try {
                        send.send(n, schedule.intendedStart(n));
                        f.complete(null);
                    } catch (Exception | Error e) {
                        f.completeExceptionally(e);
                    }
                }), schedule.delayNanos(n, System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            java.util.concurrent.CompletableFuture.allOf(done.toArray(java.util.concurrent.CompletableFuture[]::new)).get();
        } finally {
            timer.shutdown();
            senders.shutdown();
        }
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    static void print(Report r, PrintStream out) {
        out.printf("  accepted %d/%d, final states %s, portal deliveries %d (retries %d), accepted per platform %s%n",
                r.accepted(), r.submitted(), r.finalStates(), r.portalDeliveries(), r.retries(), r.acceptedPerPlatform());
        out.printf("  intake latency ms p50 %.1f p90 %.1f p99 %.1f max %.1f; end-to-end ms p50 %.1f p90 %.1f p99 %.1f max %.1f%n",
                r.intakeLatency().p50(), r.intakeLatency().p90(), r.intakeLatency().p99(), r.intakeLatency().max(),
                r.endToEndLatency().p50(), r.endToEndLatency().p90(), r.endToEndLatency().p99(), r.endToEndLatency().max());
        out.printf("  throughput: %.1f accepted/s, %.1f settled/s; wall %d ms%n", r.acceptedPerSecond(), r.settledPerSecond(), r.wallMillis());
        out.printf("INVARIANTS %s lost=%d duplicated=%d unsettled=%d%s%n", r.ok() ? "OK" : "VIOLATED", r.lost(), r.duplicated(), r.unsettled(),
                r.ok() ? "" : " " + r.violations());
    }
}
