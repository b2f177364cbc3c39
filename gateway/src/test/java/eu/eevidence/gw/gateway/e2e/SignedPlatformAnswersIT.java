package eu.eevidence.gw.gateway.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.eevidence.gw.pki.CmsProfile;
import eu.eevidence.gw.pki.DevPki;
import eu.eevidence.gw.pki.IssueRequest;
import eu.eevidence.gw.pki.KeyKind;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.testkit.ContactPointClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Platform answers signed by the platform (CMS SignedData of the pki profile, optionally AuthEnveloped to the node) on a
 * running node: the signer must be trusted, carry the role PLATFORM and be the platform of the TLS connection; the signed
 * bytes are the stored evidence and their hash is what the custody log records. Negative cases first: none of them
 * stores anything or moves the request.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SignedPlatformAnswersIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path CORPUS = Path.of("..", "message-schemas", "src", "test", "resources", "corpus");
    private static final String CMS = "application/pkcs7-mime; smime-type=signed-data";
    private static final CmsProfile PROFILE = new CmsProfile(Clock.systemUTC());
    @TempDir
    static Path dir;
    static TestNetwork net;
    static ContactPointClient cp;
    static ContactPointClient platform;
    static String requestId;
    static byte[] acceptedSignedAnswer;

    @BeforeAll
    static void start() throws Exception {
        net = new TestNetwork(dir);
        cp = net.client(net.contactPoint);
        platform = net.client(net.platformKey);
        requestId = net.acknowledgedEpoc(cp, "spa-");
    }

    @AfterAll
    static void stop() {
        if (net != null) {
            net.close();
        }
    }

    private static String state() throws Exception {
        return JSON.readTree(cp.get("api/v1/requests/" + requestId).body()).get("state").asText();
    }

    private static byte[] answer(String type) throws Exception {
        ObjectNode n = (ObjectNode) JSON.readTree(Files.readString(CORPUS.resolve(type).resolve("valid.json")));
        ObjectNode ack = (ObjectNode) JSON.readTree(Files.readString(CORPUS.resolve("ACKNOWLEDGEMENT").resolve("valid.json")));
        n.put("messageId", "msg-sans-" + UUID.randomUUID());
        n.put("correlationId", requestId);
        n.set("sender", ack.get("sender"));
        n.set("receiver", ack.get("receiver"));
        return JSON.writeValueAsBytes(n);
    }

    private static ContactPointClient.Answer post(ContactPointClient c, byte[] cms) throws Exception {
        return c.post("api/v1/platform/answers", cms, CMS, null);
    }

    private static void assertProblem(ContactPointClient.Answer a, int status, String code) throws Exception {
        assertThat(a.status()).as(a.body()).isEqualTo(status);
        assertThat(JSON.readTree(a.body()).get("code").asText()).as(a.body()).isEqualTo(code);
        assertThat(a.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    private static int storedAnswers() throws Exception {
        return net.node.requests().database().read(c -> {
            try (var rs = c.connection().createStatement().executeQuery("SELECT COUNT(*) FROM platform_answer")) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    private static byte[] storedBody(String messageId) throws Exception {
        return net.node.requests().database().read(c -> {
            try (var ps = c.connection().prepareStatement("SELECT body, request_id FROM platform_answer WHERE message_id = ?")) {
                ps.setString(1, messageId);
                try (var rs = ps.executeQuery()) { // stored under the request's data key (ADR-0020)
                    return rs.next() ? net.node.requests().database().dataKeys().open(c, rs.getString(2), "platform_answer.body:" + messageId,
                            rs.getBytes(1)).orElse(null) : null;
                }
            }
        });
    }

    private static String custodyRecords() throws Exception {
        List<String> out = new ArrayList<>();
        net.node.requests().database().read(c -> {
            try (var ps = c.connection().prepareStatement("SELECT * FROM custody_record WHERE request_id = ? ORDER BY id")) {
                ps.setString(1, requestId);
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                            Object o = rs.getObject(i);
                            if (o != null) {
                                out.add(o.toString());
                            }
                        }
                    }
                }
            }
            return null;
        });
        return String.join("\n", out);
    }

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    @Order(1)
    void refusesGarbageWrongRolesUntrustedOrForeignSignersTamperingAndOldMessages() throws Exception {
        int before = storedAnswers();
        byte[] ack = answer("ACKNOWLEDGEMENT");

        assertProblem(post(platform, "this is not a CMS message".getBytes(StandardCharsets.UTF_8)), 400, "EEG-PKI-001");
        assertProblem(post(platform, ack), 400, "EEG-PKI-001"); // an unsigned answer declared as CMS

        // signed by a trusted certificate that is not a platform's
        assertProblem(post(platform, PROFILE.sign(ack, net.contactPoint)), 403, "EEG-PKI-006");

        // signed by a platform certificate of another PKI, with the same name
        DevPki foreign = DevPki.loadOrCreate(dir.resolve("foreign-pki"), Clock.systemUTC());
        KeyMaterial impostor = foreign.issue(new IssueRequest("test platform", Role.PLATFORM, List.of(), KeyKind.EC_P256, Duration.ofDays(2), false, true));
        assertProblem(post(platform, PROFILE.sign(ack, impostor)), 403, "EEG-PKI-004");

        // signed by another trusted platform, sent over the connection of this one (and the other way round)
        KeyMaterial other = net.issue("another platform", Role.PLATFORM);
        assertProblem(post(platform, PROFILE.sign(ack, other)), 403, "EEG-TRUST-SIGNER-MISMATCH");
        assertProblem(post(net.client(other), PROFILE.sign(ack, net.platformKey)), 403, "EEG-TRUST-SIGNER-MISMATCH");

        // signed with a revoked certificate of this platform (same name): the node's own OCSP responder knows
        KeyMaterial revoked = net.pki.issue(new IssueRequest("test platform", Role.PLATFORM, List.of(), KeyKind.EC_P256, Duration.ofDays(2), false, true));
        net.pki.certificateAuthority().revoke(revoked.certificate().getSerialNumber(), 1);
        assertProblem(post(platform, PROFILE.sign(ack, revoked)), 403, "EEG-PKI-012");

        // one changed byte of the signed content
        byte[] signed = PROFILE.sign(ack, net.platformKey);
        byte[] tampered = signed.clone();
        int at = indexOf(tampered, "ACKNOWLEDGEMENT".getBytes(StandardCharsets.US_ASCII));
        assertThat(at).isPositive();
        tampered[at] ^= 0x01;
        assertProblem(post(platform, tampered), 422, "EEG-PKI-003");

        // encrypted to somebody else than this node
        assertProblem(post(platform, PROFILE.seal(ack, net.platformKey, List.of(other.certificate()))), 422, "EEG-PKI-007");

        // an old signed message (signing time two days ago, by the platform's earlier certificate with the same name)
        Instant past = Instant.now().minus(Duration.ofDays(2));
        DevPki backdated = DevPki.loadOrCreate(net.pki.directory(), Clock.fixed(past.minus(Duration.ofHours(1)), ZoneOffset.UTC));
        KeyMaterial earlier = backdated.issue(new IssueRequest("test platform", Role.PLATFORM, List.of(), KeyKind.EC_P256, Duration.ofDays(30), false, true));
        byte[] old = new CmsProfile(Clock.fixed(past, ZoneOffset.UTC)).sign(ack, earlier);
        assertProblem(post(platform, old), 409, "EEG-PKI-014");

        assertThat(storedAnswers()).isEqualTo(before);
        assertThat(state()).isEqualTo("ACKNOWLEDGED");
    }

    @Test
    @Order(2)
    void aSignedAnswerIsAppliedAndItsSignedBytesAreTheEvidence() throws Exception {
        byte[] question = answer("CLARIFICATION_REQUEST");
        String messageId = JSON.readTree(question).get("messageId").asText();
        byte[] signed = PROFILE.sign(question, net.platformKey);
        ContactPointClient.Answer a = post(platform, signed);
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        assertThat(state()).isEqualTo("CLARIFICATION_REQUESTED");
        assertThat(storedBody(messageId)).isEqualTo(signed);
        assertThat(custodyRecords()).contains(sha256(signed));
        JsonNode timeline = JSON.readTree(cp.get("api/v1/requests/" + requestId + "/timeline").body());
        assertThat(timeline.toString()).contains("signed by").contains("test platform");
        acceptedSignedAnswer = signed;

        // the same, AuthEnveloped to the node: the inner SignedData is kept
        assertThat(cp.post("api/v1/requests/" + requestId + "/events", "{\"event\":\"CLARIFICATION_ANSWERED\"}".getBytes(), "application/json", null)
                .status()).isEqualTo(200);
        byte[] ack = answer("ACKNOWLEDGEMENT");
        String ackId = JSON.readTree(ack).get("messageId").asText();
        byte[] sealed = PROFILE.seal(ack, net.platformKey, List.of(net.node.nodeKey().certificate()));
        ContactPointClient.Answer b = post(platform, sealed);
        assertThat(b.status()).as(b.body()).isEqualTo(201);
        assertThat(state()).isEqualTo("ACKNOWLEDGED");
        byte[] kept = storedBody(ackId);
        assertThat(kept).isNotEqualTo(sealed);
        assertThat(PROFILE.verify(kept, net.trust).content()).isEqualTo(ack);
        assertThat(custodyRecords()).contains(sha256(kept));
    }

    @Test
    @Order(3)
    void theSameSignedAnswerAgainIsAReplay() throws Exception {
        int before = storedAnswers();
        assertProblem(post(platform, acceptedSignedAnswer), 409, "EEG-PKI-014");
        assertThat(storedAnswers()).isEqualTo(before);
        assertThat(state()).isEqualTo("ACKNOWLEDGED");
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
