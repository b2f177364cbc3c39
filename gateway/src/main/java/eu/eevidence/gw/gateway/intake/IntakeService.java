package eu.eevidence.gw.gateway.intake;

import eu.eevidence.gw.gateway.infra.StorageException;
import eu.eevidence.gw.gateway.access.ClientIdentity;
import eu.eevidence.gw.gateway.routing.Platform;
import eu.eevidence.gw.gateway.routing.PlatformRoutes;
import eu.eevidence.gw.gateway.delivery.QueuedMessage;
import eu.eevidence.gw.gateway.custody.CustodyRecorder;
import eu.eevidence.gw.gateway.order.Digests;
import eu.eevidence.gw.gateway.order.EventCode;
import eu.eevidence.gw.gateway.order.PayloadFormat;
import eu.eevidence.gw.pki.OpenedMessage;
import eu.eevidence.gw.gateway.order.LifecycleListener;
import eu.eevidence.gw.gateway.order.NewRequest;
import eu.eevidence.gw.gateway.order.RequestRecord;
import eu.eevidence.gw.gateway.order.RequestRepository;
import eu.eevidence.gw.gateway.order.RequestState;
import eu.eevidence.gw.gateway.order.TimelineEvent;
import eu.eevidence.gw.pki.PkiException;
import eu.eevidence.gw.schema.Envelope;
import eu.eevidence.gw.schema.ContentRemovalOrder;
import eu.eevidence.gw.schema.EvidenceRequest;
import eu.eevidence.gw.gateway.order.RemovalStore;
import eu.eevidence.gw.schema.catalogue.MessageCatalogue;
import eu.eevidence.gw.schema.codec.Decoded;
import eu.eevidence.gw.schema.PreservationRequest;
import eu.eevidence.gw.schema.codec.DecodeResult;
import eu.eevidence.gw.schema.codec.JsonCodec;
import eu.eevidence.gw.schema.validation.Violation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import eu.eevidence.gw.gateway.http.CommonError;
import eu.eevidence.gw.pki.PkiError;

/**
 * Takes one submission from a contact point: validate, check idempotency, seal, store, queue. A 2xx outcome
 * ({@link IntakeResult.Created} or {@link IntakeResult.Replayed}) is returned only once the request is in the
 * database and its delivery message is in the broker's journal. Nothing is stored for rejected input.
 */
public final class IntakeService {

    private static final Logger LOG = LoggerFactory.getLogger(IntakeService.class);

    private static final com.fasterxml.jackson.databind.ObjectMapper ENVELOPE_PROBE = new com.fasterxml.jackson.databind.ObjectMapper();

    private final JsonCodec codec;
    private final MessageCatalogue catalogue = new MessageCatalogue();
    private final IntakeStore store;
    private final PlatformRoutes directory;
    private final Sealer sealer;
    private final DeliveryQueue queue;
    private final RequestIds ids;
    private final Clock clock;

    public IntakeService(JsonCodec codec, RequestRepository requests, PlatformRoutes directory, Sealer sealer, DeliveryQueue queue, Clock clock) {
        this(codec, requests, directory, sealer, queue, clock, LifecycleListener.NONE, CustodyRecorder.NONE);
    }

    public IntakeService(JsonCodec codec, RequestRepository requests, PlatformRoutes directory, Sealer sealer, DeliveryQueue queue, Clock clock,
                         CustodyRecorder custody) {
        this(codec, requests, directory, sealer, queue, clock, LifecycleListener.NONE, custody);
    }

    public IntakeService(JsonCodec codec, RequestRepository requests, PlatformRoutes directory, Sealer sealer, DeliveryQueue queue, Clock clock,
                         LifecycleListener lifecycle, CustodyRecorder custody) {
        this(codec, requests, directory, sealer, queue, clock, custody, new Options(lifecycle, null, null, null));
    }

    /**
     * What a node adds to intake: {@code lifecycle} sees accepted requests (the deadline engine); {@code peers} routes
     * requests addressed to another State (or naming no platform of this node) to the peer node of the requested Party
     * (null: they are refused with EEG-REQ-NO-ROUTE); {@code signatures} enables signed CMS submissions with the signer
     * rule and replay window of {@code signedPolicy} (ADR-0021; null: refused with EEG-REQ-SIGNED-UNSUPPORTED).
     */
    public record Options(LifecycleListener lifecycle, eu.eevidence.gw.gateway.routing.PeerRoutes peers, SignatureVerifier signatures,
                          SignedSubmissionPolicy signedPolicy, ChannelCheck channels) {
        public Options {
            lifecycle = lifecycle == null ? LifecycleListener.NONE : lifecycle;
            signedPolicy = signedPolicy == null ? SignedSubmissionPolicy.defaults() : signedPolicy;
            channels = channels == null ? ChannelCheck.ANY : channels;
        }

        /** Every channel carries every type. */
        public Options(LifecycleListener lifecycle, eu.eevidence.gw.gateway.routing.PeerRoutes peers, SignatureVerifier signatures,
                       SignedSubmissionPolicy signedPolicy) {
            this(lifecycle, peers, signatures, signedPolicy, null);
        }
    }

    /**
     * Whether the channel (adapter kind) of the addressed platform can carry a message type: empty when it can, else
     * the adapter's refusal (its code, e.g. a removal order to an ETSI channel), given at submission with nothing stored.
     */
    @FunctionalInterface
    public interface ChannelCheck {
        ChannelCheck ANY = (adapterKind, messageType) -> Optional.empty();

        Optional<eu.eevidence.gw.adapter.api.PlatformAdapter.Unsupported> unsupported(String adapterKind, String messageType);
    }

    public IntakeService(JsonCodec codec, RequestRepository requests, PlatformRoutes directory, Sealer sealer, DeliveryQueue queue, Clock clock,
                         CustodyRecorder custody, Options options) {
        this.peers = options.peers();
        this.signatures = options.signatures();
        this.signedPolicy = options.signedPolicy();
        this.channels = options.channels();
        LifecycleListener lifecycle = options.lifecycle();
        this.codec = codec;
        this.store = new IntakeStore(requests, custody, lifecycle, clock);
        this.directory = directory;
        this.sealer = sealer;
        this.queue = queue;
        this.clock = clock;
        this.ids = new RequestIds(clock);
    }


    private final SignatureVerifier signatures;
    private final eu.eevidence.gw.gateway.routing.PeerRoutes peers;
    private final SignedSubmissionPolicy signedPolicy;
    private final ChannelCheck channels;

    public IntakeResult submit(ClientIdentity client, byte[] body, String idempotencyHeader) {
        return submit(client, body, idempotencyHeader, PayloadFormat.JSON);
    }

    public IntakeResult submit(ClientIdentity client, byte[] body, String idempotencyHeader, PayloadFormat format) {
        Instant received = clock.instant();
        IntakeResult result = accept(client, body, idempotencyHeader, format, received);
        if (result instanceof IntakeResult.Invalid invalid) {
            recordRejection(client, received, body, invalid.violations().stream().map(Violation::code).distinct().toList().toString());
        } else if (result instanceof IntakeResult.Refused refused) {
            recordRejection(client, received, body, List.of(refused.code()).toString());
        }
        return result;
    }

    /** Decode, screen (no storage), read what is stored, decide, apply. */
    private IntakeResult accept(ClientIdentity client, byte[] body, String idempotencyHeader, PayloadFormat format, Instant received) {
        DecodedSubmission decoded = decode(body, format);
        if (decoded instanceof DecodedSubmission.Malformed malformed) {
            LOG.info(IntakeError.INTAKE_REJECTED.code() + " from {}: {}", client.fingerprint(),
                    malformed.violations().stream().map(Violation::code).distinct().toList());
            return malformed.result();
        }
        DecodedSubmission.Message message = (DecodedSubmission.Message) decoded;
        IntakePolicy policy = new IntakePolicy(signedPolicy);
        Route route = route(message);
        IntakePolicy.Screening screening = policy.screen(message, client, idempotencyHeader, route.platform(), route.peer());
        if (screening instanceof IntakeDecision.Refuse refuse) {
            return refused(refuse, client, message);
        }
        IntakePolicy.Admissible admissible = (IntakePolicy.Admissible) screening;
        Optional<eu.eevidence.gw.adapter.api.PlatformAdapter.Unsupported> unsupported = route.peer() != null ? Optional.empty()
                : channels.unsupported(admissible.platform().adapterKind(), message.request().type().name());
        if (unsupported.isPresent()) {
            LOG.info(IntakeError.INTAKE_REJECTED.code() + " from {}: {} to {} ({})", client.fingerprint(), message.request().type(),
                    admissible.platform().id(), unsupported.get().code());
            return new IntakeResult.Refused(422, unsupported.get().code(), "This channel cannot carry this request type",
                    unsupported.get().reason());
        }
        try {
            IntakePolicy.Stored stored;
            try {
                stored = stored(client, admissible);
            } catch (IllegalStateException e) {
                return new IntakeResult.Unavailable(IntakeError.DB_UNAVAILABLE.code(),
                        "the node's database could not check the message id; retry with the same Idempotency-Key");
            }
            IntakeDecision decision = policy.decide(admissible, stored, received);
            if (decision instanceof IntakeDecision.Refuse refuse) {
                return refused(refuse, client, message);
            }
            if (decision instanceof IntakeDecision.Replay replay) {
                return replayed(replay.existing(), client, admissible.bodySha256(), received);
            }
            if (decision instanceof IntakeDecision.Conflict conflict) {
                return conflict(conflict.existing(), client);
            }
            return accepted((IntakeDecision.Accept) decision, admissible, policy, client, received);
        } catch (StorageException e) {
            LOG.error(IntakeError.DB_UNAVAILABLE.code() + " intake failed: {}", e.causeName());
            return new IntakeResult.Unavailable(IntakeError.DB_UNAVAILABLE.code(),
                    "the node's database did not accept the request; retry with the same Idempotency-Key");
        }
    }

    /**
     * The platform a request is for: the one it names, or, when the peer routes send it to a peer node (a State's
     * request, or no platform of this node), that node's entry in the directory (in-memory lookups, no storage).
     */
    private record Route(Optional<Platform> platform, eu.eevidence.gw.gateway.routing.PeerSpec peer) {
    }

    private Route route(DecodedSubmission.Message message) {
        EvidenceRequest request = message.request();
        Optional<Platform> platform = request.platformId() == null ? Optional.empty() : directory.find(request.platformId());
        eu.eevidence.gw.gateway.routing.PeerRoutes network = peers;
        eu.eevidence.gw.gateway.routing.PeerSpec peer = network == null ? null
                : network.route(message.envelope(), request, platform.isPresent()).orElse(null);
        if (peer != null) {
            platform = directory.find(peer.nodeId());
        }
        return new Route(platform, peer);
    }

    /** What the policy needs from the store; a stored request under the key decides alone, so nothing else is read then. */
    private IntakePolicy.Stored stored(ClientIdentity client, IntakePolicy.Admissible a) {
        Optional<RequestRecord> underKey = store.underKey(client.fingerprint(), a.key());
        if (underKey.isPresent()) {
            return new IntakePolicy.Stored(underKey, false, List.of());
        }
        DecodedSubmission.Message m = a.message();
        boolean seen = m.signed() && store.signatureSeen(m.signer().signatureId());
        List<Violation> correlation = m.envelope() == null ? List.of() : store.correlation(catalogue, m.envelope());
        return new IntakePolicy.Stored(underKey, seen, correlation);
    }

    private IntakeResult refused(IntakeDecision.Refuse refuse, ClientIdentity client, DecodedSubmission.Message message) {
        switch (refuse.reason()) {
            case SIGNER_MISMATCH -> LOG.info(CommonError.TRUST_SIGNER_MISMATCH.code() + " signed request from {} signed by {}", client.fingerprint(),
                    message.signer().fingerprint());
            case STALE_SIGNATURE, SIGNATURE_REPLAY -> LOG.info(PkiError.REPLAY.code() + " signed request from {} refused as a replay (signature {})",
                    client.fingerprint(), message.signer().signatureId());
            case CORRELATION -> LOG.info(IntakeError.INTAKE_REJECTED.code() + " from {}: {}", client.fingerprint(),
                    ((IntakeResult.Invalid) refuse.problem()).violations().stream().map(Violation::code).distinct().toList());
            case ISSUER_SCOPE -> LOG.info(((IntakeResult.Refused) refuse.problem()).code() + " {} from {} refused: outside the issuer's scope",
                    message.request().type(), client.fingerprint());
            case EMERGENCY_UNSIGNED -> LOG.info(IntakeError.REQ_EMERGENCY_UNSIGNED.code() + " unsigned {} from {} refused: emergencies must be signed",
                    message.request().type(), client.fingerprint());
            default -> {
                // refused for its key or address: answered, not logged
            }
        }
        return refuse.problem();
    }

    private IntakeResult conflict(RequestRecord existing, ClientIdentity client) {
        LOG.warn(IntakeError.INTAKE_KEY_CONFLICT.code() + " key reused with another body by {} (request {})", client.fingerprint(), existing.id());
        return new IntakeResult.Conflict(existing.id());
    }

    private IntakeResult replayed(RequestRecord existing, ClientIdentity client, String bodySha256, Instant received) {
        store.recordDuplicate(existing, client.fingerprint(), bodySha256, received);
        return new IntakeResult.Replayed(store.find(existing.id()));
    }

    /** Applies an acceptance: seal, store (one transaction), queue; removes the request again when the broker refuses it. */
    private IntakeResult accepted(IntakeDecision.Accept accept, IntakePolicy.Admissible admissible, IntakePolicy policy, ClientIdentity client,
            Instant received) {
        DecodedSubmission.Message message = accept.message();
        EvidenceRequest request = message.request();
        Platform platform = accept.platform();
        String id = ids.next();
        // a request for a peer node travels as a catalogue envelope (sender this node's Party, receiver the peer's)
        Envelope outgoing = null;
        if (accept.peer() != null) {
            outgoing = message.envelope() != null ? message.envelope()
                    : peers.wrap(request, peers.messageIdFor(id), accept.peer(), java.time.OffsetDateTime.ofInstant(received, java.time.ZoneOffset.UTC));
            List<Violation> wrapped = catalogue.validate(outgoing);
            if (!wrapped.isEmpty()) {
                return new IntakeResult.Invalid(wrapped, false);
            }
        }
        byte[] toSeal = outgoing != null ? catalogue.encodeJson(outgoing) : message.signedData() != null ? message.signedData() : message.canonical();
        byte[] sealed;
        try {
            sealed = sealer.seal(toSeal, platform.encryptionCertificate());
        } catch (PkiException e) {
            LOG.error(IntakeError.SEAL_FAILED.code() + " request from {} for {}: {}", client.fingerprint(), platform.id(), e.code());
            return new IntakeResult.Unavailable(IntakeError.SEAL_FAILED.code(), "the node could not sign and encrypt the request");
        }
        Instant now = clock.instant();
        IntakeStore.Accepted row = stored(accept, id, outgoing, sealed, client, received, now, policy.signed());
        try {
            store.insert(row, removalTerms(accept.message().request()), client.fingerprint(), received, now);
        } catch (StorageException e) {
            return lostRace(admissible, policy, client, received, e);
        }
        try {
            queue.enqueue(platform.id(), new QueuedMessage.RequestDelivery(id), eu.eevidence.gw.gateway.delivery.Lane.of(
                    RequestFlags.of(request).contains(RequestFlags.EMERGENCY)));
        } catch (Exception e) {
            LOG.error(IntakeError.BROKER_UNAVAILABLE.code() + " request {} could not be queued ({}); removing it", id, e.getClass().getSimpleName());
            compensate(id);
            return new IntakeResult.Unavailable(IntakeError.BROKER_UNAVAILABLE.code(),
                    "the node's message broker did not accept the request; retry with the same Idempotency-Key");
        }
        store.committed();
        LOG.info(IntakeError.INTAKE_ACCEPTED.code() + " request {} {} for {} from {}", id, request.type(), platform.id(), client.fingerprint());
        return new IntakeResult.Created(store.find(id));
    }

    /** The row, timeline and classification of an accepted request. */
    private static IntakeStore.Accepted stored(IntakeDecision.Accept accept, String id, Envelope outgoing, byte[] sealed, ClientIdentity client,
            Instant received, Instant now, SignedSubmissionPolicy signedPolicy) {
        DecodedSubmission.Message message = accept.message();
        EvidenceRequest request = message.request();
        Platform platform = accept.platform();
        DecodedSubmission.Signer signer = message.signer();
        NewRequest row = new NewRequest(id, request.type().name(), platform.id(), requestedParty(message), client.fingerprint(),
                client.subject(), accept.key(), accept.bodySha256(), message.canonical(), sealed, Digests.sha256(sealed), preservationDays(request), received);
        List<TimelineEvent> events = List.of(
                new TimelineEvent(0, EventCode.REQUEST_RECEIVED, null, null, received, now, "client:" + client.fingerprint(), request.type().legalBasis()
                        + (signer == null ? "" : "; signed by " + signer.subject() + " (" + signer.fingerprint() + "), signature kept end to end")),
                new TimelineEvent(0, EventCode.REQUEST_VALIDATED, null, null, now, now, "node", null),
                new TimelineEvent(0, EventCode.REQUEST_SEALED, null, null, now, now, "node", "CMS " + sealed.length + " bytes, sha256 "
                        + Digests.sha256(sealed)),
                new TimelineEvent(0, EventCode.REQUEST_QUEUED, null, RequestState.ACCEPTED, now, now, "node", platform.queueName()));
        String messageId = message.envelope() != null ? message.envelope().messageId() : outgoing != null ? outgoing.messageId() : null;
        String correlationId = message.envelope() != null ? message.envelope().correlationId() : null;
        return new IntakeStore.Accepted(row, events, request.type().family().name(), RequestFlags.of(request), messageId, correlationId,
                signer == null ? null : new IntakeStore.Signature(signer, now.minus(signedPolicy.maxAge())), platform.queueName());
    }

    /** The storing transaction failed: a concurrent submission with the same key, signature or message id may have won. */
    private IntakeResult lostRace(IntakePolicy.Admissible a, IntakePolicy policy, ClientIdentity client, Instant received,
            StorageException failure) {
        DecodedSubmission.Message m = a.message();
        Optional<RequestRecord> underKey = store.underKey(client.fingerprint(), a.key());
        boolean seen = underKey.isEmpty() && m.signed() && store.signatureSeen(m.signer().signatureId());
        boolean taken = underKey.isEmpty() && !seen && m.envelope() != null && store.messageIdTaken(m.envelope().messageId());
        Optional<IntakeDecision> decision = policy.afterLostRace(a, underKey, seen, taken);
        if (decision.isEmpty()) {
            throw failure;
        }
        if (decision.get() instanceof IntakeDecision.Replay replay) {
            return replayed(replay.existing(), client, a.bodySha256(), received);
        }
        if (decision.get() instanceof IntakeDecision.Conflict conflict) {
            return conflict(conflict.existing(), client);
        }
        return ((IntakeDecision.Refuse) decision.get()).problem();
    }

    private void compensate(String id) {
        try {
            store.withdraw(id, "not queued: broker unavailable; the sender was answered 503");
        } catch (StorageException e) {
            // the start-up sweep re-queues requests left in ACCEPTED; the broker drops duplicates by id
            LOG.error(IntakeError.INTAKE_COMPENSATION_FAILED.code() + " request {} stays ACCEPTED and will be re-queued at start-up", id);
        }
    }

    /** A custody entry for a refused submission; its failure never changes the answer. */
    private void recordRejection(ClientIdentity client, Instant received, byte[] body, String codes) {
        try {
            store.recordRejection(client.fingerprint(), received, Digests.sha256(body), codes);
        } catch (StorageException e) {
            LOG.error(IntakeError.CUS_STAGE_FAILED.code() + " rejection from {} not recorded: {}", client.fingerprint(), e.causeName());
        }
    }

    private DecodedSubmission decode(byte[] body, PayloadFormat format) {
        if (format == PayloadFormat.SIGNED_CMS) {
            return decodeSigned(body);
        }
        if (format == PayloadFormat.XML) {
            return fromEnvelope(catalogue.decodeXml(body), true);
        }
        if (looksEnveloped(body)) {
            return fromEnvelope(catalogue.decodeJson(body), false);
        }
        DecodeResult decoded = codec.decodeRequest(body);
        if (decoded instanceof DecodeResult.Invalid invalid) {
            return new DecodedSubmission.Malformed(invalid.violations(), invalid.syntactic());
        }
        EvidenceRequest request = ((DecodeResult.Valid) decoded).request();
        return new DecodedSubmission.Message(request, null, codec.canonical(request));
    }

    /** The signer must be trusted, allowed to submit, and the content a valid request; the content is stored as signed. */
    private DecodedSubmission decodeSigned(byte[] cms) {
        SignatureVerifier verifier = signatures;
        if (verifier == null) {
            return new DecodedSubmission.Malformed(new Violation("$", IntakeError.REQ_SIGNED_UNSUPPORTED.code(),
                    "this node does not accept signed submissions"), true);
        }
        OpenedMessage opened;
        try {
            opened = verifier.verify(cms);
        } catch (PkiException e) {
            return new DecodedSubmission.Malformed(new Violation("$", e.code(), "the signature was not accepted: " + e.getMessage()), false);
        }
        if (opened.signerRoles().stream().noneMatch(IssuerScope.SUBMITTERS::contains)) {
            return new DecodedSubmission.Malformed(new Violation("$", PkiError.ROLE_MISMATCH.code(),
                    "the signer's certificate carries no role that may submit requests (24/7 contact point, judicial authority, civil court"
                            + " or administrative authority)"), false);
        }
        byte[] content = opened.content();
        int i = 0;
        while (i < content.length && Character.isWhitespace(content[i])) {
            i++;
        }
        DecodedSubmission inner = decode(content, i < content.length && content[i] == '<' ? PayloadFormat.XML : PayloadFormat.JSON);
        if (inner instanceof DecodedSubmission.Message sub) {
            try {
                DecodedSubmission.Signer signer = new DecodedSubmission.Signer(eu.eevidence.gw.pki.Certificates.sha256Fingerprint(opened.signer()),
                        opened.signer().getSubjectX500Principal().getName(), opened.signingTime(), eu.eevidence.gw.pki.SignatureIds.of(cms));
                return new DecodedSubmission.Message(sub.request(), sub.envelope(), content, cms, signer);
            } catch (PkiException e) {
                return new DecodedSubmission.Malformed(new Violation("$", e.code(), "the signature was not accepted: " + e.getMessage()), false);
            }
        }
        return inner;
    }

    private DecodedSubmission fromEnvelope(Decoded decoded, boolean xml) {
        if (decoded instanceof Decoded.Invalid invalid) {
            return new DecodedSubmission.Malformed(invalid.violations(), invalid.syntactic());
        }
        Envelope envelope = ((Decoded.Valid) decoded).envelope();
        if (!(envelope.body() instanceof EvidenceRequest request)) {
            return new DecodedSubmission.Malformed(new Violation("$.body.type", IntakeError.REQ_NOT_A_REQUEST.code(),
                    envelope.messageType() + " is an answer or follow-up, not a request; send it to the answer endpoints"), false);
        }
        return new DecodedSubmission.Message(request, envelope, xml ? catalogue.encodeXml(envelope) : catalogue.encodeJson(envelope));
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

    private static String requestedParty(DecodedSubmission.Message s) {
        if (s.envelope() != null) {
            return s.envelope().receiver().country();
        }
        if (s.request() instanceof PreservationRequest p) {
            return p.requestedParty();
        }
        if (s.request() instanceof eu.eevidence.gw.schema.UnccPreservationRequest u) {
            return u.requestedParty();
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
        if (request instanceof eu.eevidence.gw.schema.UnccPreservationRequest u) {
            return u.effectivePreservationDays();
        }
        if (request instanceof ContentRemovalOrder r) {
            return r.preservationDays(); // as ordered: no 60-day floor (docs/design/removal-orders.md)
        }
        if (request instanceof eu.eevidence.gw.schema.ContentPreservationOrder c) {
            return c.preservationDays(); // as ordered: no instrument sets a floor (docs/design/tfvawg.md)
        }
        return null;
    }

    /** The terms of a removal order its deadlines are computed from (null for any other request). */
    private static RemovalStore.Terms removalTerms(EvidenceRequest request) {
        if (request instanceof ContentRemovalOrder r) {
            return new RemovalStore.Terms(r.removeWithinHours(), r.preservationDays(), r.hashCount());
        }
        return null;
    }


    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
