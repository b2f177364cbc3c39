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
    void only_families_that_preserve_go_to_preserved() {
        assertThat(ReceiptStates.after(Lifecycle.PRESERVATION, Acknowledgement.PRESERVED)).containsExactly(DELIVERED, ACKNOWLEDGED, PRESERVED);
        assertThat(ReceiptStates.after(Lifecycle.REMOVAL, Acknowledgement.PRESERVED)).containsExactly(DELIVERED, ACKNOWLEDGED, PRESERVED);
    }

    @Test
    void a_preserved_receipt_for_any_other_family_is_an_acknowledgement() {
        for (Lifecycle l : new Lifecycle[] {Lifecycle.PRODUCTION, Lifecycle.EMERGENCY, Lifecycle.MUTUAL_ASSISTANCE}) {
            assertThat(ReceiptStates.after(l, Acknowledgement.PRESERVED)).containsExactly(DELIVERED, ACKNOWLEDGED);
        }
    }

    @Test
    void a_plain_receipt_delivers_whatever_the_family() {
        for (Lifecycle l : Lifecycle.values()) {
            assertThat(ReceiptStates.after(l, Acknowledgement.RECEIVED)).containsExactly(DELIVERED);
        }
    }
}
