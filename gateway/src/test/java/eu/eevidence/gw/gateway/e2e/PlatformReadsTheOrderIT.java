package eu.eevidence.gw.gateway.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.eevidence.gw.gateway.demo.Demo;
import eu.eevidence.gw.gateway.order.Digests;
import eu.eevidence.gw.pki.Tls;
import eu.eevidence.gw.testkit.ContactPointClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The platform reads the order addressed to it (issue 17 item 6): the decrypted catalogue message as JSON or XML, the
 * legal PDF, and the sealed CMS exactly as sealed; every read is a timeline event and a custody entry. Refusals first.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlatformReadsTheOrderIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    static TestNetwork net;
    static ContactPointClient cp;
    static HttpClient platform;
    static String epoc;

    @BeforeAll
    static void start() throws Exception {
        net = new TestNetwork(dir);
        cp = net.client(net.contactPoint);
        platform = HttpClient.newBuilder().sslContext(Tls.sslContext(net.platformKey, net.trust)).connectTimeout(Duration.ofSeconds(5)).build();
        epoc = net.acknowledgedEpoc(cp, "read-");
    }

    @AfterAll
    static void stop() {
        if (net != null) {
            net.close();
        }
    }

    static HttpResponse<byte[]> read(String path, String accept) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(net.node.baseUrl() + "/api/v1/platform/requests/" + path)).timeout(Duration.ofSeconds(30));
        if (accept != null) {
            b.header("Accept", accept);
        }
        return platform.send(b.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static long reads(String id) throws Exception {
        return JSON.readTree(cp.get("api/v1/requests/" + id + "/timeline").body()).get("events").findValuesAsText("event").stream()
                .filter("PERSONAL_DATA_ACCESSED"::equals).count();
    }

    static long custodyReads(String id) throws Exception {
        net.node.custody().flush();
        return net.node.requests().database().read(c -> {
            try (var ps = c.connection().prepareStatement("SELECT COUNT(*) FROM custody_record WHERE request_id = ? AND event_type = 'EVIDENCE_OPENED'")) {
                ps.setString(1, id);
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    static String code(HttpResponse<byte[]> r) throws Exception {
        return JSON.readTree(r.body()).path("code").asText();
    }

    @Test
    @Order(1)
    void aBareRequestHasNoXmlFormAndOthersReadNothing() throws Exception {
        ContactPointClient.Answer a = cp.submit(Demo.sample(), "read-bare-" + UUID.randomUUID());
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        String bare = JSON.readTree(a.body()).get("id").asText();
        HttpResponse<byte[]> xml = read(bare + "/content", "application/xml");
        assertThat(xml.statusCode()).isEqualTo(406);
        assertThat(code(xml)).isEqualTo("EEG-API-NO-XML");
        assertThat(cp.get("api/v1/platform/requests/" + epoc + "/content").body()).contains("EEG-AUTH-ROLE");
        HttpResponse<byte[]> unknown = read("REQ-01JDZZZZZZZZZZZZZZZZZZZZZZ/request.p7m", null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(code(unknown)).isEqualTo("EEG-REQ-NOT-FOUND");
        assertThat(reads(bare)).isZero();
        assertThat(reads(epoc)).isZero();
        assertThat(custodyReads(epoc)).isZero();
    }

    @Test
    @Order(2)
    void theOrderIsServedAsJsonXmlPdfAndTheSealedCmsAndEveryReadIsRecorded() throws Exception {
        HttpResponse<byte[]> json = read(epoc + "/content", "application/json");
        assertThat(json.statusCode()).isEqualTo(200);
        JsonNode content = JSON.readTree(json.body());
        assertThat(content.path("body").path("type").asText(content.path("type").asText())).isNotBlank();

        HttpResponse<byte[]> xml = read(epoc + "/content", "application/xml");
        assertThat(xml.statusCode()).isEqualTo(200);
        assertThat(xml.headers().firstValue("Content-Type").orElse("")).startsWith("application/xml");
        String x = new String(xml.body(), StandardCharsets.UTF_8);
        assertThat(x).contains("urn:eevidence:gateway:messages:v1").contains("euProductionOrder");

        HttpResponse<byte[]> pdf = read(epoc + "/request.pdf", null);
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(new String(pdf.body(), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");

        HttpResponse<byte[]> p7m = read(epoc + "/request.p7m", null);
        assertThat(p7m.statusCode()).isEqualTo(200);
        assertThat(p7m.body()).isEqualTo(net.node.requests().sealedPayload(epoc)); // exactly as sealed and delivered
        assertThat(Digests.sha256(p7m.body())).isEqualTo(net.node.requests().find(epoc).orElseThrow().sealedSha256());

        assertThat(reads(epoc)).isEqualTo(4);
        assertThat(custodyReads(epoc)).isEqualTo(4);
    }
}
