package eu.eevidence.gw.gateway.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.eevidence.gw.gateway.demo.Demo;
import eu.eevidence.gw.gateway.node.GatewayNode;
import eu.eevidence.gw.gateway.order.RequestRecord;
import eu.eevidence.gw.gateway.order.RequestState;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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

    @TempDir
    static Path dir;
    NodeNetwork net;
    NodeNetwork.Member a;
    NodeNetwork.Member b;
    NodeNetwork.Member nl;
    GatewayNode nodeA;
    GatewayNode nodeB;
    ContactPointClient cpA;
    ContactPointClient cpB;
    ContactPointClient cpC;
    SimulatedPlatformPortal portal;
    ContactPointClient platform;
    String preservedOnA;
    String domesticOnB;
    String caseOnB;

    @BeforeAll
    void threeCountries() throws Exception {
        net = NodeNetwork.builder(dir).node("FR", "OFAC 24/7", false).node("IE", "GNCCB 24/7", true)
                .node("NL", "Team High Tech Crime 24/7", false).start();
        a = net.get("FR");
        b = net.get("IE");
        nl = net.get("NL");
        nodeA = a.node;
        nodeB = b.node;
        cpA = a.cp;
        cpB = b.cp;
        cpC = nl.cp;
        portal = b.portal;
        platform = b.platform;
    }

    @AfterAll
    void stop() {
        if (net != null) {
            net.close();
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
        nl.awaitCaseFor("fr-247:" + requestToC, "RECEIVED");
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
        net.assertEveryCustodyLogVerifies();
    }

    // ------------------------------------------------------------------ helpers

    private static void assertProblem(ContactPointClient.Answer a, int status, String code) throws Exception {
        assertThat(a.status()).as(a.body()).isEqualTo(status);
        assertThat(JSON.readTree(a.body()).path("code").asText()).as(a.body()).isEqualTo(code);
    }

    private String submit(byte[] body, String key) throws Exception {
        return a.submit(body, key);
    }

    private ContactPointClient.Answer decide(String caseId, String json) throws Exception {
        return b.decide(caseId, json);
    }

    private JsonNode awaitCaseFor(String messageId, String state) {
        return b.awaitCaseFor(messageId, state);
    }

    private void awaitCaseState(String caseId, String state) {
        b.awaitCaseState(caseId, state);
    }

    private RequestRecord awaitState(GatewayNode node, String id, RequestState state) {
        return (node == nodeA ? a : node == nodeB ? b : nl).awaitState(id, state);
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

    private List<String> custody(GatewayNode node, String type) throws Exception {
        return (node == nodeA ? a : node == nodeB ? b : nl).custody(type);
    }
}
