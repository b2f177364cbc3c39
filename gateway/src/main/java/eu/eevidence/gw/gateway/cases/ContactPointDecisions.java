package eu.eevidence.gw.gateway.cases;

import eu.eevidence.gw.schema.LifecycleMessage;
import eu.eevidence.gw.schema.MessageType;
import eu.eevidence.gw.schema.UnccPartialDisclosure;
import eu.eevidence.gw.custody.entry.CustodyEventType;
import eu.eevidence.gw.gateway.routing.PlatformRoutes;
import eu.eevidence.gw.gateway.access.ClientIdentity;
import eu.eevidence.gw.gateway.intake.IntakeResult;
import eu.eevidence.gw.gateway.intake.IntakeService;
import eu.eevidence.gw.gateway.order.Digests;
import eu.eevidence.gw.gateway.order.RequestRecord;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.schema.Acknowledgement;
import eu.eevidence.gw.schema.ClarificationRequest;
import eu.eevidence.gw.schema.Envelope;
import eu.eevidence.gw.schema.ExecutionReport;
import eu.eevidence.gw.schema.PartialDisclosure;
import eu.eevidence.gw.schema.Postponement;
import eu.eevidence.gw.schema.Refusal;
import eu.eevidence.gw.schema.RequestFamily;
import eu.eevidence.gw.schema.validation.Violation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static eu.eevidence.gw.gateway.cases.RequesterFollowUps.WITHDRAW;

/**
 * The decisions of this node's contact point on a case: accept (a domestic order to one of this node's platforms, made
 * through the node's own intake), refuse, postpone, ask for clarification, answer itself (ADR-0018), and the Art. 30
 * disclosure during a preservation. Each is durable before it returns; its answer to the requester is queued in the
 * same transaction.
 */
final class ContactPointDecisions {

    private static final Logger LOG = LoggerFactory.getLogger(InboundCaseService.class);
    private static final String NODE = CaseAnswers.NODE;

    private final CaseStores stores;
    private final CaseAnswers answers;
    private final RequesterFollowUps followUps;
    private final DomesticProgress progress;
    private final IntakeService intake;
    private final PlatformRoutes directory;
    private final Clock clock;

    ContactPointDecisions(CaseStores stores, CaseAnswers answers, RequesterFollowUps followUps, DomesticProgress progress, IntakeService intake,
                          PlatformRoutes directory, Clock clock) {
        this.stores = stores;
        this.answers = answers;
        this.followUps = followUps;
        this.progress = progress;
        this.intake = intake;
        this.directory = directory;
        this.clock = clock;
    }

    /** See {@link InboundCaseService#decide}. */
    InboundCase decide(ClientIdentity who, String id, Decision d) throws CaseException {
        InboundCase current = stores.find(id).orElseThrow(() -> new CaseException(404, CaseError.CASE_NOT_FOUND.code(), "no case with this id"));
        Instant now = clock.instant();
        List<Violation> problems = d.problems(now);
        if (!problems.isEmpty()) {
            throw new CaseException(422, CaseError.CASE_FIELD.code(), "the decision lacks or has invalid fields", problems);
        }
        if (PlatformCaseDecisions.applies(current)) {
            return platformCase(who, current, d, now);
        }
        if (d.kind() == Decision.Kind.ACCEPT) {
            return accept(who, current, d.platformId().strip());
        }
        ExecutionReport report = d.kind() == Decision.Kind.ANSWER ? answers.answerReport(current, d, now) : null;
        InboundCase result = refusable(() -> stores.inTx(tx -> {
            InboundCase k = tx.find(id, true).orElseThrow();
            try {
                return decideInTx(tx, who, k, d, report, now);
            } catch (CaseException e) {
                throw new Refused(e);
            }
        }));
        stores.committed();
        LOG.info(CaseError.CASE_DECIDED.code() + " case {} {} by {}", id, d.kind(), who.fingerprint());
        return result;
    }

    /** A case a platform opened (ADR-0031): no requesting node to answer. */
    private InboundCase platformCase(ClientIdentity who, InboundCase current, Decision d, Instant now) throws CaseException {
        PlatformCaseDecisions.check(current, d);
        InboundCase result = refusable(() -> stores.inTx(tx -> {
            InboundCase k = tx.find(current.id(), true).orElseThrow();
            try {
                PlatformCaseDecisions.decide(tx, who, k, d, now);
            } catch (CaseException e) {
                throw new Refused(e);
            }
            return tx.find(k.id(), false).orElseThrow();
        }));
        stores.committed();
        LOG.info(CaseError.CASE_DECIDED.code() + " case {} {} by {} (platform disclosure, nothing sent)", current.id(), d.kind(), who.fingerprint());
        return result;
    }

    private InboundCase decideInTx(CaseTxStore tx, ClientIdentity who, InboundCase k, Decision d, ExecutionReport report, Instant now)
            throws CaseException {
        if (d.kind() == Decision.Kind.REFUSE) {
            k = followUps.withOrphanOrder(k, now); // an accepted case whose order was made but not linked: it is withdrawn again
        }
        k.state().move(d.kind().target());
        String actor = "client:" + who.fingerprint();
        InboundCase.Builder b = k.moved(d.kind().target(), now).decided(who, d.kind().name(), now);
        switch (d.kind()) {
            case REFUSE -> refuse(tx, who, k, d, b, actor, now);
            case POSTPONE -> {
                b.reason("POSTPONED", d.reason().strip()).postponedUntil(d.until());
                tx.update(b.build());
                tx.appendEvent(k.id(), new CaseEvent(0, "POSTPONED", k.state(), CaseState.POSTPONED, now, now, actor,
                        "until " + d.until() + ": " + d.reason().strip()));
                tx.stage(CustodyEventType.CLARIFICATION, k.id(), now, actor, who.fingerprint(), null, "postponed until " + d.until());
                answers.answer(tx, k, new Postponement(OffsetDateTime.ofInstant(d.until(), ZoneOffset.UTC), d.reason().strip()), now);
            }
            case ANSWER -> answered(tx, who, k, report, b, actor, now);
            case CLARIFY -> {
                b.reason("CLARIFICATION", d.question().strip());
                tx.update(b.build());
                tx.appendEvent(k.id(), new CaseEvent(0, "CLARIFICATION_REQUESTED", k.state(), CaseState.CLARIFICATION_REQUESTED, now, now, actor,
                        d.question().strip()));
                tx.stage(CustodyEventType.CLARIFICATION, k.id(), now, actor, who.fingerprint(), null, "clarification requested");
                answers.answer(tx, k, new ClarificationRequest(List.of(d.question().strip()), null), now);
            }
            default -> throw new IllegalStateException(d.kind().name());
        }
        return tx.find(k.id(), false).orElseThrow();
    }

    private void refuse(CaseTxStore tx, ClientIdentity who, InboundCase k, Decision d, InboundCase.Builder b, String actor, Instant now) {
        Refusal.Ground ground = d.ground();
        b.reason(ground.name(), d.reason().strip());
        if (k.domesticRequestId() != null) {
            b.pending(WITHDRAW);
        }
        tx.update(b.build());
        tx.appendEvent(k.id(), new CaseEvent(0, "REFUSED", k.state(), CaseState.REFUSED, now, now, actor, ground + ": " + d.reason().strip()));
        tx.stage(CustodyEventType.REQUEST_REFUSED, k.id(), now, actor, who.fingerprint(), null, "refused by the requested Party: " + ground);
        answers.answer(tx, k, new Refusal(Refusal.Scope.FULL, Set.of(ground), null, d.reason().strip()), now);
        followUps.release(tx, k, now);
    }

    private void answered(CaseTxStore tx, ClientIdentity who, InboundCase k, ExecutionReport report, InboundCase.Builder b, String actor,
                          Instant now) {
        b.reason("ANSWERED", report.remarks().length() > 1000 ? report.remarks().substring(0, 1000) : report.remarks());
        tx.update(b.build());
        tx.appendEvent(k.id(), new CaseEvent(0, "ANSWERED", k.state(), CaseState.COMPLETED, now, now, actor,
                "answered by the requested Party itself: final execution report, " + report.manifest().items().size() + " item(s)"));
        tx.stage(CustodyEventType.EVIDENCE_RECEIVED, k.id(), now, actor, who.fingerprint(),
                Digests.sha256(report.remarks().getBytes(StandardCharsets.UTF_8)),
                "answered by the requested Party: final execution report, " + report.manifest().items().size() + " item(s)");
        answers.answer(tx, k, report, now);
        followUps.release(tx, k, now);
    }

    // ------------------------------------------------------------------ ACCEPT

    /**
     * ACCEPT: (1) the decision is recorded (ACCEPTED); (2) the re-addressed request goes through the node's intake with the
     * deciding contact point as owner and the idempotency key {@code case-<id>}; (3) the case is linked to the domestic
     * request (ORDERED) and the requester acknowledged. A failure after (1) leaves the case ACCEPTED: the same ACCEPT again
     * resumes at (2) without a second order (same key).
     */
    private InboundCase accept(ClientIdentity who, InboundCase current, String platformId) throws CaseException {
        if (directory.find(platformId).isEmpty()) {
            throw new CaseException(422, CaseError.CASE_UNKNOWN_PLATFORM.code(), "this node has no platform '" + platformId + "' in its directory",
                    List.of(new Violation("$.platformId", CaseError.CASE_UNKNOWN_PLATFORM.code(), "not a platform of this node")));
        }
        if (!DomesticOrder.routable(current.messageType())) {
            throw new CaseException(422, CaseError.CASE_NO_ROUTE.code(), "a " + current.messageType()
                    + " names no platform; this node cannot order it from a platform (refuse it, or handle it outside the gateway)");
        }
        Envelope received = DomesticOrder.envelope(stores.content(current.id()));
        DomesticOrder.readdress(received, platformId).orElseThrow(() -> new CaseException(422, CaseError.CASE_NO_ROUTE.code(),
                "the request does not say which provider holds the data in a form this node can re-address"));
        Instant now = clock.instant();
        InboundCase accepted = refusable(() -> stores.inTx(tx -> accepted(tx, who, current.id(), platformId, now)));
        stores.committed();
        ClientIdentity owner = new ClientIdentity(accepted.decidedBy(), accepted.decidedBySubject(), Set.of(Role.CONTACT_POINT));
        // made from the durable decision (its time, the case id), so that a resumed ACCEPT makes the same order
        byte[] order = DomesticOrder.readdress(received, platformId, accepted.id(), accepted.decidedAt() == null ? now : accepted.decidedAt())
                .orElseThrow(() -> new CaseException(422, CaseError.CASE_NO_ROUTE.code(), "the request could not be re-addressed"));
        String domesticId = ordered(accepted, intake.submit(owner, order, RequesterFollowUps.orderKey(accepted)));
        InboundCase ordered = stores.inTx(tx -> link(tx, accepted, domesticId));
        stores.committed();
        LOG.info(CaseError.CASE_ORDERED.code() + " case {} as {} to {}", ordered.id(), domesticId, platformId);
        return ordered;
    }

    /** (1) the case ACCEPTED for the platform, or as it is when an earlier ACCEPT for that platform is resumed. */
    private InboundCase accepted(CaseTxStore tx, ClientIdentity who, String id, String platformId, Instant now) {
        InboundCase k = tx.find(id, true).orElseThrow();
        if (k.state() == CaseState.ACCEPTED && k.domesticRequestId() == null) {
            if (!platformId.equals(k.platformId())) {
                throw new Refused(new CaseException(409, CaseError.CASE_ILLEGAL.code(), "the case was accepted for platform " + k.platformId()
                        + "; repeat the decision with that platform to finish the order"));
            }
            return k; // resume
        }
        try {
            k.state().move(CaseState.ACCEPTED);
        } catch (CaseException e) {
            throw new Refused(e);
        }
        String actor = "client:" + who.fingerprint();
        tx.update(k.moved(CaseState.ACCEPTED, now).decided(who, "ACCEPT", now).platform(platformId).build());
        tx.appendEvent(k.id(), new CaseEvent(0, "ACCEPTED", k.state(), CaseState.ACCEPTED, now, now, actor, "order to platform " + platformId));
        tx.stage(CustodyEventType.ACKNOWLEDGED, k.id(), now, actor, who.fingerprint(), k.contentSha256(),
                "accepted by the requested Party; order to platform " + platformId);
        return tx.find(k.id(), false).orElseThrow();
    }

    /** (2) the domestic request the intake made (or had made) for the case. */
    private static String ordered(InboundCase accepted, IntakeResult result) throws CaseException {
        if (result instanceof IntakeResult.Created created) {
            return created.request().id();
        } else if (result instanceof IntakeResult.Replayed replayed) {
            return replayed.request().id();
        } else if (result instanceof IntakeResult.Invalid invalid) {
            LOG.warn(CaseError.CASE_ORDER_INVALID.code() + " case {}: {}", accepted.id(),
                    invalid.violations().stream().map(Violation::code).distinct().toList());
            throw new CaseException(422, CaseError.CASE_ORDER_INVALID.code(), "the domestic order made from this request was refused by the node's intake; "
                    + "the case stays ACCEPTED (refuse it, or correct the platform)", invalid.violations());
        } else if (result instanceof IntakeResult.Unavailable u) {
            throw new CaseException(503, CaseError.CASE_ORDER_UNAVAILABLE.code(), "the domestic order could not be stored (" + u.code()
                    + "); the case stays ACCEPTED: repeat the same decision");
        } else {
            throw new CaseException(409, CaseError.CASE_ORDER_CONFLICT.code(), "an order with this case's key but other content exists");
        }
    }

    /** (3) the case linked to its domestic request (ORDERED) and the requester acknowledged. */
    private InboundCase link(CaseTxStore tx, InboundCase accepted, String domesticId) {
        RequestRecord r = tx.request(domesticId, true).orElseThrow(); // request row first, as the delivery does
        InboundCase k = tx.find(accepted.id(), true).orElseThrow();
        if (k.state() != CaseState.ACCEPTED) {
            if (k.state().isTerminal() && k.domesticRequestId() == null && !r.state().isTerminal()) {
                // withdrawn or refused while the order was being made: the order is linked and withdrawn again
                Instant at = clock.instant();
                tx.update(k.moved(k.state(), at).domestic(domesticId).pending(WITHDRAW).build());
                tx.appendEvent(k.id(), new CaseEvent(0, "ORDER_CANCELLED", k.state(), k.state(), at, at, NODE,
                        "domestic request " + domesticId + " made after the case became " + k.state() + "; it will be withdrawn"));
                return tx.find(k.id(), false).orElseThrow();
            }
            return k; // a concurrent resume finished it
        }
        Instant at = clock.instant();
        tx.update(k.moved(CaseState.ORDERED, at).domestic(domesticId).build());
        tx.appendEvent(k.id(), new CaseEvent(0, "ORDERED", CaseState.ACCEPTED, CaseState.ORDERED, at, at, NODE,
                "domestic request " + domesticId + " to platform " + k.platformId()));
        k = tx.find(k.id(), true).orElseThrow();
        answers.answer(tx, k, new Acknowledgement(OffsetDateTime.ofInstant(k.receivedAt(), ZoneOffset.UTC), k.id()), at);
        followUps.release(tx, k, at);
        progress.sync(tx, k, r, at, null);
        return tx.find(k.id(), false).orElseThrow();
    }

    // ------------------------------------------------------------------ Art. 30 disclosure

    /** See {@link InboundCaseService#disclose(ClientIdentity, String, byte[])}. */
    InboundCase disclose(ClientIdentity who, String id, byte[] json) throws CaseException {
        InboundCase current = stores.find(id).orElseThrow(() -> new CaseException(404, CaseError.CASE_NOT_FOUND.code(), "no case with this id"));
        return disclose(who, id, answers.disclosure(current, json));
    }

    /** See {@link InboundCaseService#disclose(ClientIdentity, String, PartialDisclosure)}. */
    InboundCase disclose(ClientIdentity who, String id, PartialDisclosure disclosure) throws CaseException {
        InboundCase current = stores.find(id).orElseThrow(() -> new CaseException(404, CaseError.CASE_NOT_FOUND.code(), "no case with this id"));
        if (!RequestFamily.PRESERVATION.name().equals(current.family())) {
            throw new CaseException(409, CaseError.CASE_ILLEGAL.code(), "an Art. 30 disclosure is made while executing a preservation; this case is a "
                    + current.family());
        }
        if (!EnumSet.of(CaseState.ORDERED, CaseState.PRESERVED, CaseState.HELD, CaseState.EXECUTING).contains(current.state())) {
            throw new CaseException(409, CaseError.CASE_ILLEGAL.code(), "an Art. 30 disclosure is made while the preservation is being executed; the case is "
                    + current.state());
        }
        Instant now = clock.instant();
        InboundCase result = refusable(() -> stores.inTx(tx -> {
            InboundCase k = tx.find(id, true).orElseThrow();
            // UNCC Art. 43 has the content of ETS 185 Art. 30: a UNCC preservation case answers with the UNCC type
            LifecycleMessage.Answer body = MessageType.UNCC_ART42_PRESERVATION.name().equals(k.messageType())
                    ? new UnccPartialDisclosure(disclosure.thirdStateProvider(), disclosure.path(), disclosure.trafficDataSummary()) : disclosure;
            List<Violation> v = answers.check(DomesticOrder.envelope(tx.content(k.id())), k, body, now);
            if (!v.isEmpty()) {
                throw new Refused(new CaseException(422, CaseError.CASE_FIELD.code(), "the disclosure breaks the catalogue's rules", v));
            }
            String actor = "client:" + who.fingerprint();
            tx.appendEvent(k.id(), new CaseEvent(0, "ART30_DISCLOSED", k.state(), k.state(), now, now, actor,
                    "traffic data identifying " + disclosure.thirdStateProvider().name() + " (" + disclosure.thirdStateProvider().country()
                            + ") disclosed to the requesting Party"));
            tx.stage(CustodyEventType.EVIDENCE_RECEIVED, k.id(), now, actor, who.fingerprint(), null,
                    "Art. 30 disclosure to the requesting Party: provider in " + disclosure.thirdStateProvider().country());
            answers.answer(tx, k, body, now);
            return tx.find(k.id(), false).orElseThrow();
        }));
        stores.committed();
        LOG.info(CaseError.CASE_DISCLOSED.code() + " case {} Art. 30 disclosure by {}", id, who.fingerprint());
        return result;
    }

    // ------------------------------------------------------------------ helpers

    /** Runs a transaction whose callback may refuse the decision ({@link Refused}, rolling it back). */
    private static InboundCase refusable(java.util.function.Supplier<InboundCase> transaction) throws CaseException {
        try {
            return transaction.get();
        } catch (Refused r) {
            throw r.cause;
        }
    }

    /** Carries a {@link CaseException} out of a transaction callback (rolling it back). */
    private static final class Refused extends RuntimeException {
        final CaseException cause;

        Refused(CaseException cause) {
            super(cause.getMessage(), null, false, false);
            this.cause = cause;
        }
    }
}
