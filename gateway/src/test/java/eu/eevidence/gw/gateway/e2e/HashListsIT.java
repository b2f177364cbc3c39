package eu.eevidence.gw.gateway.e2e;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.eevidence.gw.testkit.ContactPointClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Resurfacing prevention end to end (ADR-0038) on a running node through the json-portal channel (the simulated
 * portal): hash lists refused when malformed, of the wrong length, too many, out of bounds, for a request that is no
 * removal order, or after withdrawal (nothing stored); then a list of the order's hashes plus one given, delivered as a
 * sealed HASH_LIST follow-up, answered HASH_LIST_APPLIED through the platform answer API with per-hash figures, shown on
 * the request and its page; the hash values never in a log line, the timeline, the custody log or the node's tables, and
 * gone from the notice when the request is shredded. Negative cases first.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HashListsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path CORPUS = Path.of("..", "message-schemas", "src", "test", "resources", "corpus");
    private static final String PDQ = "e1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2";
    private static final String SHA = "1f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";
    private static final String GIVEN = "a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf";

    @TempDir
    static Path dir;
    static TestNetwork net;
    static ContactPointClient cp;
    static ContactPointClient platform;
    static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();

    @BeforeAll
    static void start() throws Exception {
        LOGS.start();
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).addAppender(LOGS);
        net = new TestNetwork(dir, c -> c);
        cp = net.client(net.contactPoint);
        platform = net.client(net.platformKey);
    }

    @AfterAll
    static void stop() {
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).detachAppender(LOGS);
        if (net != null) {
            net.close();
        }
    }

    private static ObjectNode order() throws Exception {
        ObjectNode n = (ObjectNode) JSON.readTree(Files.readString(CORPUS.resolve("CONTENT_REMOVAL_ORDER").resolve("valid.json")));
        n.put("messageId", "msg-hl-" + UUID.randomUUID());
        ArrayNode content = (ArrayNode) n.get("body").get("content");
        content.remove(1);
        ArrayNode hashes = content.addObject().putArray("hashes");
        hashes.addObject().put("algorithm", "PDQ").put("value", PDQ);
        hashes.addObject().put("algorithm", "SHA256").put("value", SHA);
        return n;
    }

    private static String delivered(ObjectNode message) throws Exception {
        ContactPointClient.Answer a = cp.post("api/v1/requests", JSON.writeValueAsBytes(message), "application/json", "hl-" + UUID.randomUUID());
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        String id = JSON.readTree(a.body()).get("id").asText();
        await().atMost(Duration.ofSeconds(60)).until(() -> status(id).path("state").asText(), s -> s.equals("PRESERVED") || s.equals("DELIVERED")
                || s.equals("ACKNOWLEDGED"));
        return id;
    }

    private static JsonNode status(String id) throws Exception {
        return JSON.readTree(cp.get("api/v1/requests/" + id).body());
    }

    private static ContactPointClient.Answer send(String id, String body) throws Exception {
        return cp.post("api/v1/requests/" + id + "/hash-lists", body.getBytes(StandardCharsets.UTF_8), "application/json", null);
    }

    private static void assertRefused(ContactPointClient.Answer a, int status, String code) throws Exception {
        assertThat(a.status()).as(a.body()).isEqualTo(status);
        assertThat(JSON.readTree(a.body()).findValuesAsText("code")).as(a.body()).contains(code);
        assertThat(a.body()).doesNotContain("Exception").doesNotContain(GIVEN.substring(0, 40));
    }

    private static int hashListRows() throws Exception {
        return net.node.requests().database().read(c -> {
            try (var ps = c.connection().prepareStatement("SELECT (SELECT COUNT(*) FROM hash_list) + (SELECT COUNT(*) FROM outbound_notice"
                    + " WHERE kind = 'HASH_LIST')"); var rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    static String removalId;

    @Test
    @Order(1)
    void malformedWrongLengthTooManyAndOutOfBoundsListsAreRefusedAndNothingIsStored() throws Exception {
        removalId = delivered(order());
        assertRefused(send(removalId, "{\"hashes\":[{\"algorithm\":\"PDQ\",\"value\":\"" + GIVEN.toUpperCase(java.util.Locale.ROOT) + "\"}]}"),
                422, "EEG-VAL-REMOVAL-HASH");
        assertRefused(send(removalId, "{\"hashes\":[{\"algorithm\":\"SHA256\",\"value\":\"" + GIVEN.substring(2) + "\"}]}"), 422,
                "EEG-VAL-REMOVAL-HASH");
        assertRefused(send(removalId, "{\"hashes\":[{\"algorithm\":\"MD5\",\"value\":\"" + GIVEN + "\"}]}"), 422, "EEG-VAL-REMOVAL-HASH");
        StringBuilder many = new StringBuilder("{\"hashes\":[");
        for (int i = 0; i <= 1000; i++) {
            many.append(i == 0 ? "" : ",").append("{\"algorithm\":\"SHA256\",\"value\":\"").append(String.format("%064x", i)).append("\"}");
        }
        assertRefused(send(removalId, many.append("]}").toString()), 422, "EEG-VAL-REMOVAL-HASH-COUNT");
        assertRefused(send(removalId, "{\"fromOrder\":true,\"matchDistance\":65}"), 422, "EEG-VAL-HASH-LIST-DISTANCE");
        assertRefused(send(removalId, "{\"fromOrder\":true,\"threshold\":31}"), 422, "EEG-JSON-UNKNOWN-FIELD");
        assertRefused(send(removalId, "{}"), 422, "EEG-ACT-HASH-LIST-EMPTY");
        assertThat(hashListRows()).isZero();
    }

    @Test
    @Order(2)
    void aRequestThatIsNoRemovalOrderTakesNoHashList() throws Exception {
        ObjectNode preservation = (ObjectNode) JSON.readTree(Files.readString(CORPUS.resolve("BUDAPEST_ART29_PRESERVATION").resolve("valid.json")));
        preservation.put("messageId", "msg-hl-p-" + UUID.randomUUID());
        String id = delivered(preservation);
        assertRefused(send(id, "{\"hashes\":[{\"algorithm\":\"PDQ\",\"value\":\"" + GIVEN + "\"}]}"), 422, "EEG-ACT-HASH-LIST-NOT-REMOVAL");
        assertRefused(send("REQ-01JD0000000000000000000000", "{\"fromOrder\":true}"), 404, "EEG-REQ-NOT-FOUND");
        assertThat(hashListRows()).isZero();
    }

    @Test
    @Order(3)
    void aWithdrawnRemovalOrderTakesNoHashList() throws Exception {
        String id = delivered(order());
        ContactPointClient.Answer w = cp.post("api/v1/requests/" + id + "/withdraw", "{\"reason\":\"no longer needed\"}".getBytes(StandardCharsets.UTF_8),
                "application/json", null);
        assertThat(w.status()).as(w.body()).isEqualTo(200);
        assertRefused(send(id, "{\"fromOrder\":true}"), 409, "EEG-ACT-FOLLOW-UP-WITHDRAWN");
        assertThat(hashListRows()).isZero();
    }

    @Test
    @Order(4)
    void aListIsDeliveredAppliedAndShownWithoutEverShowingAHash() throws Exception {
        ContactPointClient.Answer a = send(removalId, "{\"fromOrder\":true,\"hashes\":[{\"algorithm\":\"PDQ\",\"value\":\"" + GIVEN
                + "\"},{\"algorithm\":\"PDQ\",\"value\":\"" + PDQ + "\"}]}");
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        JsonNode list = JSON.readTree(a.body()).get("hashLists").get(0);
        assertThat(list.get("hashCount").asInt()).isEqualTo(3); // GIVEN, PDQ (given and in the order: once), SHA
        assertThat(list.get("pdqCount").asInt()).isEqualTo(2);
        assertThat(list.get("matchDistance").asInt()).isEqualTo(31);
        String listId = list.get("listId").asText();
        await().atMost(Duration.ofSeconds(60)).until(() -> status(removalId).path("followUps").toString(),
                s -> s.contains(listId) && s.contains("SENT"));

        ObjectNode applied = (ObjectNode) JSON.readTree(Files.readString(CORPUS.resolve("HASH_LIST_APPLIED").resolve("valid.json")));
        applied.put("messageId", "msg-hla-" + UUID.randomUUID());
        applied.put("correlationId", listId);
        ((ObjectNode) applied.get("body")).put("appliedAt", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        ObjectNode beyond = applied.deepCopy();
        beyond.put("messageId", "msg-hla-" + UUID.randomUUID());
        ((ObjectNode) beyond.get("body").get("perHash").get(1)).put("hashIndex", 3);
        ContactPointClient.Answer refused = platform.post("api/v1/platform/answers", JSON.writeValueAsBytes(beyond), "application/json", null);
        assertRefused(refused, 422, "EEG-ANS-NO-HASH-LIST");

        ContactPointClient.Answer ok = platform.post("api/v1/platform/answers", JSON.writeValueAsBytes(applied), "application/json", null);
        assertThat(ok.status()).as(ok.body()).isEqualTo(201);
        JsonNode shown = status(removalId).get("hashLists").get(0);
        assertThat(shown.get("matched").asInt()).isEqualTo(5);
        assertThat(shown.get("removed").asInt()).isEqualTo(4);
        assertThat(shown.get("reuploadsBlocked").asInt()).isEqualTo(7);
        assertThat(shown.get("perHash").findValuesAsText("reuploadsBlocked")).containsExactly("6", "1");
        assertThat(JSON.readTree(cp.get("api/v1/requests/" + removalId + "/hash-lists").body()).get("hashLists").get(0).get("matched").asInt())
                .isEqualTo(5);
        ContactPointClient.Answer page = cp.get("console/requests/" + removalId);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("hash-lists-title", "class=\"hash-list-blocked\">7<").doesNotContain(PDQ).doesNotContain(GIVEN);

        assertNoHashAnywhere(removalId);
    }

    @Test
    @Order(5)
    void theHashesArePurgedWithTheOrderAndOnlyCountsRemain() throws Exception {
        ContactPointClient.Answer w = cp.post("api/v1/requests/" + removalId + "/withdraw", "{\"reason\":\"case closed\"}"
                .getBytes(StandardCharsets.UTF_8), "application/json", null);
        assertThat(w.status()).as(w.body()).isEqualTo(200);
        ContactPointClient.Answer purged = cp.post("api/v1/requests/" + removalId + "/purge", new byte[0], "application/json", null);
        assertThat(purged.status()).as(purged.body()).isEqualTo(200);
        int[] sizes = net.node.requests().database().read(c -> {
            try (var ps = c.connection().prepareStatement("SELECT LENGTH(payload) FROM outbound_notice WHERE request_id = ? AND kind = 'HASH_LIST'")) {
                ps.setString(1, removalId);
                try (var rs = ps.executeQuery()) {
                    return rs.next() ? new int[] {rs.getInt(1)} : new int[0];
                }
            }
        });
        assertThat(sizes).containsExactly(0); // the sealed list (the only place the values were) is erased
        assertThat(status(removalId).get("hashLists").get(0).get("hashCount").asInt()).isEqualTo(3); // counts stay
        assertThat(cp.get("api/v1/requests/" + removalId + "/content").status()).isEqualTo(410);
        assertRefused(send(removalId, "{\"fromOrder\":true}"), 409, "EEG-ACT-FOLLOW-UP-WITHDRAWN");
    }

    private static void assertNoHashAnywhere(String id) throws Exception {
        List<String> lines = new ArrayList<>();
        synchronized (LOGS) {
            for (ILoggingEvent e : LOGS.list) {
                lines.add(e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage()));
            }
        }
        assertThat(lines).as("the node's log lines were captured").anyMatch(l -> l.contains("EEG-ACT-HASH-LIST-SENT"));
        assertThat(lines).noneMatch(l -> l.contains(PDQ) || l.contains(SHA) || l.contains(GIVEN));
        StringBuilder clear = new StringBuilder();
        net.node.requests().database().read(c -> {
            for (String sql : new String[] {"SELECT * FROM custody_record", "SELECT * FROM request_event", "SELECT * FROM hash_list",
                    "SELECT * FROM hash_list_outcome", "SELECT id, request_id, kind, state, last_error FROM outbound_notice"}) {
                try (var ps = c.connection().prepareStatement(sql); var rs = ps.executeQuery()) {
                    int n = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= n; i++) {
                            clear.append(rs.getString(i)).append('|');
                        }
                    }
                }
            }
            return null;
        });
        assertThat(clear.toString()).contains("HASH_LIST").doesNotContain(PDQ).doesNotContain(SHA).doesNotContain(GIVEN);
        String timeline = JSON.readTree(cp.get("api/v1/requests/" + id + "/timeline").body()).toString();
        assertThat(timeline).contains("HASH_LIST_APPLIED").doesNotContain(PDQ).doesNotContain(GIVEN);
    }
}
