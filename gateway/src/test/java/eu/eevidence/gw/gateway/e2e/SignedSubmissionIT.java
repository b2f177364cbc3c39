package eu.eevidence.gw.gateway.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.eevidence.gw.gateway.demo.Demo;
import eu.eevidence.gw.pki.CmsProfile;
import eu.eevidence.gw.pki.DevPki;
import eu.eevidence.gw.pki.IssueRequest;
import eu.eevidence.gw.pki.KeyKind;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.OpenedMessage;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.testkit.ContactPointClient;
import eu.eevidence.gw.testkit.SimulatedPlatformPortal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A requester that signs its own request (CMS SignedData, the pki profile): the node verifies the signature and the
 * signer's role, then signs and encrypts the requester's SignedData itself for the platform, so the platform can check
 * both the node's signature and the requester's, end to end. Negative cases first: nothing is stored for them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SignedSubmissionIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CMS = "application/pkcs7-mime; smime-type=signed-data";
    @TempDir
    static Path dir;
    static TestNetwork net;
    static ContactPointClient cp;
    static final CmsProfile PROFILE = new CmsProfile(Clock.systemUTC());

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

    private static int stored() throws Exception {
        return net.node.requests().database().read(c -> {
            try (var rs = c.connection().createStatement().executeQuery("SELECT COUNT(*) FROM request")) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    private static void assertRefused(ContactPointClient.Answer a, String codePrefix) throws Exception {
        assertThat(a.status()).as(a.body()).isEqualTo(422);
        JsonNode n = JSON.readTree(a.body());
        assertThat(n.path("errors").findValuesAsText("code")).anySatisfy(c -> assertThat(c).startsWith(codePrefix));
        assertThat(a.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    @Order(1)
    void refusesGarbageUntrustedSignersAndSignersWithoutASubmitterRole() throws Exception {
        int before = stored();
        assertRefused(cp.post("api/v1/requests", new byte[] {0x30, 0x03, 0x02, 0x01, 0x01}, CMS, "sig-" + UUID.randomUUID()), "EEG-PKI-");
        DevPki other = DevPki.loadOrCreate(dir.resolve("other-pki"), Clock.systemUTC());
        KeyMaterial stranger = other.issue(new IssueRequest("stranger", Role.CONTACT_POINT, List.of(), KeyKind.EC_P256, Duration.ofDays(1), false, true));
        assertRefused(cp.post("api/v1/requests", PROFILE.sign(Demo.sample(), stranger), CMS, "sig-" + UUID.randomUUID()), "EEG-PKI-");
        KeyMaterial platformSigner = net.pki.issue(new IssueRequest("a platform signer", Role.PLATFORM, List.of(), KeyKind.EC_P256,
                Duration.ofDays(1), false, true));
        assertRefused(cp.post("api/v1/requests", PROFILE.sign(Demo.sample(), platformSigner), CMS, "sig-" + UUID.randomUUID()), "EEG-PKI-006");
        byte[] invalidContent = PROFILE.sign("{\"type\":\"BUDAPEST_ART29_PRESERVATION\"}".getBytes(), net.contactPoint);
        assertThat(cp.post("api/v1/requests", invalidContent, CMS, "sig-" + UUID.randomUUID()).status()).isEqualTo(422);
        assertThat(stored()).isEqualTo(before);
    }

    @Test
    @Order(2)
    void keepsTheRequestersSignatureEndToEnd() throws Exception {
        byte[] signed = PROFILE.sign(Demo.sample(), net.contactPoint);
        ContactPointClient.Answer a = cp.post("api/v1/requests", signed, CMS, "sig-" + UUID.randomUUID());
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        String id = JSON.readTree(a.body()).get("id").asText();
        await().atMost(Duration.ofSeconds(60)).until(() -> JSON.readTree(cp.get("api/v1/requests/" + id).body()).path("state").asText(),
                "PRESERVED"::equals);
        SimulatedPlatformPortal.Accepted at = net.portal.accepted().stream().filter(x -> x.requestId().equals(id)).findFirst().orElseThrow();
        assertThat(at.message().signerRoles()).contains(Role.NODE);
        OpenedMessage inner = PROFILE.verify(at.message().content(), net.trust);
        assertThat(inner.signerRoles()).contains(Role.CONTACT_POINT);
        assertThat(inner.signer()).isEqualTo(net.contactPoint.certificate());
        assertThat(inner.content()).isEqualTo(Demo.sample());
        JsonNode timeline = JSON.readTree(cp.get("api/v1/requests/" + id + "/timeline").body());
        assertThat(timeline.get("events").get(0).get("detail").asText()).contains("signature kept end to end");
    }

    private static int signedRows() throws Exception {
        return net.node.requests().database().read(c -> {
            try (var rs = c.connection().createStatement().executeQuery("SELECT COUNT(*) FROM signed_submission")) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    private static void assertProblem(ContactPointClient.Answer a, int status, String code) throws Exception {
        assertThat(a.status()).as(a.body()).isEqualTo(status);
        assertThat(JSON.readTree(a.body()).path("code").asText()).isEqualTo(code);
        assertThat(a.body()).doesNotContain("Exception");
    }

    /** ADR-0021: as for signed platform answers, the signer must be the TLS client (no delegation is configured here). */
    @Test
    @Order(3)
    void refusesARequestSignedByAnotherContactPointThanTheTlsClient() throws Exception {
        KeyMaterial other = net.issue("another contact point", Role.CONTACT_POINT);
        int before = stored();
        int signedBefore = signedRows();
        assertProblem(cp.post("api/v1/requests", PROFILE.sign(Demo.sample(), other), CMS, "sig-" + UUID.randomUUID()), 403,
                "EEG-TRUST-SIGNER-MISMATCH");
        assertProblem(net.client(other).post("api/v1/requests", PROFILE.sign(Demo.sample(), net.contactPoint), CMS, "sig-" + UUID.randomUUID()),
                403, "EEG-TRUST-SIGNER-MISMATCH");
        assertThat(stored()).isEqualTo(before);
        assertThat(signedRows()).isEqualTo(signedBefore);
    }

    /** ADR-0021: a signed request is accepted once; the same key and bytes stay the idempotent replay. */
    @Test
    @Order(4)
    void refusesASignedRequestReplayedUnderANewIdempotencyKey() throws Exception {
        byte[] signed = PROFILE.sign(Demo.sample(), net.contactPoint);
        String key = "sig-" + UUID.randomUUID();
        ContactPointClient.Answer first = cp.post("api/v1/requests", signed, CMS, key);
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        int before = stored();
        assertProblem(cp.post("api/v1/requests", signed, CMS, "sig-" + UUID.randomUUID()), 409, "EEG-PKI-014");
        assertThat(stored()).isEqualTo(before);
        ContactPointClient.Answer again = cp.post("api/v1/requests", signed, CMS, key);
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(JSON.readTree(again.body()).get("id").asText()).isEqualTo(JSON.readTree(first.body()).get("id").asText());
        assertThat(stored()).isEqualTo(before);
    }
}
