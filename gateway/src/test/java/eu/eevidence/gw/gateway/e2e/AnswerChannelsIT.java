package eu.eevidence.gw.gateway.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import eu.eevidence.gw.gateway.observe.TraceSettings;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import eu.eevidence.gw.adapter.etsi.hi1.Hi1PortalSim;
import eu.eevidence.gw.gateway.channel.AnswerPoller;
import eu.eevidence.gw.gateway.channel.CursorStore;
import eu.eevidence.gw.gateway.node.GatewayNode;
import eu.eevidence.gw.gateway.node.NodeConfig;
import eu.eevidence.gw.gateway.routing.PlatformSpec;
import eu.eevidence.gw.pki.DevPki;
import eu.eevidence.gw.pki.IssueRequest;
import eu.eevidence.gw.pki.KeyKind;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.pki.Tls;
import eu.eevidence.gw.pki.TrustAnchors;
import eu.eevidence.gw.testkit.ContactPointClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The answer channels on a running node, against a WireMock HI-1 portal over mutual TLS: an {@code etsi-104144} platform
 * pushes its answers to {@code POST /eevidence/*}; an {@code etsi-103120} platform is polled, its cursor persisted across a
 * restart. Negative cases first: no certificate, wrong role, unknown certificate, a POLL platform pushing, unknown
 * channel, oversized and malformed bodies, an answer on the wrong channel, answers naming no request of the platform.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AnswerChannelsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path CORPUS = Path.of("..", "message-schemas", "src", "test", "resources", "corpus");
    private static final Map<String, String> HI1 = Map.of("hi1.sender.country", "XX", "hi1.sender.id", "NODE",
            "hi1.receiver.country", "IE", "hi1.receiver.id", "PLATFORM");
    private static final int PUSH_LIMIT = 64 * 1024;

    @TempDir
    static Path dir;
    static DevPki pki;
    static TrustAnchors trust;
    static KeyMaterial pushKey;
    static KeyMaterial pollKey;
    static KeyMaterial contactPoint;
    static WireMockServer portal;
    static Hi1PortalSim sim = new Hi1PortalSim();
    static GatewayNode node;
    static InMemorySpanExporter spans;
    static int port;
    static ContactPointClient cp;
    static String pushRequest;
    static String pushReceipt;
    static String pollRequest;
    static String pollReceipt;

    @BeforeAll
    static void start() throws Exception {
        Clock clock = Clock.systemUTC();
        pki = DevPki.loadOrCreate(dir.resolve("pki"), clock);
        trust = TrustAnchors.of(List.of(pki.rootCertificate()));
        pushKey = pki.issue(new IssueRequest("eu provider", Role.PLATFORM, List.of("127.0.0.1"), KeyKind.EC_P256, Duration.ofDays(2), true, true));
        pollKey = pki.issue(new IssueRequest("uk provider", Role.PLATFORM, List.of(), KeyKind.EC_P256, Duration.ofDays(2), false, true));
        contactPoint = pki.issue(new IssueRequest("contact point", Role.CONTACT_POINT, List.of(), KeyKind.EC_P256, Duration.ofDays(2), false, true));
        char[] pw = "test-only-password".toCharArray();
        Path keystore = dir.resolve("portal.p12");
        pushKey.savePkcs12(keystore, pw, "portal");
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry("root", pki.rootCertificate());
        Path truststore = dir.resolve("trust.p12");
        try (var out = Files.newOutputStream(truststore)) {
            ts.store(out, pw);
        }
        portal = new WireMockServer(options().bindAddress("127.0.0.1").httpDisabled(true).dynamicHttpsPort()
                .keystorePath(keystore.toString()).keystorePassword(new String(pw)).keyManagerPassword(new String(pw)).keystoreType("PKCS12")
                .needClientAuth(true).trustStorePath(truststore.toString()).trustStorePassword(new String(pw)).trustStoreType("PKCS12")
                .extensions(sim));
        portal.start();
        portal.stubFor(post(urlPathMatching("/(eevidence/.*|hi1)")).willReturn(aResponse().withTransformers(Hi1PortalSim.NAME)));
        startNode();
        cp = new ContactPointClient(node.baseUrl(), contactPoint, trust);
        pushRequest = submit("eu-push");
        pollRequest = submit("uk-poll");
        pushReceipt = awaitDelivered(pushRequest);
        pollReceipt = awaitDelivered(pollRequest);
    }

    static void startNode() throws Exception {
        URI endpoint = URI.create("https://127.0.0.1:" + portal.httpsPort() + "/");
        Map<String, String> push = new java.util.HashMap<>(HI1);
        push.put("push.maxBodyBytes", Integer.toString(PUSH_LIMIT));
        Map<String, String> poll = new java.util.HashMap<>(HI1);
        poll.put("poll.interval", "PT1H"); // the test polls with pollNow; the scheduler only polls once at start
        NodeConfig config = NodeConfig.embedded(dir).withPort(port).withRetry(TestNetwork.FAST_RETRY).withPlatforms(List.of(
                new PlatformSpec("eu-push", "etsi-104144", endpoint, pushKey.certificate(), List.of(), push),
                new PlatformSpec("uk-poll", "etsi-103120", endpoint, pollKey.certificate(), List.of(), poll)));
        spans = InMemorySpanExporter.create(); // a node's close shuts its exporter down
        node = GatewayNode.start(config.withTracing(TraceSettings.exportingTo(spans)));
        port = URI.create(node.baseUrl()).getPort();
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
        if (portal != null) {
            portal.stop();
        }
    }

    private static String submit(String platform) throws Exception {
        String body = Files.readString(CORPUS.resolve("EU_EPOC").resolve("valid.json")).replace("demo-platform", platform)
                .replace("msg-epoc-0001", "msg-epoc-" + UUID.randomUUID());
        ContactPointClient.Answer a = cp.post("api/v1/requests", body.getBytes(StandardCharsets.UTF_8), "application/json", "ac-" + UUID.randomUUID());
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        return JSON.readTree(a.body()).get("id").asText();
    }

    private static String awaitDelivered(String id) throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> view(id).path("state").asText(), "DELIVERED"::equals);
        return view(id).get("receiptId").asText();
    }

    private static JsonNode view(String id) throws Exception {
        return JSON.readTree(cp.get("api/v1/requests/" + id).body());
    }

    private static String state(String id) throws Exception {
        return view(id).get("state").asText();
    }

    private static int timelineSize(String id) throws Exception {
        return JSON.readTree(cp.get("api/v1/requests/" + id + "/timeline").body()).get("events").size();
    }

    private static HttpResponse<String> push(KeyMaterial key, String channel, byte[] body, boolean chunked) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(Tls.sslContext(key, trust)).connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest.BodyPublisher publisher = chunked ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
                : HttpRequest.BodyPublishers.ofByteArray(body);
        return client.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/eevidence/" + channel)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/xml").POST(publisher).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] message(String... objects) {
        return Hi1PortalSim.pushed(UUID.randomUUID().toString(), List.of(objects)).getBytes(StandardCharsets.UTF_8);
    }

    private static String notification(String id, String reference, String type) {
        return Hi1PortalSim.notification(id, reference, type, "details", Instant.parse("2026-11-25T10:00:00Z"), "");
    }

    private static void assertCode(HttpResponse<String> r, int status, String code) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.body()).contains(code).doesNotContain("Exception");
    }

    @Test
    @Order(0)
    void eachDeliveryToThePortalCarriesTheTraceOfItsIntake() {
        List<SpanData> intakes = spans.getFinishedSpanItems().stream()
                .filter(s -> s.getKind() == SpanKind.SERVER && "POST /api/v1/requests".equals(s.getName())).toList();
        assertThat(intakes).hasSize(2);
        List<String> sent = portal.findAll(postRequestedFor(urlPathMatching("/(eevidence/.*|hi1)"))).stream()
                .map(r -> r.getHeader("traceparent")).filter(java.util.Objects::nonNull).toList();
        for (SpanData intake : intakes) {
            SpanData attempt = spans.getFinishedSpanItems().stream().filter(s -> "eeg.delivery.attempt".equals(s.getName())
                    && s.getParentSpanId().equals(intake.getSpanId())).findFirst().orElseThrow();
            assertThat(attempt.getTraceId()).isEqualTo(intake.getTraceId());
            assertThat(sent).as("the portal's traceparent headers").anyMatch(h -> h.startsWith("00-" + intake.getTraceId() + "-" + attempt.getSpanId() + "-"));
        }
    }

    @Test
    @Order(1)
    void pushesFromAnyoneButThePlatformOrOutsideTheRulesChangeNothing() throws Exception {
        byte[] ack = message(notification("ack-1", pushReceipt, "Received"));
        assertCode(push(null, "correspondence", ack, false), 401, "EEG-CHN-NO-CERT");
        assertCode(push(contactPoint, "correspondence", ack, false), 403, "EEG-CHN-ROLE");
        KeyMaterial stranger = pki.issue(new IssueRequest("stranger", Role.PLATFORM, List.of(), KeyKind.EC_P256, Duration.ofDays(2), false, true));
        assertCode(push(stranger, "correspondence", ack, false), 403, "EEG-CHN-UNKNOWN-PLATFORM");
        assertCode(push(pollKey, "correspondence", ack, false), 403, "EEG-CHN-NOT-PUSH");
        assertCode(push(pushKey, "elsewhere", ack, false), 404, "EEG-CHN-UNKNOWN-CHANNEL");
        byte[] big = new byte[PUSH_LIMIT + 1];
        assertCode(push(pushKey, "outcome", big, false), 413, "EEG-CHN-TOO-LARGE");
        assertCode(push(pushKey, "outcome", big, true), 413, "EEG-CHN-TOO-LARGE");
        assertThat(push(pushKey, "correspondence", "<not-hi1".getBytes(StandardCharsets.UTF_8), false).statusCode()).isEqualTo(400);
        // a Form 3 on the outcome channel
        assertCode(push(pushKey, "outcome", message(notification("f3-1", pushReceipt, "DataNotHeld")), false), 400, "EEG-EEV-CHANNEL-MISMATCH");
        // answers naming an unknown order, and the order of another platform
        assertCode(push(pushKey, "correspondence", message(notification("ack-x", UUID.randomUUID().toString(), "Received")), false), 400,
                "EEG-CHN-UNKNOWN-REFERENCE");
        assertCode(push(pushKey, "correspondence", message(notification("ack-y", pollReceipt, "Received")), false), 400, "EEG-CHN-UNKNOWN-REFERENCE");
        assertThat(state(pushRequest)).isEqualTo("DELIVERED");
        assertThat(state(pollRequest)).isEqualTo("DELIVERED");
        assertThat(count("SELECT COUNT(*) FROM portal_answer")).isZero();
    }

    @Test
    @Order(2)
    void pushedAnswersMoveTheRequestOnceAndDataPartsCompleteItWhateverTheirOrder() throws Exception {
        byte[] ack = message(notification("ack-1", pushReceipt, "Received"));
        HttpResponse<String> r = push(pushKey, "correspondence", ack, false);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("CREATEResponse").contains("ack-1");
        assertThat(state(pushRequest)).isEqualTo("ACKNOWLEDGED");
        int events = timelineSize(pushRequest);
        assertThat(push(pushKey, "correspondence", ack, false).statusCode()).isEqualTo(200); // the platform resends
        assertThat(timelineSize(pushRequest)).isEqualTo(events);

        byte[] one = "part one".getBytes(StandardCharsets.UTF_8);
        byte[] two = "part two, the last".getBytes(StandardCharsets.UTF_8);
        byte[] part2 = message(Hi1PortalSim.inlineDelivery("dl-2", pushReceipt, "D1", 2, true, two, sha256(two)));
        byte[] part1 = message(Hi1PortalSim.inlineDelivery("dl-1", pushReceipt, "D1", 1, false, one, sha256(one)));
        assertThat(push(pushKey, "outcome", part2, false).statusCode()).isEqualTo(200);
        assertThat(state(pushRequest)).isEqualTo("PARTIALLY_EXECUTED");
        assertThat(push(pushKey, "outcome", part1, true).statusCode()).isEqualTo(200);
        assertThat(state(pushRequest)).isEqualTo("COMPLETED");
        int done = timelineSize(pushRequest);
        assertThat(push(pushKey, "outcome", part1, false).statusCode()).isEqualTo(200);
        assertThat(state(pushRequest)).isEqualTo("COMPLETED");
        assertThat(timelineSize(pushRequest)).isEqualTo(done);
        assertThat(count("SELECT COUNT(*) FROM portal_answer WHERE platform_id = 'eu-push'")).isEqualTo(3);
        assertThat(count("SELECT COUNT(*) FROM portal_answer_item WHERE request_id = '" + pushRequest + "'")).isEqualTo(2);
        // the delivered bytes are in the encrypted evidence store, once each, with the manifest's SHA-256
        assertThat(count("SELECT COUNT(*) FROM evidence_item WHERE request_id = '" + pushRequest + "' AND (sha256 = '" + sha256(one)
                + "' OR sha256 = '" + sha256(two) + "')")).isEqualTo(2);
        node.custody().flush();
        // per item: received with the answer's manifest (EVIDENCE_RECEIVED), then stored encrypted after its checks (EVIDENCE_STORED)
        assertThat(count("SELECT COUNT(*) FROM custody_record WHERE request_id = '" + pushRequest + "' AND event_type = 'EVIDENCE_RECEIVED'"))
                .isEqualTo(2);
        assertThat(count("SELECT COUNT(*) FROM custody_record WHERE request_id = '" + pushRequest + "' AND event_type = 'EVIDENCE_STORED'"))
                .isEqualTo(2);
    }

    @Test
    @Order(3)
    void aPollFailureBacksOffAsThePortalAsks() throws Exception {
        var outage = portal.stubFor(post(urlPathEqualTo("/hi1")).atPriority(1)
                .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "120")));
        try {
            AnswerPoller.PollResult r = node.probe().answerPoller().pollNow("uk-poll");
            assertThat(r.failureCode()).isNotNull();
            assertThat(r.nextIn()).isGreaterThanOrEqualTo(Duration.ofSeconds(120));
        } finally {
            portal.removeStub(outage);
        }
    }

    @Test
    @Order(4)
    void polledAnswersAreStoredOnceAndARestartResumesFromTheCursor() throws Exception {
        Instant t1 = Instant.parse("2026-11-25T11:00:00Z");
        sim.hold("n-ack", "NotificationObject", t1, Hi1PortalSim.notification("n-ack", pollReceipt, "Received", "got it", t1, ""));
        sim.hold("n-other", "NotificationObject", t1, Hi1PortalSim.notification("n-other", pushReceipt, "DataNotHeld", "not ours", t1, ""));
        AnswerPoller.PollResult first = node.probe().answerPoller().pollNow("uk-poll");
        assertThat(first.failureCode()).isNull();
        assertThat(first.stored()).isEqualTo(1);
        assertThat(first.unmatched()).isEqualTo(1); // the order of another platform: nothing changes
        assertThat(state(pollRequest)).isEqualTo("ACKNOWLEDGED");
        assertThat(state(pushRequest)).isEqualTo("COMPLETED");
        int events = timelineSize(pollRequest);

        AnswerPoller.PollResult overlap = node.probe().answerPoller().pollNow("uk-poll"); // the last instant comes again
        assertThat(overlap.stored()).isZero();
        assertThat(overlap.duplicates()).isEqualTo(1);
        assertThat(timelineSize(pollRequest)).isEqualTo(events);

        Instant t2 = Instant.parse("2026-11-25T12:00:00Z");
        byte[] data = "all of it".getBytes(StandardCharsets.UTF_8);
        sim.hold("d-1", "DeliveryObject", t2, Hi1PortalSim.inlineDelivery("d-1", pollReceipt, "D9", 1, true, data, sha256(data)));
        assertThat(node.probe().answerPoller().pollNow("uk-poll").stored()).isEqualTo(1);
        assertThat(state(pollRequest)).isEqualTo("COMPLETED");
        assertThat(new CursorStore(node.requests().database()).read("uk-poll")).contains(t2.toString());

        node.close();
        startNode();
        cp = new ContactPointClient(node.baseUrl(), contactPoint, trust);
        assertThat(new CursorStore(node.requests().database()).read("uk-poll")).contains(t2.toString());
        AnswerPoller.PollResult resumed = node.probe().answerPoller().pollNow("uk-poll");
        assertThat(resumed.answers()).isEqualTo(1); // only the object changed at the cursor's instant, not the three since the start
        assertThat(resumed.stored()).isZero();
        assertThat(state(pollRequest)).isEqualTo("COMPLETED");
        assertThat(count("SELECT COUNT(*) FROM portal_answer WHERE platform_id = 'uk-poll'")).isEqualTo(2);
    }

    @Test
    @Order(5)
    void figurePushedAnswersStoredAndRepliedPerSecond() throws Exception {
        int n = 30;
        long[] ms = new long[n];
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            HttpResponse<String> r = push(pushKey, "correspondence", message(notification("corr-" + i, pushReceipt, "Statement")), false);
            ms[i] = (System.nanoTime() - t0) / 1_000_000;
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }
        long total = (System.nanoTime() - start) / 1_000_000;
        java.util.Arrays.sort(ms);
        System.out.printf("FIGURE push channel: %d answers stored and replied in %d ms (%.1f/s sequential), p50 %d ms, max %d ms%n", n, total,
                n * 1000.0 / Math.max(1, total), ms[n / 2], ms[n - 1]);
        assertThat(count("SELECT COUNT(*) FROM portal_answer WHERE platform_id = 'eu-push' AND answer_kind = 'Correspondence'")).isEqualTo(n);
    }

    private static long count(String sql) throws Exception {
        return node.requests().database().read(c -> {
            try (var ps = c.connection().prepareStatement(sql); var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
