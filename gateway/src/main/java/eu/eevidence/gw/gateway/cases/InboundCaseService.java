package eu.eevidence.gw.gateway.cases;

import eu.eevidence.gw.gateway.infra.StorageException;
import eu.eevidence.gw.gateway.infra.Tx;
import eu.eevidence.gw.gateway.action.ActionResult;
import eu.eevidence.gw.gateway.action.RequestActions;
import eu.eevidence.gw.gateway.alert.AlarmLog;
import eu.eevidence.gw.gateway.custody.CustodyRecorder;
import eu.eevidence.gw.gateway.deadline.DeadlineCalculator;
import eu.eevidence.gw.gateway.deadline.DeadlineRule;
import eu.eevidence.gw.gateway.deadline.DeadlineRules;
import eu.eevidence.gw.gateway.routing.PlatformRoutes;
import eu.eevidence.gw.gateway.access.ClientIdentity;
import eu.eevidence.gw.gateway.intake.IntakeService;
import eu.eevidence.gw.gateway.network.InboundCases;
import eu.eevidence.gw.gateway.network.PeerMessenger;
import eu.eevidence.gw.gateway.routing.PeerSpec;
import eu.eevidence.gw.gateway.order.LifecycleListener;
import eu.eevidence.gw.gateway.order.RequestRecord;
import eu.eevidence.gw.gateway.order.RequestRepository;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.schema.Envelope;
import eu.eevidence.gw.schema.EvidenceRequest;
import eu.eevidence.gw.schema.LifecycleMessage;
import eu.eevidence.gw.schema.PartialDisclosure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * The requested Party's side of the network flows (docs/design/cases.md): a request another Party's node sent here
 * becomes a case; this node's 24/7 contact point reviews it and accepts (a domestic order to one of this node's platforms,
 * made through the node's own intake so that delivery, receipts, lifecycle and deadlines apply), refuses, postpones or
 * asks for clarification; every answer goes back to the requesting node through the {@link PeerMessenger} in the
 * transaction that records it. The domestic order's progress (preserved, executed, refused by the platform, failed) moves
 * the case and is reported to the requester ({@link LifecycleListener}). Follow-ups of the requester (withdrawal,
 * clarification answer, a mutual-assistance request that follows a preservation) move the case; their domestic side
 * effects (withdrawing the domestic order, holding its preservation) run after the commit from a durable to-do mark
 * ({@code pending_action}), swept by {@link #processPending()}.
 *
 * <p>The façade of the case feature, one class per job behind it: {@link CaseOpening} (requests from the transport),
 * {@link RequesterFollowUps} (the requester's follow-ups, Art. 29(7) hold and release), {@link CaseReading},
 * {@link ContactPointDecisions} (accept, refuse, postpone, clarify, answer, Art. 30 disclosure), {@link DomesticProgress}
 * (the domestic order's lifecycle) and {@link CaseAnswers} (the answers to the requester). They work through
 * {@link CaseStores}/{@link CaseTxStore}; SQL failures reach the callers as the {@link SQLException} they were.
 */
public final class InboundCaseService implements InboundCases, LifecycleListener {

    private static final Logger LOG = LoggerFactory.getLogger(InboundCaseService.class);

    /** Used until the transport is connected: answers cannot leave, so the transaction that would send one fails. */
    public static final PeerMessenger NOT_CONNECTED = (c, peer, messageId, envelope) -> {
        throw new StorageException(CaseError.CASE_NO_TRANSPORT.code() + " no node-to-node transport is connected; the answer to " + peer + " cannot be sent");
    };

    static final String WITHDRAW = RequesterFollowUps.WITHDRAW;
    static final String HOLD = RequesterFollowUps.HOLD;
    static final String RELEASE = RequesterFollowUps.RELEASE;
    static final String FORWARD = RequesterFollowUps.FORWARD;
    private static final String NODE = CaseAnswers.NODE;

    private final CaseRepository cases;
    private final RequestActions actions;
    private final Clock clock;
    private final CaseStores stores;
    private final CaseOpening opening;
    private final RequesterFollowUps followUps;
    private final CaseReading reading;
    private final ContactPointDecisions decisions;
    private final PlatformRoutes platforms;
    private final DomesticProgress progress;

    /**
     * @param ownCountry this node's Party (for working-day deadlines), or null
     */
    public InboundCaseService(CaseRepository cases, RequestRepository requests, IntakeService intake, RequestActions actions,
                              PlatformRoutes directory, DeadlineRules rules, DeadlineCalculator calculator, CustodyRecorder custody,
                              Clock clock, String ownCountry) {
        this(new CaseStores(cases, requests, custody, NOT_CONNECTED, AlarmLog.NONE), intake, actions, directory,
                new CaseOpening.Rules(rules, calculator, ownCountry), clock);
    }

    /** The node's case service (CasesModule): {@code stores} carries the alarm log new cases raise into (ADR-0030). */
    InboundCaseService(CaseStores stores, IntakeService intake, RequestActions actions, PlatformRoutes directory, CaseOpening.Rules rules,
                       Clock clock) {
        CaseRepository cases = stores.repository();
        DeadlineRules deadlineRules = rules.rules();
        DeadlineCalculator calculator = rules.calculator();
        String ownCountry = rules.ownCountry();
        this.cases = cases;
        this.actions = actions;
        this.clock = clock;
        this.stores = stores;
        CaseAnswers answers = new CaseAnswers(stores, clock);
        this.followUps = new RequesterFollowUps(stores, clock);
        this.opening = new CaseOpening(deadlineRules, calculator, followUps, clock, ownCountry);
        this.reading = new CaseReading(stores, answers, clock);
        this.progress = new DomesticProgress(answers, clock);
        this.decisions = new ContactPointDecisions(stores, answers, followUps, progress, intake, directory, clock);
        this.platforms = directory;
    }

    /**
     * Replaces the messenger that carries answers to the requesting nodes. The node passes its transport's outbox at
     * construction ({@link CasesModule}) and never calls this; it is the seam of the tests that play the transport on a
     * running node (InboundCasesIT, the console's DeskFixtures) and swap messengers between cases.
     */
    public InboundCaseService usePeerMessenger(PeerMessenger messenger) {
        stores.usePeers(messenger == null ? NOT_CONNECTED : messenger);
        return this;
    }

    public CaseRepository repository() {
        return cases;
    }

    // ------------------------------------------------------------------ from the transport

    @Override
    public String receivedRequest(Tx c, PeerSpec from, Envelope envelope, EvidenceRequest request, byte[] content, Instant receivedAt) {
        return CaseTxStore.checked(() -> opening.received(stores.in(c), from, envelope, request, content, receivedAt));
    }

    @Override
    public boolean receivedFollowUp(Tx c, PeerSpec from, Envelope envelope, LifecycleMessage message, byte[] content, Instant receivedAt) {
        return receivedFollowUpCase(c, from, envelope, message, content, receivedAt) != null;
    }

    @Override
    public String receivedFollowUpCase(Tx c, PeerSpec from, Envelope envelope, LifecycleMessage message, byte[] content, Instant receivedAt) {
        return CaseTxStore.checked(() -> followUps.received(stores.in(c), from, envelope, message, content, receivedAt));
    }

    // ------------------------------------------------------------------ from a platform (ADR-0031)

    /**
     * Opens the case of a platform's own emergency disclosure, already verified by {@link PlatformDisclosures}, and
     * commits its custody record. Returns the case id and whether it was opened now. A database failure is thrown
     * unchecked (the API answers 500 with an incident id; nothing was committed).
     */
    PlatformDisclosures.Opened platformDisclosure(String platformId, String platformCountry, Envelope envelope, EvidenceRequest disclosure,
            byte[] content, byte[] signed, Instant receivedAt) {
        CaseOpening.Opened opened = stores.inTx(tx -> opening.platformDisclosure(tx, platformId, platformCountry, envelope, disclosure,
                content, signed, receivedAt));
        stores.committed();
        return new PlatformDisclosures.Opened(opened.caseId(), opened.created());
    }

    // ------------------------------------------------------------------ the contact point's review

    /**
     * The case content (the received envelope as canonical JSON) for the reviewing contact point; the read is recorded on
     * the case and in the custody log, the first one as RETRIEVED.
     */
    public Optional<byte[]> read(ClientIdentity who, String id) {
        return CaseTxStore.checked(() -> reading.read(who, id));
    }

    /** The ids of this node's platforms, the ones an ACCEPT may name (the directory {@code decide} checks), sorted. */
    public java.util.List<String> platformIds() {
        return platforms.all().stream().map(eu.eevidence.gw.gateway.routing.Platform::id).sorted().toList();
    }

    /**
     * Applies the contact point's decision. Durable before it returns; the answer to the requester is handed to the
     * transport in the same transaction.
     *
     * @throws CaseException EEG-CASE-NOT-FOUND (404), EEG-CASE-FIELD (422), EEG-CASE-UNKNOWN-PLATFORM (422), EEG-CASE-NO-ROUTE (422),
     *                       EEG-CASE-ILLEGAL (409), EEG-CASE-ORDER-INVALID (422), EEG-CASE-ORDER-UNAVAILABLE (503)
     */
    public InboundCase decide(ClientIdentity who, String id, Decision d) throws CaseException {
        return CaseTxStore.checked(() -> decisions.decide(who, id, d));
    }

    /**
     * {@link #disclose(ClientIdentity, String, PartialDisclosure)} from the JSON the contact point posted (the disclosure's
     * fields), read and checked by the message catalogue as the body of the answer it becomes.
     */
    public InboundCase disclose(ClientIdentity who, String id, byte[] json) throws CaseException {
        return CaseTxStore.checked(() -> decisions.disclose(who, id, json));
    }

    /**
     * Budapest Art. 30: in the execution of an Art. 29 preservation, this Party found that a service provider in another
     * State was involved in the transmission, and discloses to the requesting Party enough traffic data to identify that
     * provider and the path. Made by this node's contact point; the case stays where it is (the preservation goes on).
     */
    public InboundCase disclose(ClientIdentity who, String id, PartialDisclosure disclosure) throws CaseException {
        return CaseTxStore.checked(() -> decisions.disclose(who, id, disclosure));
    }

    // ------------------------------------------------------------------ the domestic order's progress

    @Override
    public void onEvent(Tx c, RequestRecord r, String event, Instant at, Instant notBefore) {
        CaseTxStore.checked(() -> {
            progress.onEvent(stores.in(c), r, at, notBefore);
            return null;
        });
    }

    // ------------------------------------------------------------------ domestic work after the commit

    /** Applies the domestic side of follow-ups recorded as {@code pending_action}; returns how many were done. */
    public int processPending() {
        int done = 0;
        for (String id : cases.pending()) {
            try {
                if (processPending(id)) {
                    done++;
                }
            } catch (RuntimeException e) {
                // one case's failure must not starve the others; the mark stays and is retried on the next sweep
                LOG.warn(CaseError.CASE_PENDING_RETRY.code() + " case {}: {}", id, e.getClass().getSimpleName());
            }
        }
        return done;
    }

    private boolean processPending(String id) {
        InboundCase k = cases.find(id).orElse(null);
        if (k == null || k.pendingAction() == null) {
            return false;
        }
        String action = k.pendingAction();
        String outcome;
        if (k.domesticRequestId() == null || k.decidedBy() == null) {
            outcome = "no domestic order";
        } else {
            ClientIdentity owner = new ClientIdentity(k.decidedBy(), k.decidedBySubject() == null ? "" : k.decidedBySubject(), Set.of(Role.CONTACT_POINT));
            ActionResult r;
            switch (action) {
                case WITHDRAW: {
                    String why = "withdrawn by the requesting Party" + (k.reasonText() == null ? "" : ": " + k.reasonText());
                    r = actions.withdraw(owner, k.domesticRequestId(), why.length() > 1000 ? why.substring(0, 1000) : why);
                    break;
                }
                case HOLD:
                    r = actions.record(owner, k.domesticRequestId(), "MLA_RECEIVED", null, "mutual-assistance request received by case " + k.id());
                    break;
                case RELEASE:
                    r = actions.record(owner, k.domesticRequestId(), "MLA_DECIDED", null, "mutual-assistance request decided (case " + k.id() + ")");
                    break;
                case FORWARD:
                    r = forward(owner, k);
                    break;
                default:
                    r = new ActionResult.Rejected(500, CaseError.CASE_PENDING_UNKNOWN.code(), action);
            }
            if (r instanceof ActionResult.Rejected rej) {
                if (rej.status() >= 500) {
                    LOG.warn(CaseError.CASE_PENDING_RETRY.code() + " case {} {}: {}", id, action, rej.code());
                    return false;
                }
                outcome = rej.code() + ": " + rej.message();
            } else {
                outcome = "done";
            }
        }
        String result = outcome;
        cases.database().inTx(c -> {
            InboundCase now = cases.find(c, id, true).orElseThrow();
            if (action.equals(now.pendingAction())) {
                Instant t = clock.instant();
                cases.update(c, now.moved(now.state(), t).pending(null).build());
                cases.appendEvent(c, id, new CaseEvent(0, "DOMESTIC_" + action, now.state(), now.state(), t, t, NODE,
                        (now.domesticRequestId() == null ? "" : now.domesticRequestId() + ": ") + result));
            }
            return null;
        });
        return true;
    }

    /**
     * ADR-0032: relays every deadline follow-up the requester sent about the case ({@link RequesterFollowUps#FORWARDED}) to
     * the platform of the case's domestic order, once each (the relay's notice id derives from the message id); the first
     * refusal (e.g. a channel that cannot carry the type) is the outcome recorded on the case.
     */
    private ActionResult forward(ClientIdentity owner, InboundCase k) {
        ActionResult last = new ActionResult.Rejected(422, CaseError.CASE_PENDING_UNKNOWN.code(), "no follow-up to relay");
        for (CaseMessage m : cases.messages(k.id())) {
            if (!"IN".equals(m.direction()) || !RequesterFollowUps.FORWARDED.contains(m.messageType())) {
                continue;
            }
            Optional<byte[]> body = cases.messageBody(k.id(), "IN", m.messageId());
            eu.eevidence.gw.schema.catalogue.MessageCatalogue catalogue = new eu.eevidence.gw.schema.catalogue.MessageCatalogue();
            eu.eevidence.gw.schema.codec.Decoded d = body.isEmpty() ? null
                    : body.get().length > 0 && body.get()[0] == '<' ? catalogue.decodeXml(body.get()) : catalogue.decodeJson(body.get());
            if (!(d instanceof eu.eevidence.gw.schema.codec.Decoded.Valid v)) {
                continue;
            }
            Object message = v.envelope().body();
            ActionResult r;
            if (message instanceof eu.eevidence.gw.schema.DeadlineChange dc) {
                r = actions.relay(owner, k.domesticRequestId(), eu.eevidence.gw.gateway.order.FollowUpType.DEADLINE_CHANGE, dc.reason(),
                        dc.newDeadline().toInstant(), m.messageId());
            } else if (message instanceof eu.eevidence.gw.schema.ContentHashList h) {
                r = actions.relayHashList(owner, k.domesticRequestId(), h, m.messageId());
            } else if (message instanceof eu.eevidence.gw.schema.PreservationExtension x) {
                r = actions.relay(owner, k.domesticRequestId(), eu.eevidence.gw.gateway.order.FollowUpType.ANNEX6_EXTENSION, x.justification(), null,
                        m.messageId());
            } else {
                r = actions.relay(owner, k.domesticRequestId(), eu.eevidence.gw.gateway.order.FollowUpType.ANNEX5_CONFIRMATION,
                        "subsequent production request confirmed by the requesting Party", null, m.messageId());
            }
            if (r instanceof ActionResult.Rejected) {
                return r;
            }
            last = r;
        }
        return last;
    }

    // ------------------------------------------------------------------ helpers

    /** The rule that bounds the review: the type's first BREACH rule that starts when the request reaches the requested side. */
    Optional<DeadlineRule> reviewRule(String type, Set<String> flags, String counterpart) {
        return opening.reviewRule(type, flags, counterpart);
    }
}
