package eu.eevidence.gw.gateway.cases;

import eu.eevidence.gw.custody.entry.CustodyEventType;
import eu.eevidence.gw.gateway.action.ActionResult;
import eu.eevidence.gw.gateway.action.RequestActions;
import eu.eevidence.gw.gateway.custody.CustodyEvent;
import eu.eevidence.gw.gateway.custody.CustodyRecorder;
import eu.eevidence.gw.gateway.deadline.DeadlineCalculator;
import eu.eevidence.gw.gateway.deadline.DeadlineRule;
import eu.eevidence.gw.gateway.deadline.DeadlineRules;
import eu.eevidence.gw.gateway.deadline.DueAction;
import eu.eevidence.gw.gateway.delivery.PlatformDirectory;
import eu.eevidence.gw.gateway.intake.ClientIdentity;
import eu.eevidence.gw.gateway.intake.IntakeResult;
import eu.eevidence.gw.gateway.intake.IntakeService;
import eu.eevidence.gw.gateway.intake.RequestFlags;
import eu.eevidence.gw.gateway.intake.RequestIds;
import eu.eevidence.gw.gateway.network.InboundCases;
import eu.eevidence.gw.gateway.network.PeerMessenger;
import eu.eevidence.gw.gateway.network.PeerSpec;
import eu.eevidence.gw.gateway.order.LifecycleListener;
import eu.eevidence.gw.gateway.order.RequestRecord;
import eu.eevidence.gw.gateway.order.RequestRepository;
import eu.eevidence.gw.gateway.order.RequestState;
import eu.eevidence.gw.pki.Certificates;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.schema.Acknowledgement;
import eu.eevidence.gw.schema.ClarificationAnswer;
import eu.eevidence.gw.schema.ClarificationRequest;
import eu.eevidence.gw.schema.Envelope;
import eu.eevidence.gw.schema.MessageType;
import eu.eevidence.gw.schema.PartialDisclosure;
import eu.eevidence.gw.schema.EvidenceRequest;
import eu.eevidence.gw.schema.ExecutionReport;
import eu.eevidence.gw.schema.LifecycleMessage;
import eu.eevidence.gw.schema.Postponement;
import eu.eevidence.gw.schema.PreservationConfirmed;
import eu.eevidence.gw.schema.Refusal;
import eu.eevidence.gw.schema.RequestFamily;
import eu.eevidence.gw.schema.Withdrawal;
import eu.eevidence.gw.schema.catalogue.MessageCatalogue;
import eu.eevidence.gw.schema.validation.Violation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

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
 */
public final class InboundCaseService implements InboundCases, LifecycleListener {

    private static final Logger LOG = LoggerFactory.getLogger(InboundCaseService.class);

    /** Used until the transport is connected: answers cannot leave, so the transaction that would send one fails. */
    public static final PeerMessenger NOT_CONNECTED = (c, peer, messageId, envelope) -> {
        throw new SQLException("EEG-CASE-NO-TRANSPORT no node-to-node transport is connected; the answer to " + peer + " cannot be sent");
    };

    static final String WITHDRAW = "WITHDRAW";
    static final String HOLD = "HOLD";
    static final String RELEASE = "RELEASE";
    private static final String NODE = "node";

    private final CaseRepository cases;
    private final RequestRepository requests;
    private final IntakeService intake;
    private final RequestActions actions;
    private final PlatformDirectory directory;
    private final DeadlineRules rules;
    private final DeadlineCalculator calculator;
    private final CustodyRecorder custody;
    private final Clock clock;
    private final String ownCountry;
    private final MessageCatalogue catalogue = new MessageCatalogue();
    private final RequestIds ids;
    private volatile PeerMessenger peers = NOT_CONNECTED;
    private volatile eu.eevidence.gw.gateway.network.CaseEvidences evidences = eu.eevidence.gw.gateway.network.CaseEvidences.NONE; // rem

    /**
     * @param ownCountry this node's Party (for working-day deadlines), or null
     */
    public InboundCaseService(CaseRepository cases, RequestRepository requests, IntakeService intake, RequestActions actions,
                              PlatformDirectory directory, DeadlineRules rules, DeadlineCalculator calculator, CustodyRecorder custody,
                              Clock clock, String ownCountry) {
        this.cases = cases;
        this.requests = requests;
        this.intake = intake;
        this.actions = actions;
        this.directory = directory;
        this.rules = rules;
        this.calculator = calculator;
        this.custody = custody;
        this.clock = clock;
        this.ownCountry = ownCountry;
        this.ids = new RequestIds(clock);
    }

    /** Connects the node-to-node transport that carries answers to the requesting nodes. */
    public InboundCaseService usePeerMessenger(PeerMessenger messenger) {
        this.peers = messenger == null ? NOT_CONNECTED : messenger;
        return this;
    }

    /** rem: the transport's RETRIEVED evidence, issued in the transaction of a case's first read (ADR-0016). */
    public InboundCaseService useEvidences(eu.eevidence.gw.gateway.network.CaseEvidences caseEvidences) {
        this.evidences = caseEvidences == null ? eu.eevidence.gw.gateway.network.CaseEvidences.NONE : caseEvidences;
        return this;
    }

    public CaseRepository repository() {
        return cases;
    }

    // ------------------------------------------------------------------ from the transport

    @Override
    public String receivedRequest(Connection c, PeerSpec from, Envelope envelope, EvidenceRequest request, byte[] content, Instant receivedAt)
            throws SQLException {
        Optional<InboundCase> earlier = cases.findByPeerMessage(c, from.nodeId(), envelope.messageId());
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
                : cases.findByAnyMessage(c, from.nodeId(), envelope.correlationId()).orElse(null);
        String sha = IntakeService.sha256(content);
        InboundCase k = new InboundCase(id, from.nodeId(), from.country(), envelope.messageId(), envelope.correlationId(), type,
                request.type().family().name(), flags.isEmpty() ? null : String.join(",", new TreeSet<>(flags)), CaseState.RECEIVED, receivedAt,
                receivedAt, sha, rule == null ? null : rule.id(), due, null, null, null, null, null, null, null, null, null, null,
                related == null ? null : related.id(), null, 0);
        cases.insert(c, k, content);
        cases.insertMessage(c, id, "IN", envelope.messageId(), type, content, sha, now, null);
        String actor = "peer:" + from.nodeId();
        cases.appendEvent(c, id, new CaseEvent(0, "RECEIVED", null, CaseState.RECEIVED, receivedAt, now, actor, request.type().legalBasis()
                + " from " + from.country() + (due == null ? "; no review deadline rule fits this type" : "; review due " + due + " (" + rule.id() + ")")
                + (related == null ? "" : "; follows case " + related.id())));
        stage(c, CustodyEventType.REQUEST_RECEIVED, id, receivedAt, actor, fingerprint(from), sha,
                "case opened: " + type + " message " + envelope.messageId() + " from node " + from.nodeId());
        if (related != null && request.type().family() == RequestFamily.MUTUAL_ASSISTANCE) {
            hold(c, related, id, receivedAt, now);
        }
        LOG.info("EEG-CASE-RECEIVED case {} {} from {} ({})", id, type, from.nodeId(), from.country());
        return id;
    }

    @Override
    public boolean receivedFollowUp(Connection c, PeerSpec from, Envelope envelope, LifecycleMessage message, byte[] content, Instant receivedAt)
            throws SQLException {
        if (envelope.correlationId() == null) {
            return false;
        }
        Optional<InboundCase> found = cases.findByAnyMessage(c, from.nodeId(), envelope.correlationId());
        if (found.isEmpty()) {
            return false;
        }
        InboundCase k = found.get();
        Instant now = clock.instant();
        String sha = IntakeService.sha256(content);
        if (!cases.insertMessage(c, k.id(), "IN", envelope.messageId(), message.type().name(), content, sha, now, null)) {
            return true; // already applied
        }
        String actor = "peer:" + from.nodeId();
        if (message instanceof Withdrawal w) {
            if (k.state().isTerminal()) {
                cases.appendEvent(c, k.id(), new CaseEvent(0, "FOLLOW_UP_NO_EFFECT", k.state(), k.state(), receivedAt, now, actor,
                        "withdrawal of a case already " + k.state()));
                return true;
            }
            k = withOrphanOrder(k, now);
            boolean domestic = k.domesticRequestId() != null;
            InboundCase moved = with(k, CaseState.WITHDRAWN, now).reason("WITHDRAWN", w.reason()).pending(domestic ? WITHDRAW : null).build();
            cases.update(c, moved);
            cases.appendEvent(c, k.id(), new CaseEvent(0, "WITHDRAWN", k.state(), CaseState.WITHDRAWN, receivedAt, now, actor,
                    w.reason() + (domestic ? "; the domestic order " + k.domesticRequestId() + " will be withdrawn" : "")));
            stage(c, CustodyEventType.WITHDRAWAL, k.id(), receivedAt, actor, fingerprint(from), sha, "case withdrawn by the requesting Party");
            release(c, k, now);
            LOG.info("EEG-CASE-WITHDRAWN case {} by {}", k.id(), from.nodeId());
        } else if (message instanceof ClarificationAnswer) {
            if (k.state() == CaseState.CLARIFICATION_REQUESTED) {
                cases.update(c, with(k, CaseState.RECEIVED, now).build());
                cases.appendEvent(c, k.id(), new CaseEvent(0, "CLARIFICATION_ANSWERED", k.state(), CaseState.RECEIVED, receivedAt, now, actor,
                        "message " + envelope.messageId()));
            } else {
                cases.appendEvent(c, k.id(), new CaseEvent(0, "FOLLOW_UP_NO_EFFECT", k.state(), k.state(), receivedAt, now, actor,
                        "clarification answer while the case is " + k.state()));
            }
            stage(c, CustodyEventType.CLARIFICATION, k.id(), receivedAt, actor, fingerprint(from), sha, "clarification answer received");
        } else {
            cases.appendEvent(c, k.id(), new CaseEvent(0, "FOLLOW_UP_RECEIVED", k.state(), k.state(), receivedAt, now, actor,
                    message.type().name() + " message " + envelope.messageId() + " recorded; no automatic effect"));
            stage(c, CustodyEventType.ACKNOWLEDGED, k.id(), receivedAt, actor, fingerprint(from), sha, message.type().name() + " received");
        }
        return true;
    }

    // ------------------------------------------------------------------ the contact point's review

    /**
     * The case content (the received envelope as canonical JSON) for the reviewing contact point; the read is recorded on
     * the case and in the custody log, the first one as RETRIEVED.
     */
    public Optional<byte[]> read(ClientIdentity who, String id) throws SQLException {
        Instant now = clock.instant();
        Optional<InboundCase> found = cases.database().inTransaction(c -> {
            Optional<InboundCase> k = cases.find(c, id, true);
            if (k.isEmpty()) {
                return k;
            }
            InboundCase x = k.get();
            String actor = "client:" + who.fingerprint();
            if (x.retrievedAt() == null) {
                cases.update(c, with(x, x.state(), x.updatedAt()).retrieved(now).build());
                cases.appendEvent(c, id, new CaseEvent(0, "RETRIEVED", x.state(), x.state(), now, now, actor, "first opened by the contact point"));
                evidences.retrieved(c, x.peerNodeId(), x.messageId(), id, who, now); // rem: the signed RETRIEVED evidence to the requester
            }
            cases.appendEvent(c, id, new CaseEvent(0, "CONTENT_READ", x.state(), x.state(), now, now, actor, null));
            stage(c, CustodyEventType.EVIDENCE_OPENED, id, now, actor, who.fingerprint(), x.contentSha256(), "case content read");
            return k;
        });
        custody.committed();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(catalogue.encodeJson(DomesticOrder.envelope(cases.content(id))));
    }

    /**
     * Applies the contact point's decision. Durable before it returns; the answer to the requester is handed to the
     * transport in the same transaction.
     *
     * @throws CaseException EEG-CASE-NOT-FOUND (404), EEG-CASE-FIELD (422), EEG-CASE-UNKNOWN-PLATFORM (422), EEG-CASE-NO-ROUTE (422),
     *                       EEG-CASE-ILLEGAL (409), EEG-CASE-ORDER-INVALID (422), EEG-CASE-ORDER-UNAVAILABLE (503)
     */
    public InboundCase decide(ClientIdentity who, String id, Decision d) throws CaseException, SQLException {
        InboundCase current = cases.find(id).orElseThrow(() -> new CaseException(404, "EEG-CASE-NOT-FOUND", "no case with this id"));
        Instant now = clock.instant();
        List<Violation> problems = d.problems(now);
        if (!problems.isEmpty()) {
            throw new CaseException(422, "EEG-CASE-FIELD", "the decision lacks or has invalid fields", problems);
        }
        if (d.kind() == Decision.Kind.ACCEPT) {
            return accept(who, current, d.platformId().strip());
        }
        ExecutionReport report = d.kind() == Decision.Kind.ANSWER ? answerReport(current, d, now) : null;
        InboundCase result;
        try {
            result = cases.database().inTransaction(c -> {
                InboundCase k = cases.find(c, id, true).orElseThrow();
                try {
                    return decideInTx(c, who, k, d, report, now);
                } catch (CaseException e) {
                    throw new Refused(e);
                }
            });
        } catch (Refused r) {
            throw r.cause;
        }
        custody.committed();
        LOG.info("EEG-CASE-DECIDED case {} {} by {}", id, d.kind(), who.fingerprint());
        return result;
    }

    /**
     * Budapest Art. 30: in the execution of an Art. 29 preservation, this Party found that a service provider in another
     * State was involved in the transmission, and discloses to the requesting Party enough traffic data to identify that
     * provider and the path. Made by this node's contact point; the case stays where it is (the preservation goes on).
     */
    /**
     * {@link #disclose(ClientIdentity, String, PartialDisclosure)} from the JSON the contact point posted (the disclosure's
     * fields), read and checked by the message catalogue as the body of the answer it becomes.
     */
    public InboundCase disclose(ClientIdentity who, String id, byte[] json) throws CaseException, SQLException {
        InboundCase current = cases.find(id).orElseThrow(() -> new CaseException(404, "EEG-CASE-NOT-FOUND", "no case with this id"));
        com.fasterxml.jackson.databind.ObjectMapper mapper = eu.eevidence.gw.schema.codec.JsonCodec.canonicalMapper();
        com.fasterxml.jackson.databind.node.ObjectNode body;
        try {
            com.fasterxml.jackson.databind.JsonNode tree = mapper.readTree(json);
            if (tree == null || !tree.isObject()) {
                throw new CaseException(400, "EEG-REQ-MALFORMED", "the body must be a JSON object");
            }
            body = (com.fasterxml.jackson.databind.node.ObjectNode) tree;
        } catch (java.io.IOException e) {
            throw new CaseException(400, "EEG-REQ-MALFORMED", "the body is not valid JSON");
        }
        body.put("type", MessageType.BUDAPEST_ART30_PARTIAL_DISCLOSURE.name());
        Envelope original = DomesticOrder.envelope(cases.content(id));
        eu.eevidence.gw.schema.codec.Decoded decoded;
        try {
            com.fasterxml.jackson.databind.node.ObjectNode envelope = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(catalogue.encodeJson(
                    new Envelope(current.id() + ".art30", current.messageId(), Envelope.CURRENT_VERSION, original.receiver(), original.sender(),
                            OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC), new ClarificationRequest(List.of("-"), null))));
            envelope.set("body", body);
            decoded = catalogue.decodeJson(mapper.writeValueAsBytes(envelope));
        } catch (java.io.IOException e) {
            throw new CaseException(400, "EEG-REQ-MALFORMED", "the body could not be read as a disclosure");
        }
        if (decoded instanceof eu.eevidence.gw.schema.codec.Decoded.Invalid invalid) {
            throw new CaseException(422, "EEG-CASE-FIELD", "the disclosure breaks the catalogue's rules", invalid.violations().stream()
                    .map(x -> new Violation(x.path().replaceFirst("^\\$\\.body", "\\$"), x.code(), x.message())).toList());
        }
        return disclose(who, id, (PartialDisclosure) ((eu.eevidence.gw.schema.codec.Decoded.Valid) decoded).envelope().body());
    }

    public InboundCase disclose(ClientIdentity who, String id, PartialDisclosure disclosure) throws CaseException, SQLException {
        InboundCase current = cases.find(id).orElseThrow(() -> new CaseException(404, "EEG-CASE-NOT-FOUND", "no case with this id"));
        if (!RequestFamily.PRESERVATION.name().equals(current.family())) {
            throw new CaseException(409, "EEG-CASE-ILLEGAL", "an Art. 30 disclosure is made while executing a preservation; this case is a "
                    + current.family());
        }
        if (!EnumSet.of(CaseState.ORDERED, CaseState.PRESERVED, CaseState.HELD, CaseState.EXECUTING).contains(current.state())) {
            throw new CaseException(409, "EEG-CASE-ILLEGAL", "an Art. 30 disclosure is made while the preservation is being executed; the case is "
                    + current.state());
        }
        Instant now = clock.instant();
        InboundCase result;
        try {
            result = cases.database().inTransaction(c -> {
                InboundCase k = cases.find(c, id, true).orElseThrow();
                Envelope original = DomesticOrder.envelope(cases.content(c, k.id()));
                List<Violation> v = catalogue.validate(new Envelope(k.id() + ".check", k.messageId(), Envelope.CURRENT_VERSION, original.receiver(),
                        original.sender(), OffsetDateTime.ofInstant(now, ZoneOffset.UTC), disclosure));
                if (!v.isEmpty()) {
                    throw new Refused(new CaseException(422, "EEG-CASE-FIELD", "the disclosure breaks the catalogue's rules", v));
                }
                String actor = "client:" + who.fingerprint();
                cases.appendEvent(c, k.id(), new CaseEvent(0, "ART30_DISCLOSED", k.state(), k.state(), now, now, actor,
                        "traffic data identifying " + disclosure.thirdStateProvider().name() + " (" + disclosure.thirdStateProvider().country()
                                + ") disclosed to the requesting Party"));
                stage(c, CustodyEventType.EVIDENCE_RECEIVED, k.id(), now, actor, who.fingerprint(), null,
                        "Art. 30 disclosure to the requesting Party: provider in " + disclosure.thirdStateProvider().country());
                answer(c, k, disclosure, now);
                return cases.find(c, k.id(), false).orElseThrow();
            });
        } catch (Refused r) {
            throw r.cause;
        }
        custody.committed();
        LOG.info("EEG-CASE-DISCLOSED case {} Art. 30 disclosure by {}", id, who.fingerprint());
        return result;
    }

    /** The types whose requested authority may answer itself (ANSWER) instead of ordering from a platform (ADR-0018). */
    static final Set<String> ANSWERABLE = Set.of(MessageType.BUDAPEST_ART35_ASSISTANCE.name(), MessageType.BUDAPEST_ART31_MUTUAL_ASSISTANCE.name(),
            MessageType.PROTOCOL_ART10_EMERGENCY_MLA.name());

    /**
     * ANSWER: the final ExecutionReport the contact point's own answer becomes, checked by the catalogue. Without items of
     * the contact point, the manifest lists the answer text itself ({@code answer}, text/plain, its size and SHA-256), since
     * a report's manifest is never empty.
     *
     * @throws CaseException EEG-CASE-NOT-ANSWERABLE (409) for a type a provider must execute; EEG-CASE-FIELD (422)
     */
    private ExecutionReport answerReport(InboundCase k, Decision d, Instant now) throws CaseException, SQLException {
        if (!ANSWERABLE.contains(k.messageType())) {
            throw new CaseException(409, "EEG-CASE-NOT-ANSWERABLE", "a " + k.messageType() + " is carried out by a service provider (ACCEPT with a "
                    + "platform); only an Art. 35 assistance request, an Art. 31 or a Protocol Art. 10 request can be answered by this authority itself");
        }
        String summary = d.summary().strip();
        List<eu.eevidence.gw.schema.EvidenceManifest.Item> items = d.items();
        if (items == null || items.isEmpty()) {
            byte[] text = summary.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            items = List.of(new eu.eevidence.gw.schema.EvidenceManifest.Item("answer", "text/plain", (long) text.length, IntakeService.sha256(text),
                    "the requested Party's answer, as in the report's remarks", null));
        }
        ExecutionReport report = new ExecutionReport(ExecutionReport.Completeness.FINAL, new eu.eevidence.gw.schema.EvidenceManifest(items), summary);
        Envelope original = DomesticOrder.envelope(cases.content(k.id()));
        List<Violation> v = catalogue.validate(new Envelope(k.id() + ".check", k.messageId(), Envelope.CURRENT_VERSION, original.receiver(),
                original.sender(), OffsetDateTime.ofInstant(now, ZoneOffset.UTC), report));
        if (!v.isEmpty()) {
            throw new CaseException(422, "EEG-CASE-FIELD", "the answer breaks the catalogue's rules for an execution report", v.stream()
                    .map(x -> new Violation(x.path().replaceFirst("^\\$\\.body\\.manifest\\.", "\\$.").replaceFirst("^\\$\\.body\\.remarks", "\\$.summary"),
                            x.code(), x.message())).toList());
        }
        return report;
    }

    private InboundCase decideInTx(Connection c, ClientIdentity who, InboundCase k, Decision d, ExecutionReport report, Instant now)
            throws CaseException, SQLException {
        if (d.kind() == Decision.Kind.REFUSE) {
            k = withOrphanOrder(k, now); // an accepted case whose order was made but not linked: it is withdrawn again
        }
        k.state().move(d.kind().target());
        String actor = "client:" + who.fingerprint();
        InboundCase.Builder b = with(k, d.kind().target(), now).decided(who, d.kind().name(), now);
        switch (d.kind()) {
            case REFUSE: {
                Refusal.Ground ground = d.ground();
                b.reason(ground.name(), d.reason().strip());
                if (k.domesticRequestId() != null) {
                    b.pending(WITHDRAW);
                }
                cases.update(c, b.build());
                cases.appendEvent(c, k.id(), new CaseEvent(0, "REFUSED", k.state(), CaseState.REFUSED, now, now, actor, ground + ": " + d.reason().strip()));
                stage(c, CustodyEventType.REQUEST_REFUSED, k.id(), now, actor, who.fingerprint(), null, "refused by the requested Party: " + ground);
                answer(c, k, new Refusal(Refusal.Scope.FULL, Set.of(ground), null, d.reason().strip()), now);
                release(c, k, now);
                break;
            }
            case POSTPONE: {
                b.reason("POSTPONED", d.reason().strip()).postponedUntil(d.until());
                cases.update(c, b.build());
                cases.appendEvent(c, k.id(), new CaseEvent(0, "POSTPONED", k.state(), CaseState.POSTPONED, now, now, actor,
                        "until " + d.until() + ": " + d.reason().strip()));
                stage(c, CustodyEventType.CLARIFICATION, k.id(), now, actor, who.fingerprint(), null, "postponed until " + d.until());
                answer(c, k, new Postponement(OffsetDateTime.ofInstant(d.until(), ZoneOffset.UTC), d.reason().strip()), now);
                break;
            }
            case ANSWER: {
                b.reason("ANSWERED", report.remarks().length() > 1000 ? report.remarks().substring(0, 1000) : report.remarks());
                cases.update(c, b.build());
                cases.appendEvent(c, k.id(), new CaseEvent(0, "ANSWERED", k.state(), CaseState.COMPLETED, now, now, actor,
                        "answered by the requested Party itself: final execution report, " + report.manifest().items().size() + " item(s)"));
                stage(c, CustodyEventType.EVIDENCE_RECEIVED, k.id(), now, actor, who.fingerprint(),
                        IntakeService.sha256(report.remarks().getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                        "answered by the requested Party: final execution report, " + report.manifest().items().size() + " item(s)");
                answer(c, k, report, now);
                release(c, k, now);
                break;
            }
            case CLARIFY: {
                b.reason("CLARIFICATION", d.question().strip());
                cases.update(c, b.build());
                cases.appendEvent(c, k.id(), new CaseEvent(0, "CLARIFICATION_REQUESTED", k.state(), CaseState.CLARIFICATION_REQUESTED, now, now, actor,
                        d.question().strip()));
                stage(c, CustodyEventType.CLARIFICATION, k.id(), now, actor, who.fingerprint(), null, "clarification requested");
                answer(c, k, new ClarificationRequest(List.of(d.question().strip()), null), now);
                break;
            }
            default:
                throw new IllegalStateException(d.kind().name());
        }
        return cases.find(c, k.id(), false).orElseThrow();
    }

    /**
     * ACCEPT: (1) the decision is recorded (ACCEPTED); (2) the re-addressed request goes through the node's intake with the
     * deciding contact point as owner and the idempotency key {@code case-<id>}; (3) the case is linked to the domestic
     * request (ORDERED) and the requester acknowledged. A failure after (1) leaves the case ACCEPTED: the same ACCEPT again
     * resumes at (2) without a second order (same key).
     */
    private InboundCase accept(ClientIdentity who, InboundCase current, String platformId) throws CaseException, SQLException {
        if (directory.find(platformId).isEmpty()) {
            throw new CaseException(422, "EEG-CASE-UNKNOWN-PLATFORM", "this node has no platform '" + platformId + "' in its directory",
                    List.of(new Violation("$.platformId", "EEG-CASE-UNKNOWN-PLATFORM", "not a platform of this node")));
        }
        if (!DomesticOrder.routable(current.messageType())) {
            throw new CaseException(422, "EEG-CASE-NO-ROUTE", "a " + current.messageType()
                    + " names no platform; this node cannot order it from a platform (refuse it, or handle it outside the gateway)");
        }
        Envelope received = DomesticOrder.envelope(cases.content(current.id()));
        DomesticOrder.readdress(received, platformId).orElseThrow(() -> new CaseException(422, "EEG-CASE-NO-ROUTE",
                "the request does not say which provider holds the data in a form this node can re-address"));
        Instant now = clock.instant();
        InboundCase accepted;
        try {
            accepted = cases.database().inTransaction(c -> {
                InboundCase k = cases.find(c, current.id(), true).orElseThrow();
                if (k.state() == CaseState.ACCEPTED && k.domesticRequestId() == null) {
                    if (!platformId.equals(k.platformId())) {
                        throw new Refused(new CaseException(409, "EEG-CASE-ILLEGAL", "the case was accepted for platform " + k.platformId()
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
                cases.update(c, with(k, CaseState.ACCEPTED, now).decided(who, "ACCEPT", now).platform(platformId).build());
                cases.appendEvent(c, k.id(), new CaseEvent(0, "ACCEPTED", k.state(), CaseState.ACCEPTED, now, now, actor, "order to platform " + platformId));
                stage(c, CustodyEventType.ACKNOWLEDGED, k.id(), now, actor, who.fingerprint(), k.contentSha256(),
                        "accepted by the requested Party; order to platform " + platformId);
                return cases.find(c, k.id(), false).orElseThrow();
            });
        } catch (Refused r) {
            throw r.cause;
        }
        custody.committed();
        ClientIdentity owner = new ClientIdentity(accepted.decidedBy(), accepted.decidedBySubject(), Set.of(Role.CONTACT_POINT));
        // made from the durable decision (its time, the case id), so that a resumed ACCEPT makes the same order
        byte[] order = DomesticOrder.readdress(received, platformId, accepted.id(), accepted.decidedAt() == null ? now : accepted.decidedAt())
                .orElseThrow(() -> new CaseException(422, "EEG-CASE-NO-ROUTE", "the request could not be re-addressed"));
        IntakeResult result = intake.submit(owner, order, orderKey(accepted));
        String domesticId;
        if (result instanceof IntakeResult.Created created) {
            domesticId = created.request().id();
        } else if (result instanceof IntakeResult.Replayed replayed) {
            domesticId = replayed.request().id();
        } else if (result instanceof IntakeResult.Invalid invalid) {
            LOG.warn("EEG-CASE-ORDER-INVALID case {}: {}", accepted.id(), invalid.violations().stream().map(Violation::code).distinct().toList());
            throw new CaseException(422, "EEG-CASE-ORDER-INVALID", "the domestic order made from this request was refused by the node's intake; "
                    + "the case stays ACCEPTED (refuse it, or correct the platform)", invalid.violations());
        } else if (result instanceof IntakeResult.Unavailable u) {
            throw new CaseException(503, "EEG-CASE-ORDER-UNAVAILABLE", "the domestic order could not be stored (" + u.code()
                    + "); the case stays ACCEPTED: repeat the same decision");
        } else {
            throw new CaseException(409, "EEG-CASE-ORDER-CONFLICT", "an order with this case's key but other content exists");
        }
        InboundCase ordered = cases.database().inTransaction(c -> {
            RequestRecord r = requests.find(c, domesticId, true).orElseThrow(); // request row first, as the delivery does
            InboundCase k = cases.find(c, accepted.id(), true).orElseThrow();
            if (k.state() != CaseState.ACCEPTED) {
                if (k.state().isTerminal() && k.domesticRequestId() == null && !r.state().isTerminal()) {
                    // withdrawn or refused while the order was being made: the order is linked and withdrawn again
                    Instant at = clock.instant();
                    cases.update(c, with(k, k.state(), at).domestic(domesticId).pending(WITHDRAW).build());
                    cases.appendEvent(c, k.id(), new CaseEvent(0, "ORDER_CANCELLED", k.state(), k.state(), at, at, NODE,
                            "domestic request " + domesticId + " made after the case became " + k.state() + "; it will be withdrawn"));
                    return cases.find(c, k.id(), false).orElseThrow();
                }
                return k; // a concurrent resume finished it
            }
            Instant at = clock.instant();
            cases.update(c, with(k, CaseState.ORDERED, at).domestic(domesticId).build());
            cases.appendEvent(c, k.id(), new CaseEvent(0, "ORDERED", CaseState.ACCEPTED, CaseState.ORDERED, at, at, NODE,
                    "domestic request " + domesticId + " to platform " + k.platformId()));
            k = cases.find(c, k.id(), true).orElseThrow();
            answer(c, k, new Acknowledgement(OffsetDateTime.ofInstant(k.receivedAt(), ZoneOffset.UTC), k.id()), at);
            release(c, k, at);
            sync(c, k, r, at, null);
            return cases.find(c, k.id(), false).orElseThrow();
        });
        custody.committed();
        LOG.info("EEG-CASE-ORDERED case {} as {} to {}", ordered.id(), domesticId, platformId);
        return ordered;
    }

    /**
     * For an ACCEPTED case without a linked order: the order intake made for it (a crash or a race between the intake
     * and the link), linked so that it can be withdrawn.
     */
    private InboundCase withOrphanOrder(InboundCase k, Instant now) throws SQLException {
        if (k.state() != CaseState.ACCEPTED || k.domesticRequestId() != null || k.decidedBy() == null) {
            return k;
        }
        Optional<RequestRecord> made = requests.findByIdempotencyKey(k.decidedBy(), orderKey(k));
        return made.isPresent() ? with(k, k.state(), now).domestic(made.get().id()).build() : k;
    }

    private static String orderKey(InboundCase k) {
        return "case-" + k.id();
    }

    // ------------------------------------------------------------------ the domestic order's progress

    @Override
    public void onEvent(Connection c, RequestRecord r, String event, Instant at, Instant notBefore) throws SQLException {
        Optional<InboundCase> k = cases.findByDomestic(c, r.id());
        if (k.isPresent()) {
            sync(c, k.get(), r, at, notBefore);
        }
    }

    /** Moves the case to where its domestic order stands, and tells the requester (idempotent: state-based). */
    private void sync(Connection c, InboundCase k, RequestRecord r, Instant at, Instant notBefore) throws SQLException {
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
        cases.update(c, with(k, target, now).build());
        cases.appendEvent(c, k.id(), new CaseEvent(0, target.name(), k.state(), target, at == null ? now : at, now, actor,
                "domestic request " + r.id() + " is " + r.state()));
        InboundCase moved = cases.find(c, k.id(), true).orElseThrow();
        switch (target) {
            case PRESERVED: {
                Instant from = r.preservationStart() != null ? r.preservationStart() : at;
                Instant until = r.preservationEnd() != null ? r.preservationEnd() : notBefore;
                stage(c, CustodyEventType.PRESERVATION_CONFIRMED, k.id(), now, actor, null, null, "preserved by " + r.platformId() + " until " + until);
                if (from != null && until != null) {
                    answer(c, moved, new PreservationConfirmed(OffsetDateTime.ofInstant(from, ZoneOffset.UTC), OffsetDateTime.ofInstant(until, ZoneOffset.UTC),
                            null), now);
                } else {
                    notSent(c, moved, "PRESERVATION_CONFIRMED", "the platform stated no preservation period", now);
                }
                break;
            }
            case REFUSED: {
                stage(c, CustodyEventType.REQUEST_REFUSED, k.id(), now, actor, null, null, "refused by platform " + r.platformId());
                Refusal refusal = relayed(c, r.id(), "REFUSAL", Refusal.class).orElseGet(() -> new Refusal(Refusal.Scope.FULL, Set.of(Refusal.Ground.OTHER),
                        null, "the service provider refused" + (r.failureReason() == null ? "" : ": " + r.failureReason())));
                answer(c, moved, refusal, now);
                break;
            }
            case COMPLETED: {
                Optional<ExecutionReport> report = relayed(c, r.id(), "EXECUTION_REPORT", ExecutionReport.class);
                if (report.isPresent()) {
                    answer(c, moved, report.get(), now);
                } else if (!RequestFamily.PRESERVATION.name().equals(k.family())) {
                    notSent(c, moved, "EXECUTION_REPORT", "the platform's execution report is not stored on this node", now);
                }
                break;
            }
            case ORDER_FAILED:
                LOG.error("EEG-CASE-ORDER-FAILED case {}: domestic request {} could not be delivered; the contact point must decide", k.id(), r.id());
                break;
            default:
                break;
        }
    }

    /** The body of the platform's own answer of that type, to relay it as it was given. */
    private <T> Optional<T> relayed(Connection c, String requestId, String type, Class<T> cls) throws SQLException {
        Optional<byte[]> body = cases.latestPlatformAnswer(c, requestId, type);
        if (body.isEmpty()) {
            return Optional.empty();
        }
        try {
            Envelope e = DomesticOrder.envelope(body.get());
            return cls.isInstance(e.body()) ? Optional.of(cls.cast(e.body())) : Optional.empty();
        } catch (IllegalStateException e) {
            return Optional.empty();
        }
    }

    // ------------------------------------------------------------------ Art. 29(7): preserved pending the MLA decision

    /** A mutual-assistance request followed a preservation case: the preservation is held until it is decided. */
    private void hold(Connection c, InboundCase preservation, String mlaCaseId, Instant at, Instant now) throws SQLException {
        if (preservation.state() != CaseState.PRESERVED || preservation.domesticRequestId() == null) {
            cases.appendEvent(c, preservation.id(), new CaseEvent(0, "MLA_RECEIVED", preservation.state(), preservation.state(), at, now, NODE,
                    "case " + mlaCaseId + " follows this one; nothing to hold while the case is " + preservation.state()));
            return;
        }
        cases.update(c, with(preservation, CaseState.HELD, now).pending(HOLD).build());
        cases.appendEvent(c, preservation.id(), new CaseEvent(0, "HELD", CaseState.PRESERVED, CaseState.HELD, at, now, NODE,
                "mutual-assistance request case " + mlaCaseId + " received (Art. 29(7)): preserved until it is decided"));
    }

    /** The mutual-assistance case {@code mla} was decided or ended: its preservation case is no longer held. */
    private void release(Connection c, InboundCase mla, Instant now) throws SQLException {
        if (mla.relatedCaseId() == null || !RequestFamily.MUTUAL_ASSISTANCE.name().equals(mla.family())) {
            return;
        }
        Optional<InboundCase> p = cases.find(c, mla.relatedCaseId(), true);
        if (p.isEmpty() || p.get().state() != CaseState.HELD) {
            return;
        }
        InboundCase held = p.get();
        cases.update(c, with(held, CaseState.PRESERVED, now).pending(HOLD.equals(held.pendingAction()) ? null : RELEASE).build());
        cases.appendEvent(c, held.id(), new CaseEvent(0, "RELEASED", CaseState.HELD, CaseState.PRESERVED, now, now, NODE,
                "mutual-assistance request case " + mla.id() + " decided"));
    }

    // ------------------------------------------------------------------ domestic work after the commit

    /** Applies the domestic side of follow-ups recorded as {@code pending_action}; returns how many were done. */
    public int processPending() throws SQLException {
        int done = 0;
        for (String id : cases.pending()) {
            try {
                if (processPending(id)) {
                    done++;
                }
            } catch (SQLException | RuntimeException e) {
                // one case's failure must not starve the others; the mark stays and is retried on the next sweep
                LOG.warn("EEG-CASE-PENDING-RETRY case {}: {}", id, e.getClass().getSimpleName());
            }
        }
        return done;
    }

    private boolean processPending(String id) throws SQLException {
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
                default:
                    r = new ActionResult.Rejected(500, "EEG-CASE-PENDING-UNKNOWN", action);
            }
            if (r instanceof ActionResult.Rejected rej) {
                if (rej.status() >= 500) {
                    LOG.warn("EEG-CASE-PENDING-RETRY case {} {}: {}", id, action, rej.code());
                    return false;
                }
                outcome = rej.code() + ": " + rej.message();
            } else {
                outcome = "done";
            }
        }
        String result = outcome;
        cases.database().inTransaction(c -> {
            InboundCase now = cases.find(c, id, true).orElseThrow();
            if (action.equals(now.pendingAction())) {
                Instant t = clock.instant();
                cases.update(c, with(now, now.state(), t).pending(null).build());
                cases.appendEvent(c, id, new CaseEvent(0, "DOMESTIC_" + action, now.state(), now.state(), t, t, NODE,
                        (now.domesticRequestId() == null ? "" : now.domesticRequestId() + ": ") + result));
            }
            return null;
        });
        return true;
    }

    // ------------------------------------------------------------------ helpers

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

    /** Builds, checks and hands an answer to the transport; records it on the case. */
    private void answer(Connection c, InboundCase k, LifecycleMessage.Answer body, Instant now) throws SQLException {
        Envelope original = DomesticOrder.envelope(cases.content(c, k.id()));
        int n = cases.messages(c, k.id()).size();
        String messageId = k.id() + "." + body.type().name().toLowerCase(java.util.Locale.ROOT) + "." + n;
        Envelope e = new Envelope(messageId, k.messageId(), Envelope.CURRENT_VERSION, original.receiver(), original.sender(),
                OffsetDateTime.ofInstant(now, ZoneOffset.UTC), body);
        List<Violation> v = catalogue.validate(e);
        if (!v.isEmpty()) {
            notSent(c, k, body.type().name(), v.stream().map(x -> x.path() + " " + x.code()).toList().toString(), now);
            return;
        }
        byte[] json = catalogue.encodeJson(e);
        String outbox = peers.send(c, k.peerNodeId(), messageId, json);
        cases.insertMessage(c, k.id(), "OUT", messageId, body.type().name(), json, IntakeService.sha256(json), now, outbox);
        cases.appendEvent(c, k.id(), new CaseEvent(0, "ANSWER_SENT", k.state(), k.state(), now, now, NODE,
                body.type().name() + " " + messageId + " to node " + k.peerNodeId()));
    }

    private void notSent(Connection c, InboundCase k, String type, String why, Instant now) throws SQLException {
        LOG.error("EEG-CASE-ANSWER-INVALID case {}: {} not sent: {}", k.id(), type, why);
        cases.appendEvent(c, k.id(), new CaseEvent(0, "ANSWER_NOT_SENT", k.state(), k.state(), now, now, NODE,
                "EEG-CASE-ANSWER-INVALID " + type + ": " + why));
    }

    private void stage(Connection c, CustodyEventType type, String caseId, Instant at, String actor, String certSha256, String sha, String detail)
            throws SQLException {
        custody.stage(c, new CustodyEvent(type, caseId, at, actor, certSha256, null, null, sha, detail));
    }

    private static String fingerprint(PeerSpec p) {
        return Certificates.sha256Fingerprint(p.certificate());
    }

    private static InboundCase.Builder with(InboundCase k, CaseState state, Instant now) {
        return new InboundCase.Builder(k).state(state).updated(now);
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
