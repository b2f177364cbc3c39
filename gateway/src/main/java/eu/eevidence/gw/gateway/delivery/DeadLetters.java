package eu.eevidence.gw.gateway.delivery;

import eu.eevidence.gw.gateway.order.RequestRecord;
import eu.eevidence.gw.gateway.order.RequestRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.Optional;

/** What follows when a message reached the dead-letter queue. Split out of {@link DeliveryService} (issue 15 item 5). */
final class DeadLetters {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryService.class); // same logger as before the split
    private final RequestRepository requests;
    private final RequestOutcomes outcomes;
    private final NoticeOutcomes notices;
    private final java.util.function.Supplier<QueuedMessageHandler> networkSends;

    DeadLetters(RequestRepository requests, RequestOutcomes outcomes, NoticeOutcomes notices,
                java.util.function.Supplier<QueuedMessageHandler> networkSends) {
        this.requests = requests;
        this.outcomes = outcomes;
        this.notices = notices;
        this.networkSends = networkSends;
    }

    /**
     * A message reached the dead-letter queue (the broker gave up after repeated rollbacks, or it was unreadable): a
     * request or notice fails, with a custody-relevant event; an outbox entry is ended by its handler.
     */
    void deadLettered(QueuedMessage message) {
        message.accept(new QueuedMessage.Visitor<Void, RuntimeException>() {
            @Override
            public Void request(QueuedMessage.RequestDelivery m) {
                String requestId = m.requestId();
                Optional<RequestRecord> found = requests.find(requestId);
                if (found.isPresent() && found.get().state().awaitsDelivery()) {
                    outcomes.giveUp(requestId, found.get().platformId(), "delivery gave up after " + found.get().deliveryAttempts() + " attempts");
                }
                return null;
            }

            @Override
            public Void notice(QueuedMessage.NoticeDelivery m) {
                notices.givenUp(m.noticeId(), "could not be delivered");
                return null;
            }

            @Override
            public Void network(QueuedMessage.NetworkSend m) {
                QueuedMessageHandler handler = networkSends.get();
                if (handler != null) {
                    handler.deadLettered(m.outboxId());
                } else {
                    LOG.warn(DeliveryError.DLV_ORPHAN.code() + " dead-lettered message for outbox entry {} dropped: this node has no network outbox",
                            m.outboxId());
                }
                return null;
            }

            @Override
            public Void unknown(QueuedMessage.Unknown m) {
                LOG.error(DeliveryError.DLV_UNREADABLE.code() + " dead-lettered message not read ({}): {}; removed from the dead-letter queue", m.reason(),
                        QueuedMessageCodec.printable(m.raw()));
                return null;
            }
        });
    }
}
