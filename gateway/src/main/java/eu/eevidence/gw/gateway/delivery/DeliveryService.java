package eu.eevidence.gw.gateway.delivery;

import eu.eevidence.gw.adapter.api.DeliveryOutcome;
import eu.eevidence.gw.adapter.api.DeliveryRequest;
import eu.eevidence.gw.adapter.api.PlatformAdapter;
import eu.eevidence.gw.gateway.custody.CustodyEvents;
import eu.eevidence.gw.gateway.custody.CustodyRecorder;
import eu.eevidence.gw.gateway.deadline.PreservationDeadline;
import eu.eevidence.gw.gateway.order.EventCode;
import eu.eevidence.gw.gateway.order.LifecycleListener;
import eu.eevidence.gw.gateway.order.Notice;
import eu.eevidence.gw.gateway.order.RequestRecord;
import eu.eevidence.gw.gateway.order.RequestRepository;
import eu.eevidence.gw.gateway.order.RequestState;
import eu.eevidence.gw.gateway.order.TimelineEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * One delivery attempt of one queued request, and what follows from its outcome. Plain class: the Camel
 * route only hands it the request id and turns {@link RetryLaterException} into a broker rollback.
 */
public final class DeliveryService {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryService.class);
    private static final String NODE = "node";

    private final RequestRepository requests;
    private final PlatformDirectory directory;
    private final AdapterRegistry adapters;
    private final Clock clock;
    private final LifecycleListener lifecycle;
    private final CustodyRecorder custody;
    private volatile ManualHandoff manualHandoff;

    public DeliveryService(RequestRepository requests, PlatformDirectory directory, AdapterRegistry adapters, Clock clock) {
        this(requests, directory, adapters, clock, LifecycleListener.NONE, CustodyRecorder.NONE);
    }

    public DeliveryService(RequestRepository requests, PlatformDirectory directory, AdapterRegistry adapters, Clock clock, CustodyRecorder custody) {
        this(requests, directory, adapters, clock, LifecycleListener.NONE, custody);
    }

    public DeliveryService(RequestRepository requests, PlatformDirectory directory, AdapterRegistry adapters, Clock clock,
                           LifecycleListener lifecycle, CustodyRecorder custody) {
        this.custody = custody;
        this.requests = requests;
        this.directory = directory;
        this.adapters = adapters;
        this.clock = clock;
        this.lifecycle = lifecycle;
    }

    /** Platforms of kind {@link ManualHandoff#KIND} are handed to {@code handoff} instead of an adapter. */
    public void setManualHandoff(ManualHandoff handoff) {
        this.manualHandoff = handoff;
    }

    /** Makes one attempt. Returns normally when the request reached a decision; throws {@link RetryLaterException} otherwise. */
    public void deliver(String requestId) throws SQLException {
        if (requestId.startsWith(Notice.QUEUE_PREFIX)) {
            deliverNotice(requestId.substring(Notice.QUEUE_PREFIX.length()));
            return;
        }
        Optional<RequestRecord> found = requests.find(requestId);
        if (found.isEmpty()) {
            LOG.warn("EEG-DLV-ORPHAN queued message for unknown request {} dropped", requestId);
            return;
        }
        RequestRecord record = found.get();
        if (!record.state().awaitsDelivery()) {
            LOG.info("EEG-DLV-DONE request {} already {}; duplicate queue message dropped", requestId, record.state());
            return;
        }
        Optional<Platform> platform = directory.find(record.platformId());
        if (platform.isPresent() && ManualHandoff.KIND.equals(platform.get().adapterKind()) && manualHandoff != null) {
            manualHandoff.prepare(requestId);
            return;
        }
        Optional<PlatformAdapter> adapter = platform.flatMap(p -> adapters.forKind(p.adapterKind()));
        if (platform.isEmpty() || adapter.isEmpty()) {
            finish(requestId, RequestState.FAILED, EventCode.DELIVERY_FAILED, "EEG-DLV-NO-ROUTE",
                    "no platform or adapter configured for " + record.platformId(), clock.instant());
            return;
        }
        byte[] payload = requests.sealedPayload(requestId);
        int attempt = record.deliveryAttempts() + 1;
        DeliveryRequest delivery = new DeliveryRequest(requestId, record.idempotencyKeyForDelivery(), platform.get().destination(),
                record.messageType(), payload, record.sealedSha256(), attempt);
        DeliveryOutcome outcome = adapter.get().deliver(delivery);
        if (outcome instanceof DeliveryOutcome.Delivered delivered) {
            delivered(requestId, delivered, platform.get().id());
        } else if (outcome instanceof DeliveryOutcome.Rejected rejected) {
            LOG.warn("EEG-DLV-REFUSED request {} refused by {}: {} {}", requestId, platform.get().id(), rejected.httpStatus(), rejected.code());
            finish(requestId, RequestState.REFUSED, EventCode.REFUSED, rejected.code(), rejected.reason(), clock.instant());
        } else if (outcome instanceof DeliveryOutcome.RetryableFailure failure) {
            attemptFailed(requestId, failure);
            LOG.warn("EEG-DLV-RETRY request {} attempt {} to {} failed: {}", requestId, attempt, platform.get().id(), failure.code());
            throw new RetryLaterException(failure.code(), failure.reason());
        }
    }

    /** The broker gave up on the request (retry bound reached): it fails, with a custody-relevant event. */
    public void deadLettered(String requestId) throws SQLException {
        if (requestId.startsWith(Notice.QUEUE_PREFIX)) {
            String noticeId = requestId.substring(Notice.QUEUE_PREFIX.length());
            requests.database().inTransaction(c -> {
                Notice n = requests.findNotice(c, noticeId).orElse(null);
                if (n != null && "PENDING".equals(n.state())) {
                    requests.updateNotice(c, noticeId, "FAILED", null, "EEG-DLV-DEAD-LETTER", clock.instant());
                    requests.find(c, n.requestId(), true);
                    requests.appendEvent(c, n.requestId(), new TimelineEvent(0, EventCode.DELIVERY_FAILED, null, null, clock.instant(), clock.instant(),
                            NODE, "EEG-DLV-DEAD-LETTER: " + n.kind() + " notice could not be delivered"));
                }
                return null;
            });
            LOG.error("EEG-DLV-DEAD-LETTER notice {} failed after the retry bound", noticeId);
            return;
        }
        Optional<RequestRecord> found = requests.find(requestId);
        if (found.isEmpty() || !found.get().state().awaitsDelivery()) {
            return;
        }
        LOG.error("EEG-DLV-DEAD-LETTER request {} to {} failed after {} attempts", requestId, found.get().platformId(), found.get().deliveryAttempts());
        finish(requestId, RequestState.FAILED, EventCode.DELIVERY_FAILED, "EEG-DLV-DEAD-LETTER",
                "delivery gave up after " + found.get().deliveryAttempts() + " attempts", clock.instant());
    }

    /** One attempt to hand a follow-up notice (e.g. a withdrawal) to the request's addressee. */
    private void deliverNotice(String noticeId) throws SQLException {
        Notice n = requests.database().read(c -> requests.findNotice(c, noticeId)).orElse(null);
        if (n == null || !"PENDING".equals(n.state())) {
            LOG.info("EEG-DLV-DONE notice {} already handled; duplicate queue message dropped", noticeId);
            return;
        }
        RequestRecord r = requests.find(n.requestId()).orElseThrow();
        Optional<Platform> platform = directory.find(r.platformId());
        Optional<PlatformAdapter> adapter = platform.flatMap(p -> adapters.forKind(p.adapterKind()));
        if (platform.isEmpty() || adapter.isEmpty()) {
            noticeOutcome(n, "FAILED", null, "EEG-DLV-NO-ROUTE", null);
            return;
        }
        DeliveryOutcome outcome = adapter.get().deliver(new DeliveryRequest(r.id(), n.id(), platform.get().destination(),
                n.kind(), n.payload(), n.payloadSha256(), n.attempts() + 1));
        if (outcome instanceof DeliveryOutcome.Delivered d) {
            noticeOutcome(n, "SENT", d.receiptId(), null, EventCode.DELIVERED);
            LOG.info("EEG-DLV-NOTICE-OK {} notice of request {} delivered (receipt {})", n.kind(), r.id(), d.receiptId());
        } else if (outcome instanceof DeliveryOutcome.Rejected rej) {
            noticeOutcome(n, "FAILED", null, rej.code() + ": " + rej.reason(), EventCode.DELIVERY_FAILED);
        } else if (outcome instanceof DeliveryOutcome.RetryableFailure f) {
            noticeOutcome(n, "PENDING", null, f.code() + ": " + f.reason(), null);
            throw new RetryLaterException(f.code(), f.reason());
        }
    }

    private void noticeOutcome(Notice n, String state, String receiptId, String error, EventCode event) throws SQLException {
        Instant now = clock.instant();
        requests.database().inTransaction(c -> {
            requests.updateNotice(c, n.id(), state, receiptId, error, now);
            if (event != null) {
                requests.find(c, n.requestId(), true);
                requests.appendEvent(c, n.requestId(), new TimelineEvent(0, event, null, null, now, now, NODE,
                        n.kind() + " notice " + (receiptId != null ? "delivered, receipt " + receiptId : "failed: " + error)));
            }
            return null;
        });
    }

    private void delivered(String requestId, DeliveryOutcome.Delivered d, String platformId) throws SQLException {
        Instant now = clock.instant();
        requests.database().inTransaction(c -> {
            RequestRecord r = requests.find(c, requestId, true).orElseThrow();
            if (!r.state().awaitsDelivery()) {
                return null; // a concurrent consumer got there first
            }
            RequestState from = r.state();
            RequestState state = r.lifecycle().move(from, RequestState.DELIVERED);
            String actor = "platform:" + platformId;
            requests.appendEvent(c, requestId, new TimelineEvent(0, EventCode.DELIVERED, from, state, d.receivedAt(), now, actor,
                    "receipt " + d.receiptId()));
            Instant start = null;
            Instant end = null;
            if (d.acknowledgement() == DeliveryOutcome.Acknowledgement.PRESERVED
                    && !r.lifecycle().canMove(RequestState.ACKNOWLEDGED, RequestState.PRESERVED)) {
                // a portal that says "preserved" for a request that is not a preservation: it was received and acknowledged
                RequestState acked = r.lifecycle().move(state, RequestState.ACKNOWLEDGED);
                requests.appendEvent(c, requestId, new TimelineEvent(0, EventCode.ACKNOWLEDGED, state, acked, d.receivedAt(), now, actor, null));
                state = acked;
            } else if (d.acknowledgement() == DeliveryOutcome.Acknowledgement.PRESERVED) {
                RequestState acked = r.lifecycle().move(state, RequestState.ACKNOWLEDGED);
                requests.appendEvent(c, requestId, new TimelineEvent(0, EventCode.ACKNOWLEDGED, state, acked, d.receivedAt(), now, actor, null));
                state = r.lifecycle().move(acked, RequestState.PRESERVED);
                start = d.receivedAt();
                int days = requests.preservationDays(c, requestId).orElse(PreservationDeadline.LEGAL_MINIMUM_DAYS);
                end = PreservationDeadline.end(start, days, d.preservedUntil());
                requests.appendEvent(c, requestId, new TimelineEvent(0, EventCode.PRESERVED, acked, state, d.receivedAt(), now, actor,
                        "preserved until " + end));
            }
            requests.update(c, new RequestRecord(r.id(), r.messageType(), r.platformId(), r.requestedParty(), state, r.ownerFingerprint(),
                    r.idempotencyKey(), r.bodySha256(), r.sealedSha256(), r.receivedAt(), now, r.deliveryAttempts() + 1, d.receiptId(),
                    start, end, r.nextDeadlineAt(), r.nextDeadlineKind(), null, null, r.version()), d.receiptBody());
            CustodyEvents.delivered(custody, c, requestId, platformId, from, d.receivedAt(), r.sealedSha256(),
                    d.receiptBody() == null ? null : eu.eevidence.gw.gateway.intake.IntakeService.sha256(d.receiptBody()),
                    state == RequestState.PRESERVED, d.receiptId());
            if (state == RequestState.ACKNOWLEDGED) {
                CustodyEvents.acknowledged(custody, c, requestId, platformId, d.receivedAt(),
                        d.receiptBody() == null ? null : eu.eevidence.gw.gateway.intake.IntakeService.sha256(d.receiptBody()));
            }
            RequestRecord updated = requests.find(c, requestId, true).orElseThrow();
            lifecycle.onEvent(c, updated, "DELIVERED", d.receivedAt(), null);
            if (state == RequestState.PRESERVED) {
                lifecycle.onEvent(c, requests.find(c, requestId, true).orElseThrow(), "PRESERVED", d.receivedAt(), end);
            }
            return null;
        });
        custody.committed();
        LOG.info("EEG-DLV-OK request {} delivered to {} (receipt {}, {})", requestId, platformId, d.receiptId(), d.acknowledgement());
    }

    private void attemptFailed(String requestId, DeliveryOutcome.RetryableFailure f) throws SQLException {
        Instant now = clock.instant();
        requests.database().inTransaction(c -> {
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

    private void finish(String requestId, RequestState target, EventCode event, String code, String reason, Instant now) throws SQLException {
        requests.database().inTransaction(c -> {
            RequestRecord r = requests.find(c, requestId, true).orElseThrow();
            if (r.state() == target || r.state().isTerminal()) {
                return null;
            }
            RequestState to = r.lifecycle().move(r.state(), target);
            requests.appendEvent(c, requestId, new TimelineEvent(0, event, r.state(), to, now, now, NODE, code + ": " + reason));
            int attempts = event == EventCode.REFUSED ? r.deliveryAttempts() + 1 : r.deliveryAttempts();
            requests.update(c, withState(r, to, now, attempts, code, reason), null);
            CustodyEvents.ended(custody, c, requestId, event == EventCode.REFUSED, r.state(), to, now, code + ": " + reason);
            lifecycle.onEvent(c, requests.find(c, requestId, true).orElseThrow(), to.name(), now, null);
            return null;
        });
        custody.committed();
    }

    private static RequestRecord withState(RequestRecord r, RequestState state, Instant now, int attempts, String code, String reason) {
        return new RequestRecord(r.id(), r.messageType(), r.platformId(), r.requestedParty(), state, r.ownerFingerprint(), r.idempotencyKey(),
                r.bodySha256(), r.sealedSha256(), r.receivedAt(), now, attempts, r.receiptId(), r.preservationStart(), r.preservationEnd(),
                r.nextDeadlineAt(), r.nextDeadlineKind(), code, reason, r.version());
    }
}
