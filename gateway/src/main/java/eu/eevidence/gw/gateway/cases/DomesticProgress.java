package eu.eevidence.gw.gateway.cases;

import eu.eevidence.gw.custody.entry.CustodyEventType;
import eu.eevidence.gw.gateway.order.RequestRecord;
import eu.eevidence.gw.schema.ExecutionReport;
import eu.eevidence.gw.schema.PreservationConfirmed;
import eu.eevidence.gw.schema.Refusal;
import eu.eevidence.gw.schema.RequestFamily;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;

/**
 * The domestic order's progress (preserved, executing, completed, refused by the platform, failed, expired) moves its
 * case, and the requester is told: the platform's own answer is relayed when this node holds it.
 */
final class DomesticProgress {

    private static final Logger LOG = LoggerFactory.getLogger(InboundCaseService.class);

    private final CaseAnswers answers;
    private final Clock clock;

    DomesticProgress(CaseAnswers answers, Clock clock) {
        this.answers = answers;
        this.clock = clock;
    }

    /** A lifecycle event of a domestic request: when it is a case's order, the case follows it. */
    void onEvent(CaseTxStore tx, RequestRecord r, Instant at, Instant notBefore) {
        Optional<InboundCase> k = tx.findByDomestic(r.id());
        if (k.isPresent()) {
            sync(tx, k.get(), r, at, notBefore);
        }
    }

    /** Moves the case to where its domestic order stands, and tells the requester (idempotent: state-based). */
    void sync(CaseTxStore tx, InboundCase k, RequestRecord r, Instant at, Instant notBefore) {
        CaseState target = switch (r.state()) {
            case PRESERVED -> CaseState.PRESERVED;
            case EXECUTING, PARTIALLY_EXECUTED -> CaseState.EXECUTING;
            case COMPLETED -> CaseState.COMPLETED;
            case REFUSED -> CaseState.REFUSED;
            case FAILED -> CaseState.ORDER_FAILED;
            case EXPIRED -> CaseState.EXPIRED;
            default -> null;
        };
        if (target == null || target == k.state() || !k.state().canMove(target)) {
            return;
        }
        Instant now = clock.instant();
        String actor = "platform:" + r.platformId();
        tx.update(k.moved(target, now).build());
        tx.appendEvent(k.id(), new CaseEvent(0, target.name(), k.state(), target, at == null ? now : at, now, actor,
                "domestic request " + r.id() + " is " + r.state()));
        InboundCase moved = tx.find(k.id(), true).orElseThrow();
        switch (target) {
            case PRESERVED:
                preserved(tx, moved, r, at, notBefore, actor, now);
                break;
            case REFUSED: {
                tx.stage(CustodyEventType.REQUEST_REFUSED, k.id(), now, actor, null, null, "refused by platform " + r.platformId());
                Refusal refusal = answers.relayed(tx, r.id(), "REFUSAL", Refusal.class).orElseGet(() -> new Refusal(Refusal.Scope.FULL,
                        Set.of(Refusal.Ground.OTHER), null, "the service provider refused" + (r.failureReason() == null ? "" : ": " + r.failureReason())));
                answers.answer(tx, moved, refusal, now);
                break;
            }
            case COMPLETED: {
                Optional<ExecutionReport> report = answers.relayed(tx, r.id(), "EXECUTION_REPORT", ExecutionReport.class);
                if (report.isPresent()) {
                    answers.answer(tx, moved, report.get(), now);
                } else if (!RequestFamily.PRESERVATION.name().equals(k.family())) {
                    answers.notSent(tx, moved, "EXECUTION_REPORT", "the platform's execution report is not stored on this node", now);
                }
                break;
            }
            case ORDER_FAILED:
                LOG.error(CaseError.CASE_ORDER_FAILED.code() + " case {}: domestic request {} could not be delivered; the contact point must decide", k.id(),
                        r.id());
                break;
            default:
                break;
        }
    }

    private void preserved(CaseTxStore tx, InboundCase moved, RequestRecord r, Instant at, Instant notBefore, String actor, Instant now) {
        Instant from = r.preservationStart() != null ? r.preservationStart() : at;
        Instant until = r.preservationEnd() != null ? r.preservationEnd() : notBefore;
        tx.stage(CustodyEventType.PRESERVATION_CONFIRMED, moved.id(), now, actor, null, null, "preserved by " + r.platformId() + " until " + until);
        if (from != null && until != null) {
            answers.answer(tx, moved, new PreservationConfirmed(OffsetDateTime.ofInstant(from, ZoneOffset.UTC),
                    OffsetDateTime.ofInstant(until, ZoneOffset.UTC), null), now);
        } else {
            answers.notSent(tx, moved, "PRESERVATION_CONFIRMED", "the platform stated no preservation period", now);
        }
    }
}
