package eu.eevidence.gw.gateway.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.testkit.ContactPointClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The platform side on a running node: a platform legal team lists the requests addressed to it and answers with
 * catalogue messages (acknowledgement, clarification, partial and final execution reports). Each answer moves the
 * lifecycle and the deadlines once, duplicates are recognised, and the custody log records every evidence item.
 * Negative cases first.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlatformAnswersIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path CORPUS = Path.of("..", "message-schemas", "src", "test", "resources", "corpus");
    @TempDir
    static Path dir;
    static TestNetwork net;
    static ContactPointClient cp;
    static ContactPointClient platform;
    static String requestId;

    @BeforeAll
    static void start() throws Exception {
        net = new TestNetwork(dir);
        cp = net.client(net.contactPoint);
        platform = net.client(net.platformKey);
        requestId = net.acknowledgedEpoc(cp, "pa-");
    }

    @AfterAll
    static void stop() {
        if (net != null) {
            net.close();
        }
    }

    private static ObjectNode answer(String type, String correlationId) throws Exception {
        ObjectNode n = (ObjectNode) JSON.readTree(Files.readString(CORPUS.resolve(type).resolve("valid.json")));
        ObjectNode ack = (ObjectNode) JSON.readTree(Files.readString(CORPUS.resolve("ACKNOWLEDGEMENT").resolve("valid.json")));
        n.put("messageId", "msg-ans-" + UUID.randomUUID());
        n.put("correlationId", correlationId);
        n.set("sender", ack.get("sender"));
        n.set("receiver", ack.get("receiver"));
        return n;
    }

    private static ContactPointClient.Answer post(ContactPointClient c, ObjectNode body) throws Exception {
        return c.post("api/v1/platform/answers", JSON.writeValueAsBytes(body), "application/json", null);
    }

    private static void assertProblem(ContactPointClient.Answer a, int status, String code) throws Exception {
        assertThat(a.status()).as(a.body()).isEqualTo(status);
        assertThat(JSON.readTree(a.body()).get("code").asText()).isEqualTo(code);
        assertThat(a.body()).doesNotContain("Exception");
    }

    private static String state() throws Exception {
        return JSON.readTree(cp.get("api/v1/requests/" + requestId).body()).get("state").asText();
    }

    @Test
    @Order(1)
    void refusesAnswersFromOthersForUnknownRequestsAndOfTheWrongKind() throws Exception {
        assertProblem(post(cp, answer("ACKNOWLEDGEMENT", requestId)), 403, "EEG-AUTH-ROLE");
        ContactPointClient stranger = net.client(net.issue("another platform", Role.PLATFORM));
        assertProblem(post(stranger, answer("ACKNOWLEDGEMENT", requestId)), 404, "EEG-REQ-NOT-FOUND");
        assertProblem(post(platform, answer("ACKNOWLEDGEMENT", "REQ-01JDZZZZZZZZZZZZZZZZZZZZZZ")), 404, "EEG-REQ-NOT-FOUND");
        ObjectNode uncorrelated = answer("ACKNOWLEDGEMENT", requestId);
        uncorrelated.remove("correlationId");
        ContactPointClient.Answer noCorrelation = post(platform, uncorrelated); // the catalogue requires it of every answer
        assertProblem(noCorrelation, 422, "EEG-REQ-INVALID");
        assertThat(JSON.readTree(noCorrelation.body()).get("errors").findValuesAsText("path")).contains("$.correlationId");
        ObjectNode withdrawal = (ObjectNode) JSON.readTree(Files.readString(CORPUS.resolve("WITHDRAWAL").resolve("valid.json")));
        withdrawal.put("messageId", "msg-wd-" + UUID.randomUUID());
        withdrawal.put("correlationId", requestId);
        assertProblem(post(platform, withdrawal), 422, "EEG-ANS-NOT-AN-ANSWER");
        assertProblem(platform.post("api/v1/platform/answers", "{\"messageId\":".getBytes(), "application/json", null), 400, "EEG-REQ-MALFORMED");
        assertProblem(platform.post("api/v1/platform/answers", "x".getBytes(), "text/plain", null), 415, "EEG-HTTP-415");
        assertThat(state()).isEqualTo("ACKNOWLEDGED");
    }

    @Test
    @Order(2)
    void listsTheRequestsAddressedToThePlatform() throws Exception {
        JsonNode list = JSON.readTree(platform.get("api/v1/platform/requests").body());
        assertThat(list.get("platforms").toString()).contains("demo-platform");
        assertThat(list.get("items").findValuesAsText("id")).contains(requestId);
        ContactPointClient stranger = net.client(net.issue("a platform with nothing", Role.PLATFORM));
        assertThat(JSON.readTree(stranger.get("api/v1/platform/requests").body()).get("items")).isEmpty();
        assertProblem(cp.get("api/v1/platform/requests"), 403, "EEG-AUTH-ROLE");
    }

    @Test
    @Order(3)
    void aClarificationStopsTheClockAndTheExecutionReportsCompleteTheRequestOnce() throws Exception {
        ContactPointClient.Answer q = post(platform, answer("CLARIFICATION_REQUEST", requestId));
        assertThat(q.status()).as(q.body()).isEqualTo(201);
        assertThat(state()).isEqualTo("CLARIFICATION_REQUESTED");
        JsonNode d = JSON.readTree(cp.get("api/v1/requests/" + requestId + "/deadlines").body()).get("deadlines");
        assertThat(d.findValuesAsText("state")).contains("SUSPENDED");

        assertThat(cp.post("api/v1/requests/" + requestId + "/events", "{\"event\":\"CLARIFICATION_ANSWERED\"}".getBytes(), "application/json", null)
                .status()).isEqualTo(200);
        assertThat(post(platform, answer("ACKNOWLEDGEMENT", requestId)).status()).isEqualTo(201);
        assertThat(state()).isEqualTo("ACKNOWLEDGED");

        ObjectNode partial = answer("EXECUTION_REPORT", requestId);
        ((ObjectNode) partial.get("body")).put("completeness", "PARTIAL");
        ContactPointClient.Answer p1 = post(platform, partial);
        assertThat(p1.status()).as(p1.body()).isEqualTo(201);
        assertThat(state()).isEqualTo("PARTIALLY_EXECUTED");
        ContactPointClient.Answer again = post(platform, partial);
        assertThat(again.status()).isEqualTo(200);
        assertThat(JSON.readTree(again.body()).get("duplicate").asBoolean()).isTrue();

        ObjectNode conflicting = partial.deepCopy();
        ((ObjectNode) conflicting.get("body")).put("remarks", "another body under the same message id");
        assertProblem(post(platform, conflicting), 409, "EEG-ANS-CONFLICT");

        ObjectNode fin = answer("EXECUTION_REPORT", requestId);
        assertThat(post(platform, fin).status()).isEqualTo(201);
        assertThat(state()).isEqualTo("COMPLETED");
        d = JSON.readTree(cp.get("api/v1/requests/" + requestId + "/deadlines").body()).get("deadlines");
        assertThat(d.findValuesAsText("state")).containsOnly("MET");
        assertProblem(post(platform, answer("ACKNOWLEDGEMENT", requestId)), 409, "EEG-LIFE-001");

        int items = fin.get("body").get("manifest").get("items").size() + partial.get("body").get("manifest").get("items").size();
        List<String> events = new ArrayList<>();
        net.node.requests().database().read(c -> {
            try (var ps = c.connection().prepareStatement("SELECT event_type FROM custody_record WHERE request_id = ? ORDER BY id")) {
                ps.setString(1, requestId);
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        events.add(rs.getString(1));
                    }
                }
            }
            return null;
        });
        assertThat(events.stream().filter("EVIDENCE_RECEIVED"::equals)).hasSize(items);
        assertThat(events).contains("CLARIFICATION", "ACKNOWLEDGED");
    }
}
