package eu.eevidence.gw.gateway.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import eu.eevidence.gw.adapter.etsi.hi1.Hi1;
import eu.eevidence.gw.adapter.etsi.hi1.Hi1PortalSim;
import eu.eevidence.gw.gateway.demo.Demo;
import eu.eevidence.gw.gateway.node.GatewayNode;
import eu.eevidence.gw.gateway.node.NodeConfig;
import eu.eevidence.gw.gateway.order.FollowUpType;
import eu.eevidence.gw.gateway.order.Notice;
import eu.eevidence.gw.gateway.routing.PlatformSpec;
import eu.eevidence.gw.pki.DevPki;
import eu.eevidence.gw.pki.IssueRequest;
import eu.eevidence.gw.pki.KeyKind;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.pki.Tls;
import eu.eevidence.gw.pki.TrustAnchors;
import eu.eevidence.gw.testkit.ContactPointClient;
import eu.eevidence.gw.testkit.SimulatedPlatformPortal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Follow-ups travel (issue 17 item 1, ADR-0032), per channel and per follow-up type, on one node with three platforms:
 * {@code json-portal} (the simulated portal), {@code etsi-104144} and {@code etsi-103120} (a WireMock HI-1 portal over
 * mutual TLS). Each follow-up is delivered with its receipt checked and the deadline it changes confirmed, or refused at
 * submission with its code where the channel cannot carry it. Negative cases first.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FollowUpsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path CORPUS = Path.of("..", "message-schemas", "src", "test", "resources", "corpus");
    private static final Map<String, String> HI1 = Map.of("hi1.sender.country", "XX", "hi1.sender.id", "NODE",
            "hi1.receiver.country", "IE", "hi1.receiver.id", "PLATFORM");
    static final String JSON_PORTAL = Demo.PLATFORM_ID;
    static final String ETSI_104144 = "eu-push";
    static final String ETSI_103120 = "uk-poll";
    static final String MANUAL = "paper-co";

    @TempDir
    static Path dir;
    static DevPki pki;
    static TrustAnchors trust;
    static KeyMaterial hi1Key;
    static KeyMaterial platformKey;
    static KeyMaterial contactPoint;
    static WireMockServer hi1;
    static Hi1PortalSim sim = new Hi1PortalSim();
    static SimulatedPlatformPortal portal;
    static GatewayNode node;
    static ContactPointClient cp;

    @BeforeAll
    static void start() throws Exception {
        Clock clock = Clock.systemUTC();
        pki = DevPki.loadOrCreate(dir.resolve("pki"), clock);
        trust = TrustAnchors.of(List.of(pki.rootCertificate()));
        hi1Key = pki.issue(new IssueRequest("hi1 provider", Role.PLATFORM, List.of("127.0.0.1"), KeyKind.EC_P256, Duration.ofDays(2), true, true));
        platformKey = pki.issue(new IssueRequest("json provider", Role.PLATFORM, List.of("127.0.0.1"), KeyKind.EC_P256, Duration.ofDays(2), true, true));
        contactPoint = pki.issue(new IssueRequest("contact point", Role.CONTACT_POINT, List.of(), KeyKind.EC_P256, Duration.ofDays(2), false, true));
        char[] pw = "test-only-password".toCharArray();
        Path keystore = dir.resolve("portal.p12");
        hi1Key.savePkcs12(keystore, pw, "portal");
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry("root", pki.rootCertificate());
        Path truststore = dir.resolve("trust.p12");
        try (var out = Files.newOutputStream(truststore)) {
            ts.store(out, pw);
        }
        hi1 = new WireMockServer(options().bindAddress("127.0.0.1").httpDisabled(true).dynamicHttpsPort()
                .keystorePath(keystore.toString()).keystorePassword(new String(pw)).keyManagerPassword(new String(pw)).keystoreType("PKCS12")
                .needClientAuth(true).trustStorePath(truststore.toString()).trustStorePassword(new String(pw)).trustStoreType("PKCS12")
                .extensions(sim));
        hi1.start();
        hi1.stubFor(post(urlPathMatching("/(eevidence/.*|hi1)")).willReturn(aResponse().withTransformers(Hi1PortalSim.NAME)));
        portal = SimulatedPlatformPortal.start(platformKey, trust, dir.resolve("portal"), Duration.ofDays(90), clock);
        URI endpoint = URI.create("https://127.0.0.1:" + hi1.httpsPort() + "/");
        Map<String, String> poll = new HashMap<>(HI1);
        poll.put("poll.interval", "PT1H");
        NodeConfig config = NodeConfig.embedded(dir).withPort(0).withRetry(TestNetwork.FAST_RETRY).withPlatforms(List.of(
                new PlatformSpec(JSON_PORTAL, "json-portal", URI.create(portal.baseUrl()), platformKey.certificate(), List.of()),
                new PlatformSpec(ETSI_104144, "etsi-104144", endpoint, hi1Key.certificate(), List.of(), HI1),
                new PlatformSpec(ETSI_103120, "etsi-103120", endpoint, hi1Key.certificate(), List.of(), poll),
                new PlatformSpec(MANUAL, "manual-pdf", URI.create("https://lawenforcement.paper-co.example/"), platformKey.certificate(), List.of())));
        node = GatewayNode.start(config);
        cp = new ContactPointClient(node.baseUrl(), contactPoint, trust);
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
        if (hi1 != null) {
            hi1.stop();
        }
        if (portal != null) {
            portal.close();
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Submits the corpus's valid {@code type} (EU_EPOC or EU_EPOC_PR) to {@code platform}; waits for its receipt. */
    static String delivered(String type, String platform) throws Exception {
        if (MANUAL.equals(platform)) {
            return handedOver(type);
        }
        String body = Files.readString(CORPUS.resolve(type).resolve("valid.json")).replace("demo-platform", platform)
                .replaceAll("\"messageId\": \"[^\"]+\"", "\"messageId\": \"msg-fu-" + UUID.randomUUID() + "\"");
        ContactPointClient.Answer a = cp.post("api/v1/requests", body.getBytes(StandardCharsets.UTF_8), "application/json", "fu-" + UUID.randomUUID());
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        String id = JSON.readTree(a.body()).get("id").asText();
        await().atMost(Duration.ofSeconds(60)).until(() -> view(id).has("receiptId"));
        return id;
    }

    /** Submits to the manual-pdf platform and confirms the hand-off of its package (the request is then DELIVERED). */
    static String handedOver(String type) throws Exception {
        String body = Files.readString(CORPUS.resolve(type).resolve("valid.json")).replace("demo-platform", MANUAL)
                .replaceAll("\"messageId\": \"[^\"]+\"", "\"messageId\": \"msg-fu-" + UUID.randomUUID() + "\"");
        ContactPointClient.Answer a = cp.post("api/v1/requests", body.getBytes(StandardCharsets.UTF_8), "application/json", "fu-" + UUID.randomUUID());
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        String id = JSON.readTree(a.body()).get("id").asText();
        await().atMost(Duration.ofSeconds(60)).until(() -> cp.get("api/v1/requests/" + id + "/handoff").status() == 200);
        ContactPointClient.Answer c = send("POST", "api/v1/requests/" + id + "/handoff/confirm", "{\"platformReference\":\"PC-" + id + "\"}");
        assertThat(c.status()).as(c.body()).isEqualTo(200);
        return id;
    }

    /** An EPOC-PR the platform confirmed as preserved (its 60-day deadline running). */
    static String preserved(String platform) throws Exception {
        String id = delivered("EU_EPOC_PR", platform);
        if (!"PRESERVED".equals(view(id).path("state").asText())) { // HI-1: the provider pushes "datapreserved"
            String receipt = view(id).get("receiptId").asText();
            byte[] msg = Hi1PortalSim.pushed(UUID.randomUUID().toString(), List.of(Hi1PortalSim.notification("pres-" + UUID.randomUUID(), receipt,
                    "DataPreserved", "preserved", Instant.now().truncatedTo(ChronoUnit.SECONDS), ""))).getBytes(StandardCharsets.UTF_8);
            HttpResponse<String> r = HttpClient.newBuilder().sslContext(Tls.sslContext(hi1Key, trust)).build().send(
                    HttpRequest.newBuilder(URI.create(node.baseUrl() + "/eevidence/datapreserved")).header("Content-Type", "application/xml")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(msg)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> view(id).path("state").asText(), "PRESERVED"::equals);
        return id;
    }

    static JsonNode view(String id) throws Exception {
        return JSON.readTree(cp.get("api/v1/requests/" + id).body());
    }

    static JsonNode deadline(String id, String rule) throws Exception {
        JsonNode d = deadlineOrNull(id, rule);
        if (d == null) {
            throw new AssertionError("no deadline " + rule + " on " + id);
        }
        return d;
    }

    static JsonNode deadlineOrNull(String id, String rule) throws Exception {
        for (JsonNode d : JSON.readTree(cp.get("api/v1/requests/" + id + "/deadlines").body()).path("deadlines")) {
            if (rule.equals(d.path("rule").asText())) {
                return d;
            }
        }
        return null;
    }

    static List<String> timeline(String id) throws Exception {
        return JSON.readTree(cp.get("api/v1/requests/" + id + "/timeline").body()).get("events").findValuesAsText("event");
    }

    static ContactPointClient.Answer send(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node.baseUrl() + "/" + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        return cp.send(b.build());
    }

    static void assertProblem(ContactPointClient.Answer a, int status, String code) throws Exception {
        assertThat(a.status()).as(a.body()).isEqualTo(status);
        assertThat(JSON.readTree(a.body()).get("code").asText()).isEqualTo(code);
        assertThat(a.body()).doesNotContain("Exception");
    }

    static List<Notice> notices(String id) throws Exception {
        return node.requests().notices(id);
    }

    /** A new end for {@code rule}: 10 days after its current one. */
    static String later(String id, String rule) throws Exception {
        JsonNode d = deadlineOrNull(id, rule); // none yet on an EPOC-PR not preserved: the refusal comes first anyway
        JsonNode due = d == null ? null : d.get("dueAt");
        return due == null ? "2099-01-01T00:00:00Z" : Instant.parse(due.asText()).plus(Duration.ofDays(10)).toString();
    }

    /** An EPOC-PR whose preservation runs where the channel could carry its extensions (else only delivered). */
    static String preservedWhereCarried(String platform) throws Exception {
        return ETSI_103120.equals(platform) ? delivered("EU_EPOC_PR", platform) : preserved(platform);
    }

    /** Sends {@code type} for a fresh request on {@code platform}; returns the request id and the deadline rule it changes. */
    static String[] sendFollowUp(String platform, FollowUpType type) throws Exception {
        String id;
        String rule = null;
        ContactPointClient.Answer a;
        switch (type) {
            case WITHDRAWAL -> {
                id = delivered("EU_EPOC", platform);
                a = send("POST", "api/v1/requests/" + id + "/withdraw", "{\"reason\":\"suspect identified otherwise\"}");
            }
            case DEADLINE_CHANGE -> {
                id = delivered("EU_EPOC", platform);
                rule = "EPOC_PRODUCTION";
                a = send("PUT", "api/v1/requests/" + id + "/deadlines/" + rule, "{\"dueAt\":\"" + later(id, rule) + "\",\"reason\":\"more time\"}");
            }
            case ANNEX6_EXTENSION -> {
                id = preservedWhereCarried(platform);
                rule = "EPOC_PR_PRESERVATION";
                a = send("POST", "api/v1/requests/" + id + "/deadlines/" + rule + "/extend", null);
            }
            case PRESERVATION_EXTENSION -> {
                id = preservedWhereCarried(platform);
                rule = "EPOC_PR_PRESERVATION";
                a = send("PUT", "api/v1/requests/" + id + "/deadlines/" + rule, "{\"dueAt\":\"" + later(id, rule) + "\",\"reason\":\"pending MLA\"}");
            }
            case ANNEX5_CONFIRMATION -> {
                id = delivered("EU_EPOC_PR", platform);
                a = send("POST", "api/v1/requests/" + id + "/events", "{\"event\":\"SUBSEQUENT_REQUEST_CONFIRMED\"}");
            }
            case CLARIFICATION_ANSWER -> {
                id = delivered("EU_EPOC", platform);
                a = send("POST", "api/v1/requests/" + id + "/events", "{\"event\":\"CLARIFICATION_ANSWERED\",\"detail\":\"the account is 42\"}");
            }
            default -> {
                id = delivered("EU_EPOC", platform);
                a = send("POST", "api/v1/requests/" + id + "/correspondence", "{\"text\":\"please confirm the time zone\"}");
            }
        }
        return new String[] {id, rule, Integer.toString(a.status()), a.body()};
    }

    // ---------------------------------------------------------------- negative cases first

    @Test
    @Order(1)
    void aFollowUpForAnUnknownRequestIsNotFoundAndStoresNothing() throws Exception {
        String unknown = "REQ-01JDZZZZZZZZZZZZZZZZZZZZZZ";
        assertProblem(send("POST", "api/v1/requests/" + unknown + "/correspondence", "{\"text\":\"hello\"}"), 404, "EEG-REQ-NOT-FOUND");
        assertProblem(send("PUT", "api/v1/requests/" + unknown + "/deadlines/EPOC_PRODUCTION", "{\"dueAt\":\"2099-01-01T00:00:00Z\",\"reason\":\"x\"}"),
                404, "EEG-REQ-NOT-FOUND");
        assertProblem(send("POST", "api/v1/requests/" + unknown + "/events", "{\"event\":\"CLARIFICATION_ANSWERED\"}"), 404, "EEG-REQ-NOT-FOUND");
        String id = delivered("EU_EPOC", JSON_PORTAL);
        ContactPointClient other = new ContactPointClient(node.baseUrl(), pki.issue(new IssueRequest("another cp", Role.CONTACT_POINT, List.of(),
                KeyKind.EC_P256, Duration.ofDays(2), false, true)), trust);
        ContactPointClient.Answer foreign = other.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/api/v1/requests/" + id + "/correspondence"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"hello\"}")).build());
        assertProblem(foreign, 404, "EEG-REQ-NOT-FOUND");
        assertProblem(send("POST", "api/v1/requests/" + id + "/correspondence", "{}"), 422, "EEG-ACT-FOLLOW-UP-TEXT");
        assertThat(notices(id)).isEmpty();
        assertThat(timeline(id)).doesNotContain("FOLLOW_UP_QUEUED");
    }

    @Test
    @Order(2)
    void aFollowUpForAWithdrawnRequestIsRefusedAndStoresNothing() throws Exception {
        String id = delivered("EU_EPOC", JSON_PORTAL);
        assertThat(send("POST", "api/v1/requests/" + id + "/withdraw", "{\"reason\":\"no longer needed\"}").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> notices(id).stream().allMatch(Notice::sent));
        assertProblem(send("POST", "api/v1/requests/" + id + "/correspondence", "{\"text\":\"one more thing\"}"), 409, "EEG-ACT-FOLLOW-UP-WITHDRAWN");
        assertProblem(send("PUT", "api/v1/requests/" + id + "/deadlines/EPOC_PRODUCTION", "{\"dueAt\":\"2099-01-01T00:00:00Z\",\"reason\":\"x\"}"),
                409, "EEG-ACT-FOLLOW-UP-WITHDRAWN");
        assertProblem(send("POST", "api/v1/requests/" + id + "/events", "{\"event\":\"CLARIFICATION_ANSWERED\",\"detail\":\"late\"}"), 409,
                "EEG-ACT-FOLLOW-UP-WITHDRAWN");
        assertThat(notices(id)).extracting(Notice::kind).containsExactly("WITHDRAWAL");
        assertThat(timeline(id)).doesNotContain("CLARIFICATION_ANSWERED", "DEADLINE_CHANGED");
    }

    @Test
    @Order(3)
    void aFollowUpTheChannelCannotCarryIsRefusedAtSubmissionAndChangesNothing() throws Exception {
        String id = delivered("EU_EPOC", ETSI_103120);
        JsonNode before = deadline(id, "EPOC_PRODUCTION");
        ContactPointClient.Answer a = send("PUT", "api/v1/requests/" + id + "/deadlines/EPOC_PRODUCTION",
                "{\"dueAt\":\"" + later(id, "EPOC_PRODUCTION") + "\",\"reason\":\"more time\"}");
        assertProblem(a, 422, "EEG-ACT-FOLLOW-UP-UNSUPPORTED");
        assertThat(JSON.readTree(a.body()).get("detail").asText()).contains("etsi-103120").contains("DEADLINE_CHANGE");
        assertThat(deadline(id, "EPOC_PRODUCTION").get("dueAt").asText()).isEqualTo(before.get("dueAt").asText());
        assertThat(deadline(id, "EPOC_PRODUCTION").get("confirmedByAddressee").asBoolean()).isTrue();
        assertThat(notices(id)).isEmpty();
        assertThat(timeline(id)).doesNotContain("DEADLINE_CHANGED", "FOLLOW_UP_QUEUED");
    }

    @Test
    @Order(4)
    void aChangedDeadlineIsNotConfirmedUntilTheReceiptAndAFollowUpThatCannotBeDeliveredIsShownAndAlarmed() throws Exception {
        String id = delivered("EU_EPOC", JSON_PORTAL);
        portal.latency(Duration.ofSeconds(3)); // the portal's receipt cannot arrive before the checks below
        try {
            assertThat(send("PUT", "api/v1/requests/" + id + "/deadlines/EPOC_PRODUCTION",
                    "{\"dueAt\":\"" + later(id, "EPOC_PRODUCTION") + "\",\"reason\":\"more time\"}").status()).isEqualTo(200);
            assertThat(deadline(id, "EPOC_PRODUCTION").get("confirmedByAddressee").asBoolean()).isFalse();
            assertThat(view(id).get("followUps").get(0).get("delivered").asBoolean()).isFalse();
        } finally {
            portal.latency(Duration.ZERO);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> deadline(id, "EPOC_PRODUCTION").get("confirmedByAddressee").asBoolean());
        assertThat(timeline(id)).contains("FOLLOW_UP_QUEUED", "FOLLOW_UP_DELIVERED");

        String refused = delivered("EU_EPOC", JSON_PORTAL);
        portal.failNext(1, 400); // the portal refuses the follow-up for good
        assertThat(send("POST", "api/v1/requests/" + refused + "/correspondence", "{\"text\":\"a question\"}").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> view(refused).path("followUpsNotDelivered").asInt() == 1);
        JsonNode f = view(refused).get("followUps").get(0);
        assertThat(f.get("state").asText()).isEqualTo("FAILED");
        assertThat(f.get("lastError").asText()).startsWith("EEG-");
        assertThat(timeline(refused)).contains("FOLLOW_UP_NOT_DELIVERED");
        assertThat(node.requests().requestsWithUndeliveredFollowUps(null)).contains(refused).doesNotContain(id);
    }

    static Stream<FollowUpType> handedOffTypes() { // a manual-pdf EPOC-PR is delivered, not preserved: no extension to send here
        return Stream.of(FollowUpType.WITHDRAWAL, FollowUpType.DEADLINE_CHANGE, FollowUpType.ANNEX5_CONFIRMATION, FollowUpType.CLARIFICATION_ANSWER,
                FollowUpType.CORRESPONDENCE);
    }

    @ParameterizedTest(name = "manual-pdf {0}")
    @MethodSource("handedOffTypes")
    @Order(20)
    void aFollowUpToAManualPlatformIsAPackageOfItsOwnDeliveredWhenItsSubmitterConfirmsIt(FollowUpType type) throws Exception {
        String[] sent = sendFollowUp(MANUAL, type);
        String id = sent[0];
        String rule = sent[1];
        assertThat(Integer.parseInt(sent[2])).as(sent[3]).isEqualTo(200);
        Notice n = await().atMost(Duration.ofSeconds(60)).until(() -> notices(id).stream().filter(x -> x.kind().equals(type.name())).findFirst()
                .orElse(null), x -> x != null && "HANDOFF".equals(x.state()));
        Path pkg = Path.of(JSON.readTree(cp.get("api/v1/requests/" + id + "/handoff").body()).get("package").asText()).resolve(n.id());
        assertThat(pkg.resolve("followup.pdf")).exists();
        assertThat(pkg.resolve("manifest.p7s")).exists();
        assertThat(Files.readAllBytes(pkg.resolve("followup.p7m"))).isEqualTo(n.payload());
        assertThat(JSON.readTree(Files.readAllBytes(pkg.resolve("manifest.json"))).get("type").asText()).isEqualTo(type.name());
        if (rule != null) {
            assertThat(deadline(id, rule).get("confirmedByAddressee").asBoolean()).isFalse(); // handed off is not delivered
        }
        String confirm = "api/v1/requests/" + id + "/handoff/follow-ups/" + n.id() + "/confirm";
        assertProblem(send("POST", "api/v1/requests/" + id + "/handoff/follow-ups/NTC-NONE/confirm", "{\"platformReference\":\"X\"}"), 409,
                "EEG-CHN-NO-HANDOFF");
        assertProblem(send("POST", confirm, "{}"), 422, "EEG-CHN-BAD-REFERENCE");
        ContactPointClient.Answer ok = send("POST", confirm, "{\"platformReference\":\"PC-FU-1\"}");
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertProblem(send("POST", confirm, "{\"platformReference\":\"PC-FU-2\"}"), 409, "EEG-CHN-HANDOFF-CONFLICT");
        Notice done = notices(id).stream().filter(x -> x.id().equals(n.id())).findFirst().orElseThrow();
        assertThat(done.sent()).isTrue();
        assertThat(done.receiptId()).isEqualTo("PC-FU-1");
        assertThat(timeline(id)).contains("FOLLOW_UP_DELIVERED");
        if (rule != null) {
            assertThat(deadline(id, rule).get("confirmedByAddressee").asBoolean()).isTrue();
        }
    }

    // ---------------------------------------------------------------- per channel and type

    static Stream<Arguments> channelsAndTypes() {
        List<Arguments> out = new ArrayList<>();
        for (String platform : List.of(JSON_PORTAL, ETSI_104144, ETSI_103120)) {
            for (FollowUpType type : FollowUpType.values()) {
                if (type == FollowUpType.HASH_LIST) {
                    continue; // follows removal orders only (ADR-0038): HashListsIT, HashListsTest, JsonPortalHashListContractIT
                }
                boolean carried = !ETSI_103120.equals(platform) || type.operation().name().matches("WITHDRAWAL|CORRESPONDENCE");
                out.add(Arguments.of(platform, type, carried));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("channelsAndTypes")
    @Order(10)
    void eachFollowUpIsDeliveredWithItsReceiptOrRefusedWithItsCode(String platform, FollowUpType type, boolean carried) throws Exception {
        String[] sent = sendFollowUp(platform, type);
        String id = sent[0];
        String rule = sent[1];
        if (!carried) {
            assertThat(Integer.parseInt(sent[2])).as(sent[3]).isEqualTo(422);
            assertThat(JSON.readTree(sent[3]).get("code").asText()).isEqualTo("EEG-ACT-FOLLOW-UP-UNSUPPORTED");
            assertThat(notices(id)).isEmpty();
            return;
        }
        assertThat(Integer.parseInt(sent[2])).as(sent[3]).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).until(() -> notices(id).stream().anyMatch(n -> n.sent() || n.failed()));
        Notice n = notices(id).stream().filter(x -> x.kind().equals(type.name())).findFirst().orElseThrow();
        assertThat(n.state()).as(n.lastError()).isEqualTo("SENT");
        JsonNode shown = view(id).get("followUps").get(0);
        assertThat(shown.get("type").asText()).isEqualTo(type.name());
        assertThat(shown.get("receiptId").asText()).isEqualTo(n.receiptId());
        if (JSON_PORTAL.equals(platform)) { // the portal's receipt for exactly this notice, and its sealed content
            SimulatedPlatformPortal.Accepted got = portal.accepted().stream().filter(x -> x.idempotencyKey().equals(n.id())).findFirst().orElseThrow();
            assertThat(n.receiptId()).isEqualTo(got.receiptId());
            assertThat(got.payloadSha256()).isEqualTo(n.payloadSha256());
            JsonNode content = JSON.readTree(got.message().content());
            assertThat(content.get("type").asText()).isEqualTo(type.name());
            assertThat(content.get("requestId").asText()).isEqualTo(id);
        } else { // HI-1: the operation's path, the related order, the document's receipt
            assertThat(sim.applied).contains(n.id());
            assertThat(n.receiptId()).isEqualTo(Hi1.uuid(n.id() + (type == FollowUpType.ANNEX5_CONFIRMATION ? ":auth" : ":doc")));
            List<LoggedRequest> posts = hi1.findAll(postRequestedFor(urlPathMatching("/.*")).withHeader("Idempotency-Key",
                    com.github.tomakehurst.wiremock.client.WireMock.equalTo(n.id())));
            assertThat(posts).isNotEmpty();
            assertThat(posts.get(0).getBodyAsString()).contains(view(id).get("receiptId").asText());
            if (ETSI_104144.equals(platform)) {
                assertThat(posts.get(0).getUrl()).endsWith("/eevidence/" + Map.of(FollowUpType.WITHDRAWAL, "withdraw",
                        FollowUpType.DEADLINE_CHANGE, "newdeadline", FollowUpType.ANNEX6_EXTENSION, "preservationextension",
                        FollowUpType.PRESERVATION_EXTENSION, "preservationextension", FollowUpType.ANNEX5_CONFIRMATION, "subsequentproduction",
                        FollowUpType.CLARIFICATION_ANSWER, "correspondence", FollowUpType.CORRESPONDENCE, "correspondence").get(type));
            }
        }
        assertThat(timeline(id)).contains("FOLLOW_UP_DELIVERED");
        if (rule != null) {
            assertThat(shown.get("deadlineRule").asText()).isEqualTo(rule);
            assertThat(deadline(id, rule).get("confirmedByAddressee").asBoolean()).isTrue();
            assertThat(deadline(id, rule).get("dueAt").asText()).isEqualTo(shown.get("newDeadline").asText());
        }
    }
}
