package eu.eevidence.gw.gateway.cases;

import eu.eevidence.gw.custody.entry.CustodyEventType;
import eu.eevidence.gw.gateway.alert.Alarm;
import eu.eevidence.gw.gateway.deadline.DeadlineCalculator;
import eu.eevidence.gw.gateway.deadline.DeadlineRule;
import eu.eevidence.gw.gateway.deadline.DeadlineRules;
import eu.eevidence.gw.gateway.deadline.DueAction;
import eu.eevidence.gw.gateway.intake.RequestFlags;
import eu.eevidence.gw.gateway.intake.RequestIds;
import eu.eevidence.gw.gateway.routing.PeerSpec;
import eu.eevidence.gw.gateway.order.Digests;
import eu.eevidence.gw.schema.Envelope;
import eu.eevidence.gw.schema.EvidenceRequest;
import eu.eevidence.gw.schema.RequestFamily;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Opens a case from a request another Party's node sent here, with its review deadline (the type's first BREACH rule
 * that starts when the request reaches the requested side, in working days of this node's Party).
 */
final class CaseOpening {

    private static final Logger LOG = LoggerFactory.getLogger(InboundCaseService.class);

    private final DeadlineRules rules;
    private final DeadlineCalculator calculator;
    private final RequesterFollowUps followUps;
    private final Clock clock;
    private final String ownCountry;
    private final RequestIds ids;

    /** The deadline rules of a case, the working-day calculator and this node's Party (or null). */
    record Rules(DeadlineRules rules, DeadlineCalculator calculator, String ownCountry) {
    }

    CaseOpening(DeadlineRules rules, DeadlineCalculator calculator, RequesterFollowUps followUps, Clock clock, String ownCountry) {
        this.rules = rules;
        this.calculator = calculator;
        this.followUps = followUps;
        this.clock = clock;
        this.ownCountry = ownCountry;
        this.ids = new RequestIds(clock);
    }

    /** The case opened for the request (an existing one for a message already received); returns its id. */
    String received(CaseTxStore tx, PeerSpec from, Envelope envelope, EvidenceRequest request, byte[] content, Instant receivedAt) {
        Optional<InboundCase> earlier = tx.findByPeerMessage(from.nodeId(), envelope.messageId());
        if (earlier.isPresent()) {
            return earlier.get().id(); // the transport eliminates duplicates; this keeps the case unique anyway
        }
        Instant now = clock.instant();
        String id = "CASE-" + ids.next().substring(4);
        Set<String> flags = RequestFlags.of(request);
        String type = request.type().name();
        DeadlineRule rule = reviewRule(type, flags, from.country()).orElse(null);
        Instant due = rule == null ? null : calculator.end(receivedAt, rule.amount(), rule.unit(), ownCountry);
        InboundCase related = envelope.correlationId() == null ? null
                : tx.findByAnyMessage(from.nodeId(), envelope.correlationId()).orElse(null);
        String sha = Digests.sha256(content);
        InboundCase k = new InboundCase(id, from.nodeId(), from.country(), envelope.messageId(), envelope.correlationId(), type,
                request.type().family().name(), flags.isEmpty() ? null : String.join(",", new TreeSet<>(flags)), CaseState.RECEIVED, receivedAt,
                receivedAt, sha, rule == null ? null : rule.id(), due, null, null, null, null, null, null, null, null, null, null,
                related == null ? null : related.id(), null, 0);
        tx.insert(k, content);
        tx.insertMessage(id, "IN", envelope.messageId(), type, content, sha, now, null);
        String actor = "peer:" + from.nodeId();
        tx.appendEvent(id, new CaseEvent(0, "RECEIVED", null, CaseState.RECEIVED, receivedAt, now, actor, request.type().legalBasis()
                + " from " + from.country() + (due == null ? "; no review deadline rule fits this type" : "; review due " + due + " (" + rule.id() + ")")
                + (related == null ? "" : "; follows case " + related.id())));
        tx.stage(CustodyEventType.REQUEST_RECEIVED, id, receivedAt, actor, RequesterFollowUps.fingerprint(from), sha,
                "case opened: " + type + " message " + envelope.messageId() + " from node " + from.nodeId());
        if (related != null && request.type().family() == RequestFamily.MUTUAL_ASSISTANCE) {
            followUps.hold(tx, related, id, receivedAt, now);
        }
        LOG.info(CaseError.CASE_RECEIVED.code() + " case {} {} from {} ({})", id, type, from.nodeId(), from.country());
        Alarm.Subject about = new Alarm.Subject(id, type, due, "", Alarm.Subject.CASES_DESK); // ADR-0030, in this transaction
        tx.raise(flags.contains(RequestFlags.EMERGENCY) ? new Alarm.Emergency(about) : new Alarm.NewCase(about));
        return id;
    }

    /**
     * ADR-0031: the case opened for a platform's own emergency disclosure (CM/Rec(2026)2 para. 38.4), from
     * {@code platform:<id>}; an existing one for a message id already received from that platform. {@code content} is
     * the envelope as canonical JSON (what the contact point reads), {@code signed} the platform's CMS SignedData as
     * received (kept as the case's incoming message, its SHA-256 in the custody log).
     *
     * @return the case id and whether it was opened now (false: the same disclosure again)
     */
    Opened platformDisclosure(CaseTxStore tx, String platformId, String platformCountry, Envelope envelope, EvidenceRequest disclosure,
            byte[] content, byte[] signed, Instant receivedAt) {
        String from = PLATFORM_PREFIX + platformId;
        Optional<InboundCase> earlier = tx.findByPeerMessage(from, envelope.messageId());
        if (earlier.isPresent()) {
            return new Opened(earlier.get().id(), false);
        }
        Instant now = clock.instant();
        String id = "CASE-" + ids.next().substring(4);
        Set<String> flags = RequestFlags.of(disclosure);
        String type = disclosure.type().name();
        DeadlineRule rule = reviewRule(type, flags, platformCountry).orElse(null);
        Instant due = rule == null ? null : calculator.end(receivedAt, rule.amount(), rule.unit(), ownCountry);
        String sha = Digests.sha256(content);
        String signedSha = Digests.sha256(signed);
        InboundCase k = new InboundCase(id, from, platformCountry, envelope.messageId(), envelope.correlationId(), type,
                disclosure.type().family().name(), flags.isEmpty() ? null : String.join(",", new TreeSet<>(flags)), CaseState.RECEIVED, receivedAt,
                receivedAt, sha, rule == null ? null : rule.id(), due, null, null, null, null, null, null, null, null, null, null, null, null, 0);
        tx.insert(k, content);
        tx.insertMessage(id, "IN", envelope.messageId(), type, signed, signedSha, now, null);
        tx.appendEvent(id, new CaseEvent(0, "RECEIVED", null, CaseState.RECEIVED, receivedAt, now, from, disclosure.type().legalBasis()
                + ": emergency disclosure on the platform's own initiative, signed by the platform (CMS sha256 " + signedSha + ")"));
        tx.stage(CustodyEventType.REQUEST_RECEIVED, id, receivedAt, from, null, signedSha,
                "case opened: " + type + " message " + envelope.messageId() + " from platform " + platformId);
        tx.raise(new Alarm.Emergency(new Alarm.Subject(id, type, due, "", Alarm.Subject.CASES_DESK))); // ADR-0030 port, this transaction
        LOG.error(CaseError.CASE_EMERGENCY_DISCLOSURE.code() + " case {}: emergency disclosure from platform {}; the 24/7 contact point must act now",
                id, platformId);
        return new Opened(id, true);
    }

    /** The peer id of the cases a platform opens (ADR-0031): no node id has a colon. */
    static final String PLATFORM_PREFIX = "platform:";

    /** A case opened, or found again for the same message. */
    record Opened(String caseId, boolean created) {
    }

    /** The rule that bounds the review: the type's first BREACH rule that starts when the request reaches the requested side. */
    Optional<DeadlineRule> reviewRule(String type, Set<String> flags, String counterpart) {
        for (String trigger : new String[] {"DELIVERED", "ACCEPTED"}) {
            for (DeadlineRule r : rules.startingOn(type, flags, trigger, counterpart)) {
                if (r.onDue() == DueAction.BREACH) {
                    return Optional.of(r);
                }
            }
        }
        return Optional.empty();
    }
}
