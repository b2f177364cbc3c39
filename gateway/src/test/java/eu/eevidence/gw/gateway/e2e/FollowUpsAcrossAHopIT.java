package eu.eevidence.gw.gateway.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.eevidence.gw.gateway.order.Notice;
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
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Follow-ups across a hop (ADR-0032): France's node sends an Art. 29 preservation to Ireland's node, whose contact point
 * orders it from its platform. France's follow-ups travel as catalogue messages with the hop receipt (SUBMISSION_ACCEPTED,
 * checked by the peer adapter), the DELIVERED evidence and, once Ireland's contact point read it, the RETRIEVED evidence;
 * Ireland applies a preservation extension to its case and relays it to its platform. Correspondence has no catalogue
 * message: refused at submission. Negative cases first.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FollowUpsAcrossAHopIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RULE = "BUDAPEST_ART29_PRESERVATION_MIN";

    @TempDir
    static Path dir;
    NodeNetwork net;
    NodeNetwork.Member fr;
    NodeNetwork.Member ie;
    String requestId;
    String caseId;
    String domestic;

    @BeforeAll
    void franceAndIreland() throws Exception {
        net = NodeNetwork.builder(dir).node("FR", "OFAC 24/7", false).node("IE", "GNCCB 24/7", true).start();
        fr = net.get("FR");
        ie = net.get("IE");
        requestId = fr.submit(art29("FR-OFAC-FU-0001"), "fu-0001");
        fr.awaitState(requestId, RequestState.DELIVERED);
        caseId = ie.awaitCaseFor(fr.messageIdOf(requestId), "RECEIVED").get("id").asText();
        domestic = ie.accept(caseId);
        ie.awaitCaseState(caseId, "PRESERVED");
        await().atMost(60, TimeUnit.SECONDS).until(() -> runningDue(fr.cp, requestId) != null);
    }

    @AfterAll
    void stop() {
        if (net != null) {
            net.close();
        }
    }

    @Test
    @Order(1)
    void correspondenceCannotCrossAHopAndIsRefusedAtSubmission() throws Exception {
        ContactPointClient.Answer a = send(fr, "POST", "api/v1/requests/" + requestId + "/correspondence", "{\"text\":\"a question\"}");
        assertThat(a.status()).as(a.body()).isEqualTo(422);
        assertThat(JSON.readTree(a.body()).get("code").asText()).isEqualTo("EEG-ACT-FOLLOW-UP-UNSUPPORTED");
        assertThat(fr.node.requests().notices(requestId)).isEmpty();
    }

    @Test
    @Order(2)
    void anUnknownFollowUpTargetIsNotFound() throws Exception {
        ContactPointClient.Answer a = send(fr, "PUT", "api/v1/requests/REQ-01JDZZZZZZZZZZZZZZZZZZZZZZ/deadlines/" + RULE,
                "{\"dueAt\":\"2099-01-01T00:00:00Z\",\"reason\":\"x\"}");
        assertThat(a.status()).as(a.body()).isEqualTo(404);
        assertThat(JSON.readTree(a.body()).get("code").asText()).isEqualTo("EEG-REQ-NOT-FOUND");
    }

    @Test
    @Order(10)
    void aPreservationExtensionCrossesTheHopIsAppliedToTheCaseAndRelayedToThePlatform() throws Exception {
        Instant newDue = runningDue(fr.cp, requestId).plus(Duration.ofDays(30));
        ContactPointClient.Answer a = send(fr, "PUT", "api/v1/requests/" + requestId + "/deadlines/" + RULE,
                "{\"dueAt\":\"" + newDue + "\",\"reason\":\"the MLA request is being drafted\"}");
        assertThat(a.status()).as(a.body()).isEqualTo(200);

        // the hop: the peer's signed SUBMISSION_ACCEPTED receipt names the notice, and the deadline is confirmed
        Notice sent = await().atMost(60, TimeUnit.SECONDS).until(() -> fr.node.requests().notices(requestId).get(0), Notice::sent);
        assertThat(sent.kind()).isEqualTo("PRESERVATION_EXTENSION");
        assertThat(sent.receiptId()).isNotBlank();
        assertThat(deadline(fr.cp, requestId).get("confirmedByAddressee").asBoolean()).isTrue();
        // REM: Ireland's DELIVERED evidence about the follow-up, recorded on France's request
        await().atMost(60, TimeUnit.SECONDS).until(() -> evidences(fr.cp, requestId, sent.id()).contains("DELIVERED"));

        // Ireland relayed it to its platform, once (watched without reading the case: a read is a retrieval)
        Notice relayed = await().atMost(60, TimeUnit.SECONDS).until(() -> ie.node.requests().notices(domestic).stream()
                .filter(n -> "DEADLINE_CHANGE".equals(n.kind())).findFirst().orElse(null), n -> n != null && n.sent());
        assertThat(relayed.dueAt()).isEqualTo(newDue);
        assertThat(ie.portal.accepted().stream().filter(x -> x.idempotencyKey().equals(relayed.id()))).hasSize(1);
        JsonNode content = JSON.readTree(ie.portal.accepted().stream().filter(x -> x.idempotencyKey().equals(relayed.id())).findFirst()
                .orElseThrow().message().content());
        assertThat(content.get("type").asText()).isEqualTo("DEADLINE_CHANGE");
        assertThat(content.get("text").asText()).isEqualTo("the MLA request is being drafted");
        assertThat(ie.node.requests().notices(domestic)).hasSize(1);

        // RETRIEVED: Ireland's contact point reads the case after the follow-up arrived; once per follow-up
        assertThat(evidences(fr.cp, requestId, sent.id())).doesNotContain("RETRIEVED");
        await().atMost(30, TimeUnit.SECONDS).until(() -> caseEvents(caseId).contains("DOMESTIC_FORWARD")); // reads the case
        assertThat(caseEvents(caseId)).contains("FOLLOW_UP_APPLIED", "FOLLOW_UP_RETRIEVED");
        await().atMost(60, TimeUnit.SECONDS).until(() -> evidences(fr.cp, requestId, sent.id()).contains("RETRIEVED"));
        assertThat(ie.cp.get("api/v1/cases/" + caseId).status()).isEqualTo(200);
        assertThat(caseEvents(caseId).stream().filter("FOLLOW_UP_RETRIEVED"::equals)).hasSize(1);
        await().atMost(30, TimeUnit.SECONDS).until(() -> evidences(fr.cp, requestId, sent.id()).size() == 2);
        assertThat(evidences(fr.cp, requestId, sent.id())).containsExactlyInAnyOrder("DELIVERED", "RETRIEVED");
    }

    @Test
    @Order(90)
    void everyCustodyLogVerifies() throws Exception {
        net.assertEveryCustodyLogVerifies();
    }

    // ------------------------------------------------------------------ helpers

    private static ContactPointClient.Answer send(NodeNetwork.Member m, String method, String path, String body) throws Exception {
        return m.cp.send(HttpRequest.newBuilder(URI.create(m.node.baseUrl() + "/" + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build());
    }

    private static JsonNode deadline(ContactPointClient c, String id) throws Exception {
        for (JsonNode d : JSON.readTree(c.get("api/v1/requests/" + id + "/deadlines").body()).path("deadlines")) {
            if (RULE.equals(d.path("rule").asText())) {
                return d;
            }
        }
        return null;
    }

    private static Instant runningDue(ContactPointClient c, String id) throws Exception {
        JsonNode d = deadline(c, id);
        return d == null || !"RUNNING".equals(d.path("state").asText()) || !d.has("dueAt") ? null : Instant.parse(d.get("dueAt").asText());
    }

    private static List<String> evidences(ContactPointClient c, String id, String messageId) throws Exception {
        return JSON.readTree(c.get("api/v1/requests/" + id).body()).path("networkEvidences").findParents("messageId").stream()
                .filter(e -> messageId.equals(e.path("messageId").asText())).map(e -> e.path("kind").asText()).toList();
    }

    private List<String> caseEvents(String id) throws Exception {
        return JSON.readTree(ie.cp.get("api/v1/cases/" + id).body()).path("events").findValuesAsText("event");
    }

    private static byte[] art29(String reference) throws Exception {
        try (InputStream in = FollowUpsAcrossAHopIT.class.getResourceAsStream("/demo/art29-preservation.json")) {
            ObjectNode n = (ObjectNode) JSON.readTree(in);
            n.put("clientRequestId", reference);
            return JSON.writeValueAsBytes(n);
        }
    }
}
