package eu.eevidence.gw.gateway.delivery;

import eu.eevidence.gw.adapter.api.DeliveryOutcome;
import eu.eevidence.gw.gateway.alert.Alarm;
import eu.eevidence.gw.gateway.alert.AlarmLog;
import eu.eevidence.gw.gateway.custody.CustodyEvents;
import eu.eevidence.gw.gateway.custody.CustodyRecorder;
import eu.eevidence.gw.gateway.deadline.PreservationDeadline;
import eu.eevidence.gw.gateway.order.Digests;
import eu.eevidence.gw.gateway.order.EventCode;
import eu.eevidence.gw.gateway.order.LifecycleListener;
import eu.eevidence.gw.gateway.order.RequestRecord;
import eu.eevidence.gw.gateway.order.RequestRepository;
import eu.eevidence.gw.gateway.order.RequestState;
import eu.eevidence.gw.gateway.order.TimelineEvent;
import eu.eevidence.gw.gateway.routing.PlatformRoutes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.time.Clock;
import java.time.Instant;

/**
 * What a request's delivery attempt leaves in the database, each in one transaction: delivered (receipt states,
 * preservation end, custody events), a failed attempt, a problem of this node, and the end of delivery (refused or
 * failed, with custody event and alarm). Split out of {@link DeliveryService} (issue 15 item 5), behaviour unchanged.
 */
final class RequestOutcomes {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryService.class); // same logger as before the split
    private static final String NODE = "node";
    private final RequestRepository requests;
    private final PlatformRoutes directory;
    private final Clock clock;
    private final LifecycleListener lifecycle;
    private final CustodyRecorder custody;
    private final AlarmLog alarms;
    private final DeliveryMetrics metrics;

    RequestOutcomes(RequestRepository requests, PlatformRoutes directory, Clock clock, LifecycleListener lifecycle, CustodyRecorder custody,
                    AlarmLog alarms, DeliveryMetrics metrics) {
        this.requests = requests;
        this.directory = directory;
        this.clock = clock;
        this.lifecycle = lifecycle;
        this.custody = custody;
        this.alarms = alarms;
        this.metrics = metrics;
    }

    /** A problem of this node: the request stays pending (DISPATCHED, last error EEG-DLV-OPERATOR); the attempt bound is not used up. */
    void operatorPending(String requestId, String detail, Instant now) {
        requests.database().inTx(c -> {
            RequestRecord r = requests.find(c, requestId, true).orElseThrow();
            if (!r.state().awaitsDelivery()) {
                return null;
            }
            RequestState to = r.state() == RequestState.ACCEPTED ? r.lifecycle().move(r.state(), RequestState.DISPATCHED) : r.state();
            requests.appendEvent(c, requestId, new TimelineEvent(0, EventCode.DELIVERY_ATTEMPT_FAILED, r.state(), to, now, now, NODE,
                    DeliveryError.DLV_OPERATOR.code() + " " + detail));
            requests.update(c, withState(r, to, now, r.deliveryAttempts(), DeliveryError.DLV_OPERATOR.code(), detail), null);
            return null;
        });
    }

    /** The delivery policy's bound is reached: the request fails, with an alert, a counter and a custody event. */
    void giveUp(String requestId, String platformId, String reason) {
        metrics.deadLetters.increment();
        LOG.error(DeliveryError.DLV_DEAD_LETTER.code() + " request {} to {}: {}", requestId, platformId, reason);
        finish(requestId, RequestState.FAILED, EventCode.DELIVERY_FAILED, DeliveryError.DLV_DEAD_LETTER.code(), reason, clock.instant());
    }

    void delivered(String requestId, DeliveryOutcome.Delivered d, String platformId) {
        Instant now = clock.instant();
        requests.database().inTx(c -> {
            RequestRecord r = requests.find(c, requestId, true).orElseThrow();
            if (!r.state().awaitsDelivery()) {
                return null; // a concurrent consumer got there first
            }
            RequestState from = r.state();
            String actor = (directory.find(platformId).map(p -> "gateway-node".equals(p.adapterKind())).orElse(false) ? "node:" : "platform:")
                    + platformId;
            Instant start = null;
            Instant end = null;
            RequestState state = from;
            for (RequestState next : ReceiptStates.after(r.lifecycle(), d.acknowledgement())) {
                RequestState before = state;
                state = r.lifecycle().move(before, next);
                if (next == RequestState.DELIVERED) {
                    requests.appendEvent(c, requestId, new TimelineEvent(0, EventCode.DELIVERED, before, state, d.receivedAt(), now, actor,
                            "receipt " + d.receiptId()));
                } else if (next == RequestState.ACKNOWLEDGED) {
                    requests.appendEvent(c, requestId, new TimelineEvent(0, EventCode.ACKNOWLEDGED, before, state, d.receivedAt(), now, actor, null));
                } else {
                    start = d.receivedAt();
                    int days = requests.preservationDays(c, requestId).orElse(PreservationDeadline.LEGAL_MINIMUM_DAYS);
                    end = PreservationDeadline.end(r.messageType(), start, days, d.preservedUntil());
                    requests.appendEvent(c, requestId, new TimelineEvent(0, EventCode.PRESERVED, before, state, d.receivedAt(), now, actor,
                            "preserved until " + end));
                }
            }
            requests.update(c, new RequestRecord(r.id(), r.messageType(), r.platformId(), r.requestedParty(), state, r.ownerFingerprint(),
                    r.idempotencyKey(), r.bodySha256(), r.sealedSha256(), r.receivedAt(), now, r.deliveryAttempts() + 1, d.receiptId(),
                    start, end, r.nextDeadlineAt(), r.nextDeadlineKind(), null, null, r.version()), d.receiptBody());
            CustodyEvents.delivered(custody, c, requestId, platformId, from, d.receivedAt(), r.sealedSha256(),
                    d.receiptBody() == null ? null : Digests.sha256(d.receiptBody()),
                    state == RequestState.PRESERVED, d.receiptId());
            if (state == RequestState.ACKNOWLEDGED) {
                CustodyEvents.acknowledged(custody, c, requestId, platformId, d.receivedAt(),
                        d.receiptBody() == null ? null : Digests.sha256(d.receiptBody()));
            }
            RequestRecord updated = requests.find(c, requestId, true).orElseThrow();
            lifecycle.onEvent(c, updated, "DELIVERED", d.receivedAt(), null);
            if (state == RequestState.PRESERVED) {
                lifecycle.onEvent(c, requests.find(c, requestId, true).orElseThrow(), "PRESERVED", d.receivedAt(), end);
            }
            return null;
        });
        custody.committed();
        LOG.info(DeliveryError.DLV_OK.code() + " request {} delivered to {} (receipt {}, {})", requestId, platformId, d.receiptId(), d.acknowledgement());
    }

    void attemptFailed(String requestId, DeliveryOutcome.RetryableFailure f) {
        Instant now = clock.instant();
        requests.database().inTx(c -> {
            RequestRecord r = requests.find(c, requestId, true).orElseThrow();
            if (!r.state().awaitsDelivery()) {
                return null;
            }
            RequestState to = r.state() == RequestState.ACCEPTED ? r.lifecycle().move(r.state(), RequestState.DISPATCHED) : r.state();
            requests.appendEvent(c, requestId, new TimelineEvent(0, EventCode.DELIVERY_ATTEMPT_FAILED, r.state(), to, now, now, NODE,
                    f.code() + ": " + f.reason()));
            requests.update(c, withState(r, to, now, r.deliveryAttempts() + 1, f.code(), f.reason()), null);
            return null;
        });
    }

    void finish(String requestId, RequestState target, EventCode event, String code, String reason, Instant now) {
        requests.database().inTx(c -> {
            RequestRecord r = requests.find(c, requestId, true).orElseThrow();
            if (r.state() == target || r.state().isTerminal()) {
                return null;
            }
            RequestState to = r.lifecycle().move(r.state(), target);
            requests.appendEvent(c, requestId, new TimelineEvent(0, event, r.state(), to, now, now, NODE, code + ": " + reason));
            int attempts = event == EventCode.REFUSED ? r.deliveryAttempts() + 1 : r.deliveryAttempts();
            requests.update(c, withState(r, to, now, attempts, code, reason), null);
            CustodyEvents.ended(custody, c, requestId, event == EventCode.REFUSED, r.state(), to, now, code + ": " + reason);
            if (to == RequestState.FAILED) { // ADR-0030: a request delivery gave up on reaches people
                alarms.raise(c, new Alarm.DeadLetter(new Alarm.Subject(requestId, r.messageType(), r.nextDeadlineAt(), "", r.ownerFingerprint())));
            }
            lifecycle.onEvent(c, requests.find(c, requestId, true).orElseThrow(), to.name(), now, null);
            return null;
        });
        custody.committed();
    }

    static RequestRecord withState(RequestRecord r, RequestState state, Instant now, int attempts, String code, String reason) {
        return new RequestRecord(r.id(), r.messageType(), r.platformId(), r.requestedParty(), state, r.ownerFingerprint(), r.idempotencyKey(),
                r.bodySha256(), r.sealedSha256(), r.receivedAt(), now, attempts, r.receiptId(), r.preservationStart(), r.preservationEnd(),
                r.nextDeadlineAt(), r.nextDeadlineKind(), code, reason, r.version());
    }
}
