package eu.eevidence.gw.gateway.answer;

import eu.eevidence.gw.custody.entry.CustodyEventType;
import eu.eevidence.gw.gateway.custody.CustodyEvent;
import eu.eevidence.gw.gateway.custody.CustodyRecorder;
import eu.eevidence.gw.gateway.delivery.Platform;
import eu.eevidence.gw.gateway.delivery.PlatformDirectory;
import eu.eevidence.gw.gateway.intake.ClientIdentity;
import eu.eevidence.gw.gateway.intake.IntakeService;
import eu.eevidence.gw.gateway.order.EventCode;
import eu.eevidence.gw.gateway.order.LifecycleListener;
import eu.eevidence.gw.gateway.order.RequestRecord;
import eu.eevidence.gw.gateway.order.RequestRepository;
import eu.eevidence.gw.gateway.order.RequestState;
import eu.eevidence.gw.gateway.order.TimelineEvent;
import eu.eevidence.gw.pki.Certificates;
import eu.eevidence.gw.schema.Acknowledgement;
import eu.eevidence.gw.schema.ClarificationRequest;
import eu.eevidence.gw.schema.Envelope;
import eu.eevidence.gw.schema.EvidenceManifest;
import eu.eevidence.gw.schema.ExecutionReport;
import eu.eevidence.gw.schema.ImpossibilityNotice;
import eu.eevidence.gw.schema.LifecycleMessage;
import eu.eevidence.gw.schema.PartialDisclosure;
import eu.eevidence.gw.schema.Postponement;
import eu.eevidence.gw.schema.PreservationConfirmed;
import eu.eevidence.gw.schema.Refusal;
import eu.eevidence.gw.schema.catalogue.MessageCatalogue;
import eu.eevidence.gw.schema.codec.Decoded;
import eu.eevidence.gw.schema.validation.Violation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * Answers from the addressee of a request (a platform legal team through the node's platform API): acknowledgement,
 * clarification request, Form 3 impossibility, preservation confirmed, partial and final execution reports with their
 * evidence manifest, Art. 30 partial disclosure, refusal, postponement. Each answer is a catalogue message (JSON or XML
 * envelope) whose {@code correlationId} names the request (the gateway's request id or the request's message id).
 * An answer is stored once per message id (a repeat gets the same result, a different body under the same id is a
 * conflict), is accepted only from the certificate of the request's platform, and moves the request's lifecycle and
 * deadlines in the same transaction; every step is a timeline and a custody event. Out-of-order answers that the
 * lifecycle has already passed (an acknowledgement after the preservation confirmation) are stored without moving the
 * state back.
 */
public final class AnswerService {

    private static final Logger LOG = LoggerFactory.getLogger(AnswerService.class);

    private final RequestRepository requests;
    private final PlatformDirectory directory;
    private final LifecycleListener lifecycle;
    private final CustodyRecorder custody;
    private final Clock clock;
    private final MessageCatalogue catalogue = new MessageCatalogue();

    public AnswerService(RequestRepository requests, PlatformDirectory directory, LifecycleListener lifecycle, CustodyRecorder custody, Clock clock) {
        this.requests = requests;
        this.directory = directory;
        this.lifecycle = lifecycle;
        this.custody = custody;
        this.clock = clock;
    }

    /** What an answer does to the request. */
    record Effect(EventCode event, RequestState target, String deadlineEvent, Instant notBefore, CustodyEventType custody, String outcome) {
    }

    public AnswerResult answer(ClientIdentity caller, byte[] body, IntakeService.Format format) throws SQLException {
        Decoded decoded = format == IntakeService.Format.XML ? catalogue.decodeXml(body) : catalogue.decodeJson(body);
        if (decoded instanceof Decoded.Invalid invalid) {
            return invalid.syntactic()
                    ? new AnswerResult.Rejected(400, "EEG-REQ-MALFORMED", "the body could not be read as a catalogue message", invalid.violations())
                    : new AnswerResult.Rejected(422, "EEG-REQ-INVALID", "the message breaks the rules listed in errors", invalid.violations());
        }
        Envelope envelope = ((Decoded.Valid) decoded).envelope();
        if (!(envelope.body() instanceof LifecycleMessage.Answer answer)) {
            return reject(422, "EEG-ANS-NOT-AN-ANSWER", "$.body.type", envelope.messageType() + " is not an answer of the addressee");
        }
        if (envelope.correlationId() == null) {
            return reject(422, "EEG-ANS-NO-CORRELATION", "$.correlationId", "name the request this answers (its request id or message id)");
        }
        Optional<RequestRecord> found = requests.findByIdOrMessageId(envelope.correlationId());
        if (found.isEmpty() || !fromItsPlatform(caller, found.get())) {
            return new AnswerResult.Rejected(404, "EEG-REQ-NOT-FOUND", "no request with this id is addressed to your platform", List.of());
        }
        String requestId = found.get().id();
        AnswerResult result = requests.database().inTransaction(c -> apply(c, requestId, envelope, answer, caller.fingerprint(),
                "platform:" + found.get().platformId()));
        custody.committed();
        if (result instanceof AnswerResult.Applied a && !a.duplicate()) {
            LOG.info("EEG-ANS-APPLIED request {} {} from {}: {}", requestId, envelope.messageType(), caller.fingerprint(), a.outcome());
        }
        return result;
    }

    /**
     * An answer from the peer node that a request of this node was sent to (its platform id is the peer's node id), in
     * the caller's transaction; the caller calls {@code custody.committed()} after its commit. Empty when the envelope
     * is not an answer to a request of this node sent to that peer.
     */
    public Optional<AnswerResult> applyFromPeer(Connection c, String peerNodeId, String peerFingerprint, Envelope envelope) throws SQLException {
        if (!(envelope.body() instanceof LifecycleMessage.Answer answer) || envelope.correlationId() == null) {
            return Optional.empty();
        }
        Optional<RequestRecord> found = requests.findByIdOrMessageId(envelope.correlationId());
        if (found.isEmpty() || !peerNodeId.equals(found.get().platformId())) {
            return Optional.empty();
        }
        return Optional.of(apply(c, found.get().id(), envelope, answer, peerFingerprint, "node:" + peerNodeId));
    }

    private AnswerResult apply(Connection c, String requestId, Envelope envelope, LifecycleMessage.Answer answer, String callerFingerprint,
                               String actor) throws SQLException {
        byte[] canonical = catalogue.encodeJson(envelope);
        String hash = IntakeService.sha256(canonical);
        Instant now = clock.instant();
        Effect effect = effect(answer);
        RequestRecord r = requests.find(c, requestId, true).orElseThrow();
        Optional<String[]> earlier = stored(c, envelope.messageId());
        if (earlier.isPresent()) {
            if (!earlier.get()[0].equals(hash) || !earlier.get()[1].equals(requestId)) {
                return new AnswerResult.Rejected(409, "EEG-ANS-CONFLICT", "this message id was already used for another answer", List.of());
            }
            return new AnswerResult.Applied(r, earlier.get()[2], true);
        }
        RequestState from = r.state();
        RequestState to = from;
        if (effect.target() != null && effect.target() != from) {
            if (r.lifecycle().canMove(from, effect.target())) {
                to = effect.target();
            } else if (from.isTerminal() || !passed(r, effect.target())) {
                return new AnswerResult.Rejected(409, "EEG-LIFE-001", "a " + effect.outcome() + " is not possible while the request is "
                        + from, List.of());
            }
        }
        Instant occurred = envelope.createdAt().toInstant();
        insert(c, envelope, requestId, callerFingerprint, hash, canonical, now, effect.outcome());
        if (to != from) {
            requests.setState(c, requestId, to, now);
        }
        requests.appendEvent(c, requestId, new TimelineEvent(0, effect.event(), from, to, occurred, now, actor,
                envelope.messageType() + " " + envelope.messageId() + ": " + effect.outcome()));
        if (answer instanceof PreservationConfirmed pc) {
            setPreservation(c, requestId, pc.preservedFrom().toInstant(), pc.preservedUntil().toInstant());
        }
        stageCustody(c, r, answer, effect, from, to, occurred, callerFingerprint, hash, envelope.messageId(), actor);
        if (effect.deadlineEvent() != null && to != from || effect.deadlineEvent() != null && effect.target() == null) {
            lifecycle.onEvent(c, requests.find(c, requestId, true).orElseThrow(), effect.deadlineEvent(), occurred, effect.notBefore());
        }
        return new AnswerResult.Applied(requests.find(c, requestId, false).orElseThrow(), effect.outcome(), false);
    }

    /** The requests addressed to the caller's platform(s). */
    public List<String> platformsOf(ClientIdentity caller) {
        return directory.all().stream().filter(p -> matches(caller, p)).map(Platform::id).toList();
    }

    private boolean fromItsPlatform(ClientIdentity caller, RequestRecord r) {
        return directory.find(r.platformId()).map(p -> matches(caller, p)).orElse(false);
    }

    private static boolean matches(ClientIdentity caller, Platform p) {
        return p.encryptionCertificate() != null && Certificates.sha256Fingerprint(p.encryptionCertificate()).equals(caller.fingerprint());
    }

    /** True when the request already went past the target (a late, reordered answer): stored, no state change. */
    private static boolean passed(RequestRecord r, RequestState target) {
        RequestState s = r.state();
        return switch (target) {
            case ACKNOWLEDGED -> s == RequestState.PRESERVED || s == RequestState.EXECUTING || s == RequestState.PARTIALLY_EXECUTED
                    || s == RequestState.CLARIFICATION_REQUESTED;
            case PARTIALLY_EXECUTED -> s == RequestState.PARTIALLY_EXECUTED;
            default -> false;
        };
    }

    static Effect effect(LifecycleMessage.Answer answer) {
        if (answer instanceof Acknowledgement) {
            return new Effect(EventCode.ACKNOWLEDGED, RequestState.ACKNOWLEDGED, "ACKNOWLEDGED", null, CustodyEventType.ACKNOWLEDGED, "acknowledged");
        }
        if (answer instanceof ClarificationRequest) {
            return new Effect(EventCode.CLARIFICATION_REQUESTED, RequestState.CLARIFICATION_REQUESTED, "CLARIFICATION_REQUESTED", null,
                    CustodyEventType.CLARIFICATION, "clarification requested");
        }
        if (answer instanceof ImpossibilityNotice f3) {
            if (f3.clarificationQuestions() != null && !f3.clarificationQuestions().isEmpty()) {
                return new Effect(EventCode.CLARIFICATION_REQUESTED, RequestState.CLARIFICATION_REQUESTED, "CLARIFICATION_REQUESTED", null,
                        CustodyEventType.CLARIFICATION, "Form 3: clarification requested " + f3.reasons());
            }
            return new Effect(EventCode.REFUSED, RequestState.REFUSED, "REFUSED", null, CustodyEventType.REQUEST_REFUSED,
                    "Form 3: impossible to execute " + f3.reasons());
        }
        if (answer instanceof PreservationConfirmed pc) {
            return new Effect(EventCode.PRESERVED, RequestState.PRESERVED, "PRESERVED", pc.preservedUntil().toInstant(),
                    CustodyEventType.PRESERVATION_CONFIRMED, "preserved until " + pc.preservedUntil());
        }
        if (answer instanceof ExecutionReport er) {
            boolean last = er.completeness() == ExecutionReport.Completeness.FINAL;
            return new Effect(last ? EventCode.COMPLETED : EventCode.PARTIALLY_EXECUTED, last ? RequestState.COMPLETED : RequestState.PARTIALLY_EXECUTED,
                    last ? "COMPLETED" : "PARTIALLY_EXECUTED", null, CustodyEventType.EVIDENCE_RECEIVED,
                    (last ? "final" : "partial") + " execution report, " + er.manifest().items().size() + " item(s)");
        }
        if (answer instanceof PartialDisclosure) {
            return new Effect(EventCode.PARTIALLY_EXECUTED, RequestState.PARTIALLY_EXECUTED, "PARTIALLY_EXECUTED", null,
                    CustodyEventType.EVIDENCE_RECEIVED, "Art. 30 partial disclosure");
        }
        if (answer instanceof Refusal ref) {
            boolean full = ref.scope() == Refusal.Scope.FULL;
            return new Effect(EventCode.REFUSED, full ? RequestState.REFUSED : null, full ? "REFUSED" : null, null, CustodyEventType.REQUEST_REFUSED,
                    (full ? "refused " : "partly refused ") + ref.grounds());
        }
        if (answer instanceof Postponement) {
            return new Effect(EventCode.POSTPONED, null, null, null, CustodyEventType.CLARIFICATION, "postponed");
        }
        return new Effect(EventCode.ANSWER_RECEIVED, null, null, null, CustodyEventType.ACKNOWLEDGED, "answer received");
    }

    private void stageCustody(Connection c, RequestRecord r, LifecycleMessage.Answer answer, Effect effect, RequestState from, RequestState to,
                              Instant occurred, String caller, String hash, String messageId, String actor) throws SQLException {
        if (answer instanceof ExecutionReport er) {
            for (EvidenceManifest.Item item : er.manifest().items()) {
                custody.stage(c, new CustodyEvent(CustodyEventType.EVIDENCE_RECEIVED, r.id(), occurred, actor, caller, from, to, item.sha256(),
                        "manifest item of " + messageId));
            }
            return;
        }
        custody.stage(c, new CustodyEvent(effect.custody(), r.id(), occurred, actor, caller, from, to, hash, effect.outcome()));
    }

    private static Optional<String[]> stored(Connection c, String messageId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT body_sha256, request_id, outcome FROM platform_answer WHERE message_id = ?")) {
            ps.setString(1, messageId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)}) : Optional.empty();
            }
        }
    }

    private static void insert(Connection c, Envelope e, String requestId, String sender, String hash, byte[] body, Instant now, String outcome)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO platform_answer (message_id, request_id, message_type, sender_fingerprint, "
                + "body_sha256, body, received_at, outcome) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, e.messageId());
            ps.setString(2, requestId);
            ps.setString(3, e.messageType().name());
            ps.setString(4, sender);
            ps.setString(5, hash);
            ps.setBytes(6, body);
            ps.setObject(7, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
            ps.setString(8, outcome.length() > 200 ? outcome.substring(0, 200) : outcome);
            ps.executeUpdate();
        }
    }

    private static void setPreservation(Connection c, String requestId, Instant from, Instant until) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE request SET preservation_start = ?, preservation_end = ? WHERE id = ?")) {
            ps.setObject(1, OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
            ps.setObject(2, OffsetDateTime.ofInstant(until, ZoneOffset.UTC));
            ps.setString(3, requestId);
            ps.executeUpdate();
        }
    }

    private static AnswerResult reject(int status, String code, String path, String message) {
        return new AnswerResult.Rejected(status, code, message, List.of(new Violation(path, code, message)));
    }
}
