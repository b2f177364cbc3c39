package eu.eevidence.gw.gateway.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.eevidence.gw.adapter.api.PortalAnswer;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.testkit.ContactPointClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 21 item 6 (ADR-0039): secure archiving over the API. Negative cases first. */
class ArchiveIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path CORPUS = Path.of("..", "message-schemas", "src", "test", "resources", "corpus");

    @TempDir
    static Path dir;
    static TestNetwork net;
    static ContactPointClient cp;
    static ContactPointClient stranger;

    @BeforeAll
    static void start() throws Exception {
        Files.writeString(dir.resolve("protected-data.properties"), "archive.retention-days=400\n"); // the deployment's setting
        net = new TestNetwork(dir, c -> c);
        cp = net.client(net.contactPoint);
        stranger = net.client(net.issue("another contact point", Role.CONTACT_POINT));
    }

    @AfterAll
    static void stop() {
        if (net != null) {
            net.close();
        }
    }

    static String submit() throws Exception {
        ObjectNode epoc = (ObjectNode) JSON.readTree(Files.readString(CORPUS.resolve("EU_EPOC").resolve("valid.json")));
        epoc.put("messageId", "msg-epoc-" + UUID.randomUUID());
        ContactPointClient.Answer a = cp.post("api/v1/requests", JSON.writeValueAsBytes(epoc), "application/json", "arc-" + UUID.randomUUID());
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        return JSON.readTree(a.body()).get("id").asText();
    }

    static ContactPointClient.Answer send(ContactPointClient c, String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(net.node.baseUrl() + "/" + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        return c.send(b.build());
    }

    static void assertProblem(ContactPointClient.Answer a, int status, String code) throws Exception {
        assertThat(a.status()).as(a.body()).isEqualTo(status);
        assertThat(JSON.readTree(a.body()).get("code").asText()).as(a.body()).isEqualTo(code);
    }

    static List<String> events(String id) throws Exception {
        JsonNode timeline = JSON.readTree(cp.get("api/v1/requests/" + id + "/timeline").body());
        return timeline.get("events").findValuesAsText("event");
    }

    @Test
    void archivingIsRefusedForARunningRequestAnotherUserAndWithoutReasonThenReadsNeedAReasonAndWritesAreRefused() throws Exception {
        String id = submit();
        assertProblem(send(cp, "POST", "api/v1/requests/" + id + "/archive?reason=closed", null), 409, "EEG-ARCHIVE-NOT-ENDED");
        assertThat(send(cp, "POST", "api/v1/requests/" + id + "/withdraw", "{}").status()).isEqualTo(200);
        assertProblem(send(stranger, "POST", "api/v1/requests/" + id + "/archive?reason=closed", null), 404, "EEG-REQ-NOT-FOUND");
        assertProblem(send(cp, "POST", "api/v1/requests/" + id + "/archive", null), 422, "EEG-ARCHIVE-REASON");
        assertThat(events(id)).doesNotContain("ARCHIVED");

        ContactPointClient.Answer archived = send(cp, "POST", "api/v1/requests/" + id + "/archive?reason=case%20closed", null);
        assertThat(archived.status()).as(archived.body()).isEqualTo(201);
        assertThat(JSON.readTree(archived.body()).get("retentionDays").asInt()).isEqualTo(400);
        assertProblem(send(cp, "POST", "api/v1/requests/" + id + "/archive?reason=again", null), 409, "EEG-ARCHIVE-ALREADY");

        assertProblem(cp.get("api/v1/requests/" + id + "/content"), 422, "EEG-ARCHIVE-REASON");
        assertThat(events(id)).doesNotContain("ARCHIVE_READ");
        assertProblem(send(cp, "POST", "api/v1/requests/" + id + "/correspondence", "{\"text\":\"x\"}"), 409, "EEG-ARCHIVE-READ-ONLY");
        assertProblem(send(cp, "POST", "api/v1/requests/" + id + "/withdraw", "{}"), 409, "EEG-ARCHIVE-READ-ONLY");
        // a stranger writing to an archived id learns nothing: the same 404 as for an unknown id, not the 409
        assertProblem(send(stranger, "POST", "api/v1/requests/" + id + "/correspondence", "{\"text\":\"x\"}"), 404, "EEG-REQ-NOT-FOUND");
        assertProblem(send(stranger, "POST", "api/v1/requests/" + id + "/withdraw", "{}"), 404, "EEG-REQ-NOT-FOUND");

        ContactPointClient.Answer read = cp.get("api/v1/requests/" + id + "/content?reason=appeal%207%2F2026");
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        JsonNode timeline = JSON.readTree(cp.get("api/v1/requests/" + id + "/timeline").body());
        assertThat(timeline.toString()).contains("ARCHIVE_READ").contains("appeal 7/2026").contains("client:");
        assertThat(JSON.readTree(cp.get("api/v1/requests/" + id).body()).get("state").asText()).isEqualTo("WITHDRAWN");
    }

    @Test
    void anArchivedRequestsEvidenceIsDownloadedOnlyWithAReasonAndTheReadIsRecorded() throws Exception {
        String id = net.acknowledgedEpoc(cp, "arc-ev-");
        byte[] bytes = "subscriber record kept in the archive".getBytes(StandardCharsets.UTF_8);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        var delivery = new PortalAnswer.DataDelivery("ans-arc", id, null, Instant.now(), 1, true, List.of(
                new PortalAnswer.ManifestItem("arc-1", "text/plain", bytes.length, sha, bytes, null)), "{}".getBytes(StandardCharsets.UTF_8));
        net.node.evidence().acceptDelivery(id, "demo-platform", delivery, (ref, sink) -> {
            throw new IllegalStateException("inline only");
        });
        assertThat(cp.get("api/v1/requests/" + id + "/evidence/arc-1").status()).isEqualTo(200); // not archived: no reason
        if (!List.of("COMPLETED", "WITHDRAWN", "REFUSED").contains(JSON.readTree(cp.get("api/v1/requests/" + id).body()).get("state").asText())) {
            assertThat(send(cp, "POST", "api/v1/requests/" + id + "/withdraw", "{}").status()).isEqualTo(200);
        }
        assertThat(send(cp, "POST", "api/v1/requests/" + id + "/archive?reason=closed", null).status()).isEqualTo(201);

        assertProblem(stranger.get("api/v1/requests/" + id + "/evidence/arc-1?reason=curious"), 404, "EEG-REQ-NOT-FOUND");
        assertProblem(cp.get("api/v1/requests/" + id + "/evidence/arc-1"), 422, "EEG-ARCHIVE-REASON");
        assertThat(events(id)).doesNotContain("ARCHIVE_READ");

        ContactPointClient.Answer read = cp.get("api/v1/requests/" + id + "/evidence/arc-1?reason=appeal%2012%2F2026");
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        assertThat(read.body()).isEqualTo("subscriber record kept in the archive");
        String timeline = cp.get("api/v1/requests/" + id + "/timeline").body();
        assertThat(timeline).contains("ARCHIVE_READ").contains("evidence item arc-1").contains("appeal 12/2026");
    }
}
