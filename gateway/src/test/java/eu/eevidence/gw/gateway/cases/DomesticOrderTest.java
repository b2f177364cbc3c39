package eu.eevidence.gw.gateway.cases;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.eevidence.gw.schema.Envelope;
import eu.eevidence.gw.schema.EvidenceRequest;
import eu.eevidence.gw.schema.MessageType;
import eu.eevidence.gw.schema.codec.DecodeResult;
import eu.eevidence.gw.schema.codec.JsonCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class DomesticOrderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static byte[] corpus(String type) throws IOException {
        try (InputStream in = DomesticOrderTest.class.getResourceAsStream("/cases/" + type + ".json")) {
            return in == null ? null : in.readAllBytes();
        }
    }

    @Test
    void anArt29PreservationIsReaddressedToTheDomesticPlatformAndStaysTheSameRequest() throws Exception {
        Envelope received = DomesticOrder.envelope(corpus("BUDAPEST_ART29_PRESERVATION"));
        byte[] order = DomesticOrder.readdress(received, "ie-platform").orElseThrow();
        JsonNode n = JSON.readTree(order);
        assertThat(n.at("/custodian/platformId").asText()).isEqualTo("ie-platform");
        assertThat(n.at("/custodian/location").asText()).isEqualTo("Demo Platform Ireland Ltd, Dublin");
        assertThat(n.get("type").asText()).isEqualTo("BUDAPEST_ART29_PRESERVATION");
        DecodeResult decoded = new JsonCodec().decodeRequest(order);
        assertThat(decoded).isInstanceOf(DecodeResult.Valid.class);
        EvidenceRequest r = ((DecodeResult.Valid) decoded).request();
        assertThat(r.platformId()).isEqualTo("ie-platform");
    }

    @Test
    void anArt35AssistanceRequestHasNoDomesticRouteItIsAnsweredByTheContactPoint() throws Exception {
        assertThat(DomesticOrder.routable(MessageType.BUDAPEST_ART35_ASSISTANCE.name())).isFalse();
        assertThat(DomesticOrder.routable("NOT_A_TYPE")).isFalse();
        assertThat(DomesticOrder.readdress(DomesticOrder.envelope(corpus("BUDAPEST_ART35_ASSISTANCE")), "ie-platform")).isEmpty();
    }

    @Test
    void anArt8RequestIsGivenEffectAsAnOrderToTheProviderWithoutTheSupportingInformation() throws Exception {
        Envelope received = DomesticOrder.envelope(corpus("PROTOCOL_ART8_GIVE_EFFECT"));
        java.time.Instant decided = java.time.Instant.parse("2026-11-25T10:15:30.123Z");
        byte[] order = DomesticOrder.readdress(received, "ie-platform", "CASE-01JDZZZZZZZZZZZZZZZZZZZZZZ", decided).orElseThrow();
        JsonNode n = JSON.readTree(order);
        assertThat(n.get("type").asText()).isEqualTo("PROTOCOL_ART7_SUBSCRIBER_ORDER");
        assertThat(n.at("/order/serviceProviders/0/platformId").asText()).isEqualTo("ie-platform");
        assertThat(n.at("/order/issuingAuthority/name").asText()).startsWith("Tribunal judiciaire de Paris");
        // Art. 8(6): traffic data are sought, so the provider returns within 45 days of the decision
        assertThat(n.at("/disclosure/respondBy").asText()).isEqualTo("2027-01-09T10:15:30Z");
        assertThat(n.get("otherInformation").asText()).contains("CASE-01JDZZZZZZZZZZZZZZZZZZZZZZ").contains("Art. 8");
        for (String supporting : new String[] {"summaryOfFacts", "reasonProviderHoldsData", "relevanceOfData", "otherMeansTried", "earlierPreservation",
                "contact"}) {
            assertThat(n.has(supporting)).as("supporting information stays with the requested Party: " + supporting).isFalse();
        }
        assertThat(new String(order, java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("The account is an account of Demo Platform");
        DecodeResult decoded = new JsonCodec().decodeRequest(order);
        assertThat(decoded).as(decoded.toString()).isInstanceOf(DecodeResult.Valid.class);
        assertThat(((DecodeResult.Valid) decoded).request().platformId()).isEqualTo("ie-platform");
        assertThat(DomesticOrder.readdress(received, "ie-platform", "CASE-01JDZZZZZZZZZZZZZZZZZZZZZZ", decided).orElseThrow())
                .as("a resumed ACCEPT makes the same order").isEqualTo(order);
    }

    @Test
    void everyRequestTypeThatNamesAPlatformIsRoutable() {
        for (MessageType t : MessageType.values()) {
            // a platform's own emergency disclosure (ADR-0031) comes from the platform: never a domestic order to it
            if (t.isLifecycle() || t == MessageType.BUDAPEST_ART35_ASSISTANCE || t == MessageType.UNCC_ART41_ASSISTANCE
                    || t == MessageType.PLATFORM_EMERGENCY_DISCLOSURE) {
                continue;
            }
            assertThat(DomesticOrder.routable(t.name())).as(t.name()).isTrue();
        }
        assertThat(Optional.ofNullable(DomesticOrder.PLATFORM_PATH.get(MessageType.ACKNOWLEDGEMENT))).isEmpty();
    }
}
