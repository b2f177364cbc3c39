package eu.eevidence.gw.gateway.intake;

import eu.eevidence.gw.gateway.infra.StorageException;
import eu.eevidence.gw.gateway.custody.CustodyEvents;
import eu.eevidence.gw.gateway.custody.CustodyRecorder;
import eu.eevidence.gw.gateway.order.EventCode;
import eu.eevidence.gw.gateway.order.LifecycleListener;
import eu.eevidence.gw.gateway.order.NewRequest;
import eu.eevidence.gw.gateway.order.RemovalStore;
import eu.eevidence.gw.gateway.order.RequestRecord;
import eu.eevidence.gw.gateway.order.RequestRepository;
import eu.eevidence.gw.gateway.order.TimelineEvent;
import eu.eevidence.gw.schema.Envelope;
import eu.eevidence.gw.schema.MessageType;
import eu.eevidence.gw.schema.catalogue.CorrelationLookup;
import eu.eevidence.gw.schema.catalogue.MessageCatalogue;
import eu.eevidence.gw.schema.validation.Violation;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Intake's storage: the reads {@link IntakePolicy} needs and the transactions that apply its decisions (request row,
 * timeline, signed-submission log, custody entries, lifecycle listener), each committed with its custody entries.
 */
final class IntakeStore {

    private final RequestRepository requests;
    private final CustodyRecorder custody;
    private final LifecycleListener lifecycle;
    private final Clock clock;
    private final RemovalStore removals = new RemovalStore();

    IntakeStore(RequestRepository requests, CustodyRecorder custody, LifecycleListener lifecycle, Clock clock) {
        this.requests = requests;
        this.custody = custody;
        this.lifecycle = lifecycle;
        this.clock = clock;
    }

    /** An accepted request as it is stored in one transaction ({@code signature} null when the submission was not signed). */
    record Accepted(NewRequest row, List<TimelineEvent> events, String family, Set<String> flags, String messageId, String correlationId,
                    Signature signature, String queueName) {
    }

    /** A signed submission's signer, and the oldest signing time the replay log still has to keep (ADR-0021). */
    record Signature(DecodedSubmission.Signer signer, Instant oldestKept) {
    }

    Optional<RequestRecord> underKey(String clientFingerprint, String key) {
        return requests.findByIdempotencyKey(clientFingerprint, key);
    }

    boolean signatureSeen(String signatureId) {
        return requests.database().read(c -> SignedSubmissionLog.requestOf(c, signatureId)).isPresent();
    }

    boolean messageIdTaken(String messageId) {
        return requests.messageTypeOf(messageId).isPresent();
    }

    /** The catalogue's check of an envelope's message id and correlation against the stored requests (IllegalStateException when the database fails). */
    List<Violation> correlation(MessageCatalogue catalogue, Envelope envelope) {
        return catalogue.checkCorrelation(envelope, correlationLookup());
    }

    RequestRecord find(String id) {
        return requests.find(id).orElseThrow();
    }

    /** A replay: the duplicate noted on the existing request's timeline and in custody. */
    void recordDuplicate(RequestRecord r, String clientFingerprint, String bodySha256, Instant received) {
        requests.database().inTx(c -> {
            requests.find(c, r.id(), true);
            requests.appendEvent(c, r.id(), new TimelineEvent(0, EventCode.DUPLICATE_SUBMISSION, null, null, received, clock.instant(),
                    "client:" + clientFingerprint, "same Idempotency-Key and body; answered with the existing request"));
            CustodyEvents.duplicate(custody, c, r.id(), clientFingerprint, received, r.state(), bodySha256);
            return null;
        });
        custody.committed();
    }

    /** Stores an accepted request; a unique constraint failing means a concurrent submission won. */
    /** {@code removal}: the terms of a removal order (ADR-0033), null for any other request. */
    void insert(Accepted a, RemovalStore.Terms removal, String clientFingerprint, Instant received, Instant now) {
        NewRequest row = a.row();
        requests.database().inTx(c -> {
            requests.insert(c, row, a.events());
            requests.setClassification(c, row.id(), a.family(), a.flags());
            if (a.messageId() != null) {
                requests.setMessageIds(c, row.id(), a.messageId(), a.correlationId());
            }
            if (a.signature() != null) {
                DecodedSubmission.Signer signer = a.signature().signer();
                SignedSubmissionLog.record(c, signer.signatureId(), row.id(), clientFingerprint, signer.fingerprint(),
                        signer.signingTime(), received, a.signature().oldestKept());
            }
            if (removal != null) {
                removals.insert(c, row.id(), removal); // before the lifecycle, so the deadline engine reads the order's terms
            }
            CustodyEvents.accepted(custody, c, row.id(), clientFingerprint, received, now, row.bodySha256(), row.sealedSha256(), a.queueName());
            lifecycle.onEvent(c, requests.find(c, row.id(), true).orElseThrow(), "ACCEPTED", now, null);
            return null;
        });
    }

    /** Marks the stored custody entries of {@link #insert} committed (once the request is queued). */
    void committed() {
        custody.committed();
    }

    /** Removes a request that could not be queued (the client retries with the same key). */
    void withdraw(String id, String reason) {
        requests.database().inTx(c -> {
            requests.delete(c, id);
            SignedSubmissionLog.forget(c, id);
            CustodyEvents.withdrawnByNode(custody, c, id, clock.instant(), reason);
            return null;
        });
        custody.committed();
    }

    /** A custody entry for a refused submission. */
    void recordRejection(String clientFingerprint, Instant received, String bodySha256, String codes) {
        requests.database().inTx(c -> {
            CustodyEvents.rejected(custody, c, clientFingerprint, received, bodySha256, codes);
            return null;
        });
        custody.committed();
    }

    /** The catalogue's view of this node's store: message ids and correlations of stored requests. */
    private CorrelationLookup correlationLookup() {
        return new CorrelationLookup() {
            @Override
            public Optional<MessageType> typeOf(String messageId) {
                try {
                    return requests.messageTypeOf(messageId).map(MessageType::valueOf);
                } catch (StorageException e) {
                    throw new IllegalStateException(IntakeError.DB_UNAVAILABLE.code(), e);
                }
            }

            @Override
            public long countCorrelated(String messageId, MessageType type) {
                try {
                    return requests.countCorrelated(messageId, type.name());
                } catch (StorageException e) {
                    throw new IllegalStateException(IntakeError.DB_UNAVAILABLE.code(), e);
                }
            }
        };
    }
}
