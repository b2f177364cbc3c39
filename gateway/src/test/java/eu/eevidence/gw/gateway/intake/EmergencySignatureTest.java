package eu.eevidence.gw.gateway.intake;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** ADR-0031: a deployment may require the requester's own signature on emergency requests. */
class EmergencySignatureTest {

    private static final SignedSubmissionPolicy REQUIRED = new SignedSubmissionPolicy(Duration.ofHours(24), Duration.ofMinutes(5), null, true);

    @Test
    void anUnsignedEmergencyIsRefusedWithACodeThatSaysSo() {
        Optional<IntakeResult.Refused> refused = REQUIRED.emergencySignature(true, false);
        assertThat(refused).isPresent();
        assertThat(refused.get().status()).isEqualTo(403);
        assertThat(refused.get().code()).isEqualTo("EEG-REQ-EMERGENCY-UNSIGNED");
        assertThat(refused.get().detail()).contains("requires the requester's own signature on emergency requests");
    }

    @Test
    void aSignedEmergencyAndAnUnsignedOrdinaryRequestPass() {
        assertThat(REQUIRED.emergencySignature(true, true)).isEmpty();
        assertThat(REQUIRED.emergencySignature(false, false)).isEmpty();
    }

    @Test
    void offByDefault() {
        assertThat(SignedSubmissionPolicy.defaults().emergenciesSigned()).isFalse();
        assertThat(SignedSubmissionPolicy.defaults().emergencySignature(true, false)).isEmpty();
    }
}
