package eu.eevidence.gw.gateway.intake;

import eu.eevidence.gw.gateway.delivery.Lane;
import eu.eevidence.gw.schema.ContactPointAssistanceRequest;
import eu.eevidence.gw.schema.EvidenceRequest;
import eu.eevidence.gw.schema.catalogue.MessageCatalogue;
import eu.eevidence.gw.schema.codec.Decoded;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ETS 185 Art. 35 with a threat to life (ADR-0031 amendment): the catalogue's {@code threatToLife} makes the request an
 * emergency, so intake puts it on the emergency lane ({@code Lane.of(flags contain emergency)}, as IntakeService does)
 * and a deployment that requires signed emergencies refuses it unsigned.
 */
class RequestFlagsTest {

    private static final SignedSubmissionPolicy SIGNED = new SignedSubmissionPolicy(Duration.ofHours(24), Duration.ofMinutes(5), null, true);

    @Test
    void anArt35WithoutThreatToLifeStaysOrdinary() {
        for (String field : new String[] {"", ", \"threatToLife\": false"}) {
            EvidenceRequest request = art35(field);
            assertThat(RequestFlags.of(request)).doesNotContain(RequestFlags.EMERGENCY);
            assertThat(lane(request)).isEqualTo(Lane.ORDINARY);
            assertThat(SIGNED.emergencySignature(RequestFlags.of(request).contains(RequestFlags.EMERGENCY), false)).isEmpty();
        }
    }

    @Test
    void anArt35WithThreatToLifeIsAnEmergencyOnTheEmergencyLaneAndMustBeSigned() {
        EvidenceRequest request = art35(", \"threatToLife\": true");
        assertThat(((ContactPointAssistanceRequest) request).threatToLife()).isTrue();
        assertThat(RequestFlags.of(request)).contains(RequestFlags.EMERGENCY);
        assertThat(lane(request)).isEqualTo(Lane.EMERGENCY);
        assertThat(SIGNED.emergencySignature(true, false)).hasValueSatisfying(r -> assertThat(r.code()).isEqualTo("EEG-REQ-EMERGENCY-UNSIGNED"));
    }

    private static Lane lane(EvidenceRequest request) {
        return Lane.of(RequestFlags.of(request).contains(RequestFlags.EMERGENCY));
    }

    private static EvidenceRequest art35(String extra) {
        String json = """
                {"messageId": "msg-art35-flags-1", "version": "1.0",
                 "sender": {"kind": "CONTACT_POINT_24_7", "id": "fr-ofac-247", "country": "FR", "name": "OFAC 24/7"},
                 "receiver": {"kind": "CONTACT_POINT_24_7", "id": "ie-gncb-247", "country": "IE", "name": "GNCB 24/7"},
                 "createdAt": "2026-11-24T03:12:45+01:00",
                 "body": {"type": "BUDAPEST_ART35_ASSISTANCE",
                   "requestingAuthority": {"name": "OFAC 24/7", "country": "FR", "contactEmail": "cp247@interieur.example.fr"},
                   "requestedParty": "IE", "assistance": ["LOCATING_SUSPECTS"],
                   "description": "Locate the account holder who announced a suicide live"%s}}
                """.formatted(extra);
        Decoded decoded = new MessageCatalogue().decodeJson(json.getBytes(StandardCharsets.UTF_8));
        assertThat(decoded).as(decoded.toString()).isInstanceOf(Decoded.Valid.class);
        return (EvidenceRequest) ((Decoded.Valid) decoded).envelope().body();
    }
}
