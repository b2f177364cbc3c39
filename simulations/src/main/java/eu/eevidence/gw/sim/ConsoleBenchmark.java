package eu.eevidence.gw.sim;

import eu.eevidence.gw.gateway.node.GatewayNode;
import eu.eevidence.gw.gateway.node.NodeConfig;
import eu.eevidence.gw.pki.DevPki;
import eu.eevidence.gw.pki.IssueRequest;
import eu.eevidence.gw.pki.KeyKind;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.pki.TrustAnchors;
import eu.eevidence.gw.testkit.ContactPointClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code java -jar simulations/target/evidence-simulations.jar bench-console --requests 100000}: starts a real node (embedded
 * H2, development PKI), stores N synthetic requests with {@code bench-tracking}'s fill (a tenth of them, by default, owned by
 * the contact point who signs in), then times the console pages over HTTPS with the person's client certificate: the
 * dashboard {@code /console/} and the tracking list {@code /console/tracking} (first page, overdue, a later page, as the
 * contact point and as an auditor who sees all N), and the API's JSON list beside them for comparison. Each figure is the
 * time from sending the GET to the last byte of the page on one kept-alive loopback connection (TLS set up once), so it is
 * the server's time plus a loopback round trip. A benchmark, not a test: it prints percentiles and exits 0.
 */
@Command(name = "bench-console", mixinStandardHelpOptions = true,
        description = "Times the console's dashboard and tracking pages over HTTPS on N stored requests.")
public final class ConsoleBenchmark implements Callable<Integer> {

    @Option(names = "--requests", defaultValue = "100000", description = "How many requests to store (default: ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--owners", defaultValue = "10", description = "Distinct submitting certificates; the signed-in contact point is one of them "
            + "(default: ${DEFAULT-VALUE}).")
    int owners;

    @Option(names = "--repeat", defaultValue = "50", description = "Loads of each page (default: ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--data-dir", description = "Node directory (default: a temporary directory, deleted afterwards).")
    Path dataDir;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        boolean temporary = dataDir == null;
        Path dir = temporary ? Files.createTempDirectory("eeg-bench-console-") : dataDir;
        GatewayNode node = null;
        try {
            Clock clock = Clock.systemUTC();
            DevPki pki = DevPki.loadOrCreate(dir.resolve("pki"), clock);
            TrustAnchors trust = TrustAnchors.of(List.of(pki.rootCertificate()));
            KeyMaterial nodeKey = pki.issue(new IssueRequest("node bench", Role.NODE, List.of("127.0.0.1", "localhost"), KeyKind.EC_P256,
                    Duration.ofDays(2), true, true));
            KeyMaterial cpKey = pki.issue(new IssueRequest("bench contact point", Role.CONTACT_POINT, List.of(), KeyKind.EC_P256, Duration.ofDays(2),
                    false, true));
            KeyMaterial auditorKey = pki.issue(new IssueRequest("bench auditor", Role.AUDITOR, List.of(), KeyKind.EC_P256, Duration.ofDays(2), false, true));
            node = GatewayNode.start(NodeConfig.embedded(dir.resolve("node")).withPort(0).withKeys(nodeKey, trust));

            TrackingBenchmark fill = new TrackingBenchmark();
            fill.requests = requests;
            fill.owners = owners;
            fill.platforms = 50;
            fill.ownerZero = cpKey.fingerprint();
            long t0 = System.nanoTime();
            fill.fill(node.requests().database(), Instant.now(), false);
            out.printf(Locale.ROOT, "node at %s: stored %,d requests (%d owners; the contact point owns about %,d) in %.1f s%n", node.baseUrl(),
                    requests, owners, requests / owners, (System.nanoTime() - t0) / 1e9);

            ContactPointClient cp = new ContactPointClient(node.baseUrl(), cpKey, trust);
            ContactPointClient auditor = new ContactPointClient(node.baseUrl(), auditorKey, trust);
            List<String[]> rows = new ArrayList<>();
            rows.add(time("contact point: dashboard /console/", cp, "console/"));
            rows.add(time("contact point: tracking, first page", cp, "console/tracking"));
            rows.add(time("contact point: tracking, overdue", cp, "console/tracking?overdue=true"));
            rows.add(time("contact point: tracking, EPOC-PR by received", cp, "console/tracking?type=EU_EPOC_PR&sort=-receivedAt"));
            rows.add(time("contact point: tracking, page 20", cp, "console/tracking?page=20"));
            rows.add(time("contact point: API JSON list (compare)", cp, "api/v1/requests"));
            rows.add(time("auditor: tracking, first page", auditor, "console/tracking"));
            rows.add(time("auditor: tracking, overdue", auditor, "console/tracking?overdue=true"));
            rows.add(time("auditor: compliance (90 days)", auditor, "console/tracking/compliance"));
            out.printf(Locale.ROOT, "%-44s %10s %10s %10s %8s%n", "page (" + repeat + " loads, HTTPS, keep-alive)", "p50 ms", "p95 ms", "max ms",
                    "KiB");
            for (String[] r : rows) {
                out.printf(Locale.ROOT, "%-44s %10s %10s %10s %8s%n", (Object[]) r);
            }
            return 0;
        } finally {
            if (node != null) {
                node.close();
            }
            if (temporary) {
                try (var paths = Files.walk(dir)) {
                    paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    private String[] time(String name, ContactPointClient who, String path) throws Exception {
        ContactPointClient.Answer first = who.get(path); // warm-up (and the check that the page is served)
        if (first.status() != 200) {
            throw new IllegalStateException(path + " answered " + first.status() + ": " + first.body());
        }
        long[] ns = new long[repeat];
        for (int i = 0; i < repeat; i++) {
            long t = System.nanoTime();
            ContactPointClient.Answer a = who.get(path);
            ns[i] = System.nanoTime() - t;
            if (a.status() != 200) {
                throw new IllegalStateException(path + " answered " + a.status());
            }
        }
        Arrays.sort(ns);
        return new String[] {name, ms(ns[(int) Math.ceil(0.5 * repeat) - 1]), ms(ns[(int) Math.ceil(0.95 * repeat) - 1]), ms(ns[repeat - 1]),
                Integer.toString(first.body().length() / 1024)};
    }

    private static String ms(long ns) {
        return String.format(Locale.ROOT, "%.1f", ns / 1e6);
    }
}
