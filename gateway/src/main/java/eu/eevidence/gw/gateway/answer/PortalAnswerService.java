package eu.eevidence.gw.gateway.answer;

import eu.eevidence.gw.gateway.infra.Tx;
import eu.eevidence.gw.adapter.api.PortalAnswer;
import eu.eevidence.gw.adapter.api.PortalHttp;
import eu.eevidence.gw.custody.entry.CustodyEventType;
import eu.eevidence.gw.gateway.custody.CustodyEvent;
import eu.eevidence.gw.gateway.custody.CustodyRecorder;
import eu.eevidence.gw.gateway.deadline.PreservationDeadline;
import eu.eevidence.gw.gateway.order.Digests;
import eu.eevidence.gw.gateway.order.EventCode;
import eu.eevidence.gw.gateway.order.LifecycleListener;
import eu.eevidence.gw.gateway.order.RequestRecord;
import eu.eevidence.gw.gateway.order.RequestRepository;
import eu.eevidence.gw.gateway.order.RequestState;
import eu.eevidence.gw.gateway.order.TimelineEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Answers that a platform gives through its own channel (an adapter's {@link PortalAnswer}, pushed to the node or
 * polled), applied like the answers of the platform API ({@link AnswerService}): in one transaction the answer is
 * stored, the lifecycle and the deadlines move, and every step is a timeline and a custody event.
 *
 * <ul>
 *   <li>Stored once per (platform, answer id): a resent or re-polled answer is recognised and changes nothing.</li>
 *   <li>The answer must name a request of <em>this</em> platform: by {@code requestId}, or by {@code reference} (the receipt
 *       id of the delivery, e.g. the HI-1 authorisation object id). Otherwise it is not stored and changes nothing
 *       ({@code EEG-CHN-UNKNOWN-REFERENCE}).</li>
 *   <li>An answer the lifecycle cannot follow (a late acknowledgement, anything after a terminal state) is stored as
 *       evidence with a timeline event, without moving the state.</li>
 *   <li>Data deliveries: each item is recorded once per request by SHA-256 (a custody entry per new item); the request
 *       completes once the part marked last and every part below it are stored, whatever the arrival order.</li>
 * </ul>
 */
public final class PortalAnswerService {

    private static final Logger LOG = LoggerFactory.getLogger(PortalAnswerService.class);

    private final RequestRepository requests;
    private final LifecycleListener lifecycle;
    private final CustodyRecorder custody;
    private final Clock clock;

    public PortalAnswerService(RequestRepository requests, LifecycleListener lifecycle, CustodyRecorder custody, Clock clock) {
        this(requests, lifecycle, custody, clock, null);
    }

    /** Data deliveries are handed to {@code evidenceIntake} after their answer committed (null: recorded by hash only). */
    public PortalAnswerService(RequestRepository requests, LifecycleListener lifecycle, CustodyRecorder custody, Clock clock,
                               EvidenceIntake evidenceIntake) {
        this.evidenceIntake = evidenceIntake;
        this.requests = requests;
        this.lifecycle = lifecycle;
        this.custody = custody;
        this.clock = clock;
    }

    /** What one answer came to. */
    public sealed interface Result {
        /** Stored now ({@code duplicate} false) or already stored before ({@code duplicate} true). */
        record Stored(String requestId, RequestState state, String outcome, boolean duplicate) implements Result {
        }

        /** Names no request of the platform: nothing stored, nothing changed. */
        record Unmatched(String code, String reason) implements Result {
        }
    }

    /** Where the bytes of a data delivery go once its answer is stored (the evidence store: inline items, downloads). */
    @FunctionalInterface
    public interface EvidenceIntake {
        void accept(String requestId, String platformId, PortalAnswer.DataDelivery delivery) throws Exception;
    }

    private final EvidenceIntake evidenceIntake;

    /** Applies one answer of {@code platformId} received through {@code channel} ({@code PUSH} or {@code POLL}). */
    public Result apply(String platformId, PortalAnswer answer, String channel) {
        Optional<String> found = requests.database().read(c -> store().findRequest(c, platformId, answer));
        if (found.isEmpty()) {
            LOG.warn(AnswerError.CHN_UNKNOWN_REFERENCE.code() + " platform {} sent answer {} naming no request of that platform (reference {}, request {})",
                    platformId,
                    PortalHttp.sanitize(answer.answerId()), PortalHttp.sanitize(String.valueOf(answer.reference())),
                    PortalHttp.sanitize(String.valueOf(answer.requestId())));
            return new Result.Unmatched(AnswerError.CHN_UNKNOWN_REFERENCE.code(), "the answer names no request of this platform");
        }
        String requestId = found.get();
        String rawSha = Digests.sha256(answer.raw());
        Instant now = clock.instant();
        String answerId = PortalHttp.sanitize(answer.answerId());
        Result result = requests.database().inTx(c -> {
            RequestRecord r = requests.find(c, requestId, true).orElseThrow();
            Optional<String> earlier = store().storedOutcome(c, platformId, answer.answerId());
            if (earlier.isPresent()) {
                return new Result.Stored(requestId, r.state(), earlier.get(), true);
            }
            Effect effect = effect(c, r, answer);
            RequestState from = r.state();
            RequestState to = from;
            String outcome = effect.outcome();
            if (effect.target() != null && effect.target() != from) {
                if (r.lifecycle().canMove(from, effect.target())) {
                    to = effect.target();
                } else {
                    outcome = outcome + " (stored; state stays " + from + ")";
                }
            }
            Instant occurred = answer.occurredAt();
            store().insertPortalAnswer(c, platformId, answer, requestId, channel, rawSha, now, outcome);
            if (to != from) {
                requests.setState(c, requestId, to, now);
            }
            String actor = "platform:" + platformId;
            requests.appendEvent(c, requestId, new TimelineEvent(0, effect.event(), from, to, occurred, now, actor,
                    kind(answer) + " " + answerId + " (" + channel + "): " + outcome));
            Instant notBefore = null;
            if (answer instanceof PortalAnswer.PreservationConfirmed pc && to == RequestState.PRESERVED) {
                int days = requests.preservationDays(c, requestId).orElse(PreservationDeadline.LEGAL_MINIMUM_DAYS);
                notBefore = PreservationDeadline.end(r.messageType(), occurred, days, pc.until());
                store().setPreservation(c, requestId, occurred, notBefore);
            }
            if (answer instanceof PortalAnswer.DataDelivery dd) {
                for (PortalAnswer.ManifestItem item : dd.items()) {
                    if (store().insertItem(c, requestId, item, answer.answerId())) {
                        custody.stage(c, new CustodyEvent(CustodyEventType.EVIDENCE_RECEIVED, requestId, occurred, actor, null, from, to, item.sha256(),
                                "item " + PortalHttp.sanitize(item.itemId()) + " of answer " + answerId + " part " + dd.part()));
                    }
                }
            } else {
                custody.stage(c, new CustodyEvent(effect.custody(), requestId, occurred, actor, null, from, to, rawSha,
                        kind(answer) + " " + answerId + ": " + outcome));
            }
            if (to != from && effect.deadlineEvent() != null) {
                lifecycle.onEvent(c, requests.find(c, requestId, true).orElseThrow(), effect.deadlineEvent(), occurred, notBefore);
            }
            return new Result.Stored(requestId, to, outcome, false);
        });
        custody.committed();
        EvidenceIntake intake = evidenceIntake;
        if (intake != null && answer instanceof PortalAnswer.DataDelivery dd && result instanceof Result.Stored st && !st.duplicate()) {
            try {
                intake.accept(requestId, platformId, dd); // streamed, hashed, checked, stored encrypted; one custody entry per stored item
            } catch (Exception e) {
                // the answer and its item hashes are recorded; the bytes can be fetched again from the portal
                LOG.error(AnswerError.CHN_EVIDENCE_FAILED.code() + " request {} data delivery {} from {}: items not stored ({})", requestId, answerId,
                        platformId,
                        e.getClass().getSimpleName());
            }
        }
        if (result instanceof Result.Stored s && !s.duplicate()) {
            LOG.info(AnswerError.CHN_APPLIED.code() + " request {} {} {} from {} via {}: {}", requestId, kind(answer), answerId, platformId, channel,
                    s.outcome());
        }
        return result;
    }

    /** What an answer does: timeline event, target state (null: none), deadline event, custody type, words. */
    record Effect(EventCode event, RequestState target, String deadlineEvent, CustodyEventType custody, String outcome) {
    }

    private static Effect effect(Tx c, RequestRecord r, PortalAnswer a) {
        if (a instanceof PortalAnswer.Acknowledged) {
            return new Effect(EventCode.ACKNOWLEDGED, RequestState.ACKNOWLEDGED, "ACKNOWLEDGED", CustodyEventType.ACKNOWLEDGED, "acknowledged");
        }
        if (a instanceof PortalAnswer.ClarificationRequested q) {
            return new Effect(EventCode.CLARIFICATION_REQUESTED, RequestState.CLARIFICATION_REQUESTED, "CLARIFICATION_REQUESTED",
                    CustodyEventType.CLARIFICATION, "clarification requested: " + PortalHttp.sanitize(q.question()));
        }
        if (a instanceof PortalAnswer.Refused f) {
            return new Effect(EventCode.REFUSED, RequestState.REFUSED, "REFUSED", CustodyEventType.REQUEST_REFUSED,
                    "Form 3: " + f.reason().name() + (f.text() == null || f.text().isBlank() ? "" : " " + PortalHttp.sanitize(f.text())));
        }
        if (a instanceof PortalAnswer.PreservationConfirmed p) {
            return new Effect(EventCode.PRESERVED, RequestState.PRESERVED, "PRESERVED", CustodyEventType.PRESERVATION_CONFIRMED,
                    p.until() == null ? "preserved (no end stated)" : "preserved until " + p.until());
        }
        if (a instanceof PortalAnswer.DataDelivery d) {
            boolean complete = AnswerStore.complete(c, r.id(), d);
            if (r.state() == RequestState.COMPLETED) {
                return new Effect(EventCode.ANSWER_RECEIVED, null, null, CustodyEventType.EVIDENCE_RECEIVED,
                        "data part " + d.part() + " after completion");
            }
            return new Effect(complete ? EventCode.COMPLETED : EventCode.PARTIALLY_EXECUTED,
                    complete ? RequestState.COMPLETED : RequestState.PARTIALLY_EXECUTED, complete ? "COMPLETED" : "PARTIALLY_EXECUTED",
                    CustodyEventType.EVIDENCE_RECEIVED, "data part " + d.part() + (d.last() ? " (last)" : "") + ", " + d.items().size() + " item(s)"
                    + (complete ? "; every part received" : ""));
        }
        if (a instanceof PortalAnswer.WithdrawalConfirmed) {
            return new Effect(EventCode.ANSWER_RECEIVED, null, null, CustodyEventType.WITHDRAWAL, "withdrawal confirmed");
        }
        PortalAnswer.Correspondence m = (PortalAnswer.Correspondence) a;
        return new Effect(EventCode.ANSWER_RECEIVED, null, null, CustodyEventType.CLARIFICATION,
                "correspondence" + (m.subject() == null ? "" : " '" + PortalHttp.sanitize(m.subject()) + "'"));
    }

    static String kind(PortalAnswer a) {
        return a.getClass().getSimpleName();
    }

    static String clip(String s, int max) {
        return s.length() > max ? s.substring(0, max) : s;
    }


    private AnswerStore store() {
        return new AnswerStore(requests.database().dataKeys());
    }
}
