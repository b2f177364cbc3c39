package eu.eevidence.gw.gateway.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.eevidence.gw.gateway.demo.Demo;
import eu.eevidence.gw.gateway.order.RequestRecord;
import eu.eevidence.gw.gateway.order.RequestState;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The UN Convention against Cybercrime between two nodes, as the Budapest flows (ADR-0036): Brazil's contact point sends an
 * Art. 42 preservation addressed to Ireland; it travels to Ireland's node, arrives as a case, is decided by Ireland's desk,
 * ordered to the Irish platform, preserved, and the confirmation comes back: the request on Brazil's node is PRESERVED with
 * the UNCC's deadline rule. A malformed Art. 42 (no intent to request mutual legal assistance) is refused first.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UnConventionFlowsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path CORPUS = Path.of("..", "message-schemas", "src", "test", "resources", "corpus");

    @TempDir
    static Path dir;
    NodeNetwork net;
    NodeNetwork.Member br;
    NodeNetwork.Member ie;

    @BeforeAll
    void twoParties() throws Exception {
        net = NodeNetwork.builder(dir).node("BR", "Policia Federal 24/7", false).node("IE", "GNCCB 24/7", true).start();
        br = net.get("BR");
        ie = net.get("IE");
    }

    @AfterAll
    void stop() {
        if (net != null) {
            net.close();
        }
    }

    /** The corpus's Art. 42 request addressed to Ireland, as a bare request (Brazil's node has no platform of that name). */
    private static ObjectNode art42(String reference) throws Exception {
        ObjectNode body = (ObjectNode) JSON.readTree(Files.readString(CORPUS.resolve("UNCC_ART42_PRESERVATION").resolve("valid.json"))).get("body");
        body.put("clientRequestId", reference);
        return body;
    }

    @Test
    @Order(1)
    void anArt42WithoutTheIntentToRequestMutualAssistanceIsRefusedAndNothingTravels() throws Exception {
        ObjectNode bad = art42("BR-PF-UNCC-BAD");
        ((ObjectNode) bad.get("terms").get("mutualAssistanceIntent")).put("intended", false);
        var a = br.cp.post("api/v1/requests", JSON.writeValueAsBytes(bad), "application/json", "uncc-bad");
        assertThat(a.status()).as(a.body()).isEqualTo(422);
        assertThat(JSON.readTree(a.body()).findValuesAsText("code")).contains("EEG-VAL-ART29-MLA-INTENT");
        assertThat(JSON.readTree(ie.cp.get("api/v1/cases").body()).path("items")).isEmpty();
    }

    @Test
    @Order(10)
    void anArt42PreservationIsDecidedByTheRequestedPartysDeskAndConfirmedBack() throws Exception {
        String request = br.submit(JSON.writeValueAsBytes(art42("BR-PF-UNCC-42")), "uncc-42");
        br.awaitState(request, RequestState.DELIVERED);
        JsonNode c = ie.awaitCaseFor(br.messageIdOf(request), "RECEIVED");
        assertThat(c.path("type").asText()).isEqualTo("UNCC_ART42_PRESERVATION");
        var accepted = ie.decide(c.get("id").asText(), "{\"decision\":\"ACCEPT\",\"platformId\":\"" + Demo.PLATFORM_ID + "\"}");
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
        String domestic = JSON.readTree(accepted.body()).get("domesticRequestId").asText();

        RequestRecord onBr = br.awaitState(request, RequestState.PRESERVED);
        assertThat(onBr.messageType()).isEqualTo("UNCC_ART42_PRESERVATION");
        assertThat(onBr.preservationEnd()).isNotNull();
        assertThat(ie.node.requests().find(domestic).orElseThrow().messageType()).isEqualTo("UNCC_ART42_PRESERVATION");
        JsonNode deadlines = JSON.readTree(br.cp.get("api/v1/requests/" + request + "/deadlines").body());
        assertThat(deadlines.findValuesAsText("rule")).contains("UNCC_ART42_PRESERVATION_MIN");
        ie.awaitCaseState(c.get("id").asText(), "PRESERVED");
    }
}
