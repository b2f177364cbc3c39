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

    @ParameterizedTest
    @EnumSource(value = MessageType.class, names = {"BUDAPEST_ART35_ASSISTANCE", "PROTOCOL_ART8_GIVE_EFFECT"})
    void typesAddressedToAStateHaveNoDomesticRoute(MessageType t) {
        assertThat(DomesticOrder.routable(t.name())).isFalse();
        assertThat(DomesticOrder.routable("NOT_A_TYPE")).isFalse();
    }

    @Test
    void everyRequestTypeThatNamesAPlatformIsRoutable() {
        for (MessageType t : MessageType.values()) {
            if (t.isLifecycle() || t == MessageType.BUDAPEST_ART35_ASSISTANCE || t == MessageType.PROTOCOL_ART8_GIVE_EFFECT) {
                continue;
            }
            assertThat(DomesticOrder.routable(t.name())).as(t.name()).isTrue();
        }
        assertThat(Optional.ofNullable(DomesticOrder.PLATFORM_PATH.get(MessageType.ACKNOWLEDGEMENT))).isEmpty();
    }
}
