package eu.eevidence.gw.gateway.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.eevidence.gw.gateway.demo.Demo;
import eu.eevidence.gw.pki.Certificates;
import eu.eevidence.gw.pki.DevPki;
import eu.eevidence.gw.pki.IssueRequest;
import eu.eevidence.gw.pki.KeyKind;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.schema.codec.DecodeResult;
import eu.eevidence.gw.schema.codec.JsonCodec;
import eu.eevidence.gw.testkit.ContactPointClient;
import eu.eevidence.gw.testkit.SimulatedPlatformPortal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The first request type end to end on a real node: mTLS, validation, CMS, H2, Artemis, the json-portal adapter
 * and a WireMock portal that opens what it receives. Negative cases first.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PreservationRequestIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    static TestNetwork net;
    static ContactPointClient cp;

    @BeforeAll
    static void start() throws Exception {
        net = new TestNetwork(dir);
        cp = net.client(net.contactPoint);
    }

    @AfterAll
    static void stop() {
        if (net != null) {
            net.close();
        }
    }

    // ---------------------------------------------------------------- negative cases: nothing is created

    @Test
    @Order(1)
    void rejectsACallerWithoutClientCertificate() throws Exception {
        ContactPointClient anonymous = new ContactPointClient(net.node.baseUrl(), null, net.trust);
        assertProblem(anonymous.submit(Demo.sample(), key()), 401, "EEG-AUTH-NO-CERT");
        assertProblem(anonymous.get("api/v1/requests/REQ-01JDZZZZZZZZZZZZZZZZZZZZZZ"), 401, "EEG-AUTH-NO-CERT");
    }

    @Test
    @Order(2)
    void refusesTheHandshakeForACertificateOfAnotherNetwork() throws Exception {
        DevPki other = DevPki.loadOrCreate(dir.resolve("other-pki"), Clock.systemUTC());
        KeyMaterial stranger = other.issue(new IssueRequest("stranger", Role.CONTACT_POINT, List.of(), KeyKind.EC_P256, Duration.ofDays(1), false, true));
        ContactPointClient client = new ContactPointClient(net.node.baseUrl(), stranger, net.trust);
        // The server asks for certificates of its own network; a JSSE client with none of those either sends no
        // certificate (then 401) or, if it insists, the handshake fails. Either way: no access, nothing created.
        try {
            assertProblem(client.submit(Demo.sample(), key()), 401, "EEG-AUTH-NO-CERT");
        } catch (IOException handshakeRefused) {
            assertThat(handshakeRefused).isNotNull();
        }
    }

    @Test
    @Order(3)
    void forbidsRolesThatMayNotSubmit() throws Exception {
        ContactPointClient platform = net.client(net.issue("a platform", Role.PLATFORM));
        assertProblem(platform.submit(Demo.sample(), key()), 403, "EEG-AUTH-ROLE");
        ContactPointClient auditor = net.client(net.issue("an auditor", Role.AUDITOR));
        assertProblem(auditor.submit(Demo.sample(), key()), 403, "EEG-AUTH-ROLE");
    }

    @Test
    @Order(4)
    void rejectsWrongMediaTypeMalformedJsonAndOversizedBodies() throws Exception {
        assertProblem(cp.post("api/v1/requests", Demo.sample(), "text/plain", key()), 415, "EEG-HTTP-415");
        assertProblem(cp.post("api/v1/requests", Demo.sample(), "application/json; charset=ISO-8859-1", key()), 415, "EEG-HTTP-415");
        assertProblem(cp.post("api/v1/requests", Demo.sample(), null, key()), 415, "EEG-HTTP-415");
        JsonNode malformed = assertProblem(cp.submit("{\"type\":".getBytes(StandardCharsets.UTF_8), key()), 400, "EEG-REQ-MALFORMED");
        assertThat(malformed.get("errors").get(0).get("code").asText()).isEqualTo("EEG-JSON-MALFORMED");
        String dup = new String(Demo.sample(), StandardCharsets.UTF_8).replaceFirst("\"requestedParty\": \"IE\",", "\"requestedParty\": \"IE\", \"requestedParty\": \"FR\",");
        assertProblem(cp.submit(dup.getBytes(StandardCharsets.UTF_8), key()), 400, "EEG-REQ-MALFORMED");
        byte[] huge = new byte[1024 * 1024 + 1];
        java.util.Arrays.fill(huge, (byte) ' ');
        assertProblem(cp.submit(huge, key()), 413, "EEG-HTTP-413");
    }

    @Test
    @Order(5)
    void listsEveryFailingFieldOfAnInvalidRequest() throws Exception {
        ObjectNode tree = sampleTree();
        tree.remove("necessity");
        ((ObjectNode) tree.get("requestingAuthority")).put("country", "XX");
        tree.put("preservationDays", 30);
        ((ObjectNode) tree.get("identifiers").get(0)).put("value", "Jane Doe");
        JsonNode problem = assertProblem(cp.submit(JSON.writeValueAsBytes(tree), key()), 422, "EEG-REQ-INVALID");
        List<String> codes = new ArrayList<>();
        problem.get("errors").forEach(e -> codes.add(e.get("path").asText() + " " + e.get("code").asText()));
        assertThat(codes).contains("$.necessity EEG-VAL-REQUIRED", "$.requestingAuthority.country EEG-VAL-COUNTRY",
                "$.preservationDays EEG-VAL-ART29-MIN-PERIOD", "$.identifiers[0].value EEG-VAL-IDENTIFIER");
        assertThat(problem.toString()).doesNotContain("Exception", "at eu.", "jackson");
    }

    @Test
    @Order(6)
    void rejectsServerOwnedFieldsUnknownPlatformsAndMissingKeys() throws Exception {
        ObjectNode owned = sampleTree();
        owned.put("status", "PRESERVED");
        assertProblem(cp.submit(JSON.writeValueAsBytes(owned), key()), 400, "EEG-REQ-MALFORMED");
        ObjectNode unknown = sampleTree();
        ((ObjectNode) unknown.get("custodian")).put("platformId", "no-such-platform");
        JsonNode p = assertProblem(cp.submit(JSON.writeValueAsBytes(unknown), key()), 422, "EEG-REQ-INVALID");
        assertThat(p.get("errors").get(0).get("code").asText()).isEqualTo("EEG-REQ-UNKNOWN-PLATFORM");
        ObjectNode noKey = sampleTree();
        noKey.remove("clientRequestId");
        JsonNode k = assertProblem(cp.submit(JSON.writeValueAsBytes(noKey), null), 422, "EEG-REQ-INVALID");
        assertThat(k.get("errors").get(0).get("code").asText()).isEqualTo("EEG-REQ-IDEMPOTENCY-KEY");
    }

    @Test
    @Order(7)
    void answersUnknownPathsAndMethodsWithProblemDetails() throws Exception {
        assertProblem(cp.get("api/v1/nothing-here"), 404, "EEG-HTTP-404");
        assertProblem(cp.get("api/v1/requests/REQ-01JDZZZZZZZZZZZZZZZZZZZZZZ"), 404, "EEG-REQ-NOT-FOUND");
        assertProblem(cp.get("api/v1/requests/../../etc/passwd"), 404, null);
    }

    @Test
    @Order(8)
    void createdNothingFromRejectedInput() throws Exception {
        assertThat(rowCount()).isZero();
        assertThat(net.portal.deliveriesReceived()).isZero();
    }

    // ---------------------------------------------------------------- the happy path

    @Test
    @Order(10)
    void preservesEndToEndAndAnswersAResubmissionWithTheSameRequest() throws Exception {
        String key = key();
        Instant before = Instant.now();
        ContactPointClient.Answer created = cp.submit(Demo.sample(), key);
        assertThat(created.status()).isEqualTo(201);
        JsonNode body = JSON.readTree(created.body());
        String id = body.get("id").asText();
        assertThat(created.location()).endsWith("/api/v1/requests/" + id);
        // durable before the answer: the row exists with its sealed payload
        assertThat(net.node.requests().find(id)).isPresent();

        JsonNode status = awaitState(id, "PRESERVED");
        assertThat(status.get("deliveryAttempts").asInt()).isEqualTo(1);
        Instant start = Instant.parse(status.get("preservation").get("start").asText());
        Instant end = Instant.parse(status.get("preservation").get("end").asText());
        assertThat(start).isAfterOrEqualTo(before.minusSeconds(1));
        assertThat(Duration.between(start, end)).isGreaterThanOrEqualTo(Duration.ofDays(90)); // the sample asks 90 days, the floor is 60
        assertThat(status.get("nextDeadline").get("kind").asText()).isEqualTo("BUDAPEST_ART29_PRESERVATION_MIN");

        // the portal received exactly one delivery, opened the CMS, saw the node's signature and the canonical request
        List<SimulatedPlatformPortal.Accepted> accepted = net.portal.accepted().stream().filter(a -> a.requestId().equals(id)).toList();
        assertThat(accepted).hasSize(1);
        assertThat(accepted.get(0).message().signerRoles()).contains(Role.NODE);
        JsonCodec codec = new JsonCodec();
        var sent = ((DecodeResult.Valid) codec.decodeRequest(Demo.sample())).request();
        assertThat(accepted.get(0).message().content()).isEqualTo(codec.canonical(sent));
        assertThat(accepted.get(0).payloadSha256()).isEqualTo(status.get("payloadSha256").asText());

        // resubmission with the same key and body: same request, no second delivery
        ContactPointClient.Answer again = cp.submit(Demo.sample(), key);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(created.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(JSON.readTree(again.body()).get("id").asText()).isEqualTo(id);
        // the same key with another body: 409, the original untouched
        ObjectNode changed = sampleTree();
        changed.put("necessity", "changed");
        assertProblem(cp.submit(JSON.writeValueAsBytes(changed), key), 409, "EEG-REQ-IDEMPOTENCY-CONFLICT");
        assertThat(net.portal.accepted().stream().filter(a -> a.requestId().equals(id))).hasSize(1);

        JsonNode timeline = JSON.readTree(cp.get("api/v1/requests/" + id + "/timeline").body());
        List<String> events = new ArrayList<>();
        timeline.get("events").forEach(e -> events.add(e.get("event").asText()));
        assertThat(events).containsSubsequence("REQUEST_RECEIVED", "REQUEST_VALIDATED", "REQUEST_SEALED", "REQUEST_QUEUED",
                "DELIVERED", "ACKNOWLEDGED", "PRESERVED", "DUPLICATE_SUBMISSION");
        assertThat(events).doesNotContain("DELIVERY_ATTEMPT_FAILED");
    }

    @Test
    @Order(11)
    void sealsACmsThatOpensslDecryptsAndVerifies() throws Exception {
        ContactPointClient.Answer created = cp.submit(Demo.sample(), key());
        String id = JSON.readTree(created.body()).get("id").asText();
        byte[] sealed = net.node.requests().sealedPayload(id);
        Path work = Files.createDirectories(dir.resolve("openssl-" + id));
        Files.write(work.resolve("sealed.der"), sealed);
        Files.writeString(work.resolve("platform.pem"), Certificates.toPem(net.platformKey.certificate()));
        Files.writeString(work.resolve("platform.key"), Certificates.privateKeyToPem(net.platformKey.privateKey()));
        Files.writeString(work.resolve("root.pem"), Certificates.toPem(net.pki.rootCertificate()));
        openssl(work, "cms", "-decrypt", "-inform", "DER", "-in", "sealed.der", "-recip", "platform.pem", "-inkey", "platform.key", "-out", "signed.der");
        openssl(work, "cms", "-verify", "-inform", "DER", "-in", "signed.der", "-CAfile", "root.pem", "-purpose", "any", "-out", "content.json");
        assertThat(Files.readAllBytes(work.resolve("content.json"))).isEqualTo(net.node.requests().canonicalJson(id));
    }

    @Test
    @Order(12)
    void hidesRequestsOfOtherContactPoints() throws Exception {
        String id = JSON.readTree(cp.submit(Demo.sample(), key()).body()).get("id").asText();
        ContactPointClient other = net.client(net.issue("another contact point", Role.CONTACT_POINT));
        assertProblem(other.get("api/v1/requests/" + id), 404, "EEG-REQ-NOT-FOUND");
        assertProblem(other.get("api/v1/requests/" + id + "/timeline"), 404, "EEG-REQ-NOT-FOUND");
    }

    // ---------------------------------------------------------------- portal faults

    @Test
    @Order(20)
    void retriesAFailingPortalWithTheSameIdempotencyKeyUntilItPreserves() throws Exception {
        net.portal.failNext(2, 503);
        String id = JSON.readTree(cp.submit(Demo.sample(), key()).body()).get("id").asText();
        JsonNode status = awaitState(id, "PRESERVED");
        assertThat(status.get("deliveryAttempts").asInt()).isEqualTo(3);
        var keys = net.portal.wireMock().getAllServeEvents().stream()
                .filter(e -> id.equals(e.getRequest().getHeader("X-Request-Id")))
                .map(e -> e.getRequest().getHeader("Idempotency-Key")).distinct().toList();
        assertThat(keys).containsExactly(id);
        JsonNode timeline = JSON.readTree(cp.get("api/v1/requests/" + id + "/timeline").body());
        assertThat(timeline.get("events").findValuesAsText("event").stream().filter("DELIVERY_ATTEMPT_FAILED"::equals)).hasSize(2);
    }

    @Test
    @Order(21)
    void marksARequestRefusedWhenThePortalRefusesItAndDoesNotRetry() throws Exception {
        net.portal.failNext(1, 400);
        int before = net.portal.deliveriesReceived();
        String id = JSON.readTree(cp.submit(Demo.sample(), key()).body()).get("id").asText();
        JsonNode status = awaitState(id, "REFUSED");
        assertThat(status.get("terminal").asBoolean()).isTrue();
        assertThat(status.get("lastError").get("code").asText()).isEqualTo("EEG-DLV-REJECTED");
        assertThat(net.portal.deliveriesReceived() - before).isEqualTo(1);
    }

    @Test
    @Order(22)
    void deadLettersAfterTheRetryBoundAndFailsTheRequest() throws Exception {
        net.portal.failNext(TestNetwork.FAST_RETRY.maxAttempts(), 503);
        String id = JSON.readTree(cp.submit(Demo.sample(), key()).body()).get("id").asText();
        JsonNode status = awaitState(id, "FAILED");
        assertThat(status.get("deliveryAttempts").asInt()).isEqualTo(TestNetwork.FAST_RETRY.maxAttempts());
        JsonNode timeline = JSON.readTree(cp.get("api/v1/requests/" + id + "/timeline").body());
        assertThat(timeline.get("events").findValuesAsText("event")).contains("DELIVERY_FAILED");
    }

    // ---------------------------------------------------------------- public endpoints

    @Test
    @Order(30)
    void servesHealthAndTheOpenapiDocumentWithoutClientCertificate() throws Exception {
        ContactPointClient anonymous = new ContactPointClient(net.node.baseUrl(), null, net.trust);
        ContactPointClient.Answer health = anonymous.get("health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(JSON.readTree(health.body()).get("status").asText()).isEqualTo("UP");
        assertThat(anonymous.get("health/live").status()).isEqualTo(200);
        ContactPointClient.Answer openapi = anonymous.get("openapi.json");
        assertThat(openapi.status()).isEqualTo(200);
        JsonNode doc = JSON.readTree(openapi.body());
        assertThat(doc.get("paths").has("/api/v1/requests")).isTrue();
        assertThat(doc.get("paths").has("/api/v1/requests/{id}/timeline")).isTrue();
    }

    // ---------------------------------------------------------------- helpers

    private static JsonNode awaitState(String id, String state) {
        return await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(50)).until(() -> {
            ContactPointClient.Answer a = cp.get("api/v1/requests/" + id);
            return JSON.readTree(a.body());
        }, s -> state.equals(s.get("state").asText()));
    }

    static JsonNode assertProblem(ContactPointClient.Answer answer, int status, String code) throws IOException {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(answer.body());
        if (code != null) {
            assertThat(problem.get("code").asText()).isEqualTo(code);
            assertThat(problem.get("type").asText()).isEqualTo("urn:evidence-gateway:problem:" + code);
        }
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        return problem;
    }

    private static ObjectNode sampleTree() throws IOException {
        return (ObjectNode) JSON.readTree(Demo.sample());
    }

    private static String key() {
        return "it-" + UUID.randomUUID();
    }

    private static long rowCount() throws Exception {
        return net.node.requests().database().read(c -> {
            try (var rs = c.connection().createStatement().executeQuery("SELECT COUNT(*) FROM request")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private static void openssl(Path work, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add("openssl");
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("openssl " + String.join(" ", args) + "\n" + out).isZero();
    }
}
