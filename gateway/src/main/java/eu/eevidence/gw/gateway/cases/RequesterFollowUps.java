package eu.eevidence.gw.gateway.cases;

import eu.eevidence.gw.custody.entry.CustodyEventType;
import eu.eevidence.gw.gateway.routing.PeerSpec;
import eu.eevidence.gw.gateway.order.Digests;
import eu.eevidence.gw.gateway.order.RequestRecord;
import eu.eevidence.gw.pki.Certificates;
import eu.eevidence.gw.schema.ClarificationAnswer;
import eu.eevidence.gw.schema.Envelope;
import eu.eevidence.gw.schema.LifecycleMessage;
import eu.eevidence.gw.schema.RequestFamily;
import eu.eevidence.gw.schema.Withdrawal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * The requester's follow-ups of a case (withdrawal, clarification answer, other lifecycle messages) and the Art. 29(7)
 * hold of a preservation while a mutual-assistance request that follows it is decided. Their domestic side effects are
 * only marked ({@code pending_action}: {@link #WITHDRAW}, {@link #HOLD}, {@link #RELEASE}); the façade's sweep
 * ({@link InboundCaseService#processPending()}) applies them after the commit.
 */
final class RequesterFollowUps {

    private static final Logger LOG = LoggerFactory.getLogger(InboundCaseService.class);

    static final String WITHDRAW = "WITHDRAW";
    static final String HOLD = "HOLD";
    static final String RELEASE = "RELEASE";
    /** ADR-0032: relay the requester's deadline follow-ups (change, extension, Annex V) to the domestic order's platform. */
    static final String FORWARD = "FORWARD";
    private static final String NODE = CaseAnswers.NODE;

    private final CaseStores stores;
    private final Clock clock;

    RequesterFollowUps(CaseStores stores, Clock clock) {
        this.stores = stores;
        this.clock = clock;
    }

    /** A lifecycle message of the requester about one of its cases; the case's id, or null when it names no case of this node. */
    String received(CaseTxStore tx, PeerSpec from, Envelope envelope, LifecycleMessage message, byte[] content, Instant receivedAt) {
        if (envelope.correlationId() == null) {
            return null;
        }
        Optional<InboundCase> found = tx.findByAnyMessage(from.nodeId(), envelope.correlationId());
        if (found.isEmpty()) {
            return null;
        }
        InboundCase k = found.get();
        Instant now = clock.instant();
        String sha = Digests.sha256(content);
        if (!tx.insertMessage(k.id(), "IN", envelope.messageId(), message.type().name(), content, sha, now, null)) {
            return k.id(); // already applied
        }
        String actor = "peer:" + from.nodeId();
        if (message instanceof Withdrawal w) {
            withdrawn(tx, from, k, w, sha, receivedAt, now);
        } else if (message instanceof ClarificationAnswer) {
            if (k.state() == CaseState.CLARIFICATION_REQUESTED) {
                tx.update(k.moved(CaseState.RECEIVED, now).build());
                tx.appendEvent(k.id(), new CaseEvent(0, "CLARIFICATION_ANSWERED", k.state(), CaseState.RECEIVED, receivedAt, now, actor,
                        "message " + envelope.messageId()));
            } else {
                tx.appendEvent(k.id(), new CaseEvent(0, "FOLLOW_UP_NO_EFFECT", k.state(), k.state(), receivedAt, now, actor,
                        "clarification answer while the case is " + k.state()));
            }
            tx.stage(CustodyEventType.CLARIFICATION, k.id(), receivedAt, actor, fingerprint(from), sha, "clarification answer received");
        } else if (FORWARDED.contains(message.type().name()) && !k.state().isTerminal()) {
            applied(tx, k, envelope, message, actor, receivedAt, now);
            tx.stage(CustodyEventType.ACKNOWLEDGED, k.id(), receivedAt, actor, fingerprint(from), sha, message.type().name() + " received");
        } else {
            tx.appendEvent(k.id(), new CaseEvent(0, "FOLLOW_UP_RECEIVED", k.state(), k.state(), receivedAt, now, actor,
                    message.type().name() + " message " + envelope.messageId() + " recorded; no automatic effect"));
            tx.stage(CustodyEventType.ACKNOWLEDGED, k.id(), receivedAt, actor, fingerprint(from), sha, message.type().name() + " received");
        }
        return k.id();
    }

    /** The follow-ups this node relays to the platform of the case's domestic order (ADR-0032). */
    static final java.util.Set<String> FORWARDED = java.util.Set.of("DEADLINE_CHANGE", "EU_ANNEX6_EXTENSION", "EU_ANNEX5_CONFIRMATION",
            "CONTENT_HASH_LIST");

    /**
     * A deadline follow-up applied to this node's copy of the request (the case records what changed) and, when the case
     * has a domestic order, marked {@link #FORWARD} for the sweep, which relays it to that order's platform.
     */
    private void applied(CaseTxStore tx, InboundCase k, Envelope envelope, LifecycleMessage message, String actor, Instant receivedAt, Instant now) {
        String what = "subsequent production request confirmed (Annex V)";
        if (message instanceof eu.eevidence.gw.schema.DeadlineChange d) {
            what = "new deadline " + d.newDeadline();
        } else if (message instanceof eu.eevidence.gw.schema.PreservationExtension x) {
            what = "preservation extended by " + x.additionalDays() + " days (Annex VI)";
        } else if (message instanceof eu.eevidence.gw.schema.ContentHashList h) {
            what = "hash list of " + h.hashes().size() + " hash(es), match distance " + h.matchDistance(); // never the values (ADR-0038)
            if (k.domesticRequestId() == null) {
                what = CaseError.CASE_HASH_LIST_NOT_RELAYED.code() + " " + what + "; not deliverable: the case has no domestic order";
            }
        }
        boolean relay = k.domesticRequestId() != null && k.pendingAction() == null;
        if (relay) {
            tx.update(k.moved(k.state(), now).pending(FORWARD).build());
        }
        tx.appendEvent(k.id(), new CaseEvent(0, "FOLLOW_UP_APPLIED", k.state(), k.state(), receivedAt, now, actor, message.type().name()
                + " message " + envelope.messageId() + ": " + what + (relay ? "; to be relayed to the platform of " + k.domesticRequestId()
                : k.domesticRequestId() == null ? "; no domestic order to relay it to" : "; relayed after the pending " + k.pendingAction())));
    }

    private void withdrawn(CaseTxStore tx, PeerSpec from, InboundCase k, Withdrawal w, String sha, Instant receivedAt, Instant now) {
        String actor = "peer:" + from.nodeId();
        if (k.state().isTerminal()) {
            tx.appendEvent(k.id(), new CaseEvent(0, "FOLLOW_UP_NO_EFFECT", k.state(), k.state(), receivedAt, now, actor,
                    "withdrawal of a case already " + k.state()));
            return;
        }
        k = withOrphanOrder(k, now);
        boolean domestic = k.domesticRequestId() != null;
        InboundCase moved = k.moved(CaseState.WITHDRAWN, now).reason("WITHDRAWN", w.reason()).pending(domestic ? WITHDRAW : null).build();
        tx.update(moved);
        tx.appendEvent(k.id(), new CaseEvent(0, "WITHDRAWN", k.state(), CaseState.WITHDRAWN, receivedAt, now, actor,
                w.reason() + (domestic ? "; the domestic order " + k.domesticRequestId() + " will be withdrawn" : "")));
        tx.stage(CustodyEventType.WITHDRAWAL, k.id(), receivedAt, actor, fingerprint(from), sha, "case withdrawn by the requesting Party");
        release(tx, k, now);
        LOG.info(CaseError.CASE_WITHDRAWN.code() + " case {} by {}", k.id(), from.nodeId());
    }

    /**
     * For an ACCEPTED case without a linked order: the order intake made for it (a crash or a race between the intake
     * and the link), linked so that it can be withdrawn.
     */
    InboundCase withOrphanOrder(InboundCase k, Instant now) {
        if (k.state() != CaseState.ACCEPTED || k.domesticRequestId() != null || k.decidedBy() == null) {
            return k;
        }
        Optional<RequestRecord> made = stores.orderByKey(k.decidedBy(), orderKey(k));
        return made.isPresent() ? k.moved(k.state(), now).domestic(made.get().id()).build() : k;
    }

    /** The idempotency key of the domestic order made for the case {@code k}. */
    static String orderKey(InboundCase k) {
        return "case-" + k.id();
    }

    // ------------------------------------------------------------------ Art. 29(7): preserved pending the MLA decision

    /** A mutual-assistance request followed a preservation case: the preservation is held until it is decided. */
    void hold(CaseTxStore tx, InboundCase preservation, String mlaCaseId, Instant at, Instant now) {
        if (preservation.state() != CaseState.PRESERVED || preservation.domesticRequestId() == null) {
            tx.appendEvent(preservation.id(), new CaseEvent(0, "MLA_RECEIVED", preservation.state(), preservation.state(), at, now, NODE,
                    "case " + mlaCaseId + " follows this one; nothing to hold while the case is " + preservation.state()));
            return;
        }
        tx.update(preservation.moved(CaseState.HELD, now).pending(HOLD).build());
        tx.appendEvent(preservation.id(), new CaseEvent(0, "HELD", CaseState.PRESERVED, CaseState.HELD, at, now, NODE,
                "mutual-assistance request case " + mlaCaseId + " received (Art. 29(7)): preserved until it is decided"));
    }

    /** The mutual-assistance case {@code mla} was decided or ended: its preservation case is no longer held. */
    void release(CaseTxStore tx, InboundCase mla, Instant now) {
        if (mla.relatedCaseId() == null || !RequestFamily.MUTUAL_ASSISTANCE.name().equals(mla.family())) {
            return;
        }
        Optional<InboundCase> p = tx.find(mla.relatedCaseId(), true);
        if (p.isEmpty() || p.get().state() != CaseState.HELD) {
            return;
        }
        InboundCase held = p.get();
        tx.update(held.moved(CaseState.PRESERVED, now).pending(HOLD.equals(held.pendingAction()) ? null : RELEASE).build());
        tx.appendEvent(held.id(), new CaseEvent(0, "RELEASED", CaseState.HELD, CaseState.PRESERVED, now, now, NODE,
                "mutual-assistance request case " + mla.id() + " decided"));
    }

    static String fingerprint(PeerSpec p) {
        return Certificates.sha256Fingerprint(p.certificate());
    }
}
