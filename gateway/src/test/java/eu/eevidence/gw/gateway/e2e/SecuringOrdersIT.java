package eu.eevidence.gw.gateway.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import eu.eevidence.gw.gateway.routing.PlatformSpec;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.testkit.ContactPointClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

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
 * Stand-alone securing orders (CONTENT_PRESERVATION_ORDER, CM/Rec(2026)2 para. 33: "securing orders that do not depend
 * on a criminal process") on a running node. Negative cases first: a malformed period, a missing legal basis, an issuing
 * authority that is not the certificate's kind (EEG-AUTH-ISSUER-KIND), a platform on ETSI TS 104 144 (no securing
 * operation: EEG-EEV-REMOVAL-UNSUPPORTED), nothing stored; then a civil court's order reaches the WireMock json-portal,
 * is confirmed PRESERVED and its preservation runs for the period the order states (the later of it and the platform's
 * stated end; no 60-day floor: SecuringOrderDeadlinesTest).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecuringOrdersIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path CORPUS = Path.of("..", "message-schemas", "src", "test", "resources", "corpus");
    private static final String ETSI_PLATFORM = "etsi-only-platform";

    @TempDir
    static Path dir;
    static TestNetwork net;
    static ContactPointClient civilCourt;
    static ContactPointClient regulator;

    @BeforeAll
    static void start() throws Exception {
        net = new TestNetwork(dir, c -> {
            PlatformSpec json = c.platforms().get(0);
            List<PlatformSpec> both = new ArrayList<>(c.platforms());
            both.add(new PlatformSpec(ETSI_PLATFORM, "etsi-104144", json.endpoint(), json.encryptionCertificate(), List.of(),
                    Map.of("hi1.sender.country", "FR", "hi1.sender.id", "NODE", "hi1.receiver.country", "IE", "hi1.receiver.id", "PLATFORM")));
            return c.withPlatforms(both);
        });
        civilCourt = net.client(net.issue("civil court", Role.CIVIL_COURT));
        regulator = net.client(net.issue("online safety regulator", Role.ADMINISTRATIVE_AUTHORITY));
    }

    @AfterAll
    static void stop() {
        if (net != null) {
            net.close();
        }
    }

    private static ObjectNode order() throws Exception {
        ObjectNode n = (ObjectNode) JSON.readTree(Files.readString(CORPUS.resolve("CONTENT_PRESERVATION_ORDER").resolve("valid.json")));
        n.put("messageId", "msg-sec-" + UUID.randomUUID());
        return n;
    }

    private static ObjectNode body(ObjectNode order) {
        return (ObjectNode) order.get("body");
    }

    private static ContactPointClient.Answer submit(ContactPointClient who, ObjectNode order) throws Exception {
        return who.post("api/v1/requests", JSON.writeValueAsBytes(order), "application/json", "sec-" + UUID.randomUUID());
    }

    private static void assertRefused(ContactPointClient.Answer a, int status, String code) throws Exception {
        assertThat(a.status()).as(a.body()).isEqualTo(status);
        assertThat(JSON.readTree(a.body()).findValuesAsText("code")).as(a.body()).contains(code);
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

    private static JsonNode status(ContactPointClient who, String id) throws Exception {
        return JSON.readTree(who.get("api/v1/requests/" + id).body());
    }

    private static JsonNode deadline(String id, String rule) throws Exception {
        for (JsonNode d : JSON.readTree(civilCourt.get("api/v1/requests/" + id + "/deadlines").body()).get("deadlines")) {
            if (rule.equals(d.path("rule").asText())) {
                return d;
            }
        }
        throw new AssertionError("no deadline " + rule + " on " + id);
    }

    @Test
    @Order(1)
    void aMalformedPeriodAndAMissingLegalBasisAreRefusedWithTheirCodes() throws Exception {
        for (int days : new int[] {0, -5, 366, 100000}) {
            ObjectNode o = order();
            body(o).put("preservationDays", days);
            assertRefused(submit(civilCourt, o), 422, "EEG-VAL-SECURING-PERIOD");
        }
        ObjectNode noPeriod = order();
        body(noPeriod).remove("preservationDays");
        assertRefused(submit(civilCourt, noPeriod), 422, "EEG-VAL-SECURING-PERIOD");
        ObjectNode textPeriod = order();
        body(textPeriod).put("preservationDays", "ninety");
        assertRefused(submit(civilCourt, textPeriod), 400, "EEG-JSON-TYPE");
        ObjectNode noBasis = order();
        body(noBasis).remove("legalBasis");
        assertRefused(submit(civilCourt, noBasis), 422, "EEG-VAL-REQUIRED");
        ObjectNode blankBasis = order();
        body(blankBasis).put("legalBasis", "  ");
        assertRefused(submit(regulator, blankBasis), 422, "EEG-VAL-REQUIRED");
        assertThat(requestCount()).isZero();
    }

    @Test
    @Order(2)
    void anIssuingAuthorityOfAnotherKindThanTheCertificateIsRefused() throws Exception {
        for (String kind : List.of("ADMINISTRATIVE_AUTHORITY", "PROSECUTOR", "INVESTIGATING_JUDGE")) {
            ObjectNode o = order();
            ((ObjectNode) body(o).get("issuingAuthority")).put("kind", kind);
            assertRefused(submit(civilCourt, o), 422, "EEG-AUTH-ISSUER-KIND");
        }
        assertRefused(submit(regulator, order()), 422, "EEG-AUTH-ISSUER-KIND"); // the sample names a CIVIL_COURT
        assertThat(requestCount()).isZero();
    }

    @Test
    @Order(3)
    void aChannelWithoutASecuringOperationRefusesTheOrderAtSubmission() throws Exception {
        ObjectNode toEtsi = order();
        ((ObjectNode) body(toEtsi).get("serviceProvider")).put("platformId", ETSI_PLATFORM);
        ((ObjectNode) toEtsi.get("receiver")).put("id", ETSI_PLATFORM);
        ContactPointClient.Answer a = submit(civilCourt, toEtsi);
        assertRefused(a, 422, "EEG-EEV-REMOVAL-UNSUPPORTED");
        assertThat(JSON.readTree(a.body()).path("detail").asText()).contains("TS 104 144", "EPOC-PR");
        assertThat(requestCount()).isZero();
    }

    @Test
    @Order(4)
    void aCivilCourtsSecuringOrderReachesTheJsonPortalAndIsPreservedForTheOrderedPeriod() throws Exception {
        ObjectNode o = order();
        body(o).put("preservationDays", 120); // longer than the 90 days the simulated portal states
        ContactPointClient.Answer a = submit(civilCourt, o);
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        String id = JSON.readTree(a.body()).get("id").asText();
        JsonNode s = await().atMost(Duration.ofSeconds(60)).until(() -> status(civilCourt, id),
                n -> "PRESERVED".equals(n.path("state").asText()));
        assertThat(s.get("type").asText()).isEqualTo("CONTENT_PRESERVATION_ORDER");
        assertThat(net.portal.accepted()).extracting(x -> x.requestId()).contains(id);
        assertThat(net.portal.wireMock().getAllServeEvents()).map(ServeEvent::getRequest)
                .anySatisfy(r -> assertThat(r.getHeader("X-Message-Type")).isEqualTo("CONTENT_PRESERVATION_ORDER"));
        assertThat(deadline(id, "SECURING_ORDER_DELIVERY_TARGET").get("state").asText()).isEqualTo("MET");
        JsonNode keep = deadline(id, "SECURING_ORDER_PRESERVATION");
        assertThat(keep.get("state").asText()).isEqualTo("RUNNING");
        assertThat(Duration.between(Instant.parse(keep.get("startedAt").asText()), Instant.parse(keep.get("dueAt").asText())))
                .as("the ordered 120 days, from the platform's confirmation").isEqualTo(Duration.ofDays(120));
        assertThat(keep.get("source").asText()).contains("CM/Rec(2026)2 para. 33");
        assertThat(regulator.get("api/v1/requests/" + id).status()).isEqualTo(404);
        assertThat(requestCount()).isEqualTo(1);
    }

    @Test
    @Order(5)
    void theRegulatorsSecuringOrderUnderAdministrativeLawIsAccepted() throws Exception {
        ObjectNode o = order();
        ((ObjectNode) body(o).get("issuingAuthority")).put("kind", "ADMINISTRATIVE_AUTHORITY");
        body(o).put("legalBasis", "Loi n° 2004-575, art. 6-1 (conservation ordered by the online-safety regulator)");
        ContactPointClient.Answer a = submit(regulator, o);
        assertThat(a.status()).as(a.body()).isEqualTo(201);
    }
}
