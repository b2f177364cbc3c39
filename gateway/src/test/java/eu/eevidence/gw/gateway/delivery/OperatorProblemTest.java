package eu.eevidence.gw.gateway.delivery;

import eu.eevidence.gw.adapter.api.DeliveryOutcome;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OperatorProblemTest {

    @Test
    void refusalsBeforeSendingAndAuthenticationFailuresAreTheNodesProblem() {
        assertThat(DeliveryService.isOperatorProblem(new DeliveryOutcome.Rejected("EEG-ID-ACCOUNT_ID", "handle given, id required", 0))).isTrue();
        assertThat(DeliveryService.isOperatorProblem(new DeliveryOutcome.Rejected("EEG-AUTH-UNAUTHORIZED", "fresh token refused", 401))).isTrue();
        assertThat(DeliveryService.isOperatorProblem(new DeliveryOutcome.Rejected("EEG-AUTH-TOKEN-REFUSED", "bad client secret", 400))).isTrue();
        assertThat(DeliveryService.isOperatorProblem(new DeliveryOutcome.Rejected("EEG-DLV-REJECTED", "the portal refused the request (401)", 401))).isTrue();
    }

    @Test
    void aRefusalByThePortalIsThePlatformsDecision() {
        assertThat(DeliveryService.isOperatorProblem(new DeliveryOutcome.Rejected("EEG-DLV-REJECTED", "the portal refused the request (400)", 400))).isFalse();
        assertThat(DeliveryService.isOperatorProblem(new DeliveryOutcome.Rejected("EEG-DLV-REJECTED", "the portal refused the request (403)", 403))).isFalse();
        assertThat(DeliveryService.isOperatorProblem(new DeliveryOutcome.Rejected("EEG-DLV-REDIRECT", "redirect", 302))).isFalse();
    }
}
