package eu.eevidence.gw.gateway.delivery;

import eu.eevidence.gw.adapter.api.DeliveryOutcome.Acknowledgement;
import eu.eevidence.gw.gateway.order.Lifecycle;
import org.junit.jupiter.api.Test;

import static eu.eevidence.gw.gateway.order.RequestState.ACKNOWLEDGED;
import static eu.eevidence.gw.gateway.order.RequestState.DELIVERED;
import static eu.eevidence.gw.gateway.order.RequestState.PRESERVED;
import static org.assertj.core.api.Assertions.assertThat;

class ReceiptStatesTest {

    @Test
    void onlyFamiliesThatPreserveGoToPreserved() {
        assertThat(ReceiptStates.after(Lifecycle.PRESERVATION, Acknowledgement.PRESERVED)).containsExactly(DELIVERED, ACKNOWLEDGED, PRESERVED);
        assertThat(ReceiptStates.after(Lifecycle.REMOVAL, Acknowledgement.PRESERVED)).containsExactly(DELIVERED, ACKNOWLEDGED, PRESERVED);
    }

    @Test
    void aPreservedReceiptForAnyOtherFamilyIsAnAcknowledgement() {
        for (Lifecycle l : new Lifecycle[] {Lifecycle.PRODUCTION, Lifecycle.EMERGENCY, Lifecycle.MUTUAL_ASSISTANCE}) {
            assertThat(ReceiptStates.after(l, Acknowledgement.PRESERVED)).containsExactly(DELIVERED, ACKNOWLEDGED);
        }
    }

    @Test
    void aPlainReceiptDeliversWhateverTheFamily() {
        for (Lifecycle l : Lifecycle.values()) {
            assertThat(ReceiptStates.after(l, Acknowledgement.RECEIVED)).containsExactly(DELIVERED);
        }
    }
}
