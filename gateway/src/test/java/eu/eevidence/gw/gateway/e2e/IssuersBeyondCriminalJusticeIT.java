package eu.eevidence.gw.gateway.e2e;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issuers beyond criminal justice on a running node (CM/Rec(2026)2 para. 33, ADR-0036): a media regulator's certificate
 * (role ADMINISTRATIVE_AUTHORITY) and a civil court's (CIVIL_COURT). Negative cases first: a regulator's production
 * order, preservation and UN Convention request are refused 403 EEG-AUTH-ISSUER-SCOPE, a removal order that names a
 * criminal-law issuing authority 422 EEG-AUTH-ISSUER-KIND, nothing stored; then the regulator's removal order under
 * administrative law is accepted and the regulator sees its own request, and the civil court's under civil law too.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IssuersBeyondCriminalJusticeIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path CORPUS = Path.of("..", "message-schemas", "src", "test", "resources", "corpus");

    @TempDir
    static Path dir;
    static TestNetwork net;
    static ContactPointClient regulator;
    static ContactPointClient civilCourt;
    static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();

    @BeforeAll
    static void start() throws Exception {
        LOGS.start();
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).addAppender(LOGS);
        net = new TestNetwork(dir, c -> c);
        regulator = net.client(net.issue("online safety regulator", Role.ADMINISTRATIVE_AUTHORITY));
        civilCourt = net.client(net.issue("civil court", Role.CIVIL_COURT));
    }

    @AfterAll
    static void stop() {
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).detachAppender(LOGS);
        if (net != null) {
            net.close();
        }
    }

    private static ObjectNode sample(String type) throws Exception {
        ObjectNode n = (ObjectNode) JSON.readTree(Files.readString(CORPUS.resolve(type).resolve("valid.json")));
        n.put("messageId", "msg-nc-" + UUID.randomUUID());
        n.remove("correlationId");
        return n;
    }

    private static ObjectNode removalOrder(String kind, String legalBasis) throws Exception {
        ObjectNode n = sample("CONTENT_REMOVAL_ORDER");
        ObjectNode body = (ObjectNode) n.get("body");
        ((ObjectNode) body.get("issuingAuthority")).put("kind", kind);
        body.put("legalBasis", legalBasis);
        return n;
    }

    private static ContactPointClient.Answer submit(ContactPointClient who, ObjectNode doc) throws Exception {
        return who.post("api/v1/requests", JSON.writeValueAsBytes(doc), "application/json", "nc-" + UUID.randomUUID());
    }

    private static void assertRefused(ContactPointClient.Answer a, int status, String code) throws Exception {
        assertThat(a.status()).as(a.body()).isEqualTo(status);
        JsonNode p = JSON.readTree(a.body());
        assertThat(p.findValuesAsText("code")).as(a.body()).contains(code);
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

    @Test
    @Order(1)
    void aRegulatorSubmittingAProductionOrderIsRefusedAndNothingIsStored() throws Exception {
        for (String type : List.of("EU_EPOC", "PROTOCOL_ART7_SUBSCRIBER_ORDER", "EU_EPOC_PR", "UNCC_ART42_PRESERVATION",
                "BUDAPEST_ART29_PRESERVATION")) {
            assertRefused(submit(regulator, sample(type)), 403, "EEG-AUTH-ISSUER-SCOPE");
            assertRefused(submit(civilCourt, sample(type)), 403, "EEG-AUTH-ISSUER-SCOPE");
        }
        assertThat(requestCount()).isZero();
        assertThat(LOGS.list).extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(m -> assertThat(m).startsWith("EEG-AUTH-ISSUER-SCOPE EU_EPOC from "));
    }

    @Test
    @Order(2)
    void aRemovalOrderThatDoesNotSayItIsMadeUnderAdministrativeOrCivilLawIsRefused() throws Exception {
        assertRefused(submit(regulator, removalOrder("INVESTIGATING_JUDGE", "Code penal, art. 226-2-1")), 422, "EEG-AUTH-ISSUER-KIND");
        assertRefused(submit(regulator, removalOrder("CIVIL_COURT", "Code civil, art. 9")), 422, "EEG-AUTH-ISSUER-KIND");
        assertRefused(submit(civilCourt, removalOrder("ADMINISTRATIVE_AUTHORITY", "Loi SREN, art. 6-1")), 422, "EEG-AUTH-ISSUER-KIND");
        ObjectNode blankBasis = removalOrder("ADMINISTRATIVE_AUTHORITY", " ");
        assertRefused(submit(regulator, blankBasis), 422, "EEG-VAL-REQUIRED");
        assertThat(requestCount()).isZero();
    }

    @Test
    @Order(3)
    void theRegulatorsAndTheCivilCourtsRemovalOrdersAreAcceptedAndTheirsToRead() throws Exception {
        ContactPointClient.Answer a = submit(regulator, removalOrder("ADMINISTRATIVE_AUTHORITY",
                "Loi n° 2004-575, art. 6-1 (administrative removal order of the online-safety regulator)"));
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        String id = JSON.readTree(a.body()).get("id").asText();
        ContactPointClient.Answer mine = regulator.get("api/v1/requests/" + id);
        assertThat(mine.status()).as(mine.body()).isEqualTo(200);
        assertThat(JSON.readTree(mine.body()).path("type").asText()).isEqualTo("CONTENT_REMOVAL_ORDER");
        assertThat(civilCourt.get("api/v1/requests/" + id).status()).isEqualTo(404);

        ContactPointClient.Answer c = submit(civilCourt, removalOrder("CIVIL_COURT", "Code civil, art. 9 (injunction in the victim's proceedings)"));
        assertThat(c.status()).as(c.body()).isEqualTo(201);
        assertThat(requestCount()).isEqualTo(2);
    }
}
