package eu.eevidence.gw.gateway.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.eevidence.gw.gateway.cli.GatewayCli;
import eu.eevidence.gw.gateway.demo.Demo;
import eu.eevidence.gw.gateway.infra.EmbeddedBroker;
import eu.eevidence.gw.gateway.network.NodeIdentity;
import eu.eevidence.gw.gateway.network.NodeRole;
import eu.eevidence.gw.gateway.network.PeerSpec;
import eu.eevidence.gw.gateway.node.GatewayNode;
import eu.eevidence.gw.gateway.node.NodeConfig;
import eu.eevidence.gw.gateway.node.PlatformSpec;
import eu.eevidence.gw.gateway.order.RequestRecord;
import eu.eevidence.gw.gateway.order.RequestState;
import eu.eevidence.gw.pki.DevPki;
import eu.eevidence.gw.pki.IssueRequest;
import eu.eevidence.gw.pki.KeyKind;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.pki.TrustAnchors;
import eu.eevidence.gw.testkit.ContactPointClient;
import eu.eevidence.gw.testkit.SimulatedPlatformPortal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The flows of issue 8 across two nodes, end to end with the real pieces on both sides: France's node (A, requesting
 * Party) and Ireland's node (B, requested Party) with Ireland's platform behind B (a simulated json-portal). A's 24/7
 * contact point sends; B's contact point reviews the case and decides; B's platform answers; the answers travel back to
 * A through B's outbox with signed receipts; both custody logs verify at the end.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoNodeFlowsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EmbeddedBroker.RetryPolicy RETRY = new EmbeddedBroker.RetryPolicy(Duration.ofMillis(100), 1.5, Duration.ofSeconds(1), 40);
    private static final NodeIdentity FR = new NodeIdentity("fr-247", "FR", NodeRole.CONTACT_POINT_24_7);
    private static final NodeIdentity IE = new NodeIdentity("ie-247", "IE", NodeRole.CONTACT_POINT_24_7);
    private static final NodeIdentity NL = new NodeIdentity("nl-247", "NL", NodeRole.CONTACT_POINT_24_7);

    @TempDir
    static Path dir;
    TrustAnchors trust;
    KeyMaterial platformKey;
    SimulatedPlatformPortal portal;
    GatewayNode nodeA;
    GatewayNode nodeB;
    GatewayNode nodeC;
    ContactPointClient cpA;
    ContactPointClient cpB;
    ContactPointClient cpC;
    String preservedOnA;
    String domesticOnB;
    String caseOnB;
    ContactPointClient platform;

    @BeforeAll
    void twoCountries() throws Exception {
        DevPki pki = DevPki.loadOrCreate(dir.resolve("pki"), Clock.systemUTC());
        trust = TrustAnchors.of(List.of(pki.rootCertificate()));
        KeyMaterial keyA = node(pki, "node fr-247");
        KeyMaterial keyB = node(pki, "node ie-247");
        platformKey = pki.issue(new IssueRequest("demo platform ireland", Role.PLATFORM, List.of("127.0.0.1"), KeyKind.EC_P256, Duration.ofDays(3), true, true));
        portal = SimulatedPlatformPortal.start(platformKey, trust, dir.resolve("portal"), Duration.ofDays(90), Clock.systemUTC());
        KeyMaterial keyC = node(pki, "node nl-247");
        int portA = freePort();
        int portB = freePort();
        int portC = freePort();
        PeerSpec peerA = new PeerSpec(FR, URI.create("https://127.0.0.1:" + portA + "/"), keyA.certificate(), Set.of());
        PeerSpec peerB = new PeerSpec(IE, URI.create("https://127.0.0.1:" + portB + "/"), keyB.certificate(), Set.of());
        PeerSpec peerC = new PeerSpec(NL, URI.create("https://127.0.0.1:" + portC + "/"), keyC.certificate(), Set.of());
        nodeC = GatewayNode.start(new NodeConfig(dir.resolve("c"), "127.0.0.1", portC, null, null, null, keyC, trust, List.of(), RETRY, 0, null)
                .withNetwork(NL, List.of(peerA)));
        nodeB = GatewayNode.start(new NodeConfig(dir.resolve("b"), "127.0.0.1", portB, null, null, null, keyB, trust,
                List.of(new PlatformSpec(Demo.PLATFORM_ID, "json-portal", URI.create(portal.baseUrl()), platformKey.certificate(), List.of())),
                RETRY, 0, null).withNetwork(IE, List.of(peerA)));
        nodeA = GatewayNode.start(new NodeConfig(dir.resolve("a"), "127.0.0.1", portA, null, null, null, keyA, trust, List.of(), RETRY, 0, null)
                .withNetwork(FR, List.of(peerB, peerC)));
        cpA = new ContactPointClient(nodeA.baseUrl(), pki.issue(new IssueRequest("OFAC 24/7", Role.CONTACT_POINT, List.of(), KeyKind.EC_P256,
                Duration.ofDays(3), false, true)), trust);
        cpB = new ContactPointClient(nodeB.baseUrl(), pki.issue(new IssueRequest("GNCCB 24/7", Role.CONTACT_POINT, List.of(), KeyKind.EC_P256,
                Duration.ofDays(3), false, true)), trust);
        platform = new ContactPointClient(nodeB.baseUrl(), platformKey, trust);
        cpC = new ContactPointClient(nodeC.baseUrl(), pki.issue(new IssueRequest("Team High Tech Crime 24/7", Role.CONTACT_POINT, List.of(),
                KeyKind.EC_P256, Duration.ofDays(3), false, true)), trust);
    }

    @AfterAll
    void stop() {
        for (AutoCloseable c : new AutoCloseable[] {nodeA, nodeB, nodeC, portal}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // best effort
            }
        }
    }

    // ------------------------------------------------------------------ refusals first

    @Test
    @Order(1)
    void theRequestingNodesContactPointCannotDecideCasesOnTheRequestedNode() throws Exception {
        ContactPointClient.Answer listed = cpA.get("api/v1/cases");
        assertThat(listed.status()).as(listed.body()).isEqualTo(200);
        assertThat(JSON.readTree(listed.body()).path("items")).isEmpty();
        ContactPointClient.Answer platformAsks = platform.get("api/v1/cases");
        assertThat(platformAsks.status()).as(platformAsks.body()).isEqualTo(403);
    }

    // ------------------------------------------------------------------ Art. 29 -> review -> domestic order -> confirmation back

    @Test
    @Order(10)
    void anArt29PreservationIsReviewedOrderedPreservedAndConfirmedBackToTheRequestingParty() throws Exception {
        String requestA = submit(art29("FR-OFAC-FLOW-29"), "flow-29");
        awaitState(nodeA, requestA, RequestState.DELIVERED);
        JsonNode c = awaitCaseFor("fr-247:" + requestA, "RECEIVED");
        assertThat(c.path("fromCountry").asText("FR")).isEqualTo("FR");

        ContactPointClient.Answer accepted = decide(c.get("id").asText(), "{\"decision\":\"ACCEPT\",\"platformId\":\"" + Demo.PLATFORM_ID + "\"}");
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
        String domestic = JSON.readTree(accepted.body()).get("domesticRequestId").asText();

        RequestRecord onA = awaitState(nodeA, requestA, RequestState.PRESERVED);
        assertThat(onA.preservationEnd()).isNotNull();
        assertThat(nodeB.requests().find(domestic).orElseThrow().state()).isEqualTo(RequestState.PRESERVED);
        assertThat(portal.accepted()).anyMatch(a -> a.requestId().equals(domestic));
        assertThat(nodeA.requests().timeline(requestA)).anyMatch(e -> "node:ie-247".equals(e.actor()));
        awaitCaseState(c.get("id").asText(), "PRESERVED");
        preservedOnA = requestA;
        domesticOnB = domestic;
        caseOnB = c.get("id").asText();
    }

    // ------------------------------------------------------------------ Art. 30 -> a third Party

    @Test
    @Order(15)
    void anArt30DisclosureNamesAThirdPartysProviderAndTheRequesterPreservesThereToo() throws Exception {
        // executing the preservation, B finds that the transmission came through a provider in NL: B's contact point
        // discloses enough traffic data to identify it (Art. 30); refusals first
        ObjectNode disclosure = (ObjectNode) JSON.readTree(TwoNodeFlowsIT.class.getResourceAsStream("/cases/BUDAPEST_ART30_PARTIAL_DISCLOSURE.json")).get("body");
        ((ObjectNode) disclosure.get("thirdStateProvider")).put("country", "NL");
        ObjectNode noPath = disclosure.deepCopy();
        noPath.remove("path");
        ContactPointClient.Answer invalid = cpB.post("api/v1/cases/" + caseOnB + "/disclosure", JSON.writeValueAsBytes(noPath), "application/json", null);
        assertProblem(invalid, 422, "EEG-CASE-FIELD");
        assertProblem(cpB.post("api/v1/cases/CASE-00000000000000000000000000/disclosure", JSON.writeValueAsBytes(disclosure), "application/json",
                null), 404, "EEG-CASE-NOT-FOUND");
        ContactPointClient.Answer notReviewer = platform.post("api/v1/cases/" + caseOnB + "/disclosure", JSON.writeValueAsBytes(disclosure),
                "application/json", null);
        assertProblem(notReviewer, 403, "EEG-AUTH-ROLE");
        ContactPointClient.Answer disclosed = cpB.post("api/v1/cases/" + caseOnB + "/disclosure", JSON.writeValueAsBytes(disclosure),
                "application/json", null);
        assertThat(disclosed.status()).as(disclosed.body()).isEqualTo(200);

        await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(100))
                .until(() -> nodeA.requests().timeline(preservedOnA), t -> t.stream().anyMatch(e -> "node:ie-247".equals(e.actor())
                        && e.detail() != null && e.detail().contains("BUDAPEST_ART30_PARTIAL_DISCLOSURE")));
        assertThat(nodeA.requests().find(preservedOnA).orElseThrow().state()).as("the preservation continues").isEqualTo(RequestState.PRESERVED);
        assertThat(nodeB.requests().find(domesticOnB).orElseThrow().state()).isEqualTo(RequestState.PRESERVED);

        // A forwards a new preservation to the third Party, whose node opens a case for its own review
        ObjectNode toNl = (ObjectNode) JSON.readTree(art29("FR-OFAC-FLOW-30-NL"));
        toNl.put("requestedParty", "NL");
        String requestToC = submit(JSON.writeValueAsBytes(toNl), "flow-30-nl");
        awaitState(nodeA, requestToC, RequestState.DELIVERED);
        JsonNode caseOnC = await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(100)).until(() -> {
            for (JsonNode k : JSON.readTree(cpC.get("api/v1/cases").body()).path("items")) {
                if (("fr-247:" + requestToC).equals(k.path("messageId").asText())) {
                    return k;
                }
            }
            return null;
        }, k -> k != null);
        assertThat(caseOnC.path("state").asText()).isEqualTo("RECEIVED");
        assertThat(JSON.readTree(cpB.get("api/v1/cases").body()).path("items").findValuesAsText("messageId")).doesNotContain("fr-247:" + requestToC);
    }

    // ------------------------------------------------------------------ refusal, clarification, postponement

    @Test
    @Order(20)
    void aRefusalOnTheRequestedSideEndsTheRequestRefusedOnTheRequestingSide() throws Exception {
        String requestA = submit(art29("FR-OFAC-FLOW-REFUSE"), "flow-refuse");
        JsonNode c = awaitCaseFor("fr-247:" + requestA, "RECEIVED");
        ContactPointClient.Answer refused = decide(c.get("id").asText(),
                "{\"decision\":\"REFUSE\",\"code\":\"ESSENTIAL_INTERESTS\",\"reason\":\"the request concerns a political offence\"}");
        assertThat(refused.status()).as(refused.body()).isEqualTo(200);
        awaitState(nodeA, requestA, RequestState.REFUSED);
        assertThat(portal.accepted()).noneMatch(a -> a.requestId().contains(requestA));
    }

    @Test
    @Order(21)
    void aQuestionFromTheRequestedSideAsksTheRequesterForClarification() throws Exception {
        String requestA = submit(art29("FR-OFAC-FLOW-CLARIFY"), "flow-clarify");
        JsonNode c = awaitCaseFor("fr-247:" + requestA, "RECEIVED");
        ContactPointClient.Answer asked = decide(c.get("id").asText(),
                "{\"decision\":\"CLARIFY\",\"question\":\"Which account handle: the numeric id or the display name?\"}");
        assertThat(asked.status()).as(asked.body()).isEqualTo(200);
        awaitState(nodeA, requestA, RequestState.CLARIFICATION_REQUESTED);
    }

    @Test
    @Order(22)
    void aWithdrawalAfterTheDomesticOrderWithdrawsItAtThePlatform() throws Exception {
        String requestA = submit(art29("FR-OFAC-FLOW-WITHDRAW"), "flow-withdraw");
        JsonNode c = awaitCaseFor("fr-247:" + requestA, "RECEIVED");
        String caseId = c.get("id").asText();
        ContactPointClient.Answer accepted = decide(caseId, "{\"decision\":\"ACCEPT\",\"platformId\":\"" + Demo.PLATFORM_ID + "\"}");
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
        String domestic = JSON.readTree(accepted.body()).get("domesticRequestId").asText();
        awaitState(nodeB, domestic, RequestState.PRESERVED);
        awaitState(nodeA, requestA, RequestState.PRESERVED);

        ContactPointClient.Answer withdrawn = cpA.post("api/v1/requests/" + requestA + "/withdraw",
                "{\"reason\":\"the suspect was identified otherwise\"}".getBytes(StandardCharsets.UTF_8), "application/json", null);
        assertThat(withdrawn.status()).as(withdrawn.body()).isEqualTo(200);
        awaitCaseState(caseId, "WITHDRAWN");
        awaitState(nodeB, domestic, RequestState.WITHDRAWN);
        await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(100))
                .until(() -> nodeB.requests().notices(domestic), n -> !n.isEmpty() && "SENT".equals(n.get(0).state()));
    }

    // ------------------------------------------------------------------ Protocol Art. 9 emergency, measured end to end

    @Test
    @Order(30)
    void anArt9EmergencyDisclosureTravelsThereAndTheDataBack() throws Exception {
        long t0 = System.nanoTime();
        String requestA = submit(art9(), "flow-art9");
        JsonNode c = awaitCaseFor("fr-247:" + requestA, "RECEIVED");
        long reachedB = System.nanoTime();
        ContactPointClient.Answer accepted = decide(c.get("id").asText(), "{\"decision\":\"ACCEPT\",\"platformId\":\"" + Demo.PLATFORM_ID + "\"}");
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
        String domestic = JSON.readTree(accepted.body()).get("domesticRequestId").asText();
        awaitState(nodeB, domestic, RequestState.ACKNOWLEDGED);
        // Art. 30 belongs to the execution of a preservation: not on an emergency disclosure case
        ObjectNode art30 = (ObjectNode) JSON.readTree(TwoNodeFlowsIT.class.getResourceAsStream("/cases/BUDAPEST_ART30_PARTIAL_DISCLOSURE.json")).get("body");
        assertProblem(cpB.post("api/v1/cases/" + c.get("id").asText() + "/disclosure", JSON.writeValueAsBytes(art30), "application/json", null),
                409, "EEG-CASE-ILLEGAL");

        ObjectNode report = (ObjectNode) JSON.readTree(TwoNodeFlowsIT.class.getResourceAsStream("/cases/EXECUTION_REPORT.json"));
        JsonNode ack = JSON.readTree(TwoNodeFlowsIT.class.getResourceAsStream("/cases/ACKNOWLEDGEMENT.json"));
        report.put("messageId", "msg-ans-" + UUID.randomUUID());
        report.put("correlationId", domestic);
        report.set("sender", ack.get("sender"));
        report.set("receiver", ack.get("receiver"));
        long platformAnswers = System.nanoTime();
        ContactPointClient.Answer posted = platform.post("api/v1/platform/answers", JSON.writeValueAsBytes(report), "application/json", null);
        assertThat(posted.status()).as(posted.body()).isEqualTo(201);

        awaitState(nodeA, requestA, RequestState.COMPLETED);
        long done = System.nanoTime();
        System.out.printf("EEG-BENCH network: Art. 9 emergency A->B case %d ms; platform answer -> completed on A %d ms; "
                        + "end to end (with the test's own review and platform steps) %d ms%n",
                (reachedB - t0) / 1_000_000, (done - platformAnswers) / 1_000_000, (done - t0) / 1_000_000);
    }

    // ------------------------------------------------------------------ custody on both sides

    @Test
    @Order(90)
    void bothCustodyLogsRecordTheHopsAndVerify() throws Exception {
        assertThat(custody(nodeA, "RECEIPT_RECEIVED")).isNotEmpty();
        assertThat(custody(nodeA, "NETWORK_RECEIVED")).isNotEmpty();
        assertThat(custody(nodeB, "NETWORK_RECEIVED")).isNotEmpty();
        assertThat(custody(nodeB, "RECEIPT_ISSUED")).isNotEmpty();
        assertThat(custody(nodeB, "RECEIPT_RECEIVED")).isNotEmpty();
        String ca = dir.resolve("pki/ca.pem").toString();
        for (GatewayNode n : List.of(nodeA, nodeB, nodeC)) {
            n.custody().flushAndPublish();
            String base = n.baseUrl() + "/custody/";
            String vkey = n.custody().log().verifierKey().encode();
            assertThat(GatewayCli.execute("audit", "verify", "--log", base, "--vkey", vkey, "--trust", ca)).isZero();
        }
    }

    // ------------------------------------------------------------------ helpers

    private static void assertProblem(ContactPointClient.Answer a, int status, String code) throws Exception {
        assertThat(a.status()).as(a.body()).isEqualTo(status);
        assertThat(JSON.readTree(a.body()).path("code").asText()).as(a.body()).isEqualTo(code);
    }

    private String submit(byte[] body, String key) throws Exception {
        ContactPointClient.Answer created = cpA.submit(body, key);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.location().substring(created.location().lastIndexOf('/') + 1);
    }

    private ContactPointClient.Answer decide(String caseId, String json) throws Exception {
        return cpB.post("api/v1/cases/" + caseId + "/decision", json.getBytes(StandardCharsets.UTF_8), "application/json", null);
    }

    private JsonNode awaitCaseFor(String messageId, String state) {
        return await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(100)).until(() -> {
            for (JsonNode k : JSON.readTree(cpB.get("api/v1/cases").body()).path("items")) {
                if (messageId.equals(k.path("messageId").asText())) {
                    return k;
                }
            }
            return null;
        }, k -> k != null && state.equals(k.path("state").asText()));
    }

    private void awaitCaseState(String caseId, String state) {
        await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(100))
                .until(() -> JSON.readTree(cpB.get("api/v1/cases/" + caseId).body()).path("state").asText(), state::equals);
    }

    private static RequestRecord awaitState(GatewayNode node, String id, RequestState state) {
        return await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(100))
                .until(() -> node.requests().find(id).orElseThrow(), r -> r.state() == state);
    }

    private static KeyMaterial node(DevPki pki, String name) throws Exception {
        return pki.issue(new IssueRequest(name, Role.NODE, List.of("127.0.0.1", "localhost"), KeyKind.EC_P256, Duration.ofDays(3), true, true));
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The demo Art. 29 preservation, addressed to Ireland (A has no platform of that name: it goes to IE's node). */
    private static byte[] art29(String reference) throws Exception {
        try (InputStream in = TwoNodeFlowsIT.class.getResourceAsStream("/demo/art29-preservation.json")) {
            ObjectNode n = (ObjectNode) JSON.readTree(in);
            n.put("clientRequestId", reference);
            return JSON.writeValueAsBytes(n);
        }
    }

    /** The corpus's Protocol Art. 9 emergency disclosure request (addressed to Ireland), as a bare request. */
    private static byte[] art9() throws Exception {
        try (InputStream in = TwoNodeFlowsIT.class.getResourceAsStream("/cases/PROTOCOL_ART9_EMERGENCY_DISCLOSURE.json")) {
            ObjectNode body = (ObjectNode) JSON.readTree(in).get("body");
            return JSON.writeValueAsBytes(body);
        }
    }

    private static List<String> custody(GatewayNode node, String type) throws Exception {
        return node.requests().database().read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT record_text FROM custody_record WHERE event_type = ?")) {
                ps.setString(1, type);
                try (ResultSet rs = ps.executeQuery()) {
                    List<String> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                    return out;
                }
            }
        });
    }
}
