package eu.eevidence.gw.gateway.node;

import eu.eevidence.gw.gateway.delivery.DeliveryModule;
import eu.eevidence.gw.gateway.delivery.Lane;
import eu.eevidence.gw.gateway.delivery.QueuedMessage;
import eu.eevidence.gw.gateway.intake.DeliveryQueue;
import eu.eevidence.gw.gateway.order.Notice;
import eu.eevidence.gw.gateway.order.RequestRepository;

/**
 * The delivery module as intake's queue, with its two lanes (ADR-0031); at start, it queues again what a crash left
 * unqueued.
 */
record LaneQueue(DeliveryModule out) implements DeliveryQueue {
    @Override
    public void enqueue(String destinationId, QueuedMessage message) {
        out.enqueue(destinationId, message, Lane.ORDINARY);
    }

    @Override
    public void enqueue(String destinationId, QueuedMessage message, Lane lane) {
        out.enqueue(destinationId, message, lane);
    }

    /** Requests left in ACCEPTED by a crash between commit and queueing are queued again (the broker drops duplicates). */
    void requeueAccepted(RequestRepository requests) {
        for (String id : requests.awaitingDelivery()) {
            var r = requests.find(id).orElseThrow();
            if (r.deliveryAttempts() == 0) {
                enqueue(r.platformId(), new QueuedMessage.RequestDelivery(id), Lane.of(requests.isEmergency(id)));
            }
        }
        for (Notice n : requests.pendingNotices()) {
            if (n.attempts() == 0) {
                enqueue(requests.find(n.requestId()).orElseThrow().platformId(), new QueuedMessage.NoticeDelivery(n.id()));
            }
        }
    }
}
