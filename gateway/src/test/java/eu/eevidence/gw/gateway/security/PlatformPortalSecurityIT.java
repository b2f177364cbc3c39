package eu.eevidence.gw.gateway.security;

import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.eevidence.gw.adapter.etsi.hi1.Hi1PortalSim;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.pki.Tls;
import eu.eevidence.gw.testkit.ContactPointClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The platform side (C1 A2/A3 for platforms, C3): a platform only sees and answers requests addressed to it; answers
 * pushed by a platform (TS 104 144 channel) are authenticated by its pinned certificate and may only name its own
 * requests; evidence uploads only for the platform's own requests.
 */
class PlatformPortalSecurityIT {

    @TempDir
    static Path dir;
    static SecurityNode n;
    static String requestId;
    static String receiptId;
    static ContactPointClient pushPlatform;
    static KeyMaterial strangerPlatform;

    @BeforeAll
    static void start() throws Exception {
        n = SecurityNode.start(dir);
        requestId = n.preservedRequest(n.cp);
        receiptId = SecurityNode.JSON.readTree(n.cp.get("api/v1/requests/" + requestId).body()).path("receiptId").asText();
        pushPlatform = n.client(n.pushKey);
        strangerPlatform = n.issue("unconfigured platform", Role.PLATFORM, false);
    }

    @AfterAll
    static void stop() {
        if (n != null) {
            n.close();
        }
    }

    static byte[] answer(String correlationId) throws Exception {
        ObjectNode a = (ObjectNode) SecurityNode.JSON.readTree(SecurityNode.corpus("ACKNOWLEDGEMENT", "valid.json"));
        a.put("messageId", "msg-sec-" + UUID.randomUUID());
        a.put("correlationId", correlationId);
        return SecurityNode.JSON.writeValueAsBytes(a);
    }

    static SecurityNode.Reply postAnswer(ContactPointClient c, byte[] body, String contentType) throws Exception {
        return SecurityNode.Reply.of(c.post("api/v1/platform/answers", body, contentType, null));
    }

    // ------------------------------------------------------------------ answers for requests of another platform

    @Test
    @DisplayName("A3 another platform answers this platform's request (JSON) -> 404 EEG-REQ-NOT-FOUND, request untouched")
    void otherPlatformAnswers() throws Exception {
        byte[] body = answer(requestId);
        n.attack(404, "EEG-REQ-NOT-FOUND", () -> postAnswer(pushPlatform, body, "application/json"));
        assertThat(SecurityNode.JSON.readTree(n.cp.get("api/v1/requests/" + requestId).body()).path("state").asText()).isEqualTo("PRESERVED");
    }

    @Test
    @DisplayName("A1/A2 a platform certificate that is no configured platform answers -> 404 EEG-REQ-NOT-FOUND")
    void unconfiguredPlatformAnswers() throws Exception {
        byte[] body = answer(requestId);
        n.attack(404, "EEG-REQ-NOT-FOUND", () -> postAnswer(n.client(strangerPlatform), body, "application/json"));
    }

    @ParameterizedTest(name = "platform answer: {0} -> {1} {2}")
    @CsvSource({
            "unknown correlation id, 404, EEG-REQ-NOT-FOUND",
            "malformed JSON, 400, EEG-REQ-MALFORMED",
            "duplicate key, 400, EEG-REQ-MALFORMED",
            "a request instead of an answer, 422, EEG-ANS-NOT-AN-ANSWER",
            "text/plain, 415, EEG-HTTP-415",
            "XML with DOCTYPE, 400, EEG-REQ-MALFORMED"})
    void badAnswers(String which, int status, String code) throws Exception {
        String answer = new String(answer(requestId), StandardCharsets.UTF_8);
        byte[] body = (switch (which) {
            case "unknown correlation id" -> new String(answer(UUID.randomUUID().toString()), StandardCharsets.UTF_8);
            case "malformed JSON" -> answer.substring(0, answer.length() / 2);
            case "duplicate key" -> answer.replaceFirst("\\{", "{\"messageId\":\"x\",");
            case "a request instead of an answer" -> new String(SecurityNode.corpus("EU_EPOC", "valid.json"), StandardCharsets.UTF_8);
            case "XML with DOCTYPE" -> "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>";
            default -> answer;
        }).getBytes(StandardCharsets.UTF_8);
        String ct = which.equals("text/plain") ? "text/plain" : which.startsWith("XML") ? "application/xml" : "application/json";
        n.attack(status, code, () -> postAnswer(n.platform, body, ct));
    }

    @Test
    @DisplayName("A3 a platform lists only requests addressed to it; a contact point's list is not reachable")
    void platformListIsScoped() throws Exception {
        assertThat(n.platform.get("api/v1/platform/requests").body()).contains(requestId);
        ContactPointClient.Answer other = pushPlatform.get("api/v1/platform/requests");
        assertThat(other.status()).isEqualTo(200);
        assertThat(other.body()).doesNotContain(requestId);
        n.attack(400, "EEG-QUERY-INVALID", () -> SecurityNode.Reply.of(n.platform.get("api/v1/platform/requests?state=%27%20OR%201=1")));
    }

    // ------------------------------------------------------------------ answers pushed by platforms (TS 104 144)

    static SecurityNode.Reply push(KeyMaterial key, String channel, byte[] body) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(Tls.sslContext(key, n.trust)).connectTimeout(Duration.ofSeconds(5)).build();
        return SecurityNode.Reply.of(client.send(HttpRequest.newBuilder(URI.create(n.baseUrl() + "/eevidence/" + channel)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/xml").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString()));
    }

    static byte[] pushed(String reference) {
        return Hi1PortalSim.pushed(UUID.randomUUID().toString(), List.of(Hi1PortalSim.notification("n-" + UUID.randomUUID(), reference, "Received",
                "details", Instant.parse("2026-11-25T10:00:00Z"), ""))).getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "C3 push: {0} -> {1} {2}")
    @CsvSource({
            "no client certificate, 401, EEG-CHN-NO-CERT",
            "a contact point's certificate, 403, EEG-CHN-ROLE",
            "an unconfigured platform, 403, EEG-CHN-UNKNOWN-PLATFORM",
            "a platform that is not a push platform, 403, EEG-CHN-NOT-PUSH",
            "an unknown channel, 404, EEG-CHN-UNKNOWN-CHANNEL",
            "over the push limit, 413, EEG-CHN-TOO-LARGE"})
    void pushAbuse(String which, int status, String code) throws Exception {
        byte[] forged = pushed(receiptId);
        n.attack(status, code, () -> switch (which) {
            case "no client certificate" -> push(null, "correspondence", forged);
            case "a contact point's certificate" -> push(n.contactPoint, "correspondence", forged);
            case "an unconfigured platform" -> push(strangerPlatform, "correspondence", forged);
            case "a platform that is not a push platform" -> push(n.platformKey, "correspondence", forged);
            case "an unknown channel" -> push(n.pushKey, "..%2F..%2Fapi", forged);
            case "over the push limit" -> push(n.pushKey, "outcome", new byte[64 * 1024 + 1]);
            default -> push(n.pushKey, "correspondence", forged);
        });
        assertThat(SecurityNode.JSON.readTree(n.cp.get("api/v1/requests/" + requestId).body()).path("state").asText()).isEqualTo("PRESERVED");
    }

    @ParameterizedTest(name = "C3 push: {0} -> 400 HI-1 error answer naming EEG-CHN-UNKNOWN-REFERENCE, request untouched")
    @CsvSource({"forged answer for another platform's request", "answer for an unknown request"})
    void pushForged(String which) throws Exception {
        byte[] body = which.startsWith("forged") ? pushed(receiptId) : pushed(UUID.randomUUID().toString());
        java.util.Map<String, Long> before = n.snapshot();
        long custody = n.maxCustodyId();
        SecurityNode.Reply r = push(n.pushKey, "correspondence", body);
        // the push channel answers in its own protocol (ETSI TS 103 120 HI-1 XML), with the node's code inside
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/xml");
        assertThat(r.body()).contains("EEG-CHN-UNKNOWN-REFERENCE").doesNotContain("Exception");
        n.assertNothingStored(before, custody);
        n.assertAlive();
        assertThat(SecurityNode.JSON.readTree(n.cp.get("api/v1/requests/" + requestId).body()).path("state").asText()).isEqualTo("PRESERVED");
    }

    // ------------------------------------------------------------------ evidence uploads

    @ParameterizedTest(name = "evidence upload: {0} -> {1} {2}")
    @CsvSource({
            "another platform opens an upload, 404, EEG-EVD-NOT-YOURS",
            "a contact point opens an upload, 403, EEG-AUTH-ROLE",
            "an item that is in no manifest, 409, EEG-EVD-NOT-IN-MANIFEST",
            "a part of an unknown upload, 404, EEG-EVD-UNKNOWN-UPLOAD",
            "an upload for an unknown request, 404, EEG-EVD-NOT-YOURS"})
    void evidenceUploadAbuse(String which, int status, String code) throws Exception {
        byte[] open = "{\"itemId\":\"ITEM-1\"}".getBytes(StandardCharsets.UTF_8);
        String path = "api/v1/platform/requests/" + requestId + "/evidence";
        n.attack(status, code, () -> switch (which) {
            case "another platform opens an upload" -> SecurityNode.Reply.of(pushPlatform.post(path, open, "application/json", null));
            case "a contact point opens an upload" -> SecurityNode.Reply.of(n.cp.post(path, open, "application/json", null));
            case "an item that is in no manifest" -> SecurityNode.Reply.of(n.platform.post(path, open, "application/json", null));
            case "an upload for an unknown request" -> SecurityNode.Reply.of(n.platform.post("api/v1/platform/requests/REQ-" + UUID.randomUUID()
                    + "/evidence", open, "application/json", null));
            default -> SecurityNode.Reply.of(n.platform.send(HttpRequest.newBuilder(URI.create(n.baseUrl() + "/" + path + "/UPL-" + UUID.randomUUID()
                    + "/parts/1")).header("Content-Type", "application/octet-stream").header("X-Part-SHA256", "00".repeat(32))
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[16])).build()));
        });
    }
}
