package eu.eevidence.gw.gateway.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.eevidence.gw.pki.CmsProfile;
import eu.eevidence.gw.pki.DevPki;
import eu.eevidence.gw.pki.IssueRequest;
import eu.eevidence.gw.pki.KeyKind;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.OpenedMessage;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.testkit.ContactPointClient;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
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
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CMS on every endpoint that takes it (C2 K1-K7, K11): signed submissions ({@code POST /api/v1/requests},
 * application/pkcs7-mime), signed platform answers ({@code POST /api/v1/platform/answers}), node-to-node messages
 * ({@code POST /api/v1/network/messages}, signed and encrypted to this node) and node-to-node evidences
 * ({@code POST /api/v1/network/evidences}). Garbage, truncation, bit flips, the wrong signer, an untrusted signer, weak
 * algorithms, a message not for us, reflection of this node's own key: refused with a stable code, nothing stored.
 */
class CmsSecurityIT {

    @TempDir
    static Path dir;
    static SecurityNode n;
    static final CmsProfile PROFILE = new CmsProfile(Clock.systemUTC());
    static byte[] validSigned;
    static KeyMaterial stranger;
    static KeyMaterial otherNode;
    static String requestId;

    @BeforeAll
    static void start() throws Exception {
        n = SecurityNode.start(dir);
        requestId = n.preservedRequest(n.cp);
        validSigned = PROFILE.sign(SecurityNode.sample(), n.contactPoint);
        DevPki other = DevPki.loadOrCreate(dir.resolve("other-pki"), Clock.systemUTC());
        stranger = other.issue(new IssueRequest("stranger", Role.CONTACT_POINT, List.of(), KeyKind.EC_P256, Duration.ofDays(1), false, true));
        otherNode = n.pki.issue(new IssueRequest("node xx-247", Role.NODE, List.of(), KeyKind.EC_P256, Duration.ofDays(1), false, true));
    }

    @AfterAll
    static void stop() {
        if (n != null) {
            n.close();
        }
    }

    static byte[] flip(byte[] in, int fromEnd) {
        byte[] out = Arrays.copyOf(in, in.length);
        out[out.length - fromEnd] ^= 0x01;
        return out;
    }

    /** SignedData with {@code alg} straight from Bouncy Castle (outside the node's profile), content encapsulated or not. */
    static byte[] signWith(byte[] content, KeyMaterial key, String alg, boolean encapsulate) throws Exception {
        CMSSignedDataGenerator g = new CMSSignedDataGenerator();
        g.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
                .build(new JcaContentSignerBuilder(alg).build(key.privateKey()), key.certificate()));
        g.addCertificates(new JcaCertStore(key.chain()));
        return g.generate(new CMSProcessableByteArray(content), encapsulate).getEncoded();
    }

    static byte[] submission(String which) throws Exception {
        byte[] sample = SecurityNode.sample();
        return switch (which) {
            case "garbage" -> "this is not DER at all".getBytes(StandardCharsets.UTF_8);
            case "empty-sequence" -> new byte[] {0x30, 0x00};
            case "wrong-tag" -> new byte[] {0x30, 0x03, 0x02, 0x01, 0x01};
            case "huge-length" -> new byte[] {0x30, (byte) 0x84, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x06, 0x09};
            case "indefinite-unterminated" -> new byte[] {0x30, (byte) 0x80, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48};
            case "truncated" -> Arrays.copyOf(validSigned, validSigned.length / 2);
            case "flip-signature" -> flip(validSigned, 5);
            case "flip-content" -> {
                byte[] b = Arrays.copyOf(validSigned, validSigned.length);
                int at = indexOf(b, "OFAC".getBytes(StandardCharsets.UTF_8));
                b[at] ^= 0x01;
                yield b;
            }
            case "untrusted-signer" -> PROFILE.sign(sample, stranger);
            case "platform-signer" -> PROFILE.sign(sample, n.platformKey);
            case "sha1" -> signWith(sample, n.contactPoint, "SHA1withECDSA", true);
            case "detached" -> signWith(sample, n.contactPoint, "SHA256withECDSA", false);
            default -> throw new IllegalArgumentException(which);
        };
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }

    // ------------------------------------------------------------------ signed submissions

    @ParameterizedTest(name = "K1-K5 signed submission: {0} -> 422 EEG-REQ-INVALID ({1}...)")
    @CsvSource({
            "garbage, EEG-PKI-001",
            "empty-sequence, EEG-PKI-001",
            "wrong-tag, EEG-PKI-001",
            "huge-length, EEG-PKI-001",
            "indefinite-unterminated, EEG-PKI-001",
            "truncated, EEG-PKI-001",
            "flip-signature, EEG-PKI-",
            "flip-content, EEG-PKI-",
            "untrusted-signer, EEG-PKI-",
            "platform-signer, EEG-PKI-006",
            "sha1, EEG-PKI-",
            "detached, EEG-PKI-"})
    void signedSubmission(String which, String pkiCode) throws Exception {
        byte[] body = submission(which);
        SecurityNode.Reply r = n.attack(422, "EEG-REQ-INVALID",
                () -> SecurityNode.Reply.of(n.cp.post("api/v1/requests", body, SecurityNode.CMS, "sec-" + UUID.randomUUID())));
        assertThat(r.json().path("errors").findValuesAsText("code")).as(r.toString()).anySatisfy(c -> assertThat(c).startsWith(pkiCode));
    }

    // ------------------------------------------------------------------ signed platform answers

    static byte[] answerJson() throws Exception {
        ObjectNode a = (ObjectNode) SecurityNode.JSON.readTree(SecurityNode.corpus("ACKNOWLEDGEMENT", "valid.json"));
        a.put("messageId", "msg-sec-" + UUID.randomUUID());
        a.put("correlationId", requestId);
        return SecurityNode.JSON.writeValueAsBytes(a);
    }

    static SecurityNode.Reply answer(ContactPointClient c, byte[] cms) throws Exception {
        return SecurityNode.Reply.of(c.post("api/v1/platform/answers", cms, SecurityNode.CMS, null));
    }

    @ParameterizedTest(name = "K1/K2 signed platform answer: {0} -> {1} {2}")
    @CsvSource({
            "garbage, 400, EEG-PKI-001",
            "truncated, 400, EEG-PKI-001",
            "flip-signature, 422, EEG-PKI-"})
    void signedAnswerGarbage(String which, int status, String code) throws Exception {
        byte[] valid = PROFILE.sign(answerJson(), n.platformKey);
        byte[] body = switch (which) {
            case "garbage" -> "garbage".getBytes(StandardCharsets.UTF_8);
            case "truncated" -> Arrays.copyOf(valid, valid.length / 2);
            default -> flip(valid, 5);
        };
        Map<String, Long> before = n.snapshot();
        long custody = n.maxCustodyId();
        SecurityNode.Reply r = answer(n.platform, body);
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().path("code").asText()).as(r.toString()).startsWith(code);
        n.assertNothingStored(before, custody);
        n.assertAlive();
    }

    @Test
    @DisplayName("K3 signed platform answer signed by another platform than the TLS client -> 403 EEG-TRUST-SIGNER-MISMATCH")
    void signedAnswerOtherSigner() throws Exception {
        byte[] body = PROFILE.sign(answerJson(), n.pushKey);
        n.attack(403, "EEG-TRUST-SIGNER-MISMATCH", () -> answer(n.platform, body));
    }

    @Test
    @DisplayName("K3 signed platform answer by an untrusted signer -> 403 EEG-PKI-004")
    void signedAnswerUntrusted() throws Exception {
        KeyMaterial foreignPlatform = DevPki.loadOrCreate(dir.resolve("other-pki"), Clock.systemUTC())
                .issue(new IssueRequest("foreign platform", Role.PLATFORM, List.of(), KeyKind.EC_P256, Duration.ofDays(1), false, true));
        byte[] body = PROFILE.sign(answerJson(), foreignPlatform);
        n.attack(403, "EEG-PKI-004", () -> answer(n.platform, body));
    }

    @Test
    @DisplayName("K5 signed platform answer with SHA-1 -> 422 EEG-PKI-*")
    void signedAnswerWeakAlgorithm() throws Exception {
        byte[] body = signWith(answerJson(), n.platformKey, "SHA1withECDSA", true);
        Map<String, Long> before = n.snapshot();
        long custody = n.maxCustodyId();
        SecurityNode.Reply r = answer(n.platform, body);
        assertThat(r.status()).as(r.toString()).isEqualTo(422);
        assertThat(r.json().path("code").asText()).startsWith("EEG-PKI-");
        n.assertNothingStored(before, custody);
        n.assertAlive();
    }

    // ------------------------------------------------------------------ node-to-node messages

    /** A catalogue envelope from the peer (DE) to {@code receiverCountry}, the demo Art. 29 request as body. */
    static byte[] envelope(String messageId, String receiverCountry) throws Exception {
        ObjectNode e = SecurityNode.JSON.createObjectNode();
        e.put("messageId", messageId);
        e.put("version", "1.0");
        e.set("sender", SecurityNode.JSON.readTree("{\"kind\":\"CONTACT_POINT_24_7\",\"id\":\"de-247\",\"country\":\"DE\"}"));
        e.set("receiver", SecurityNode.JSON.readTree("{\"kind\":\"CONTACT_POINT_24_7\",\"id\":\"x-247\",\"country\":\"" + receiverCountry + "\"}"));
        e.put("createdAt", "2026-11-25T03:00:00+01:00");
        ObjectNode body = SecurityNode.sampleTree();
        body.put("requestedParty", receiverCountry);
        ((ObjectNode) body.get("requestingAuthority")).put("country", "DE");
        e.set("body", body);
        return SecurityNode.JSON.writeValueAsBytes(e);
    }

    record Raw(int status, String contentType, byte[] body) {
    }

    static Raw network(KeyMaterial tls, String sender, String messageId, byte[] body) throws Exception {
        HttpClient c = HttpClient.newBuilder().sslContext(eu.eevidence.gw.pki.Tls.sslContext(tls, n.trust)).connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(n.baseUrl() + "/api/v1/network/messages")).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/pkcs7-mime").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (sender != null) {
            b.header("X-EEG-Sender-Node", sender);
        }
        if (messageId != null) {
            b.header("X-EEG-Message-Id", messageId);
        }
        HttpResponse<byte[]> r = c.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Raw(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
    }

    static byte[] networkMessage(String which, String messageId) throws Exception {
        List<java.security.cert.X509Certificate> us = List.of(n.nodeKey.certificate());
        return switch (which) {
            case "garbage" -> "garbage".getBytes(StandardCharsets.UTF_8);
            case "truncated" -> {
                byte[] v = PROFILE.seal(envelope(messageId, "AT"), n.peerKey, us);
                yield Arrays.copyOf(v, v.length - 40);
            }
            case "flip-ciphertext" -> flip(PROFILE.seal(envelope(messageId, "AT"), n.peerKey, us), 60);
            case "flip-tag" -> flip(PROFILE.seal(envelope(messageId, "AT"), n.peerKey, us), 3);
            case "encrypted-to-someone-else" -> PROFILE.seal(envelope(messageId, "AT"), n.peerKey, List.of(otherNode.certificate()));
            case "signed-not-encrypted" -> PROFILE.sign(envelope(messageId, "AT"), n.peerKey);
            case "signed-by-another-node" -> PROFILE.seal(envelope(messageId, "AT"), otherNode, us);
            case "reflection-own-key" -> PROFILE.seal(envelope(messageId, "AT"), n.nodeKey, us);
            case "untrusted-signer" -> PROFILE.seal(envelope(messageId, "AT"), stranger, us);
            case "not-for-us" -> PROFILE.seal(envelope(messageId, "FR"), n.peerKey, us);
            case "message-id-mismatch" -> PROFILE.seal(envelope("other-" + messageId, "AT"), n.peerKey, us);
            default -> throw new IllegalArgumentException(which);
        };
    }

    @ParameterizedTest(name = "K1/K2/K3/K6/K7/K11 node-to-node message: {0} -> 422 signed SUBMISSION_REJECTED {1}")
    @CsvSource({
            "garbage, EEG-NET-UNREADABLE",
            "truncated, EEG-NET-UNREADABLE",
            "flip-ciphertext, EEG-NET-UNREADABLE",
            "flip-tag, EEG-NET-UNREADABLE",
            "encrypted-to-someone-else, EEG-NET-UNREADABLE",
            "signed-not-encrypted, EEG-NET-UNREADABLE",
            "untrusted-signer, EEG-NET-UNREADABLE",
            "signed-by-another-node, EEG-NET-SIGNER-MISMATCH",
            "reflection-own-key, EEG-NET-SIGNER-MISMATCH",
            "not-for-us, EEG-NET-NOT-FOR-US",
            "message-id-mismatch, EEG-NET-MESSAGE-ID-MISMATCH"})
    void networkMessageRefused(String which, String code) throws Exception {
        String messageId = "de-247:sec-" + UUID.randomUUID();
        byte[] body = networkMessage(which, messageId);
        Map<String, Long> before = n.snapshot();
        long custody = n.maxCustodyId();
        Raw r = network(n.peerKey, "de-247", messageId, body);
        assertThat(r.status()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(422);
        assertThat(r.contentType()).startsWith("application/pkcs7-mime");
        OpenedMessage receipt = PROFILE.verify(r.body(), n.trust);
        assertThat(receipt.signer()).isEqualTo(n.nodeKey.certificate());
        JsonNode content = SecurityNode.JSON.readTree(receipt.content());
        assertThat(content.toString()).contains("SUBMISSION_REJECTED").contains(code).contains(messageId);
        // nothing stored but the refusal's two custody records (REQUEST_REJECTED, RECEIPT_ISSUED), naming no request
        assertThat(n.snapshot()).isEqualTo(before);
        assertThat(n.newCustodyRecords(custody)).hasSizeLessThanOrEqualTo(2).allSatisfy(rec -> assertThat(rec.split(" ")[1]).isEqualTo("null"));
        n.assertAlive();
    }

    @ParameterizedTest(name = "node-to-node message with {0} -> {1} {2}")
    @CsvSource({
            "no message id header, 400, EEG-NET-MESSAGE-ID",
            "message id with a path, 400, EEG-NET-MESSAGE-ID",
            "sender header of another peer, 403, EEG-NET-UNKNOWN-PEER",
            "a non-peer node certificate, 403, EEG-NET-UNKNOWN-PEER"})
    void networkMessageHeaders(String which, int status, String code) throws Exception {
        String messageId = "de-247:sec-" + UUID.randomUUID();
        byte[] body = networkMessage("garbage", messageId);
        n.attack(status, code, () -> {
            Raw r = switch (which) {
                case "no message id header" -> network(n.peerKey, "de-247", null, body);
                case "message id with a path" -> network(n.peerKey, "de-247", "../../a b", body);
                case "sender header of another peer" -> network(n.peerKey, "fr-247", messageId, body);
                default -> network(otherNode, "de-247", messageId, body);
            };
            return new SecurityNode.Reply(r.status(), r.contentType(), new String(r.body(), StandardCharsets.UTF_8), Map.of());
        });
    }

    // ------------------------------------------------------------------ node-to-node evidences

    static SecurityNode.Reply evidence(KeyMaterial tls, byte[] body) throws Exception {
        HttpClient c = HttpClient.newBuilder().sslContext(eu.eevidence.gw.pki.Tls.sslContext(tls, n.trust)).connectTimeout(Duration.ofSeconds(5)).build();
        return SecurityNode.Reply.of(c.send(HttpRequest.newBuilder(URI.create(n.baseUrl() + "/api/v1/network/evidences")).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/pkcs7-mime").header("X-EEG-Sender-Node", "de-247")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString()));
    }

    @ParameterizedTest(name = "K1-K3 node-to-node evidence: {0} -> {1} {2}")
    @CsvSource({
            "empty, 400, EEG-REM-MALFORMED",
            "garbage, 400, EEG-REM-MALFORMED",
            "flip-signature, 422, EEG-REM-SIGNATURE",
            "signed-by-another-node, 422, EEG-REM-SIGNER",
            "not-a-receipt, 400, EEG-REM-MALFORMED",
            "from a contact point, 403, EEG-REM-UNKNOWN-PEER"})
    void networkEvidenceRefused(String which, int status, String code) throws Exception {
        byte[] notReceipt = PROFILE.sign("{\"hello\":1}".getBytes(StandardCharsets.UTF_8), n.peerKey);
        byte[] body = switch (which) {
            case "empty" -> new byte[0];
            case "garbage" -> "garbage".getBytes(StandardCharsets.UTF_8);
            case "flip-signature" -> flip(notReceipt, 5);
            case "signed-by-another-node" -> PROFILE.sign("{\"hello\":1}".getBytes(StandardCharsets.UTF_8), otherNode);
            default -> notReceipt;
        };
        n.attack(status, code, () -> evidence(which.startsWith("from") ? n.contactPoint : n.peerKey, body));
    }
}
