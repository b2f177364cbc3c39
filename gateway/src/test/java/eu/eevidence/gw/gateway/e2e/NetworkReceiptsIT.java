package eu.eevidence.gw.gateway.e2e;

import java.sql.ResultSet;
import java.sql.PreparedStatement;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.eevidence.gw.gateway.network.ReceiptInbox;
import eu.eevidence.gw.gateway.network.NetworkProtocol;
import eu.eevidence.gw.gateway.network.NetworkReceipt;
import eu.eevidence.gw.gateway.order.Digests;
import eu.eevidence.gw.gateway.order.RequestState;
import eu.eevidence.gw.pki.Certificates;
import eu.eevidence.gw.pki.CmsProfile;
import eu.eevidence.gw.pki.IssueRequest;
import eu.eevidence.gw.pki.KeyKind;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.pki.Tls;
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
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The REM-style evidences after the hop (ADR-0016) between France's node (requesting Party) and Ireland's (requested
 * Party): France's 24/7 contact point sends an Art. 29 at 3 a.m. and gets proof that Ireland's node received it
 * (SUBMISSION_ACCEPTED, the hop), that it is in the review queue of Ireland's contact point (DELIVERED) and that the
 * contact point opened it (RETRIEVED). The requester's evidences endpoint's refusals first.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NetworkReceiptsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SHA = "ab".repeat(32);

    @TempDir
    static Path dir;
    NodeNetwork net;
    NodeNetwork.Member fr;
    NodeNetwork.Member ie;
    KeyMaterial rogue;
    KeyMaterial auditor;
    final CmsProfile cms = new CmsProfile(Clock.systemUTC());
    String requestId;
    String messageId;
    String caseId;
    String deliveredReceiptId;
    byte[] deliveredSigned;
    JsonNode deliveredView;

    @BeforeAll
    void franceAndIreland() throws Exception {
        net = NodeNetwork.builder(dir).node("FR", "OFAC 24/7", false).node("IE", "GNCCB 24/7", true).start();
        fr = net.get("FR");
        ie = net.get("IE");
        rogue = net.pki().issue(new IssueRequest("node nobody configured", Role.NODE, List.of("127.0.0.1"), KeyKind.EC_P256, Duration.ofDays(3), true, true));
        auditor = net.pki().issue(new IssueRequest("FR custody auditor", Role.AUDITOR, List.of(), KeyKind.EC_P256, Duration.ofDays(3), false, true));
    }

    @AfterAll
    void stop() {
        if (net != null) {
            net.close();
        }
    }

    // ------------------------------------------------------------------ refusals of the requester's evidences endpoint

    @Test
    @Order(1)
    void aCertificateThatIsNoConfiguredPeerIsRefused() throws Exception {
        byte[] signed = evidence(NetworkReceipt.Evidence.DELIVERED, "RCPT-rogue-1", "fr-247:nothing-0001", SHA, "fr-247", "ie-247").sign(cms, rogue);
        assertProblem(post(rogue, null, signed), 403, "EEG-REM-UNKNOWN-PEER");
        KeyMaterial contactPoint = net.pki().issue(new IssueRequest("a contact point", Role.CONTACT_POINT, List.of(), KeyKind.EC_P256,
                Duration.ofDays(3), false, true));
        assertProblem(post(contactPoint, null, signed), 403, "EEG-REM-UNKNOWN-PEER");
        assertProblem(post(ie.key, "nl-247", signed), 403, "EEG-REM-UNKNOWN-PEER");
        assertThat(storedOnFr()).isZero();
    }

    @Test
    @Order(2)
    void anEvidenceSignedByAnotherNodeOrNamingAnotherIssuerIsRefused() throws Exception {
        byte[] byRogue = evidence(NetworkReceipt.Evidence.DELIVERED, "RCPT-rogue-2", "fr-247:nothing-0002", SHA, "fr-247", "ie-247").sign(cms, rogue);
        assertProblem(post(ie.key, "ie-247", byRogue), 422, "EEG-REM-SIGNER");
        byte[] otherIssuer = evidence(NetworkReceipt.Evidence.DELIVERED, "RCPT-x-2", "fr-247:nothing-0002", SHA, "fr-247", "nl-247").sign(cms, ie.key);
        assertProblem(post(ie.key, null, otherIssuer), 422, "EEG-REM-ISSUER");
        byte[] hopReceipt = new NetworkReceipt(NetworkReceipt.Evidence.SUBMISSION_ACCEPTED, "RCPT-x-3", "fr-247:nothing-0002", SHA, "fr-247", "ie-247",
                Instant.now(), null, null).sign(cms, ie.key);
        assertProblem(post(ie.key, null, hopReceipt), 422, "EEG-REM-KIND");
        byte[] tampered = evidence(NetworkReceipt.Evidence.DELIVERED, "RCPT-x-5", "fr-247:nothing-0002", SHA, "fr-247", "ie-247").sign(cms, ie.key);
        int at = indexOf(tampered, "nothing-0002".getBytes(StandardCharsets.UTF_8));
        assertThat(at).isPositive();
        tampered[at + "nothing-000".length()] = '3'; // the signed content changed after signing
        assertProblem(post(ie.key, null, tampered), 422, "EEG-REM-SIGNATURE");
        assertThat(storedOnFr()).isZero();
    }

    @Test
    @Order(3)
    void anEvidenceAboutAMessageFranceNeverSentIsRefused() throws Exception {
        byte[] unknown = evidence(NetworkReceipt.Evidence.RETRIEVED, "RCPT-x-4", "fr-247:REQ-00000000000000000000000000", SHA, "fr-247", "ie-247")
                .sign(cms, ie.key);
        assertProblem(post(ie.key, "ie-247", unknown), 422, "EEG-REM-UNKNOWN-MESSAGE");
        assertThat(storedOnFr()).isZero();
    }

    @Test
    @Order(4)
    void malformedAndOversizedBodiesAreRefused() throws Exception {
        assertProblem(post(ie.key, null, "not a CMS".getBytes(StandardCharsets.UTF_8)), 400, "EEG-REM-MALFORMED");
        assertProblem(post(ie.key, null, new byte[0]), 400, "EEG-REM-MALFORMED");
        assertProblem(post(ie.key, null, cms.sign("{\"evidence\":\"DELIVERED\"}".getBytes(StandardCharsets.UTF_8), ie.key)), 400, "EEG-REM-MALFORMED");
        assertProblem(post(ie.key, null, new byte[ReceiptInbox.MAX_BYTES + 1]), 413, "EEG-REM-TOO-LARGE");
        assertThat(storedOnFr()).isZero();
    }

    // ------------------------------------------------------------------ an Art. 29 from France: accepted, delivered, retrieved

    @Test
    @Order(10)
    void franceGetsProofThatIrelandsContactPointHasItInItsReviewQueue() throws Exception {
        long t0 = System.nanoTime();
        requestId = fr.submit(art29("FR-OFAC-REM-0001"), "rem-0001");
        messageId = fr.messageIdOf(requestId);
        fr.awaitState(requestId, RequestState.DELIVERED); // the hop: a verified SUBMISSION_ACCEPTED
        long accepted = (System.nanoTime() - t0) / 1_000_000;
        JsonNode delivered = awaitEvidence(requestId, "DELIVERED");
        long deliveredMs = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("EEG-BENCH rem: Art. 29 FR -> IE: SUBMISSION_ACCEPTED on FR after %d ms, DELIVERED evidence recorded on FR after %d ms%n",
                accepted, deliveredMs);
        assertThat(delivered.get("issuer").asText()).isEqualTo("ie-247");
        assertThat(delivered.get("messageId").asText()).isEqualTo(messageId);
        deliveredReceiptId = delivered.get("receiptId").asText();
        deliveredView = delivered;

        // the signed evidence as IE signed it, for anyone to verify
        HttpResponse<byte[]> signed = get(auditor, "api/v1/requests/" + requestId + "/network-evidences/" + deliveredReceiptId);
        assertThat(signed.statusCode()).isEqualTo(200);
        assertThat(signed.headers().firstValue("Content-Type").orElse("")).startsWith("application/pkcs7-mime");
        deliveredSigned = signed.body();
        assertThat(sha256(deliveredSigned)).isEqualTo(delivered.get("sha256").asText());
        String sealedSha = fr.node.requests().find(requestId).orElseThrow().sealedSha256();
        NetworkReceipt r = NetworkReceipt.verify(cms, deliveredSigned, net.trust(), ie.key.certificate(), messageId, sealedSha);
        assertThat(r.evidence()).isEqualTo(NetworkReceipt.Evidence.DELIVERED);
        assertThat(r.recipient()).contains("24/7 contact point of IE");
        opensslVerifies(deliveredSigned);
        HttpResponse<byte[]> none = get(auditor, "api/v1/requests/" + requestId + "/network-evidences/RCPT-none");
        assertProblem(none, 404, "EEG-REM-NOT-FOUND");

        // the request's lifecycle does not move; the timeline and both custody logs record the evidence
        assertThat(fr.node.requests().find(requestId).orElseThrow().state()).isEqualTo(RequestState.DELIVERED);
        assertThat(fr.node.requests().timeline(requestId)).anyMatch(e -> "node:ie-247".equals(e.actor()) && e.detail() != null
                && e.detail().startsWith("DELIVERED: in the review queue of IE's 24/7 contact point"));
        assertThat(fr.custody("RECEIPT_RECEIVED")).anyMatch(t -> t.contains("DELIVERED " + deliveredReceiptId));
        assertThat(ie.custody("RECEIPT_ISSUED")).anyMatch(t -> t.contains("DELIVERED " + deliveredReceiptId));

        // an evidence about that message but other bytes is a mismatch
        byte[] otherBytes = evidence(NetworkReceipt.Evidence.DELIVERED, "RCPT-x-5", messageId, SHA, "fr-247", "ie-247").sign(cms, ie.key);
        assertProblem(post(ie.key, null, otherBytes), 422, "EEG-REM-MISMATCH");
    }

    @Test
    @Order(11)
    void franceGetsProofThatIrelandsContactPointOpenedIt() throws Exception {
        JsonNode listed = ie.awaitCaseFor(messageId, "RECEIVED");
        caseId = listed.get("id").asText();
        System.out.printf("EEG-BENCH rem: case opened on IE -> DELIVERED evidence stored on FR: %d ms (node clocks of one JVM)%n",
                Duration.between(Instant.parse(listed.get("receivedAt").asText()), Instant.parse(deliveredView.get("receivedAt").asText())).toMillis());
        assertThat(evidenceKinds(requestId)).doesNotContain("RETRIEVED"); // listing the queue is not opening the case
        long t0 = System.nanoTime();
        ContactPointClient.Answer opened = ie.cp.get("api/v1/cases/" + caseId);
        assertThat(opened.status()).as(opened.body()).isEqualTo(200);
        JsonNode retrieved = awaitEvidence(requestId, "RETRIEVED");
        JsonNode afterRead = JSON.readTree(ie.cp.get("api/v1/cases/" + caseId).body());
        System.out.printf("EEG-BENCH rem: case first opened on IE -> RETRIEVED evidence stored on FR: %d ms%n",
                Duration.between(Instant.parse(afterRead.get("retrievedAt").asText()), Instant.parse(retrieved.get("receivedAt").asText())).toMillis());
        System.out.printf("EEG-BENCH rem: RETRIEVED evidence recorded on FR %d ms after IE's contact point opened the case%n",
                (System.nanoTime() - t0) / 1_000_000);
        assertThat(retrieved.get("recipient").asText()).contains("CONTACT_POINT").contains("certificate sha256");
        assertThat(fr.node.requests().timeline(requestId)).anyMatch(e -> "node:ie-247".equals(e.actor()) && e.detail() != null
                && e.detail().startsWith("RETRIEVED: opened by IE's 24/7 contact point at"));
        assertThat(fr.custody("RECEIPT_RECEIVED")).anyMatch(t -> t.contains("RETRIEVED " + retrieved.get("receiptId").asText()));
        assertThat(ie.custody("RECEIPT_ISSUED")).anyMatch(t -> t.contains("RETRIEVED " + retrieved.get("receiptId").asText()));

        // a second read (above) is no second retrieval
        assertThat(evidencesQueuedOnIe(messageId, "RETRIEVED")).isEqualTo(1);
        assertThat(fr.node.requests().find(requestId).orElseThrow().state()).isEqualTo(RequestState.DELIVERED);
    }

    @Test
    @Order(12)
    void theSameEvidenceAgainIsIdempotentAndAnotherUnderItsIdIsAConflict() throws Exception {
        int events = fr.node.requests().timeline(requestId).size();
        HttpResponse<byte[]> again = post(ie.key, "ie-247", deliveredSigned);
        assertThat(again.statusCode()).as(new String(again.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(JSON.readTree(again.body()).get("duplicate").asBoolean()).isTrue();
        assertThat(evidenceKinds(requestId)).containsExactlyInAnyOrder("DELIVERED", "RETRIEVED");
        assertThat(fr.node.requests().timeline(requestId)).hasSize(events);

        NetworkReceipt same = NetworkReceipt.fromJson(cms.verify(deliveredSigned, net.trust().requiringRole(Role.NODE)).content());
        byte[] resigned = same.sign(cms, ie.key); // same receipt, other signature bytes
        assertProblem(post(ie.key, null, resigned), 422, "EEG-REM-DUPLICATE-CONFLICT");
        assertThat(storedOnFr()).isEqualTo(2);
    }

    @Test
    @Order(13)
    void anEvidenceDueWhileFranceIsDownArrivesWhenItIsBack() throws Exception {
        String second = fr.submit(art29("FR-OFAC-REM-0002"), "rem-0002");
        awaitEvidence(second, "DELIVERED");
        String otherCase = ie.awaitCaseFor(fr.messageIdOf(second), "RECEIVED").get("id").asText();
        fr.stopNode();
        try {
            assertThat(ie.cp.get("api/v1/cases/" + otherCase).status()).isEqualTo(200);
            await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(100))
                    .until(() -> outboxAttempts(fr.messageIdOf(second), "RETRIEVED") >= 2);
        } finally {
            fr.restart();
        }
        awaitEvidence(second, "RETRIEVED");
        assertThat(evidencesQueuedOnIe(fr.messageIdOf(second), "RETRIEVED")).isEqualTo(1);
    }

    @Test
    @Order(90)
    void everyCustodyLogVerifies() throws Exception {
        net.assertEveryCustodyLogVerifies();
    }

    // ------------------------------------------------------------------ helpers

    private static NetworkReceipt evidence(NetworkReceipt.Evidence kind, String receiptId, String messageId, String sha, String sender, String issuer) {
        return new NetworkReceipt(kind, receiptId, messageId, sha, sender, issuer, Instant.now(), null, null, "test");
    }

    private JsonNode awaitEvidence(String request, String kind) {
        return await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(50)).until(() -> {
            for (JsonNode e : JSON.readTree(fr.cp.get("api/v1/requests/" + request).body()).path("networkEvidences")) {
                if (kind.equals(e.path("kind").asText())) {
                    return e;
                }
            }
            return null;
        }, e -> e != null);
    }

    private List<String> evidenceKinds(String request) throws Exception {
        List<String> out = new ArrayList<>();
        JSON.readTree(fr.cp.get("api/v1/requests/" + request).body()).path("networkEvidences").forEach(e -> out.add(e.path("kind").asText()));
        return out;
    }

    private HttpResponse<byte[]> post(KeyMaterial tlsKey, String sender, byte[] body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(fr.node.baseUrl() + ReceiptInbox.PATH)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", NetworkProtocol.MEDIA_TYPE).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (sender != null) {
            b.header(NetworkProtocol.HEADER_SENDER_NODE, sender);
        }
        return client(tlsKey).send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<byte[]> get(KeyMaterial tlsKey, String path) throws Exception {
        return client(tlsKey).send(HttpRequest.newBuilder(URI.create(fr.node.baseUrl() + "/" + path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpClient client(KeyMaterial tlsKey) throws Exception {
        return HttpClient.newBuilder().sslContext(Tls.sslContext(tlsKey, net.trust())).connectTimeout(Duration.ofSeconds(5))
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (haystack[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static void assertProblem(HttpResponse<byte[]> r, int status, String code) throws Exception {
        String body = new String(r.body(), StandardCharsets.UTF_8);
        assertThat(r.statusCode()).as(body).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(JSON.readTree(body).get("code").asText()).isEqualTo(code);
    }

    private int storedOnFr() throws Exception {
        return count(fr, "SELECT COUNT(*) FROM network_evidence", List.of());
    }

    private int evidencesQueuedOnIe(String aboutMessage, String kind) throws Exception {
        return count(ie, "SELECT COUNT(*) FROM network_outbox WHERE kind = 'EVIDENCE' AND correlation_id = ? AND message_type = ?", List.of(
                aboutMessage, kind));
    }

    private int outboxAttempts(String aboutMessage, String kind) throws Exception {
        return count(ie, "SELECT COALESCE(MAX(attempts), 0) FROM network_outbox WHERE kind = 'EVIDENCE' AND correlation_id = ? AND message_type = ?",
                List.of(aboutMessage, kind));
    }

    private static int count(NodeNetwork.Member m, String sql, List<String> args) throws Exception {
        return m.node.requests().database().read(c -> {
            try (PreparedStatement ps = c.connection().prepareStatement(sql)) {
                for (int i = 0; i < args.size(); i++) {
                    ps.setString(i + 1, args.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    /** openssl checks the signed evidence on its own against the network's CA (skipped where openssl is absent). */
    private void opensslVerifies(byte[] signed) throws Exception {
        try {
            if (new ProcessBuilder("openssl", "version").start().waitFor() != 0) {
                return;
            }
        } catch (java.io.IOException noOpenssl) {
            return;
        }
        Path in = Files.write(dir.resolve("delivered.p7m"), signed);
        Path ca = Files.writeString(dir.resolve("network-ca.pem"), Certificates.toPem(net.pki().rootCertificate()));
        Path out = dir.resolve("delivered.json");
        Process p = new ProcessBuilder("openssl", "cms", "-verify", "-inform", "DER", "-in", in.toString(), "-CAfile", ca.toString(), "-purpose", "any",
                "-out", out.toString()).redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(said).isZero();
        JsonNode receipt = JSON.readTree(Files.readAllBytes(out));
        assertThat(receipt.get("evidence").asText()).isEqualTo("DELIVERED");
        assertThat(receipt.get("issuer").asText()).isEqualTo("ie-247");
    }

    private static String sha256(byte[] b) {
        return Digests.sha256(b);
    }

    private static byte[] art29(String reference) throws Exception {
        try (InputStream in = NetworkReceiptsIT.class.getResourceAsStream("/demo/art29-preservation.json")) {
            ObjectNode n = (ObjectNode) JSON.readTree(in);
            n.put("clientRequestId", reference);
            return JSON.writeValueAsBytes(n);
        }
    }
}
