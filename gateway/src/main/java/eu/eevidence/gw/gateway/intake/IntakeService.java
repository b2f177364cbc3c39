package eu.eevidence.gw.gateway.intake;

import eu.eevidence.gw.gateway.custody.CustodyEvents;
import eu.eevidence.gw.gateway.custody.CustodyRecorder;
import eu.eevidence.gw.gateway.delivery.Platform;
import eu.eevidence.gw.gateway.delivery.PlatformDirectory;
import eu.eevidence.gw.gateway.order.EventCode;
import eu.eevidence.gw.gateway.order.NewRequest;
import eu.eevidence.gw.gateway.order.RequestRecord;
import eu.eevidence.gw.gateway.order.RequestRepository;
import eu.eevidence.gw.gateway.order.RequestState;
import eu.eevidence.gw.gateway.order.TimelineEvent;
import eu.eevidence.gw.pki.PkiException;
import eu.eevidence.gw.schema.EvidenceRequest;
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

    private final JsonCodec codec;
    private final RequestRepository requests;
    private final PlatformDirectory directory;
    private final Sealer sealer;
    private final DeliveryQueue queue;
    private final RequestIds ids;
    private final Clock clock;
    private final CustodyRecorder custody;

    public IntakeService(JsonCodec codec, RequestRepository requests, PlatformDirectory directory, Sealer sealer, DeliveryQueue queue, Clock clock) {
        this(codec, requests, directory, sealer, queue, clock, CustodyRecorder.NONE);
    }

    public IntakeService(JsonCodec codec, RequestRepository requests, PlatformDirectory directory, Sealer sealer, DeliveryQueue queue, Clock clock,
                         CustodyRecorder custody) {
        this.custody = custody;
        this.codec = codec;
        this.requests = requests;
        this.directory = directory;
        this.sealer = sealer;
        this.queue = queue;
        this.clock = clock;
        this.ids = new RequestIds(clock);
    }

    public IntakeResult submit(ClientIdentity client, byte[] body, String idempotencyHeader) {
        Instant received = clock.instant();
        DecodeResult decoded = codec.decodeRequest(body);
        if (decoded instanceof DecodeResult.Invalid invalid) {
            LOG.info("EEG-INTAKE-REJECTED from {}: {}", client.fingerprint(), invalid.violations().stream().map(Violation::code).distinct().toList());
            recordRejection(client, received, body, invalid.violations().stream().map(Violation::code).distinct().toList().toString());
            return new IntakeResult.Invalid(invalid.violations(), invalid.syntactic());
        }
        EvidenceRequest request = ((DecodeResult.Valid) decoded).request();
        String key = idempotencyHeader != null ? idempotencyHeader : request.clientRequestId();
        if (key == null || !KEY.matcher(key).matches()) {
            recordRejection(client, received, body, "[EEG-REQ-IDEMPOTENCY-KEY]");
            return new IntakeResult.Invalid(List.of(new Violation("$.clientRequestId", "EEG-REQ-IDEMPOTENCY-KEY",
                    "send an Idempotency-Key header (1-200 visible ASCII characters) or a clientRequestId, so that a retry cannot create a second request")), false);
        }
        Optional<Platform> platform = directory.find(request.platformId());
        if (platform.isEmpty()) {
            recordRejection(client, received, body, "[EEG-REQ-UNKNOWN-PLATFORM]");
            return new IntakeResult.Invalid(List.of(new Violation("$.custodian.platformId", "EEG-REQ-UNKNOWN-PLATFORM",
                    "this node has no platform with that id in its directory")), false);
        }
        byte[] canonical = codec.canonical(request);
        String bodyHash = sha256(canonical);
        try {
            Optional<IntakeResult> earlier = replay(client, key, bodyHash, received);
            if (earlier.isPresent()) {
                return earlier.get();
            }
            byte[] sealed;
            try {
                sealed = sealer.seal(canonical, platform.get().encryptionCertificate());
            } catch (PkiException e) {
                LOG.error("EEG-SEAL-FAILED request from {} for {}: {}", client.fingerprint(), platform.get().id(), e.code());
                return new IntakeResult.Unavailable("EEG-SEAL-FAILED", "the node could not sign and encrypt the request");
            }
            String id = ids.next();
            Instant now = clock.instant();
            NewRequest row = new NewRequest(id, request.type().name(), platform.get().id(), requestedParty(request), client.fingerprint(),
                    client.subject(), key, bodyHash, canonical, sealed, sha256(sealed), preservationDays(request), received);
            String actor = "client:" + client.fingerprint();
            List<TimelineEvent> events = List.of(
                    new TimelineEvent(0, EventCode.REQUEST_RECEIVED, null, null, received, now, actor, request.type().legalBasis()),
                    new TimelineEvent(0, EventCode.REQUEST_VALIDATED, null, null, now, now, "node", null),
                    new TimelineEvent(0, EventCode.REQUEST_SEALED, null, null, now, now, "node", "CMS " + sealed.length + " bytes, sha256 " + sha256(sealed)),
                    new TimelineEvent(0, EventCode.REQUEST_QUEUED, null, RequestState.ACCEPTED, now, now, "node", platform.get().queueName()));
            try {
                requests.database().inTransaction(c -> {
                    requests.insert(c, row, events);
                    CustodyEvents.accepted(custody, c, id, client.fingerprint(), received, now, bodyHash, row.sealedSha256(), platform.get().queueName());
                    return null;
                });
            } catch (SQLException e) {
                // a concurrent submission with the same key won the unique constraint
                Optional<IntakeResult> raced = replay(client, key, bodyHash, received);
                if (raced.isPresent()) {
                    return raced.get();
                }
                throw e;
            }
            try {
                queue.enqueue(platform.get().id(), id);
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

    private static String requestedParty(EvidenceRequest request) {
        if (request instanceof PreservationRequest p) {
            return p.requestedParty();
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
