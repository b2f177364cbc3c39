package eu.eevidence.gw.gateway.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.eevidence.gw.gateway.routing.NodeIdentity;
import eu.eevidence.gw.gateway.routing.NodeRole;
import eu.eevidence.gw.pki.CmsProfile;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.testkit.ContactPointClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A platform's own emergency disclosure (CM/Rec(2026)2 para. 38.4; ADR-0031) on the platform API of the French 24/7
 * node: refused with its code when unsigned, sent by another role, signed by another party, malformed or for another
 * State (nothing stored); a signed one opens a case on the contact point's desk, with an emergency alarm on the console
 * and a custody record; the same message again finds the same case.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmergencyDisclosureIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PATH = "api/v1/platform/emergency-disclosures";
    private static final String CMS = "application/pkcs7-mime; smime-type=signed-data";
    private static final Path SAMPLE = Path.of("..", "message-schemas", "src", "test", "resources", "corpus", "PLATFORM_EMERGENCY_DISCLOSURE",
            "valid.json");

    private final CmsProfile cms = new CmsProfile(Clock.systemUTC());
    private TestNetwork net;
    private ContactPointClient platform;
    private ContactPointClient contactPoint;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        net = new TestNetwork(dir, c -> c.withNetwork(new NodeIdentity("fr-247", "FR", NodeRole.CONTACT_POINT_24_7), List.of()));
        platform = net.client(net.platformKey);
        contactPoint = net.client(net.contactPoint);
    }

    @AfterAll
    void stop() {
        if (net != null) {
            net.close();
        }
    }

    @Test
    @Order(1)
    void anUnsignedDisclosureIsRefused() throws Exception {
        assertRefused(platform.post(PATH, disclosure("FR", null), "application/json", null), 415, "EEG-CASE-DISCLOSURE-UNSIGNED");
    }

    @Test
    @Order(2)
    void aContactPointCannotSendOne() throws Exception {
        assertRefused(contactPoint.post(PATH, cms.sign(disclosure("FR", null), net.contactPoint), CMS, null), 403, "EEG-AUTH-ROLE");
    }

    @Test
    @Order(3)
    void aDisclosureSignedByAnotherPartyThanThePlatformIsRefused() throws Exception {
        KeyMaterial otherPlatform = net.issue("another platform", Role.PLATFORM);
        assertRefused(platform.post(PATH, cms.sign(disclosure("FR", null), otherPlatform), CMS, null), 403, "EEG-TRUST-SIGNER-MISMATCH");
        assertRefused(platform.post(PATH, cms.sign(disclosure("FR", null), net.contactPoint), CMS, null), 403, "EEG-PKI-");
    }

    @Test
    @Order(4)
    void aMalformedOrInvalidDisclosureIsRefusedWithItsViolations() throws Exception {
        assertRefused(platform.post(PATH, cms.sign("{\"messageId\": ".getBytes(), net.platformKey), CMS, null), 400, "EEG-CASE-DISCLOSURE-INVALID");
        ContactPointClient.Answer blank = platform.post(PATH, cms.sign(disclosure("FR", ""), net.platformKey), CMS, null);
        assertRefused(blank, 422, "EEG-CASE-DISCLOSURE-INVALID");
        assertThat(blank.body()).contains("EEG-VAL-EMERGENCY-FACTS");
        byte[] epoc = Files.readAllBytes(Path.of("..", "message-schemas", "src", "test", "resources", "corpus", "EU_FORM3_IMPOSSIBILITY", "valid.json"));
        assertRefused(platform.post(PATH, cms.sign(epoc, net.platformKey), CMS, null), 422, "EEG-CASE-DISCLOSURE-TYPE");
    }

    @Test
    @Order(5)
    void aDisclosureForAnotherStateIsRefused() throws Exception {
        ContactPointClient.Answer a = platform.post(PATH, cms.sign(disclosure("DE", null), net.platformKey), CMS, null);
        assertRefused(a, 422, "EEG-CASE-DISCLOSURE-COUNTRY");
        assertThat(a.body()).contains("24/7 node of FR").contains("DE");
    }

    @Test
    @Order(6)
    void theAnswerChannelRefusesADisclosureAndNamesItsAddress() throws Exception {
        ContactPointClient.Answer a = platform.post("api/v1/platform/answers", cms.sign(disclosure("FR", null), net.platformKey), CMS, null);
        assertRefused(a, 422, "EEG-ANS-NOT-AN-ANSWER");
        assertThat(a.body()).contains("/api/v1/platform/emergency-disclosures");
    }

    @Test
    @Order(7)
    void nothingWasStoredForTheRefusals() throws Exception {
        assertThat(cases()).isEmpty();
    }

    @Test
    @Order(10)
    void aSignedDisclosureOpensAnEmergencyCaseForTheContactPoint() throws Exception {
        byte[] signed = cms.sign(disclosure("FR", null), net.platformKey);
        ContactPointClient.Answer a = platform.post(PATH, signed, CMS, null);
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        String caseId = JSON.readTree(a.body()).get("caseId").asText();
        assertThat(custody(caseId)).as("custody before any read").containsExactly("REQUEST_RECEIVED");

        JsonNode k = JSON.readTree(contactPoint.get("api/v1/cases/" + caseId).body());
        assertThat(k.toString()).contains("PLATFORM_EMERGENCY_DISCLOSURE").contains("RECEIVED").contains("platform:demo-platform");
        assertThat(cases()).containsExactly(caseId);
        String desk = contactPoint.get("console/cases").body();
        assertThat(desk).contains(caseId);
        String dashboard = contactPoint.get("console/").body();
        assertThat(dashboard).contains(caseId);

        ContactPointClient.Answer again = platform.post(PATH, signed, CMS, null);
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(JSON.readTree(again.body()).get("caseId").asText()).isEqualTo(caseId);
        assertThat(cases()).containsExactly(caseId);
    }

    @Test
    @Order(11)
    void peerOnlyDecisionsOnAPlatformCaseAreRefusedAndChangeNothing() throws Exception {
        String caseId = openCase();
        for (String decision : List.of("{\"decision\":\"ACCEPT\",\"platformId\":\"demo-platform\"}",
                "{\"decision\":\"POSTPONE\",\"reason\":\"later\",\"until\":\"2099-01-01T00:00:00Z\"}",
                "{\"decision\":\"CLARIFY\",\"question\":\"which account?\"}")) {
            ContactPointClient.Answer a = decide(caseId, decision);
            assertRefused(a, 409, "EEG-CASE-PLATFORM-CASE");
            assertThat(a.body()).contains("no requesting Party");
        }
        JsonNode k = JSON.readTree(contactPoint.get("api/v1/cases/" + caseId).body());
        assertThat(k.get("state").asText()).isEqualTo("RECEIVED");
        assertThat(custody(caseId)).doesNotContain("ACKNOWLEDGED", "REQUEST_REFUSED");
    }

    @Test
    @Order(12)
    void answerRecordsWhatTheContactPointDidAndClosesTheCaseWithoutSendingAnything() throws Exception {
        String caseId = openCase();
        ContactPointClient.Answer a = decide(caseId, "{\"decision\":\"ANSWER\",\"summary\":\"Local police alerted at 03:20; person found safe.\"}");
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        JsonNode k = JSON.readTree(contactPoint.get("api/v1/cases/" + caseId).body());
        assertThat(k.get("state").asText()).isEqualTo("COMPLETED");
        assertThat(k.toString()).doesNotContain("ANSWER_SENT").doesNotContain("ANSWER_NOT_SENT");
        assertThat(custody(caseId)).contains("ACKNOWLEDGED");
    }

    @Test
    @Order(13)
    void refuseDismissesTheDisclosureWithoutSendingAnything() throws Exception {
        String caseId = openCase();
        ContactPointClient.Answer a = decide(caseId, "{\"decision\":\"REFUSE\",\"code\":\"ESSENTIAL_INTERESTS\",\"reason\":\"hoax, known prank\"}");
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        JsonNode k = JSON.readTree(contactPoint.get("api/v1/cases/" + caseId).body());
        assertThat(k.get("state").asText()).isEqualTo("REFUSED");
        assertThat(k.toString()).doesNotContain("ANSWER_SENT");
        assertThat(custody(caseId)).contains("REQUEST_REFUSED");
    }

    private String openCase() throws Exception {
        ContactPointClient.Answer a = platform.post(PATH, cms.sign(disclosure("FR", null), net.platformKey), CMS, null);
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        return JSON.readTree(a.body()).get("caseId").asText();
    }

    private ContactPointClient.Answer decide(String caseId, String json) throws Exception {
        return contactPoint.post("api/v1/cases/" + caseId + "/decision", json.getBytes(java.nio.charset.StandardCharsets.UTF_8), "application/json", null);
    }

    private byte[] disclosure(String country, String risk) throws Exception {
        ObjectNode env = (ObjectNode) JSON.readTree(Files.readAllBytes(SAMPLE));
        env.put("messageId", "msg-ped-" + UUID.randomUUID());
        ObjectNode body = (ObjectNode) env.get("body");
        body.put("concernedParty", country);
        ((ObjectNode) env.get("receiver")).put("country", country);
        if (risk != null) {
            ((ObjectNode) body.get("emergency")).put("riskToLifeOrSafety", risk);
        }
        return JSON.writeValueAsBytes(env);
    }

    private static void assertRefused(ContactPointClient.Answer a, int status, String codePrefix) throws Exception {
        assertThat(a.status()).as(a.body()).isEqualTo(status);
        assertThat(JSON.readTree(a.body()).get("code").asText()).startsWith(codePrefix);
    }

    private List<String> cases() throws Exception {
        List<String> ids = new ArrayList<>();
        for (JsonNode n : JSON.readTree(contactPoint.get("api/v1/cases").body()).path("items")) {
            ids.add(n.get("id").asText());
        }
        return ids;
    }

    private List<String> custody(String caseId) throws Exception {
        return net.node.requests().database().read(c -> {
            List<String> types = new ArrayList<>();
            try (var ps = c.connection().prepareStatement("SELECT event_type FROM custody_record WHERE request_id = ? ORDER BY id")) {
                ps.setString(1, caseId);
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        types.add(rs.getString(1));
                    }
                }
            }
            return types;
        });
    }
}
