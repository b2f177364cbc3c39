package eu.eevidence.gw.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.eevidence.gw.custody.audit.LogVerifier;
import eu.eevidence.gw.gateway.demo.Demo;
import eu.eevidence.gw.gateway.routing.NodeIdentity;
import eu.eevidence.gw.gateway.routing.NodeRole;
import eu.eevidence.gw.gateway.routing.PeerSpec;
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

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import eu.eevidence.gw.gateway.cli.CliError;

/**
 * The node-to-node network under load: two real nodes in one JVM on loopback, A = France's 24/7 node (requesting
 * Party), B = Ireland's (requested Party) with a simulated platform portal behind it, keys from one development CA
 * minted at run time.
 *
 * <ol>
 *   <li><b>Transport</b>: A's contact point submits {@code --requests} bare requests addressed to IE with
 *   {@code --concurrency} clients; per request the time submit -> 201 and 201 -> A's request holds B's signed
 *   {@code SUBMISSION_ACCEPTED} receipt (verified by A's {@code PeerAdapter}, state DELIVERED); throughput.</li>
 *   <li><b>Round trip</b>: B's contact point accepts every case through the review API ({@code --concurrency} desks);
 *   the portal confirms a preservation in its receipt (ART29), or B's platform answers an emergency disclosure with an
 *   {@code EXECUTION_REPORT} on B's platform API once the domestic order is acknowledged (ART9); per case the time from
 *   the decision to A's request PRESERVED / COMPLETED.</li>
 *   <li><b>Checks</b>: every request on A in the expected state, its receipt verified again here, one case per request
 *   on B, both custody logs verify ({@link LogVerifier}, as the world runner); else exit 1. B's answers to A that A
 *   refused (outbox entries FAILED, e.g. an acknowledgement arriving after the final report) are reported as warnings.</li>
 * </ol>
 * A benchmark, not a test: progress is observed by polling A's store every {@code --poll-millis} (the figures carry that
 * resolution). Summary lines start with {@code EEG-BENCH network:}; {@code --out} writes them as JSON.
 */
@Command(name = "bench-network", mixinStandardHelpOptions = true,
        description = {"Two nodes on loopback (FR -> IE): transport latency and throughput of requests over mutual TLS with signed receipts,",
                "then the round trip through the requested Party's review and platform back to the requester. Exit 0 when every check holds."})
public final class NetworkBenchmark implements Callable<Integer> {

    /** What A sends. */
    public enum Type {
        /** Budapest Art. 29 preservation: the portal confirms it in its receipt, A ends PRESERVED. */
        ART29(RequestState.PRESERVED),
        /** Protocol Art. 9 emergency disclosure: B's platform answers with an execution report, A ends COMPLETED. */
        ART9(RequestState.COMPLETED);

        final RequestState finalState;

        Type(RequestState finalState) {
            this.finalState = finalState;
        }
    }

    /** Nearest-rank percentiles in milliseconds. */
    public record Latency(int n, double p50, double p90, double p99, double max, double mean) {
        public static Latency of(List<Double> millis) {
            if (millis.isEmpty()) {
                return new Latency(0, 0, 0, 0, 0, 0);
            }
            double[] v = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double sum = 0;
            for (double d : v) {
                sum += d;
            }
            return new Latency(v.length, round(at(v, 0.50)), round(at(v, 0.90)), round(at(v, 0.99)), round(v[v.length - 1]), round(sum / v.length));
        }

        static double at(double[] sorted, double q) {
            int i = (int) Math.ceil(q * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
        }

        private static double round(double d) {
            return Math.round(d * 10) / 10.0;
        }

        String line() {
            return String.format(Locale.ROOT, "n=%d p50=%.1f p90=%.1f p99=%.1f max=%.1f mean=%.1f ms", n, p50, p90, p99, max, mean);
        }
    }

    static final String PREFIX = CliError.BENCH.code() + " network: ";
    static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--requests", defaultValue = "200", description = "Requests A sends (default: ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--concurrency", defaultValue = "8", description = "Concurrent clients on A and review desks on B (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--type", defaultValue = "ART29", description = "ART29 (preservation) or ART9 (emergency disclosure) (default: ${DEFAULT-VALUE}).")
    Type type;

    @Option(names = "--out", description = "Also write the figures as JSON to this file.")
    Path out;

    @Option(names = "--poll-millis", defaultValue = "20", description =
            "How often A's store is read to see deliveries and answers (default: ${DEFAULT-VALUE}).")
    int pollMillis;

    @Option(names = "--timeout-seconds", defaultValue = "900", description = "Give up a phase after this long (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    public static void main(String[] args) {
        if (System.getProperty("eeg.log.level") == null) {
            System.setProperty("eeg.log.level", "WARN");
        }
        System.exit(new CommandLine(new NetworkBenchmark()).execute(args));
    }

    /** Argument checks beyond picocli's types; null when fine, else the message. */
    String invalidArguments() {
        if (requests < 1) {
            return "--requests must be at least 1";
        }
        if (concurrency < 1 || concurrency > 256) {
            return "--concurrency must be between 1 and 256";
        }
        if (pollMillis < 1 || pollMillis > 1000) {
            return "--poll-millis must be between 1 and 1000";
        }
        if (timeoutSeconds < 1) {
            return "--timeout-seconds must be at least 1";
        }
        return null;
    }

    // ------------------------------------------------------------------ the two nodes

    /** One node with its contact point (and, for B, its platform's client on the platform API). */
    record Member(NodeIdentity identity, KeyMaterial key, Path dir, GatewayNode node, ContactPointClient cp, ContactPointClient platform) {
    }


    @Override
    public Integer call() throws Exception {
        String invalid = invalidArguments();
        if (invalid != null) {
            System.err.println(SimError.BENCH_ARGS.code() + " " + invalid);
            return 2;
        }
        PrintStream o = System.out;
        Path dir = Files.createTempDirectory("eeg-bench-network-");
        long wall0 = System.nanoTime();
        Clock clock = Clock.systemUTC();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("benchmark", "bench-network");
        report.put("type", type.name());
        report.put("requests", requests);
        report.put("concurrency", concurrency);
        report.put("pollMillis", pollMillis);
        report.put("jvm", jvm());
        System.out.printf(Locale.ROOT, "%sjvm %s%n", PREFIX, report.get("jvm"));
        SimulatedPlatformPortal portal = null;
        Member a = null;
        Member b = null;
        try {
            DevPki pki = DevPki.loadOrCreate(dir.resolve("pki"), clock);
            TrustAnchors trust = TrustAnchors.of(List.of(pki.rootCertificate()));
            KeyMaterial platformKey = pki.issue(new IssueRequest("platform of IE", Role.PLATFORM, List.of("127.0.0.1"), KeyKind.EC_P256,
                    Duration.ofDays(2), true, true));
            portal = SimulatedPlatformPortal.start(platformKey, trust, dir.resolve("portal-ie"), Duration.ofDays(90), clock);
            NodeIdentity fr = new NodeIdentity("fr-247", "FR", NodeRole.CONTACT_POINT_24_7);
            NodeIdentity ie = new NodeIdentity("ie-247", "IE", NodeRole.CONTACT_POINT_24_7);
            KeyMaterial keyA = nodeKey(pki, fr);
            KeyMaterial keyB = nodeKey(pki, ie);
            int portA = freePort();
            int portB = freePort();
            PeerSpec peerA = new PeerSpec(fr, URI.create("https://127.0.0.1:" + portA + "/"), keyA.certificate(), Set.of());
            PeerSpec peerB = new PeerSpec(ie, URI.create("https://127.0.0.1:" + portB + "/"), keyB.certificate(), Set.of());
            long t0 = System.nanoTime();
            // B first, so that A's first deliveries find it up
            b = start(pki, trust, dir, ie, keyB, portB, peerA, List.of(new PlatformSpec(Demo.PLATFORM_ID, "json-portal", URI.create(portal.baseUrl()),
                    platformKey.certificate(), List.of())), platformKey, "GNCCB 24/7");
            a = start(pki, trust, dir, fr, keyA, portA, peerB, List.of(), null, "OFAC 24/7");
            double startSeconds = (System.nanoTime() - t0) / 1e9;
            report.put("nodeStartSeconds", round(startSeconds));
            o.printf(Locale.ROOT, "%snodes fr-247 (A) and ie-247 (B) up in %.1f s; %s x%d, %d clients; A polled every %d ms%n", PREFIX, startSeconds,
                    type, requests, concurrency, pollMillis);

            NetworkPoller.Observed seen = new NetworkPoller.Observed();
            NetworkPoller poller = new NetworkPoller(a.node(), seen, type.finalState, pollMillis);
            Thread pollThread = new Thread(poller, "bench-network-poller");
            pollThread.setDaemon(true);
            pollThread.start();
            List<String> problems = new ArrayList<>();
            try {
                Map<String, Object> p1 = transport(a, seen, problems);
                report.put("transport", p1);
                Map<String, Object> p2 = problems.isEmpty() ? new NetworkRoundTrip(this).run(b, seen, problems) : Map.of("skipped", "transport failed");
                report.put("roundTrip", p2);
            } finally {
                poller.stop = true;
                pollThread.join(5000);
            }
            List<String> warnings = new ArrayList<>();
            Map<String, Object> checks = new NetworkChecks(this).check(a, b, trust, keyB, seen.created.keySet(), problems, warnings);
            report.put("checks", checks);
            report.put("problems", problems);
            report.put("warnings", warnings);
            report.put("ok", problems.isEmpty());
            report.put("wallSeconds", round((System.nanoTime() - wall0) / 1e9));
            o.printf(Locale.ROOT, "%schecks: %s%n", PREFIX, checks);
            for (String w : warnings) {
                o.println(PREFIX + "WARNING " + w);
            }
            for (String p : problems.subList(0, Math.min(20, problems.size()))) {
                o.println(PREFIX + "PROBLEM " + p);
            }
            o.printf(Locale.ROOT, "%s%s; total wall %.1f s%n", PREFIX, problems.isEmpty() ? "OK" : "FAILED (" + problems.size() + " problems)",
                    (System.nanoTime() - wall0) / 1e9);
            if (out != null) {
                if (out.toAbsolutePath().getParent() != null) {
                    Files.createDirectories(out.toAbsolutePath().getParent());
                }
                JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), report);
                o.println(PREFIX + "report " + out);
            }
            return problems.isEmpty() ? 0 : 1;
        } finally {
            for (AutoCloseable c : new AutoCloseable[] {a == null ? null : a.node(), b == null ? null : b.node(), portal}) {
                try {
                    if (c != null) {
                        c.close();
                    }
                } catch (Exception ignored) {
                    // best effort
                }
            }
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static KeyMaterial nodeKey(DevPki pki, NodeIdentity id) throws Exception {
        return pki.issue(new IssueRequest("node " + id.nodeId(), Role.NODE, List.of("127.0.0.1", "localhost"), KeyKind.EC_P256, Duration.ofDays(2),
                true, true));
    }

    private static Member start(DevPki pki, TrustAnchors trust, Path dir, NodeIdentity id, KeyMaterial key, int port, PeerSpec peer,
                                List<PlatformSpec> platforms, KeyMaterial platformKey, String contactPoint) throws Exception {
        Path data = dir.resolve(id.nodeId());
        GatewayNode node = GatewayNode.start(NodeConfig.embedded(data).withPort(port).withKeys(key, trust).withPlatforms(platforms)
                .withNetwork(id, List.of(peer)));
        KeyMaterial cpKey = pki.issue(new IssueRequest(contactPoint, Role.CONTACT_POINT, List.of(), KeyKind.EC_P256, Duration.ofDays(2), false, true));
        return new Member(id, key, data, node, new ContactPointClient(node.baseUrl(), cpKey, trust),
                platformKey == null ? null : new ContactPointClient(node.baseUrl(), platformKey, trust));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    // ------------------------------------------------------------------ phase 1: transport

    private Map<String, Object> transport(Member a, NetworkPoller.Observed seen, List<String> problems) throws Exception {
        byte[] template = body();
        String run = UUID.randomUUID().toString().substring(0, 8);
        AtomicInteger next = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(concurrency);
        long start = System.nanoTime();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int c = 0; c < concurrency; c++) {
                futures.add(clients.submit(() -> {
                    for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                        ObjectNode body = (ObjectNode) JSON.readTree(template);
                        if (type == Type.ART29) {
                            body.put("clientRequestId", "BENCH-NET-" + run + "-" + i);
                        }
                        long t = System.nanoTime();
                        ContactPointClient.Answer r = a.cp().submit(JSON.writeValueAsBytes(body), "bench-net-" + run + "-" + i);
                        long done = System.nanoTime();
                        if (r.status() != 201) {
                            seen.refusals.merge(r.status() + " " + code(r), 1, Integer::sum);
                            continue;
                        }
                        String id = JSON.readTree(r.body()).get("id").asText();
                        seen.created.put(id, done);
                        seen.submitMillis.add((done - t) / 1e6);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            clients.shutdownNow();
        }
        long submitted = System.nanoTime();
        if (!seen.refusals.isEmpty()) {
            problems.add("A refused submissions: " + seen.refusals);
        }
        boolean all = await(() -> seen.created.keySet().stream().allMatch(seen.delivered::containsKey));
        long end = System.nanoTime();
        List<Double> toReceipt = new ArrayList<>();
        long lastDelivered = start;
        for (Map.Entry<String, Long> e : seen.created.entrySet()) {
            Long d = seen.delivered.get(e.getKey());
            if (d != null) {
                toReceipt.add(Math.max(0, d - e.getValue()) / 1e6);
                lastDelivered = Math.max(lastDelivered, d);
            }
        }
        if (!all) {
            problems.add("only " + toReceipt.size() + " of " + seen.created.size() + " requests DELIVERED within " + timeoutSeconds + " s");
        }
        Latency submit = Latency.of(seen.submitMillis);
        Latency receipt = Latency.of(toReceipt);
        double submitSeconds = (submitted - start) / 1e9;
        double deliveredSeconds = (Math.min(end, lastDelivered) - start) / 1e9;
        double intakeRate = seen.created.size() / submitSeconds;
        double deliveryRate = toReceipt.size() / deliveredSeconds;
        PrintStream o = System.out;
        o.printf(Locale.ROOT, "%stransport submit->201          %s%n", PREFIX, submit.line());
        o.printf(Locale.ROOT, "%stransport 201->DELIVERED+receipt %s%n", PREFIX, receipt.line());
        o.printf(Locale.ROOT, "%stransport %d accepted in %.2f s (%.1f req/s), all delivered with B's verified receipt after %.2f s (%.1f req/s)%n",
                PREFIX, seen.created.size(), submitSeconds, intakeRate, deliveredSeconds, deliveryRate);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("accepted", seen.created.size());
        m.put("delivered", toReceipt.size());
        m.put("submitTo201Millis", submit);
        m.put("createdToDeliveredMillis", receipt);
        m.put("submitSeconds", round(submitSeconds));
        m.put("intakePerSecond", round(intakeRate));
        m.put("allDeliveredSeconds", round(deliveredSeconds));
        m.put("deliveredPerSecond", round(deliveryRate));
        return m;
    }

    // ------------------------------------------------------------------ phase 2 (NetworkRoundTrip), checks (NetworkChecks)

    // ------------------------------------------------------------------ helpers

    interface Condition {
        boolean holds() throws Exception;
    }

    boolean await(Condition c) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (System.nanoTime() < deadline) {
            if (c.holds()) {
                return true;
            }
            TimeUnit.MILLISECONDS.sleep(pollMillis);
        }
        return c.holds();
    }

    /** The bare request A's contact point sends: the demo Art. 29 or the corpus's Protocol Art. 9, both addressed to IE. */
    private byte[] body() throws IOException {
        if (type == Type.ART29) {
            return Demo.sample();
        }
        return JSON.writeValueAsBytes(resource("/world/templates/PROTOCOL_ART9_EMERGENCY_DISCLOSURE.json").get("body"));
    }

    static JsonNode resource(String name) throws IOException {
        try (InputStream in = NetworkBenchmark.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing resource " + name);
            }
            return JSON.readTree(in);
        }
    }

    static String code(ContactPointClient.Answer a) {
        try {
            return a.body() == null ? "" : JSON.readTree(a.body()).path("code").asText("");
        } catch (IOException e) {
            return "";
        }
    }

    static Map<String, Object> jvm() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("java.version", System.getProperty("java.version"));
        m.put("java.vm.name", System.getProperty("java.vm.name"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("maxHeapMiB", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        m.put("loadAverageAtStart", round(java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        return m;
    }

    static double round(double d) {
        return Math.round(d * 100) / 100.0;
    }
}