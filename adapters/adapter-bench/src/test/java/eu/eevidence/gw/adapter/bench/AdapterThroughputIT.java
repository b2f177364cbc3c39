package eu.eevidence.gw.adapter.bench;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import eu.eevidence.gw.adapter.api.DeliveryOutcome;
import eu.eevidence.gw.adapter.api.DeliveryRequest;
import eu.eevidence.gw.adapter.api.PlatformAdapter;
import eu.eevidence.gw.adapter.api.PortalHttp;
import eu.eevidence.gw.adapter.etsi.hi1.Hi1PortalSim;
import eu.eevidence.gw.adapter.etsi103120.Etsi103120Adapter;
import eu.eevidence.gw.adapter.etsi104144.Etsi104144Adapter;
import eu.eevidence.gw.adapter.portal.json.JsonPortalAdapter;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Deliveries per second of each adapter against a WireMock portal on loopback (HTTP/1.1, no TLS; the portal
 * answers valid receipts). One command:
 * <pre>
 * mvn -B -q -o -pl adapters/adapter-bench -am verify -Deeg.bench=true -Dit.test=AdapterThroughputIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false
 * </pre>
 * Tunables: {@code -Deeg.bench.deliveries=2000 -Deeg.bench.concurrency=8 -Deeg.bench.payload=4096}. Prints one
 * {@code BENCH} line per adapter and writes them to {@code target/adapter-throughput.txt}. Every delivery must be
 * {@link DeliveryOutcome.Delivered}, or the run fails.
 */
class AdapterThroughputIT {

    private static final int DELIVERIES = Integer.getInteger("eeg.bench.deliveries", 2000);
    private static final int CONCURRENCY = Integer.getInteger("eeg.bench.concurrency", 8);
    private static final int PAYLOAD_BYTES = Integer.getInteger("eeg.bench.payload", 4096);
    private static final Map<String, String> HI1 = Map.of("hi1.sender.country", "XX", "hi1.sender.id", "NODE",
            "hi1.receiver.country", "IE", "hi1.receiver.id", "PLATFORM");

    /** The json-portal receipt: echoes the request id and digest. */
    static final class JsonReceipts implements ResponseDefinitionTransformerV2 {
        private final AtomicInteger n = new AtomicInteger();

        @Override
        public String getName() {
            return "json-receipts";
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public ResponseDefinition transform(ServeEvent e) {
            var r = e.getRequest();
            String body = "{\"receiptId\":\"R-" + n.incrementAndGet() + "\",\"requestId\":\"" + r.getHeader("X-Request-Id") + "\",\"payloadSha256\":\""
                    + r.getHeader("X-Payload-SHA256") + "\",\"receivedAt\":\"2026-11-25T10:00:00Z\",\"status\":\"RECEIVED\"}";
            return new ResponseDefinitionBuilder().withStatus(201).withHeader("Content-Type", "application/json").withBody(body).build();
        }
    }

    @Test
    void measuresDeliveriesPerSecondPerAdapter() throws Exception {
        assumeTrue(Boolean.getBoolean("eeg.bench"), "run with -Deeg.bench=true");
        byte[] payload = new byte[PAYLOAD_BYTES];
        new Random(7).nextBytes(payload);
        List<String> lines = new ArrayList<>();
        PortalHttp http = new PortalHttp(Duration.ofSeconds(5), Duration.ofSeconds(20), 1024 * 1024);
        lines.add(run(new JsonPortalAdapter(), "/le/v1/requests", "BUDAPEST_ART29_PRESERVATION", Map.of(), payload));
        lines.add(run(new Etsi103120Adapter(http, Clock.systemUTC()), "/hi1", "UK_COPO_PRODUCTION", HI1, payload));
        lines.add(run(new Etsi104144Adapter(http, Clock.systemUTC()), "/eevidence/production", "EU_EPOC", HI1, payload));
        Path out = Path.of("target", "adapter-throughput.txt");
        Files.write(out, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
        lines.forEach(System.out::println);
    }

    private static String run(PlatformAdapter adapter, String path, String type, Map<String, String> settings, byte[] payload) throws Exception {
        Hi1PortalSim sim = new Hi1PortalSim();
        WireMockServer portal = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().containerThreads(CONCURRENCY * 2 + 8)
                .disableRequestJournal().extensions(sim, new JsonReceipts()));
        portal.start();
        try {
            portal.stubFor(post(urlPathMatching(path.startsWith("/le") ? path : path + ".*"))
                    .willReturn(aResponse().withTransformers(path.startsWith("/le") ? "json-receipts" : Hi1PortalSim.NAME)));
            var dest = new DeliveryRequest.Destination("bench", URI.create("http://127.0.0.1:" + portal.port() + "/"), null, settings);
            String sha = PortalHttp.sha256(payload);
            go(adapter, dest, type, payload, sha, Math.max(100, DELIVERIES / 10), "warm"); // warm-up: JIT, connection pool
            long[] latencies = new long[DELIVERIES];
            long t0 = System.nanoTime();
            go(adapter, dest, type, payload, sha, DELIVERIES, "run", latencies);
            double seconds = (System.nanoTime() - t0) / 1e9;
            Arrays.sort(latencies);
            return String.format(java.util.Locale.ROOT, "BENCH kind=%s deliveries=%d concurrency=%d payload=%dB per_second=%.0f p50_ms=%.2f p99_ms=%.2f",
                    adapter.kind(), DELIVERIES, CONCURRENCY, payload.length, DELIVERIES / seconds, latencies[DELIVERIES / 2] / 1e6,
                    latencies[(int) (DELIVERIES * 0.99)] / 1e6);
        } finally {
            portal.stop();
        }
    }

    private static void go(PlatformAdapter adapter, DeliveryRequest.Destination dest, String type, byte[] payload, String sha, int count, String prefix)
            throws Exception {
        go(adapter, dest, type, payload, sha, count, prefix, new long[count]);
    }

    private static void go(PlatformAdapter adapter, DeliveryRequest.Destination dest, String type, byte[] payload, String sha, int count, String prefix,
                           long[] latencies) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
        try {
            AtomicInteger next = new AtomicInteger();
            List<Future<Integer>> done = new ArrayList<>();
            for (int w = 0; w < CONCURRENCY; w++) {
                done.add(pool.submit(() -> {
                    int ok = 0;
                    for (int i; (i = next.getAndIncrement()) < count; ) {
                        String id = "REQ-" + prefix + "-" + i;
                        long s = System.nanoTime();
                        DeliveryOutcome o = adapter.deliver(new DeliveryRequest(id, id, dest, type, payload, sha, 1));
                        latencies[i] = System.nanoTime() - s;
                        if (o instanceof DeliveryOutcome.Delivered) {
                            ok++;
                        } else {
                            throw new AssertionError(adapter.kind() + " delivery " + i + ": " + o);
                        }
                    }
                    return ok;
                }));
            }
            int total = 0;
            for (Future<Integer> f : done) {
                total += f.get();
            }
            assertThat(total).isEqualTo(count);
        } finally {
            pool.shutdownNow();
        }
    }
}
