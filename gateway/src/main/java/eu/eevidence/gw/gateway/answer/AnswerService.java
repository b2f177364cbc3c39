package eu.eevidence.gw.gateway.answer;

import eu.eevidence.gw.gateway.infra.Tx;
import eu.eevidence.gw.custody.entry.CustodyEventType;
import eu.eevidence.gw.gateway.custody.CustodyEvent;
import eu.eevidence.gw.gateway.custody.CustodyRecorder;
import eu.eevidence.gw.gateway.routing.Platform;
import eu.eevidence.gw.gateway.routing.PlatformRoutes;
import eu.eevidence.gw.gateway.access.ClientIdentity;
import eu.eevidence.gw.gateway.order.Digests;
import eu.eevidence.gw.gateway.order.EventCode;
import eu.eevidence.gw.gateway.order.LifecycleListener;
import eu.eevidence.gw.gateway.order.PayloadFormat;
import eu.eevidence.gw.gateway.order.RequestRecord;
import eu.eevidence.gw.gateway.order.RequestRepository;
import eu.eevidence.gw.gateway.order.RequestState;
import eu.eevidence.gw.gateway.order.TimelineEvent;
import eu.eevidence.gw.pki.Certificates;
import eu.eevidence.gw.schema.Acknowledgement;
import eu.eevidence.gw.schema.ClarificationRequest;
import eu.eevidence.gw.schema.ContentRemoved;
import eu.eevidence.gw.schema.HashListApplied;
import eu.eevidence.gw.gateway.order.RemovalStore;
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

import eu.eevidence.gw.pki.OpenedMessage;
import eu.eevidence.gw.pki.PkiError;
import eu.eevidence.gw.pki.PkiException;

import javax.security.auth.x500.X500Principal;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import eu.eevidence.gw.gateway.http.CommonError;
import eu.eevidence.gw.gateway.order.OrderError;

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

    /** The lifecycle event of an Art. 30 partial disclosure received while a preservation runs (no state change). */
    public static final String PARTIAL_DISCLOSURE = "PARTIAL_DISCLOSURE";

    private static final Logger LOG = LoggerFactory.getLogger(AnswerService.class);

    private final RequestRepository requests;
    private final PlatformRoutes directory;
    private final LifecycleListener lifecycle;
    private final CustodyRecorder custody;
    private final Clock clock;
    private final MessageCatalogue catalogue = new MessageCatalogue();
    private final RemovalStore removals = new RemovalStore();
    private final eu.eevidence.gw.gateway.order.HashListStore hashLists = new eu.eevidence.gw.gateway.order.HashListStore();

    public AnswerService(RequestRepository requests, PlatformRoutes directory, LifecycleListener lifecycle, CustodyRecorder custody, Clock clock) {
        this(requests, directory, lifecycle, custody, clock, null, null);
    }

    /**
     * @param signedAnswers enables signed CMS answers ({@link #answerSigned}); null: they are refused with
     *                      {@code EEG-TRUST-SIGNED-UNSUPPORTED}
     * @param peerReports   where peers' execution reports are announced (the evidence transfer records its jobs there); null: nowhere
     */
    public AnswerService(RequestRepository requests, PlatformRoutes directory, LifecycleListener lifecycle, CustodyRecorder custody, Clock clock,
                         SignedAnswerVerifier signedAnswers, PeerReportListener peerReports) {
        this.signedAnswers = signedAnswers;
        this.peerReports = peerReports;
        this.requests = requests;
        this.directory = directory;
        this.lifecycle = lifecycle;
        this.custody = custody;
        this.clock = clock;
    }

    /** What an answer does to the request. */
    record Effect(EventCode event, RequestState target, String deadlineEvent, Instant notBefore, CustodyEventType custody, String outcome) {
    }

    /** How old the signing time of a signed answer may be; older ones are replays ({@code EEG-PKI-014}). */
    public static final Duration SIGNED_ANSWER_MAX_AGE = Duration.ofHours(24);

    private final SignedAnswerVerifier signedAnswers;

    /**
     * A signed answer: a CMS SignedData (optionally AuthEnveloped to the node) whose content is a JSON or XML answer
     * envelope. The signature must verify (pki profile, node trust), the signer must carry the role PLATFORM and be the
     * platform of the TLS connection (same certificate, or same subject after a key rollover), and the signing time must
     * be recent ({@link #SIGNED_ANSWER_MAX_AGE}); the same signed answer is accepted once (a second arrival is a replay,
     * {@code EEG-PKI-014}). The SignedData bytes are stored as the answer's body and their SHA-256 goes to the custody log.
     */
    public AnswerResult answerSigned(ClientIdentity caller, byte[] cms) {
        SignedAnswerVerifier verifier = signedAnswers;
        if (verifier == null) {
            return reject(415, AnswerError.TRUST_SIGNED_UNSUPPORTED.code(), "$", "this node does not accept signed answers");
        }
        SignedAnswerVerifier.Verified v;
        try {
            v = verifier.verify(cms);
        } catch (PkiException e) {
            LOG.info("{} signed answer from {} refused: {}", e.code(), caller.fingerprint(), e.getMessage());
            return reject(statusOf(e.error()), e.code(), "$", "the signed answer was not accepted: " + e.error().message());
        }
        OpenedMessage m = v.message();
        if (!sameParty(caller, m.signer())) {
            LOG.info(CommonError.TRUST_SIGNER_MISMATCH.code() + " signed answer from {} signed by {}", caller.fingerprint(),
                    m.signer().getSubjectX500Principal());
            return reject(403, CommonError.TRUST_SIGNER_MISMATCH.code(), "$",
                    "the answer is signed by " + m.signer().getSubjectX500Principal().getName() + ", not by the platform of this connection");
        }
        if (m.signingTime().isBefore(clock.instant().minus(SIGNED_ANSWER_MAX_AGE))) {
            return reject(409, PkiError.REPLAY.code(), "$", "the answer was signed at " + m.signingTime() + ", more than "
                    + SIGNED_ANSWER_MAX_AGE.toHours() + " hours ago: an old message is not accepted again");
        }
        byte[] content = m.content();
        int i = 0;
        while (i < content.length && Character.isWhitespace(content[i])) {
            i++;
        }
        PayloadFormat format = i < content.length && content[i] == '<' ? PayloadFormat.XML : PayloadFormat.JSON;
        return apply(caller, content, format, new Signed(v.signedData(), m));
    }

    /** The evidence of a signed answer. */
    private record Signed(byte[] signedData, OpenedMessage message) {
    }

    public static int statusOf(PkiError e) {
        switch (e) {
            case MALFORMED_CMS:
                return 400;
            case UNTRUSTED_SIGNER:
            case SIGNER_EXPIRED:
            case REVOKED:
            case ROLE_MISMATCH:
                return 403;
            case REPLAY:
                return 409;
            case REVOCATION_UNKNOWN:
            case INTERNAL:
            case TSA_UNAVAILABLE:
                return 503;
            default:
                return 422;
        }
    }

    private static String clip(String s, int max) {
        return s.length() > max ? s.substring(0, max) : s;
    }

    private static boolean sameParty(ClientIdentity caller, X509Certificate signer) {
        if (Certificates.sha256Fingerprint(signer).equals(caller.fingerprint())) {
            return true;
        }
        try {
            return new X500Principal(caller.subject()).equals(signer.getSubjectX500Principal());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public AnswerResult answer(ClientIdentity caller, byte[] body, PayloadFormat format) {
        return apply(caller, body, format, null);
    }

    private AnswerResult apply(ClientIdentity caller, byte[] body, PayloadFormat format, Signed signed) {
        Decoded decoded = format == PayloadFormat.XML ? catalogue.decodeXml(body) : catalogue.decodeJson(body);
        if (decoded instanceof Decoded.Invalid invalid) {
            return invalid.syntactic()
                    ? new AnswerResult.Rejected(400, AnswerError.REQ_MALFORMED.code(), "the body could not be read as a catalogue message",
                            invalid.violations())
                    : new AnswerResult.Rejected(422, AnswerError.REQ_INVALID.code(), "the message breaks the rules listed in errors", invalid.violations());
        }
        Envelope envelope = ((Decoded.Valid) decoded).envelope();
        if (envelope.messageType() == eu.eevidence.gw.schema.MessageType.PLATFORM_EMERGENCY_DISCLOSURE) { // ADR-0031
            return reject(422, AnswerError.ANS_NOT_AN_ANSWER.code(), "$.body.type", "a platform's emergency disclosure is not an answer: the answer"
                    + " channels do not carry it; send it signed to /api/v1/platform/emergency-disclosures");
        }
        if (!(envelope.body() instanceof LifecycleMessage.Answer answer)) {
            return reject(422, AnswerError.ANS_NOT_AN_ANSWER.code(), "$.body.type", envelope.messageType() + " is not an answer of the addressee");
        }
        if (envelope.correlationId() == null) {
            return reject(422, AnswerError.ANS_NO_CORRELATION.code(), "$.correlationId", "name the request this answers (its request id or message id)");
        }
        Optional<RequestRecord> byId = requests.findByIdOrMessageId(envelope.correlationId());
        Optional<RequestRecord> found = byId.isPresent() || !(answer instanceof HashListApplied) ? byId
                : requests.database().read(c -> hashLists.requestOf(c, envelope.correlationId())) // ADR-0038: a list by its id
                        .flatMap(requests::findByIdOrMessageId);
        if (found.isEmpty() || !fromItsPlatform(caller, found.get())) {
            return new AnswerResult.Rejected(404, CommonError.REQ_NOT_FOUND.code(), "no request with this id is addressed to your platform", List.of());
        }
        String requestId = found.get().id();
        AnswerResult result = requests.database().inTx(c -> apply(c, requestId, envelope, answer, caller.fingerprint(),
                "platform:" + found.get().platformId(), signed));
        custody.committed();
        if (result instanceof AnswerResult.Applied a && !a.duplicate()) {
            LOG.info(AnswerError.ANS_APPLIED.code() + " request {} {} from {}: {}", requestId, envelope.messageType(), caller.fingerprint(), a.outcome());
        }
        return result;
    }

    /**
     * An answer from the peer node that a request of this node was sent to (its platform id is the peer's node id), in
     * the caller's transaction; the caller calls {@code custody.committed()} after its commit. Empty when the envelope
     * is not an answer to a request of this node sent to that peer.
     */
    public Optional<AnswerResult> applyFromPeer(Tx c, String peerNodeId, String peerFingerprint, Envelope envelope) {
        if (!(envelope.body() instanceof LifecycleMessage.Answer answer) || envelope.correlationId() == null) {
            return Optional.empty();
        }
        Optional<RequestRecord> found = requests.findByIdOrMessageId(envelope.correlationId());
        if (found.isEmpty() || !peerNodeId.equals(found.get().platformId())) {
            return Optional.empty();
        }
        AnswerResult result = apply(c, found.get().id(), envelope, answer, peerFingerprint, "node:" + peerNodeId, null);
        // --- xfer: the evidence items of a peer's execution report are fetched from it (ADR-0017) ---
        PeerReportListener listener = peerReports;
        if (listener != null && answer instanceof ExecutionReport report && result instanceof AnswerResult.Applied applied && !applied.duplicate()) {
            listener.executionReport(c, found.get().id(), peerNodeId, envelope.correlationId(), envelope.messageId(), report);
        }
        // --- xfer: end ---
        return Optional.of(result);
    }

    // --- xfer: hook for the evidence transfer between nodes (ADR-0017) ---
    /** Called in the transaction that applied a peer node's execution report to a request of this node (not for a repeat). */
    @FunctionalInterface
    public interface PeerReportListener {
        void executionReport(Tx c, String requestId, String peerNodeId, String messageId, String answerId, ExecutionReport report);
    }

    private final PeerReportListener peerReports;
    // --- xfer: end ---

    private AnswerResult apply(Tx c, String requestId, Envelope envelope, LifecycleMessage.Answer answer, String callerFingerprint,
                               String actor, Signed signed) {
        byte[] canonical = signed == null ? catalogue.encodeJson(envelope) : signed.signedData();
        String hash = Digests.sha256(canonical);
        Instant now = clock.instant();
        Effect computed = effect(answer);
        RequestRecord r = requests.find(c, requestId, true).orElseThrow();
        if (answer instanceof PartialDisclosure && !r.state().isTerminal() && !r.lifecycle().canMove(r.state(), RequestState.PARTIALLY_EXECUTED)) {
            // Budapest Art. 30 while the data are preserved (Art. 29): the preservation goes on; the disclosure is recorded and passed on
            computed = new Effect(EventCode.ANSWER_RECEIVED, null, PARTIAL_DISCLOSURE, null, CustodyEventType.EVIDENCE_RECEIVED,
                    "Art. 30 partial disclosure of traffic data (the preservation continues)");
        }
        Effect effect = computed;
        Optional<String[]> earlier = store().answerStored(c, envelope.messageId());
        if (earlier.isPresent()) {
            if (!earlier.get()[0].equals(hash) || !earlier.get()[1].equals(requestId)) {
                return new AnswerResult.Rejected(409, AnswerError.ANS_CONFLICT.code(), "this message id was already used for another answer", List.of());
            }
            if (signed != null) {
                return new AnswerResult.Rejected(409, PkiError.REPLAY.code(), "this signed answer was already received", List.of());
            }
            return new AnswerResult.Applied(r, earlier.get()[2], true);
        }
        Optional<String> list = answer instanceof HashListApplied hl ? HashListFigures.listOf(c, hashLists, requestId, envelope.correlationId())
                : Optional.empty();
        if (answer instanceof HashListApplied hl && (list.isEmpty()
                || !hashLists.recordApplied(c, requestId, list.get(), HashListFigures.of(hl, envelope.messageId())))) {
            return new AnswerResult.Rejected(422, AnswerError.ANS_NO_HASH_LIST.code(), "no hash list of this request is named by the"
                    + " correlationId (a list id, or the request for its latest list), or a figure names a hash beyond the list", List.of());
        }
        RequestState from = r.state();
        RequestState to = from;
        if (effect.target() != null && effect.target() != from) {
            if (r.lifecycle().canMove(from, effect.target())) {
                to = effect.target();
            } else if (!(actor.startsWith("node:") && lateAcknowledgement(from, effect.target())) && (from.isTerminal() || !passed(r, effect.target()))) {
                return new AnswerResult.Rejected(409, OrderError.LIFE_001.code(), "a " + effect.outcome() + " is not possible while the request is "
                        + from, List.of());
            }
        }
        // a removal happened when the platform says it did: the preservation of the removed content runs from then (ADR-0033)
        Instant occurred = answer instanceof ContentRemoved cr ? cr.removedAt().toInstant() : envelope.createdAt().toInstant();
        store().insertAnswer(c, envelope, requestId, callerFingerprint, hash, canonical, now, effect.outcome());
        if (to != from) {
            requests.setState(c, requestId, to, now);
        }
        requests.appendEvent(c, requestId, new TimelineEvent(0, effect.event(), from, to, occurred, now, actor,
                clip(envelope.messageType() + " " + envelope.messageId() + ": " + effect.outcome()
                        + (signed == null ? "" : "; signed by " + signed.message().signer().getSubjectX500Principal().getName()
                        + " at " + signed.message().signingTime()), 2000)));
        if (answer instanceof PreservationConfirmed pc) {
            store().setPreservation(c, requestId, pc.preservedFrom().toInstant(), pc.preservedUntil().toInstant());
        }
        if (answer instanceof ContentRemoved cr) {
            removals.recordRemoved(c, requestId, RemovalFigures.of(cr, envelope.messageId()));
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

    /**
     * A peer node's acknowledgement that arrives after the request ended (its outbox sends a case's answers on a queue with
     * several consumers and retries, so its final report can overtake its acknowledgement): stored and on the timeline, no
     * state change, so that the peer's outbox entry ends SENT rather than FAILED with EEG-LIFE-001. Platforms answering
     * through the platform API keep getting 409 for it (they send in order).
     */
    private static boolean lateAcknowledgement(RequestState from, RequestState target) {
        return target == RequestState.ACKNOWLEDGED && from.isTerminal();
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
        if (answer instanceof HashListApplied hl) {
            return new Effect(EventCode.HASH_LIST_APPLIED, null, null, null, CustodyEventType.HASH_LIST_APPLIED, HashListFigures.outcome(hl));
        }
        if (answer instanceof ContentRemoved cr) {
            return new Effect(EventCode.REMOVED, RequestState.REMOVED, "REMOVED", cr.preservedUntil() == null ? null : cr.preservedUntil().toInstant(),
                    CustodyEventType.CONTENT_REMOVED, RemovalFigures.outcome(cr));
        }
        return new Effect(EventCode.ANSWER_RECEIVED, null, null, null, CustodyEventType.ACKNOWLEDGED, "answer received");
    }

    private void stageCustody(Tx c, RequestRecord r, LifecycleMessage.Answer answer, Effect effect, RequestState from, RequestState to,
                              Instant occurred, String caller, String hash, String messageId, String actor) {
        if (answer instanceof ExecutionReport er) {
            for (EvidenceManifest.Item item : er.manifest().items()) {
                custody.stage(c, new CustodyEvent(CustodyEventType.EVIDENCE_RECEIVED, r.id(), occurred, actor, caller, from, to, item.sha256(),
                        "manifest item of " + messageId));
            }
            return;
        }
        custody.stage(c, new CustodyEvent(effect.custody(), r.id(), occurred, actor, caller, from, to, hash, effect.outcome()));
    }

    private static AnswerResult reject(int status, String code, String path, String message) {
        return new AnswerResult.Rejected(status, code, message, List.of(new Violation(path, code, message)));
    }

    private AnswerStore store() {
        return new AnswerStore(requests.database().dataKeys());
    }
}
