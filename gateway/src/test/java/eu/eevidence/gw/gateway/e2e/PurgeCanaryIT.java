package eu.eevidence.gw.gateway.e2e;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * "Personal data destroyed for real" (issue 14 item 4, ADR-0020; Second Additional Protocol Art. 14, CM/Rec para 29.2).
 * A unique canary is planted in a request's free text and identifiers and in an evidence item the platform uploads; the
 * request completes, its owner purges it, the node is stopped (every file closed and flushed), and then every file under
 * the node's data directory (database, broker journal, evidence store, custody log, keys) and every log line the node
 * wrote during the test are searched for the canary in UTF-8, UTF-16LE/BE and base64: it must be nowhere. Negative cases
 * first: the scanner finds a planted canary, and before the purge the canary is readable through the API.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PurgeCanaryIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path CORPUS = Path.of("..", "message-schemas", "src", "test", "resources", "corpus");
    private static final String CANARY = "CANARY-" + UUID.randomUUID();
    private static final ConcurrentLinkedQueue<String> LOG_LINES = new ConcurrentLinkedQueue<>();
    /** The simulated platform keeps its own copy under portal/ (it is the other party, not this node). */
    private static final Predicate<Path> NOT_THE_NODES = p -> p.toString().contains("/portal/") || p.toString().contains("\\portal\\");

    @TempDir
    static Path dir;
    static TestNetwork net;
    static ContactPointClient cp;
    static ContactPointClient platform;
    static String requestId;
    static byte[] evidence;
    static AppenderBase<ILoggingEvent> capture;

    @BeforeAll
    static void start() throws Exception {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        capture = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent e) {
                String name = e.getLoggerName();
                if (name.startsWith("eu.eevidence.gw.testkit") || name.contains("wiremock")) {
                    return; // the simulated platform's own logs
                }
                LOG_LINES.add(name + " " + e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : " " + ThrowableProxyUtil.asString(
                        e.getThrowableProxy())));
            }
        };
        capture.setContext(ctx);
        capture.start();
        ctx.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(capture);
        net = new TestNetwork(dir);
        cp = net.client(net.contactPoint);
        platform = net.client(net.platformKey);
        evidence = ("subscriber record of " + CANARY + ": account created 2026-01-02 from 192.0.2.1").getBytes(StandardCharsets.UTF_8);
    }

    @AfterAll
    static void stop() {
        if (net != null) {
            net.close();
        }
        ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(capture);
    }

    static String sha(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    static void assertProblem(ContactPointClient.Answer a, int status, String code) throws Exception {
        assertThat(a.status()).as(a.body()).isEqualTo(status);
        assertThat(JSON.readTree(a.body()).get("code").asText()).as(a.body()).isEqualTo(code);
    }

    @Test
    @Order(1)
    void theScannerFindsAPlantedCanaryInEveryForm(@TempDir Path tmp) throws Exception {
        String c = "CANARY-" + UUID.randomUUID();
        CanaryScanner scanner = new CanaryScanner(c);
        Files.write(tmp.resolve("utf8.bin"), ("xx" + c + "yy").getBytes(StandardCharsets.UTF_8));
        Files.write(tmp.resolve("le.bin"), ("x" + c).getBytes(StandardCharsets.UTF_16LE));
        Files.write(tmp.resolve("be.bin"), (c + "y").getBytes(StandardCharsets.UTF_16BE));
        for (int shift = 0; shift < 3; shift++) {
            byte[] prefix = "abc".substring(0, shift).getBytes(StandardCharsets.US_ASCII);
            byte[] plain = (new String(prefix, StandardCharsets.US_ASCII) + c + "tail").getBytes(StandardCharsets.UTF_8);
            Files.writeString(tmp.resolve("b64-" + shift + ".txt"), "{\"x\":\"" + Base64.getEncoder().encodeToString(plain) + "\"}");
        }
        byte[] big = new byte[(1 << 20) + 100]; // across the scanner's 1 MiB window
        byte[] cb = c.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(cb, 0, big, (1 << 20) - 10, cb.length);
        Files.createDirectories(tmp.resolve("deep/er"));
        Files.write(tmp.resolve("deep/er/straddle.bin"), big);
        Files.write(tmp.resolve("clean.bin"), ("CANARY-" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
        List<String> found = scanner.scan(tmp, p -> false);
        assertThat(found).contains("utf8.bin: UTF-8", "le.bin: UTF-16LE", "be.bin: UTF-16BE", "b64-0.txt: base64/0", "b64-1.txt: base64/1",
                "b64-2.txt: base64/2", "deep/er/straddle.bin: UTF-8");
        assertThat(found).noneMatch(f -> f.startsWith("clean.bin"));
        assertThat(scanner.scan("log line " + c)).containsExactly("UTF-8");
        assertThat(scanner.scan(tmp, p -> p.getFileName().toString().equals("utf8.bin"))).doesNotContain("utf8.bin: UTF-8");
    }

    @Test
    @Order(2)
    void beforeThePurgeTheCanaryIsThereThroughTheApi() throws Exception {
        ObjectNode epoc = (ObjectNode) JSON.readTree(Files.readString(CORPUS.resolve("EU_EPOC").resolve("valid.json")));
        epoc.put("messageId", "msg-epoc-" + UUID.randomUUID());
        ObjectNode sought = (ObjectNode) epoc.get("body").get("dataSought");
        sought.put("description", "All posts of the account that threatened " + CANARY + " and their connection logs");
        ((ObjectNode) epoc.get("body").get("identifiers").get(0)).put("value", CANARY);
        ContactPointClient.Answer a = cp.post("api/v1/requests", JSON.writeValueAsBytes(epoc), "application/json", "canary-" + UUID.randomUUID());
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        requestId = JSON.readTree(a.body()).get("id").asText();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> JSON.readTree(cp.get("api/v1/requests/" + requestId).body()).path("state").asText(), "ACKNOWLEDGED"::equals);

        // a request in progress cannot be purged; nor by anyone but its owner
        assertProblem(cp.post("api/v1/requests/" + requestId + "/purge", new byte[0], "application/json", null), 409, "EEG-RET-NOT-CLOSED");
        ContactPointClient stranger = net.client(net.issue("another contact point", Role.CONTACT_POINT));
        assertProblem(stranger.post("api/v1/requests/" + requestId + "/purge", new byte[0], "application/json", null), 404, "EEG-REQ-NOT-FOUND");

        // the platform answers with a final execution report declaring one item, and uploads it
        ObjectNode report = (ObjectNode) JSON.readTree(Files.readString(CORPUS.resolve("EXECUTION_REPORT").resolve("valid.json")));
        ObjectNode ack = (ObjectNode) JSON.readTree(Files.readString(CORPUS.resolve("ACKNOWLEDGEMENT").resolve("valid.json")));
        report.put("messageId", "msg-report-" + UUID.randomUUID());
        report.put("correlationId", requestId);
        report.set("sender", ack.get("sender"));
        report.set("receiver", ack.get("receiver"));
        ((ObjectNode) report.get("body")).put("completeness", "FINAL");
        ArrayNode items = ((ObjectNode) report.get("body").get("manifest")).putArray("items");
        items.addObject().put("itemId", "subscriber-record").put("mediaType", "text/plain").put("sizeBytes", evidence.length).put("sha256", sha(evidence));
        ContactPointClient.Answer r = platform.post("api/v1/platform/answers", JSON.writeValueAsBytes(report), "application/json", null);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String base = "api/v1/platform/requests/" + requestId + "/evidence";
        ContactPointClient.Answer created = platform.post(base, "{\"itemId\":\"subscriber-record\"}".getBytes(), "application/json", null);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String upload = JSON.readTree(created.body()).get("uploadId").asText();
        HttpClient http = HttpClient.newBuilder().sslContext(eu.eevidence.gw.pki.Tls.sslContext(net.platformKey, net.trust))
                .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(net.node.baseUrl() + "/" + base + "/" + upload + "/parts/1"))
                .timeout(Duration.ofSeconds(30)).PUT(HttpRequest.BodyPublishers.ofByteArray(evidence)).header("Content-Type", "application/octet-stream")
                .header("X-Part-SHA256", sha(evidence)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        ContactPointClient.Answer done = platform.post(base + "/" + upload + "/complete", new byte[0], "application/json", null);
        assertThat(done.status()).as(done.body()).isEqualTo(201);
        assertThat(JSON.readTree(cp.get("api/v1/requests/" + requestId).body()).path("state").asText()).isEqualTo("COMPLETED");

        // the canary is there for its owner: in the content and in the evidence
        ContactPointClient.Answer content = cp.get("api/v1/requests/" + requestId + "/content");
        assertThat(content.status()).as(content.body()).isEqualTo(200);
        assertThat(content.body()).contains(CANARY);
        ContactPointClient.Answer item = cp.get("api/v1/requests/" + requestId + "/evidence/subscriber-record");
        assertThat(item.status()).isEqualTo(200);
        assertThat(item.body()).contains(CANARY);
        // and nothing of it at rest in plaintext even now, on the running node (database written through, broker journal,
        // evidence): the node stores it under the request's data key. (A node killed now leaves only ciphertext behind.)
        assertThat(new CanaryScanner(CANARY).scan(dir, NOT_THE_NODES)).isEmpty();
    }

    static final String ONWARD = "{\"recipient\":\"Parquet national de Paris, section J3\",\"legalBasis\":\"Second Additional Protocol Art. 14(10)(b)\","
            + "\"authorisationReference\":\"IE-DOJ-2026-0042\"}";

    @Test
    @Order(3)
    void anOnwardTransferNeedsTheAuthorisationAndIsRecorded() throws Exception {
        String path = "api/v1/requests/" + requestId + "/onward-transfers";
        ContactPointClient.Answer missing = cp.post(path, "{\"recipient\":\"x\",\"legalBasis\":\"y\"}".getBytes(), "application/json", null);
        assertProblem(missing, 422, "EEG-ONW-AUTHORISATION");
        assertProblem(cp.post(path, "{}".getBytes(), "application/json", null), 422, "EEG-ONW-RECIPIENT");
        assertThat(JSON.readTree(cp.post(path, "{}".getBytes(), "application/json", null).body()).get("errors").findValuesAsText("code"))
                .containsExactly("EEG-ONW-RECIPIENT", "EEG-ONW-LEGAL-BASIS", "EEG-ONW-AUTHORISATION");
        ContactPointClient stranger = net.client(net.issue("a third contact point", Role.CONTACT_POINT));
        assertProblem(stranger.post(path, ONWARD.getBytes(), "application/json", null), 404, "EEG-REQ-NOT-FOUND");
        assertThat(JSON.readTree(cp.get(path).body()).get("transfers")).isEmpty(); // nothing stored from refused ones
        ContactPointClient.Answer ok = cp.post(path, ONWARD.getBytes(), "application/json", null);
        assertThat(ok.status()).as(ok.body()).isEqualTo(201);
        assertThat(JSON.readTree(ok.body()).get("authorisationReference").asText()).isEqualTo("IE-DOJ-2026-0042");
        JsonNode list = JSON.readTree(cp.get(path).body()).get("transfers");
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("recipient").asText()).isEqualTo("Parquet national de Paris, section J3");
        long custody = net.node.requests().database().read(c -> {
            try (var ps = c.connection().prepareStatement("SELECT COUNT(*) FROM custody_record WHERE request_id = ? AND event_type = 'ONWARD_TRANSFER'")) {
                ps.setString(1, requestId);
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
        assertThat(custody).isEqualTo(1);
    }

    @Test
    @Order(4)
    void theOwnerPurgesItAndTheContentIsGone() throws Exception {
        ContactPointClient.Answer purged = cp.post("api/v1/requests/" + requestId + "/purge", new byte[0], "application/json", null);
        assertThat(purged.status()).as(purged.body()).isEqualTo(200);
        assertProblem(cp.get("api/v1/requests/" + requestId + "/content"), 410, "EEG-RET-PURGED");
        assertProblem(cp.get("api/v1/requests/" + requestId + "/evidence/subscriber-record"), 410, "EEG-RET-PURGED");
        assertProblem(cp.post("api/v1/requests/" + requestId + "/purge", new byte[0], "application/json", null), 410, "EEG-RET-PURGED");
        ContactPointClient.Answer timeline = cp.get("api/v1/requests/" + requestId + "/timeline");
        assertThat(timeline.status()).isEqualTo(200);
        assertThat(timeline.body()).contains("RETENTION_PURGED", "ONWARD_TRANSFER").doesNotContain(CANARY);
        // no onward transfer once purged; the ones recorded before stay listed
        assertProblem(cp.post("api/v1/requests/" + requestId + "/onward-transfers", ONWARD.getBytes(), "application/json", null), 410,
                "EEG-RET-PURGED");
        assertThat(JSON.readTree(cp.get("api/v1/requests/" + requestId + "/onward-transfers").body()).get("transfers")).hasSize(1);
        JsonNode status = JSON.readTree(cp.get("api/v1/requests/" + requestId).body());
        assertThat(status.path("state").asText()).isEqualTo("COMPLETED"); // the metadata stay
        boolean keyGone = net.node.requests().database().read(c -> {
            try (var ps = c.connection().prepareStatement("SELECT wrapped FROM data_key WHERE owner_id = ?")) { // a tombstone without a key
                ps.setString(1, requestId);
                try (var rs = ps.executeQuery()) {
                    return rs.next() && rs.getBytes(1).length == 0;
                }
            }
        });
        assertThat(keyGone).isTrue();
        try (var files = Files.walk(dir.resolve("evidence").resolve("items"))) {
            assertThat(files.filter(Files::isRegularFile).toList()).isEmpty();
        }
    }

    @Test
    @Order(5)
    void afterTheNodeStoppedTheCanaryIsNowhereInItsDataDirectoryNorInItsLogs() throws Exception {
        net.close();
        net = null;
        CanaryScanner scanner = new CanaryScanner(CANARY);
        // the stores the scan must have covered
        for (String store : new String[] {"db", "broker", "evidence", "custody", "keys"}) {
            assertThat(dir.resolve(store)).as(store).isDirectory();
        }
        long files = CanaryScanner.count(dir, NOT_THE_NODES);
        assertThat(files).isGreaterThan(10);
        assertThat(scanner.scan(dir, NOT_THE_NODES)).as("canary found at rest after the purge (" + files + " files scanned)").isEmpty();
        assertThat(LOG_LINES).isNotEmpty();
        assertThat(LOG_LINES.stream().filter(l -> !scanner.scan(l).isEmpty()).toList()).as("canary in the node's log").isEmpty();
    }
}
