package eu.eevidence.gw.gateway.e2e;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.eevidence.gw.gateway.routing.PlatformSpec;
import eu.eevidence.gw.testkit.ContactPointClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Removal orders end to end on a running node through the json-portal channel (the simulated WireMock portal): refused
 * for malformed or too many hashes, an out-of-bounds removeWithinHours and a channel that cannot carry them (nothing
 * stored); then an order by locator and an order by hash only (the StopNCII model) delivered, answered CONTENT_REMOVED by
 * the platform, REMOVED with their figures, the removal deadline met and the ordered preservation tracked. The hashes
 * never reach a log line, the custody log's clear fields, the timeline or an alarm. Negative cases first.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RemovalOrdersIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path CORPUS = Path.of("..", "message-schemas", "src", "test", "resources", "corpus");
    private static final String PDQ = "d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2";
    private static final String SHA = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";
    private static final String ETSI_PLATFORM = "etsi-only-platform";

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
        net = new TestNetwork(dir, c -> {
            PlatformSpec json = c.platforms().get(0);
            List<PlatformSpec> both = new ArrayList<>(c.platforms());
            both.add(new PlatformSpec(ETSI_PLATFORM, "etsi-104144", json.endpoint(), json.encryptionCertificate(), List.of(),
                    Map.of("hi1.sender.country", "FR", "hi1.sender.id", "NODE", "hi1.receiver.country", "IE", "hi1.receiver.id", "PLATFORM")));
            return c.withPlatforms(both);
        });
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
        n.put("messageId", "msg-rm-" + UUID.randomUUID());
        ArrayNode content = (ArrayNode) n.get("body").get("content");
        content.remove(1); // the sample's item by hash
        ArrayNode hashes = content.addObject().putArray("hashes");
        hashes.addObject().put("algorithm", "PDQ").put("value", PDQ);
        hashes.addObject().put("algorithm", "SHA256").put("value", SHA);
        return n;
    }

    /** The order's item by hash (the StopNCII model). */
    private static ObjectNode hashItem(ObjectNode order) {
        return (ObjectNode) order.get("body").get("content").get(1);
    }

    private static ContactPointClient.Answer submit(ObjectNode order) throws Exception {
        return cp.post("api/v1/requests", JSON.writeValueAsBytes(order), "application/json", "rm-" + UUID.randomUUID());
    }

    private static void assertRefused(ContactPointClient.Answer a, int status, String code) throws Exception {
        assertThat(a.status()).as(a.body()).isEqualTo(status);
        JsonNode p = JSON.readTree(a.body());
        List<String> codes = new ArrayList<>(p.findValuesAsText("code"));
        assertThat(codes).as(a.body()).contains(code);
        assertThat(a.body()).doesNotContain("Exception");
    }

    private static int requestCount() throws Exception {
        return net.node.requests().database().read(c -> {
            try (var ps = c.connection().prepareStatement("SELECT COUNT(*) FROM request"); var rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    @Test
    @Order(1)
    void malformedHashesTooManyHashesAndHoursOutOfBoundsAreRefusedWithTheirCodes() throws Exception {
        ObjectNode bad = order();
        ((ObjectNode) hashItem(bad).get("hashes").get(0)).put("value", PDQ.substring(1));
        assertRefused(submit(bad), 422, "EEG-VAL-REMOVAL-HASH");

        ObjectNode many = order();
        ArrayNode hashes = hashItem(many).putArray("hashes");
        for (int i = 0; i <= 1000; i++) {
            hashes.addObject().put("algorithm", "SHA256").put("value", String.format("%064x", i));
        }
        assertRefused(submit(many), 422, "EEG-VAL-REMOVAL-HASH-COUNT");

        ObjectNode slow = order();
        ((ObjectNode) slow.get("body")).put("removeWithinHours", 721);
        assertRefused(submit(slow), 422, "EEG-VAL-REMOVAL-HOURS");
        ((ObjectNode) slow.get("body")).put("removeWithinHours", 0);
        assertRefused(submit(slow), 422, "EEG-VAL-REMOVAL-HOURS");
        assertThat(requestCount()).isZero();
    }

    @Test
    @Order(2)
    void aChannelWithoutARemovalOperationRefusesTheOrderAtSubmission() throws Exception {
        ObjectNode toEtsi = order();
        ((ObjectNode) toEtsi.get("body").get("serviceProvider")).put("platformId", ETSI_PLATFORM);
        ((ObjectNode) toEtsi.get("receiver")).put("id", ETSI_PLATFORM);
        ContactPointClient.Answer a = submit(toEtsi);
        assertRefused(a, 422, "EEG-EEV-REMOVAL-UNSUPPORTED");
        assertThat(JSON.readTree(a.body()).path("detail").asText()).contains("TS 104 144");
        assertThat(requestCount()).isZero();
    }

    private static String delivered(ObjectNode order) throws Exception {
        ContactPointClient.Answer a = submit(order);
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        String id = JSON.readTree(a.body()).get("id").asText();
        await().atMost(Duration.ofSeconds(60)).until(() -> status(id).path("state").asText(), s -> s.equals("PRESERVED") || s.equals("DELIVERED"));
        return id;
    }

    private static JsonNode status(String id) throws Exception {
        return JSON.readTree(cp.get("api/v1/requests/" + id).body());
    }

    private static JsonNode deadline(String id, String rule) throws Exception {
        for (JsonNode d : JSON.readTree(cp.get("api/v1/requests/" + id + "/deadlines").body()).get("deadlines")) {
            if (rule.equals(d.path("rule").asText())) {
                return d;
            }
        }
        throw new AssertionError("no deadline " + rule + " on " + id);
    }

    private static ObjectNode removed(String requestId, boolean withHashes) throws Exception {
        ObjectNode n = (ObjectNode) JSON.readTree(Files.readString(CORPUS.resolve("CONTENT_REMOVED").resolve("valid.json")));
        n.put("messageId", "msg-removed-" + UUID.randomUUID());
        n.put("correlationId", requestId);
        ObjectNode body = (ObjectNode) n.get("body");
        body.put("removedAt", Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        body.remove("preservedUntil");
        if (!withHashes) {
            body.remove("hashMatches");
            body.remove("perHash");
            body.put("itemsRemoved", 1);
        }
        return n;
    }

    @Test
    @Order(3)
    void anOrderByLocatorIsRemovedWithinItsDeadlineAndItsPreservationIsTheOrderedPeriod() throws Exception {
        ObjectNode order = order();
        ((ArrayNode) order.get("body").get("content")).remove(1);
        ((ObjectNode) order.get("body")).put("preservationDays", 30);
        String id = delivered(order);
        JsonNode removal = status(id).get("removal");
        assertThat(removal.get("removeWithinHours").asInt()).isEqualTo(24);
        assertThat(removal.get("hashCount").asInt()).isZero();
        assertThat(removal.has("removedAt")).isFalse();
        JsonNode running = deadline(id, "REMOVAL_DEADLINE");
        assertThat(running.get("state").asText()).isEqualTo("RUNNING");
        assertThat(running.get("source").asText()).contains("CM/Rec(2026)2 para. 33", "2021/784");

        ObjectNode answer = removed(id, false);
        ContactPointClient.Answer a = platform.post("api/v1/platform/answers", JSON.writeValueAsBytes(answer), "application/json", null);
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        JsonNode s = status(id);
        assertThat(s.get("state").asText()).isEqualTo("REMOVED");
        assertThat(s.get("removal").get("itemsRemoved").asInt()).isEqualTo(1);
        assertThat(s.get("removal").has("hashMatches")).isFalse();
        assertThat(deadline(id, "REMOVAL_DEADLINE").get("state").asText()).isEqualTo("MET");
        JsonNode keep = deadline(id, "REMOVAL_PRESERVATION");
        assertThat(keep.get("state").asText()).isEqualTo("RUNNING");
        Instant removedAt = Instant.parse(answer.get("body").get("removedAt").asText());
        assertThat(Instant.parse(keep.get("dueAt").asText())).isEqualTo(removedAt.plus(Duration.ofDays(30))); // not 60

        ContactPointClient.Answer page = cp.get("console/requests/" + id);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("removal-title", "class=\"removed-items\">1<").doesNotContain("hash-matches");
    }

    @Test
    @Order(4)
    void anOrderByHashOnlyReportsMatchesPerHashAndTheHashesAreNeverLoggedNorInClearRecords() throws Exception {
        ObjectNode order = order();
        ((ArrayNode) order.get("body").get("content")).remove(0); // hashes only: no locator, no image
        String id = delivered(order);
        assertThat(status(id).get("removal").get("hashCount").asInt()).isEqualTo(2);

        ContactPointClient.Answer a = platform.post("api/v1/platform/answers", JSON.writeValueAsBytes(removed(id, true)), "application/json", null);
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        JsonNode removal = status(id).get("removal");
        assertThat(removal.get("itemsRemoved").asInt()).isEqualTo(4);
        assertThat(removal.get("hashMatches").asInt()).isEqualTo(3);
        assertThat(removal.get("perHash").findValuesAsText("matches")).containsExactly("2", "1");
        assertThat(status(id).get("state").asText()).isEqualTo("REMOVED");
        ContactPointClient.Answer page = cp.get("console/requests/" + id);
        assertThat(page.body()).contains("class=\"hash-matches\">3<");

        List<String> lines = new ArrayList<>();
        synchronized (LOGS) {
            for (ILoggingEvent e : LOGS.list) {
                lines.add(e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage()));
            }
        }
        assertThat(lines).as("the node's log lines about this request were captured").anyMatch(l -> l.contains(id) && l.contains("EEG-ANS-APPLIED"));
        assertThat(lines).noneMatch(l -> l.contains(PDQ) || l.contains(SHA));
        StringBuilder clear = new StringBuilder();
        net.node.requests().database().read(c -> {
            for (String sql : new String[] {"SELECT * FROM custody_record", "SELECT * FROM request_event", "SELECT * FROM deadline_alarm",
                    "SELECT * FROM removal_order", "SELECT * FROM removal_hash_outcome", "SELECT * FROM platform_answer"}) {
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
        assertThat(clear.toString()).contains("CONTENT_REMOVED").doesNotContain(PDQ).doesNotContain(SHA);
        assertThat(JSON.readTree(cp.get("api/v1/requests/" + id + "/timeline").body()).toString()).doesNotContain(PDQ).doesNotContain(SHA);
    }
}
