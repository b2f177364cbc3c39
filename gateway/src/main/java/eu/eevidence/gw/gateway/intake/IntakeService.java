package eu.eevidence.gw.gateway.intake;

import eu.eevidence.gw.gateway.delivery.Platform;
import eu.eevidence.gw.gateway.delivery.PlatformDirectory;
import eu.eevidence.gw.gateway.delivery.QueuedMessage;
import eu.eevidence.gw.gateway.custody.CustodyEvents;
import eu.eevidence.gw.gateway.custody.CustodyRecorder;
import eu.eevidence.gw.gateway.order.EventCode;
import eu.eevidence.gw.pki.OpenedMessage;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.gateway.order.LifecycleListener;
import eu.eevidence.gw.gateway.order.NewRequest;
import eu.eevidence.gw.gateway.order.RequestRecord;
import eu.eevidence.gw.gateway.order.RequestRepository;
import eu.eevidence.gw.gateway.order.RequestState;
import eu.eevidence.gw.gateway.order.TimelineEvent;
import eu.eevidence.gw.pki.PkiException;
import eu.eevidence.gw.schema.Envelope;
import eu.eevidence.gw.schema.EvidenceRequest;
import eu.eevidence.gw.schema.MessageType;
import eu.eevidence.gw.schema.catalogue.CorrelationLookup;
import eu.eevidence.gw.schema.catalogue.MessageCatalogue;
import eu.eevidence.gw.schema.codec.Decoded;
import eu.eevidence.gw.schema.PreservationRequest;
import eu.eevidence.gw.schema.codec.DecodeResult;
import eu.eevidence.gw.schema.codec.JsonCodec;
import eu.eevidence.gw.schema.validation.Violation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Takes one submission from a contact point: validate, check idempotency, seal, store, queue. A 2xx outcome
 * ({@link IntakeResult.Created} or {@link IntakeResult.Replayed}) is returned only once the request is in the
 * database and its delivery message is in the broker's journal. Nothing is stored for rejected input.
 */
public final class IntakeService {

    private static final Logger LOG = LoggerFactory.getLogger(IntakeService.class);
    private static final java.util.regex.Pattern KEY = java.util.regex.Pattern.compile("^[\\x21-\\x7E]{1,200}$");

    private static final com.fasterxml.jackson.databind.ObjectMapper ENVELOPE_PROBE = new com.fasterxml.jackson.databind.ObjectMapper();

    private final JsonCodec codec;
    private final MessageCatalogue catalogue = new MessageCatalogue();
    private final RequestRepository requests;
    private final PlatformDirectory directory;
    private final Sealer sealer;
    private final DeliveryQueue queue;
    private final RequestIds ids;
    private final Clock clock;
    private final LifecycleListener lifecycle;
    private final CustodyRecorder custody;

    public IntakeService(JsonCodec codec, RequestRepository requests, PlatformDirectory directory, Sealer sealer, DeliveryQueue queue, Clock clock) {
        this(codec, requests, directory, sealer, queue, clock, LifecycleListener.NONE, CustodyRecorder.NONE);
    }

    public IntakeService(JsonCodec codec, RequestRepository requests, PlatformDirectory directory, Sealer sealer, DeliveryQueue queue, Clock clock,
                         CustodyRecorder custody) {
        this(codec, requests, directory, sealer, queue, clock, LifecycleListener.NONE, custody);
    }

    public IntakeService(JsonCodec codec, RequestRepository requests, PlatformDirectory directory, Sealer sealer, DeliveryQueue queue, Clock clock,
                         LifecycleListener lifecycle, CustodyRecorder custody) {
        this.lifecycle = lifecycle;
        this.custody = custody;
        this.codec = codec;
        this.requests = requests;
        this.directory = directory;
        this.sealer = sealer;
        this.queue = queue;
        this.clock = clock;
        this.ids = new RequestIds(clock);
    }

    /** The wire form of a submission. */
    public enum Format {
        /** A bare request ({@code {"type": ...}}) or an enveloped message ({@code {"messageId", ..., "body": {...}}}). */
        JSON,
        /** An enveloped message in the catalogue's XML (validated against the v1 XSD). */
        XML,
        /**
         * A CMS SignedData (DER) made by the requester, whose content is one of the above: the signature is verified and
         * kept end to end (the node signs and encrypts the client's SignedData as its content, S/MIME triple wrapping).
         */
        SIGNED_CMS
    }

    /**
     * A decoded submission: the request, its envelope when one was sent, the canonical bytes stored, and, for a signed
     * submission, the client's SignedData (what gets sealed, so that the requester's signature reaches the addressee).
     */
    private record Submission(EvidenceRequest request, Envelope envelope, byte[] canonical, byte[] signedData, OpenedMessage signature,
                              String signatureId) {
        Submission(EvidenceRequest request, Envelope envelope, byte[] canonical) {
            this(request, envelope, canonical, null, null, null);
        }
    }

    private volatile SignatureVerifier signatures;

    private volatile eu.eevidence.gw.gateway.network.PeerRoutes peers;

    /**
     * Routes requests addressed to another State (or naming no platform of this node) to the peer node of the requested
     * Party; without it they are refused with EEG-REQ-NO-ROUTE.
     */
    public IntakeService routeToPeers(eu.eevidence.gw.gateway.network.PeerRoutes routes) {
        this.peers = routes;
        return this;
    }

    private volatile SignedSubmissionPolicy signedPolicy = SignedSubmissionPolicy.defaults();

    /** Enables signed CMS submissions (the node's trust anchors); without it they are refused with EEG-REQ-SIGNED-UNSUPPORTED. */
    public IntakeService acceptSignedSubmissions(SignatureVerifier verifier) {
        this.signatures = verifier;
        return this;
    }

    /** ADR-0021: signed submissions with this signer rule (TLS client or delegation) and replay window. */
    public IntakeService acceptSignedSubmissions(SignatureVerifier verifier, SignedSubmissionPolicy policy) {
        this.signatures = verifier;
        this.signedPolicy = policy == null ? SignedSubmissionPolicy.defaults() : policy;
        return this;
    }

    public IntakeResult submit(ClientIdentity client, byte[] body, String idempotencyHeader) {
        return submit(client, body, idempotencyHeader, Format.JSON);
    }

    public IntakeResult submit(ClientIdentity client, byte[] body, String idempotencyHeader, Format format) {
        Instant received = clock.instant();
        IntakeResult result = accept(client, body, idempotencyHeader, format, received);
        if (result instanceof IntakeResult.Invalid invalid) {
            recordRejection(client, received, body, invalid.violations().stream().map(Violation::code).distinct().toList().toString());
        } else if (result instanceof IntakeResult.Refused refused) {
            recordRejection(client, received, body, List.of(refused.code()).toString());
        }
        return result;
    }

    private IntakeResult accept(ClientIdentity client, byte[] body, String idempotencyHeader, Format format, Instant received) {
        Object decoded = decode(body, format);
        if (decoded instanceof IntakeResult.Invalid invalid) {
            LOG.info("EEG-INTAKE-REJECTED from {}: {}", client.fingerprint(), invalid.violations().stream().map(Violation::code).distinct().toList());
            return invalid;
        }
        Submission submission = (Submission) decoded;
        SignedSubmissionPolicy policy = signedPolicy;
        String signer = submission.signature() == null ? null : eu.eevidence.gw.pki.Certificates.sha256Fingerprint(submission.signature().signer());
        if (signer != null) {
            Optional<IntakeResult.Refused> mismatch = policy.signer(client.fingerprint(), signer,
                    submission.signature().signer().getSubjectX500Principal().getName());
            if (mismatch.isPresent()) {
                LOG.info("EEG-TRUST-SIGNER-MISMATCH signed request from {} signed by {}", client.fingerprint(), signer);
                return mismatch.get();
            }
        }
        EvidenceRequest request = submission.request();
        String key = idempotencyHeader != null ? idempotencyHeader
                : request.clientRequestId() != null ? request.clientRequestId()
                : submission.envelope() != null ? submission.envelope().messageId() : null;
        if (key == null || !KEY.matcher(key).matches()) {
            return new IntakeResult.Invalid(List.of(new Violation("$.clientRequestId", "EEG-REQ-IDEMPOTENCY-KEY",
                    "send an Idempotency-Key header (1-200 visible ASCII characters) or a clientRequestId, so that a retry cannot create a second request")), false);
        }
        Optional<Platform> platform = request.platformId() == null ? Optional.empty() : directory.find(request.platformId());
        eu.eevidence.gw.gateway.network.PeerRoutes network = peers;
        eu.eevidence.gw.gateway.network.PeerSpec peer = network == null ? null
                : network.route(submission.envelope(), request, platform.isPresent()).orElse(null);
        if (peer != null) {
            platform = directory.find(peer.nodeId());
        }
        if (platform.isEmpty() && request.platformId() == null) {
            return new IntakeResult.Invalid(List.of(new Violation("$.type", "EEG-REQ-NO-ROUTE",
                    "this " + request.type() + " is addressed to a State, not to a platform, and this node has no peer node of the requested Party"
                            + " that takes it; send it to the requested Party's node")), false);
        }
        if (platform.isEmpty()) {
            return new IntakeResult.Invalid(List.of(new Violation("$.custodian.platformId", "EEG-REQ-UNKNOWN-PLATFORM",
                    "this node has no platform with that id in its directory")), false);
        }
        byte[] canonical = submission.canonical();
        String bodyHash = sha256(canonical);
        try {
            Optional<IntakeResult> earlier = replay(client, key, bodyHash, received);
            if (earlier.isPresent()) {
                return earlier.get();
            }
            if (signer != null) { // ADR-0021: a signed request is accepted once, while its signature is recent
                Optional<IntakeResult.Refused> stale = policy.window(submission.signature().signingTime(), received);
                if (stale.isEmpty() && requests.database().read(c -> SignedSubmissionLog.requestOf(c, submission.signatureId())).isPresent()) {
                    stale = Optional.of(SignedSubmissionPolicy.replay("this signed request was already received under another Idempotency-Key;"
                            + " a retry must repeat the same Idempotency-Key"));
                }
                if (stale.isPresent()) {
                    LOG.info("EEG-PKI-014 signed request from {} refused as a replay (signature {})", client.fingerprint(), submission.signatureId());
                    return stale.get();
                }
            }
            if (submission.envelope() != null) {
                List<Violation> store;
                try {
                    store = catalogue.checkCorrelation(submission.envelope(), correlationLookup());
                } catch (IllegalStateException e) {
                    return new IntakeResult.Unavailable("EEG-DB-UNAVAILABLE", "the node's database could not check the message id; retry with the same Idempotency-Key");
                }
                if (!store.isEmpty()) {
                    LOG.info("EEG-INTAKE-REJECTED from {}: {}", client.fingerprint(), store.stream().map(Violation::code).distinct().toList());
                    return new IntakeResult.Invalid(store, false);
                }
            }
            String id = ids.next();
            // --- peer: a request for a peer node travels as a catalogue envelope (sender this node's Party, receiver the peer's) ---
            eu.eevidence.gw.schema.Envelope outgoing = null;
            if (peer != null) {
                outgoing = submission.envelope() != null ? submission.envelope()
                        : network.wrap(request, network.messageIdFor(id), peer, java.time.OffsetDateTime.ofInstant(received, java.time.ZoneOffset.UTC));
                List<Violation> wrapped = catalogue.validate(outgoing);
                if (!wrapped.isEmpty()) {
                    return new IntakeResult.Invalid(wrapped, false);
                }
            }
            byte[] toSeal = outgoing != null ? catalogue.encodeJson(outgoing) : submission.signedData() != null ? submission.signedData() : canonical;
            byte[] sealed;
            try {
                sealed = sealer.seal(toSeal, platform.get().encryptionCertificate());
            } catch (PkiException e) {
                LOG.error("EEG-SEAL-FAILED request from {} for {}: {}", client.fingerprint(), platform.get().id(), e.code());
                return new IntakeResult.Unavailable("EEG-SEAL-FAILED", "the node could not sign and encrypt the request");
            }
            Instant now = clock.instant();
            NewRequest row = new NewRequest(id, request.type().name(), platform.get().id(), requestedParty(submission), client.fingerprint(),
                    client.subject(), key, bodyHash, canonical, sealed, sha256(sealed), preservationDays(request), received);
            String actor = "client:" + client.fingerprint();
            List<TimelineEvent> events = List.of(
                    new TimelineEvent(0, EventCode.REQUEST_RECEIVED, null, null, received, now, actor, request.type().legalBasis()
                            + (submission.signature() == null ? "" : "; signed by " + submission.signature().signer().getSubjectX500Principal().getName()
                            + " (" + eu.eevidence.gw.pki.Certificates.sha256Fingerprint(submission.signature().signer()) + "), signature kept end to end")),
                    new TimelineEvent(0, EventCode.REQUEST_VALIDATED, null, null, now, now, "node", null),
                    new TimelineEvent(0, EventCode.REQUEST_SEALED, null, null, now, now, "node", "CMS " + sealed.length + " bytes, sha256 " + sha256(sealed)),
                    new TimelineEvent(0, EventCode.REQUEST_QUEUED, null, RequestState.ACCEPTED, now, now, "node", platform.get().queueName()));
            eu.eevidence.gw.schema.Envelope finalOutgoing = outgoing;
            String queueName = platform.get().queueName();
            try {
                requests.database().inTransaction(c -> {
                    requests.insert(c, row, events);
                    requests.setClassification(c, id, request.type().family().name(), RequestFlags.of(request));
                    if (submission.envelope() != null) {
                        requests.setMessageIds(c, id, submission.envelope().messageId(), submission.envelope().correlationId());
                    } else if (finalOutgoing != null) {
                        requests.setMessageIds(c, id, finalOutgoing.messageId(), null);
                    }
                    if (signer != null) {
                        SignedSubmissionLog.record(c, submission.signatureId(), id, client.fingerprint(), signer,
                                submission.signature().signingTime(), received, now.minus(policy.maxAge()));
                    }
                    CustodyEvents.accepted(custody, c, id, client.fingerprint(), received, now, bodyHash, row.sealedSha256(), queueName);
                    lifecycle.onEvent(c, requests.find(c, id, true).orElseThrow(), "ACCEPTED", now, null);
                    return null;
                });
            } catch (SQLException e) {
                // a concurrent submission with the same key won the unique constraint
                Optional<IntakeResult> raced = replay(client, key, bodyHash, received);
                if (raced.isPresent()) {
                    return raced.get();
                }
                if (signer != null && requests.database().read(c -> SignedSubmissionLog.requestOf(c, submission.signatureId())).isPresent()) {
                    return SignedSubmissionPolicy.replay("this signed request was already received under another Idempotency-Key");
                }
                if (submission.envelope() != null && requests.messageTypeOf(submission.envelope().messageId()).isPresent()) {
                    return new IntakeResult.Invalid(List.of(new Violation("$.messageId", "EEG-VAL-DUPLICATE-MESSAGE-ID",
                            "a message with this id was already received")), false);
                }
                throw e;
            }
            try {
                queue.enqueue(platform.get().id(), new QueuedMessage.RequestDelivery(id));
            } catch (Exception e) {
                LOG.error("EEG-BROKER-UNAVAILABLE request {} could not be queued ({}); removing it", id, e.getClass().getSimpleName());
                compensate(id);
                return new IntakeResult.Unavailable("EEG-BROKER-UNAVAILABLE", "the node's message broker did not accept the request; retry with the same Idempotency-Key");
            }
            custody.committed();
            LOG.info("EEG-INTAKE-ACCEPTED request {} {} for {} from {}", id, request.type(), platform.get().id(), client.fingerprint());
            return new IntakeResult.Created(requests.find(id).orElseThrow());
        } catch (SQLException e) {
            LOG.error("EEG-DB-UNAVAILABLE intake failed: {}", e.getClass().getSimpleName());
            return new IntakeResult.Unavailable("EEG-DB-UNAVAILABLE", "the node's database did not accept the request; retry with the same Idempotency-Key");
        }
    }

    private Optional<IntakeResult> replay(ClientIdentity client, String key, String bodyHash, Instant received) throws SQLException {
        Optional<RequestRecord> existing = requests.findByIdempotencyKey(client.fingerprint(), key);
        if (existing.isEmpty()) {
            return Optional.empty();
        }
        RequestRecord r = existing.get();
        if (!r.bodySha256().equals(bodyHash)) {
            LOG.warn("EEG-INTAKE-KEY-CONFLICT key reused with another body by {} (request {})", client.fingerprint(), r.id());
            return Optional.of(new IntakeResult.Conflict(r.id()));
        }
        requests.database().inTransaction(c -> {
            requests.find(c, r.id(), true);
            requests.appendEvent(c, r.id(), new TimelineEvent(0, EventCode.DUPLICATE_SUBMISSION, null, null, received, clock.instant(),
                    "client:" + client.fingerprint(), "same Idempotency-Key and body; answered with the existing request"));
            CustodyEvents.duplicate(custody, c, r.id(), client.fingerprint(), received, r.state(), bodyHash);
            return null;
        });
        custody.committed();
        return Optional.of(new IntakeResult.Replayed(requests.find(r.id()).orElseThrow()));
    }

    private void compensate(String id) {
        try {
            requests.database().inTransaction(c -> {
                requests.delete(c, id);
                SignedSubmissionLog.forget(c, id);
                CustodyEvents.withdrawnByNode(custody, c, id, clock.instant(), "not queued: broker unavailable; the sender was answered 503");
                return null;
            });
            custody.committed();
        } catch (SQLException e) {
            // the start-up sweep re-queues requests left in ACCEPTED; the broker drops duplicates by id
            LOG.error("EEG-INTAKE-COMPENSATION-FAILED request {} stays ACCEPTED and will be re-queued at start-up", id);
        }
    }

    /** A custody entry for a refused submission; its failure never changes the answer. */
    private void recordRejection(ClientIdentity client, Instant received, byte[] body, String codes) {
        try {
            requests.database().inTransaction(c -> {
                CustodyEvents.rejected(custody, c, client.fingerprint(), received, sha256(body), codes);
                return null;
            });
            custody.committed();
        } catch (SQLException e) {
            LOG.error("EEG-CUS-STAGE-FAILED rejection from {} not recorded: {}", client.fingerprint(), e.getClass().getSimpleName());
        }
    }

    /** The catalogue's view of this node's store: message ids and correlations of stored requests. */
    private CorrelationLookup correlationLookup() {
        return new CorrelationLookup() {
            @Override
            public Optional<MessageType> typeOf(String messageId) {
                try {
                    return requests.messageTypeOf(messageId).map(MessageType::valueOf);
                } catch (SQLException e) {
                    throw new IllegalStateException("EEG-DB-UNAVAILABLE", e);
                }
            }

            @Override
            public long countCorrelated(String messageId, MessageType type) {
                try {
                    return requests.countCorrelated(messageId, type.name());
                } catch (SQLException e) {
                    throw new IllegalStateException("EEG-DB-UNAVAILABLE", e);
                }
            }
        };
    }

    private Object decode(byte[] body, Format format) {
        if (format == Format.SIGNED_CMS) {
            return decodeSigned(body);
        }
        if (format == Format.XML) {
            return fromEnvelope(catalogue.decodeXml(body), true);
        }
        if (looksEnveloped(body)) {
            return fromEnvelope(catalogue.decodeJson(body), false);
        }
        DecodeResult decoded = codec.decodeRequest(body);
        if (decoded instanceof DecodeResult.Invalid invalid) {
            return new IntakeResult.Invalid(invalid.violations(), invalid.syntactic());
        }
        EvidenceRequest request = ((DecodeResult.Valid) decoded).request();
        return new Submission(request, null, codec.canonical(request));
    }

    /** The signer must be trusted, allowed to submit, and the content a valid request; the content is stored as signed. */
    private Object decodeSigned(byte[] cms) {
        SignatureVerifier verifier = signatures;
        if (verifier == null) {
            return new IntakeResult.Invalid(List.of(new Violation("$", "EEG-REQ-SIGNED-UNSUPPORTED", "this node does not accept signed submissions")), true);
        }
        OpenedMessage opened;
        try {
            opened = verifier.verify(cms);
        } catch (PkiException e) {
            return new IntakeResult.Invalid(List.of(new Violation("$", e.code(), "the signature was not accepted: " + e.getMessage())), false);
        }
        if (opened.signerRoles().stream().noneMatch(r -> r == Role.CONTACT_POINT || r == Role.JUDICIAL_AUTHORITY)) {
            return new IntakeResult.Invalid(List.of(new Violation("$", "EEG-PKI-006",
                    "the signer's certificate carries no role that may submit requests (24/7 contact point or judicial authority)")), false);
        }
        byte[] content = opened.content();
        int i = 0;
        while (i < content.length && Character.isWhitespace(content[i])) {
            i++;
        }
        Object inner = decode(content, i < content.length && content[i] == '<' ? Format.XML : Format.JSON);
        if (inner instanceof Submission sub) {
            try {
                return new Submission(sub.request(), sub.envelope(), content, cms, opened, eu.eevidence.gw.pki.SignatureIds.of(cms));
            } catch (PkiException e) {
                return new IntakeResult.Invalid(List.of(new Violation("$", e.code(), "the signature was not accepted: " + e.getMessage())), false);
            }
        }
        return inner;
    }

    private Object fromEnvelope(Decoded decoded, boolean xml) {
        if (decoded instanceof Decoded.Invalid invalid) {
            return new IntakeResult.Invalid(invalid.violations(), invalid.syntactic());
        }
        Envelope envelope = ((Decoded.Valid) decoded).envelope();
        if (!(envelope.body() instanceof EvidenceRequest request)) {
            return new IntakeResult.Invalid(List.of(new Violation("$.body.type", "EEG-REQ-NOT-A-REQUEST",
                    envelope.messageType() + " is an answer or follow-up, not a request; send it to the answer endpoints")), false);
        }
        return new Submission(request, envelope, xml ? catalogue.encodeXml(envelope) : catalogue.encodeJson(envelope));
    }

    /** True when the JSON is an object with a "body" member (an envelope); anything else is decoded as a bare request. */
    private static boolean looksEnveloped(byte[] body) {
        try {
            com.fasterxml.jackson.databind.JsonNode n = ENVELOPE_PROBE.readTree(body);
            return n != null && n.isObject() && n.has("body") && n.has("messageId");
        } catch (java.io.IOException | RuntimeException e) {
            return false; // the strict decoder reports the syntax error with its code
        }
    }

    private static String requestedParty(Submission s) {
        if (s.envelope() != null) {
            return s.envelope().receiver().country();
        }
        if (s.request() instanceof PreservationRequest p) {
            return p.requestedParty();
        }
        if (s.request() instanceof eu.eevidence.gw.schema.GiveEffectRequest g) {
            return g.requestedParty();
        }
        return null;
    }

    private static Integer preservationDays(EvidenceRequest request) {
        if (request instanceof PreservationRequest p) {
            return p.effectivePreservationDays();
        }
        return null;
    }

    public static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
