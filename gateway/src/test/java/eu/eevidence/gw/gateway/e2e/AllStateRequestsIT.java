package eu.eevidence.gw.gateway.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.eevidence.gw.gateway.order.EventCode;
import eu.eevidence.gw.gateway.order.RequestRecord;
import eu.eevidence.gw.gateway.order.RequestState;
import eu.eevidence.gw.testkit.ContactPointClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 8: the State-addressed request types that TwoNodeFlowsIT does not run, across two nodes with the real pieces on
 * both sides. France's node (requesting Party, no platform) and Ireland's node (requested Party, its platform behind it):
 * a Budapest Art. 35 assistance request answered by Ireland's 24/7 contact point itself, a Protocol Art. 8 request given
 * effect by an order to Ireland's provider, a Protocol Art. 10 emergency MLA, and an Art. 29 preservation postponed then
 * accepted. Each ends in the right state on both nodes, with signed receipts both ways; both custody logs verify.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AllStateRequestsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EnumSet<RequestState> NOT_YET_DELIVERED = EnumSet.of(RequestState.ACCEPTED, RequestState.DISPATCHED);

    @TempDir
    static Path dir;
    NodeNetwork net;
    NodeNetwork.Member fr;
    NodeNetwork.Member ie;
    final List<String> figures = new ArrayList<>();
    String art8CaseOnIe;

    @BeforeAll
    void twoCountries() throws Exception {
        net = NodeNetwork.builder(dir).node("FR", "OFAC 24/7", false).node("IE", "GNCCB 24/7", true).start();
        fr = net.get("FR");
        ie = net.get("IE");
    }

    @AfterAll
    void stop() {
        figures.forEach(System.out::println);
        if (net != null) {
            net.close();
        }
    }

    // ------------------------------------------------------------------ Budapest Art. 35: answered by the contact point

    @Test
    @Order(10)
    void anArt35AssistanceRequestIsAnsweredByTheRequestedContactPointItself() throws Exception {
        long t0 = System.nanoTime();
        String onFr = fr.submit(body("BUDAPEST_ART35_ASSISTANCE"), "all-art35");
        fr.awaitState(onFr, RequestState.DELIVERED);
        String caseId = ie.awaitCaseFor(fr.messageIdOf(onFr), "RECEIVED").get("id").asText();

        // refusals first: there is no platform to order an Art. 35 from; an answer needs a summary; items must be manifest items
        assertProblem(ie.decide(caseId, "{\"decision\":\"ACCEPT\",\"platformId\":\"demo-platform\"}"), 422, "EEG-CASE-NO-ROUTE");
        assertProblem(ie.decide(caseId, "{\"decision\":\"ANSWER\"}"), 422, "EEG-CASE-FIELD");
        assertProblem(ie.decide(caseId, "{\"decision\":\"ANSWER\",\"summary\":\"x\",\"items\":\"not a list\"}"), 422, "EEG-CASE-FIELD");
        assertProblem(ie.decide(caseId, "{\"decision\":\"ANSWER\",\"summary\":\"x\",\"items\":[{\"itemId\":\"n1\",\"mediaType\":\"text/plain\","
                + "\"sizeBytes\":3,\"sha256\":\"no\"}]}"), 422, "EEG-CASE-FIELD");
        assertProblem(fr.decide(caseId, "{\"decision\":\"ANSWER\",\"summary\":\"x\"}"), 404, "EEG-CASE-NOT-FOUND");
        assertThat(ie.awaitCaseState(caseId, "RECEIVED").path("state").asText()).isEqualTo("RECEIVED");

        long answeredAt = System.nanoTime();
        String summary = "Demo Platform Ireland Ltd (Dublin) holds the EEA user data and takes Art. 29 requests through the IE 24/7 point of "
                + "contact; send the preservation to us.";
        ContactPointClient.Answer answered = ie.decide(caseId, "{\"decision\":\"ANSWER\",\"summary\":\"" + summary + "\"}");
        assertThat(answered.status()).as(answered.body()).isEqualTo(200);
        assertThat(JSON.readTree(answered.body()).path("state").asText()).isEqualTo("COMPLETED");
        assertProblem(ie.decide(caseId, "{\"decision\":\"ANSWER\",\"summary\":\"again\"}"), 409, "EEG-CASE-ILLEGAL");

        fr.awaitState(onFr, RequestState.COMPLETED);
        long done = System.nanoTime();
        assertThat(fr.node.requests().timeline(onFr)).anyMatch(e -> e.event() == EventCode.COMPLETED && "node:ie-247".equals(e.actor()));
        assertThat(ie.portal.accepted()).as("nothing reached the platform").isEmpty();
        // the answer's one item is the summary itself, carried by the report: FR stores it from there (nothing to fetch from IE)
        await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(100))
                .until(() -> fr.node.probe().transfers().jobs(onFr), jobs -> jobs.size() == 1 && jobs.get(0).state().name().equals("STORED"));
        ContactPointClient.Answer read = fr.cp.get("api/v1/requests/" + onFr + "/evidence/answer");
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        assertThat(read.body()).isEqualTo(summary);
        figures.add(String.format("EEG-BENCH all-state: Art. 35 submit -> answered -> COMPLETED on FR %d ms (first flow of the JVM, with the test's "
                + "refusal checks); ANSWER -> COMPLETED on FR %d ms", (done - t0) / 1_000_000, (done - answeredAt) / 1_000_000));
    }

    // ------------------------------------------------------------------ Protocol Art. 8: given effect by an order to IE's provider

    @Test
    @Order(20)
    void anArt8RequestIsGivenEffectByAnOrderToTheRequestedPartysProviderAndTheReportGoesBack() throws Exception {
        // Art. 8 is State to State between central (designated) authorities: not from the 24/7 point of contact as such
        ContactPointClient.Answer bare = fr.cp.submit(body("PROTOCOL_ART8_GIVE_EFFECT"), "all-art8-bare");
        assertThat(bare.status()).as(bare.body()).isEqualTo(422);
        assertThat(bare.body()).contains("EEG-VAL-PARTY-KIND");
        // the central authority's request, enveloped (sender FR's central authority, receiver IE's), travels through FR's node
        ObjectNode envelope = (ObjectNode) JSON.readTree(AllStateRequestsIT.class.getResourceAsStream("/cases/PROTOCOL_ART8_GIVE_EFFECT.json"));
        envelope.remove("correlationId"); // the Art. 7 order it enforces went directly to the provider, not through this node
        envelope.put("messageId", "msg-art8-" + UUID.randomUUID());
        envelope.put("createdAt", OffsetDateTime.now(ZoneOffset.UTC).withNano(0).toString());
        long t0 = System.nanoTime();
        String onFr = fr.submit(JSON.writeValueAsBytes(envelope), "all-art8");
        fr.awaitState(onFr, RequestState.DELIVERED);
        JsonNode k = ie.awaitCaseFor(envelope.get("messageId").asText(), "RECEIVED");
        String caseId = k.get("id").asText();
        art8CaseOnIe = caseId;
        assertThat(k.at("/reviewDeadline/rule").asText()).as(k.toString()).isEqualTo("PROTOCOL_ART8_SERVICE");
        assertThat(fr.node.deadlines().deadlines(onFr)).as("Art. 8(6) runs on the requesting node").anyMatch(d -> d.ruleId().equals("PROTOCOL_ART8_SERVICE"));
        // the provider executes an Art. 8 order: the authority cannot answer it itself
        assertProblem(ie.decide(caseId, "{\"decision\":\"ANSWER\",\"summary\":\"here is the data\"}"), 409, "EEG-CASE-NOT-ANSWERABLE");

        String domestic = ie.accept(caseId);
        RequestRecord order = ie.node.requests().find(domestic).orElseThrow();
        assertThat(order.messageType()).as("a derived Art. 7-style order, without the supporting information").isEqualTo("PROTOCOL_ART7_SUBSCRIBER_ORDER");
        awaitDelivered(ie, domestic);
        assertThat(ie.portal.accepted()).anyMatch(a -> a.requestId().equals(domestic));
        fr.awaitState(onFr, RequestState.ACKNOWLEDGED);

        postFinalReport(domestic);
        ie.awaitCaseState(caseId, "COMPLETED");
        fr.awaitState(onFr, RequestState.COMPLETED);
        long done = System.nanoTime();
        assertThat(fr.node.requests().timeline(onFr)).anyMatch(e -> e.event() == EventCode.COMPLETED && "node:ie-247".equals(e.actor()));
        figures.add(String.format("EEG-BENCH all-state: Protocol Art. 8 submit -> order at IE's platform -> report -> COMPLETED on FR %d ms",
                (done - t0) / 1_000_000));
    }

    // ------------------------------------------------------------------ Protocol Art. 10: emergency MLA, routed by custodian

    @Test
    @Order(30)
    void anArt10EmergencyMutualAssistanceRequestIsOrderedAndExecuted() throws Exception {
        long t0 = System.nanoTime();
        String onFr = fr.submit(body("PROTOCOL_ART10_EMERGENCY_MLA"), "all-art10");
        String caseId = ie.awaitCaseFor(fr.messageIdOf(onFr), "RECEIVED").get("id").asText();
        long reached = System.nanoTime();
        String domestic = ie.accept(caseId);
        RequestRecord order = ie.node.requests().find(domestic).orElseThrow();
        assertThat(order.messageType()).isEqualTo("PROTOCOL_ART10_EMERGENCY_MLA");
        assertThat(order.platformId()).isEqualTo("demo-platform");
        awaitDelivered(ie, domestic);
        fr.awaitState(onFr, RequestState.ACKNOWLEDGED);

        postFinalReport(domestic);
        ie.awaitCaseState(caseId, "COMPLETED");
        fr.awaitState(onFr, RequestState.COMPLETED);
        long done = System.nanoTime();
        figures.add(String.format("EEG-BENCH all-state: Protocol Art. 10 FR->IE case %d ms; submit -> COMPLETED on FR %d ms",
                (reached - t0) / 1_000_000, (done - t0) / 1_000_000));
    }

    // ------------------------------------------------------------------ postponement, then acceptance

    @Test
    @Order(40)
    void aPostponedPreservationIsShownOnTheRequestingNodeAndLaterAcceptedAndPreserved() throws Exception {
        long t0 = System.nanoTime();
        String onFr = fr.submit(art29("FR-OFAC-ALL-POSTPONE"), "all-postpone");
        String caseId = ie.awaitCaseFor(fr.messageIdOf(onFr), "RECEIVED").get("id").asText();
        String until = OffsetDateTime.now(ZoneOffset.UTC).plusDays(2).withNano(0).toString();
        assertProblem(ie.decide(caseId, "{\"decision\":\"POSTPONE\",\"reason\":\"a domestic search is under way\"}"), 422, "EEG-CASE-FIELD");
        ContactPointClient.Answer postponed = ie.decide(caseId, "{\"decision\":\"POSTPONE\",\"reason\":\"a domestic search is under way\",\"until\":\""
                + until + "\"}");
        assertThat(postponed.status()).as(postponed.body()).isEqualTo(200);
        assertThat(JSON.readTree(postponed.body()).path("state").asText()).isEqualTo("POSTPONED");

        // the requester's lifecycle records a postponement on the timeline without a state change
        await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(100))
                .until(() -> fr.node.requests().timeline(onFr), t -> t.stream().anyMatch(e -> e.event() == EventCode.POSTPONED
                        && "node:ie-247".equals(e.actor())));
        assertThat(fr.node.requests().find(onFr).orElseThrow().state()).isEqualTo(RequestState.DELIVERED);
        assertProblem(ie.decide(caseId, "{\"decision\":\"POSTPONE\",\"reason\":\"again\",\"until\":\"" + until + "\"}"), 409, "EEG-CASE-ILLEGAL");

        String domestic = ie.accept(caseId);
        ie.awaitState(domestic, RequestState.PRESERVED);
        ie.awaitCaseState(caseId, "PRESERVED");
        RequestRecord preserved = fr.awaitState(onFr, RequestState.PRESERVED);
        assertThat(preserved.preservationEnd()).isNotNull();
        long done = System.nanoTime();
        figures.add(String.format("EEG-BENCH all-state: Art. 29 postponed then accepted -> PRESERVED on FR %d ms", (done - t0) / 1_000_000));
    }

    // ------------------------------------------------------------------ receipts and custody on both sides

    @Test
    @Order(90)
    void bothNodesHoldReceiptsAndTheirCustodyLogsVerify() throws Exception {
        assertThat(fr.custody("RECEIPT_RECEIVED")).as("IE's signed receipts for FR's requests").hasSizeGreaterThanOrEqualTo(4);
        assertThat(ie.custody("RECEIPT_ISSUED")).as("IE signed a receipt for each request").hasSizeGreaterThanOrEqualTo(4);
        assertThat(ie.custody("RECEIPT_RECEIVED")).as("FR's receipts for IE's answers").isNotEmpty();
        assertThat(fr.custody("RECEIPT_ISSUED")).isNotEmpty();
        assertThat(fr.custody("NETWORK_RECEIVED")).isNotEmpty();
        assertThat(ie.custody("NETWORK_RECEIVED")).isNotEmpty();
        net.assertEveryCustodyLogVerifies();
    }

    // ------------------------------------------------------------------ helpers

    private static void assertProblem(ContactPointClient.Answer a, int status, String code) throws Exception {
        assertThat(a.status()).as(a.body()).isEqualTo(status);
        assertThat(JSON.readTree(a.body()).path("code").asText()).as(a.body()).isEqualTo(code);
    }

    private static void awaitDelivered(NodeNetwork.Member m, String requestId) {
        await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(100))
                .until(() -> m.node.requests().find(requestId).orElseThrow().state(), s -> !NOT_YET_DELIVERED.contains(s));
    }

    /** IE's platform posts its final execution report for the domestic order (platform answer API). */
    private void postFinalReport(String domestic) throws Exception {
        ObjectNode report = (ObjectNode) JSON.readTree(AllStateRequestsIT.class.getResourceAsStream("/cases/EXECUTION_REPORT.json"));
        JsonNode ack = JSON.readTree(AllStateRequestsIT.class.getResourceAsStream("/cases/ACKNOWLEDGEMENT.json"));
        report.put("messageId", "msg-ans-" + UUID.randomUUID());
        report.put("correlationId", domestic);
        report.set("sender", ack.get("sender"));
        report.set("receiver", ack.get("receiver"));
        ContactPointClient.Answer posted = ie.platform.post("api/v1/platform/answers", JSON.writeValueAsBytes(report), "application/json", null);
        assertThat(posted.status()).as(posted.body()).isEqualTo(201);
    }

    /** The request body of the corpus sample of that type (addressed to Ireland), as a bare request. */
    private static byte[] body(String type) throws Exception {
        try (InputStream in = AllStateRequestsIT.class.getResourceAsStream("/cases/" + type + ".json")) {
            return JSON.writeValueAsBytes(JSON.readTree(in).get("body"));
        }
    }

    private static byte[] art29(String reference) throws Exception {
        try (InputStream in = AllStateRequestsIT.class.getResourceAsStream("/demo/art29-preservation.json")) {
            ObjectNode n = (ObjectNode) JSON.readTree(in);
            n.put("clientRequestId", reference);
            return JSON.writeValueAsBytes(n);
        }
    }
}
