package eu.eevidence.gw.gateway.delivery;

import eu.eevidence.gw.adapter.api.DeliveryOutcome;
import eu.eevidence.gw.gateway.order.Lifecycle;
import eu.eevidence.gw.gateway.order.RequestState;

import java.util.List;

/**
 * Where a valid receipt takes a request: always DELIVERED; when the receipt says the data are preserved, on to
 * ACKNOWLEDGED and PRESERVED, but PRESERVED only for a family that preserves (its lifecycle reaches PRESERVED from
 * ACKNOWLEDGED: preservation, removal). A portal that says "preserved" for a production has received and
 * acknowledged it, nothing more: that request stops at ACKNOWLEDGED.
 */
public final class ReceiptStates {

    private ReceiptStates() {
    }

    /** The states the request passes through, in order (the last is where it ends). */
    public static List<RequestState> after(Lifecycle lifecycle, DeliveryOutcome.Acknowledgement acknowledgement) {
        if (acknowledgement != DeliveryOutcome.Acknowledgement.PRESERVED) {
            return List.of(RequestState.DELIVERED);
        }
        if (lifecycle.canMove(RequestState.ACKNOWLEDGED, RequestState.PRESERVED)) {
            return List.of(RequestState.DELIVERED, RequestState.ACKNOWLEDGED, RequestState.PRESERVED);
        }
        return List.of(RequestState.DELIVERED, RequestState.ACKNOWLEDGED);
    }
}
