package eu.eevidence.gw.gateway.intake;

import eu.eevidence.gw.gateway.access.ClientIdentity;
import eu.eevidence.gw.gateway.routing.Platform;
import eu.eevidence.gw.gateway.routing.PeerSpec;
import eu.eevidence.gw.gateway.order.Digests;
import eu.eevidence.gw.gateway.order.RequestRecord;
import eu.eevidence.gw.schema.EvidenceRequest;
import eu.eevidence.gw.schema.validation.Violation;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import eu.eevidence.gw.schema.validation.ValidationCode;

/**
 * The intake policy: which decoded submission is accepted, replayed, in conflict or refused. A plain function of its
 * inputs (no database, no broker, no clock of its own): {@link IntakeService} reads what it needs, asks, and applies
 * the {@link IntakeDecision}. Two steps so that a submission refused for what it is costs no read:
 * {@link #screen} (signer, idempotency key, route), then {@link #decide} with what is already stored.
 */
final class IntakePolicy {

    private static final Pattern KEY = Pattern.compile("^[\\x21-\\x7E]{1,200}$");

    private final SignedSubmissionPolicy signed;

    IntakePolicy(SignedSubmissionPolicy signed) {
        this.signed = Objects.requireNonNull(signed, "signed");
    }

    SignedSubmissionPolicy signed() {
        return signed;
    }

    /** The outcome of {@link #screen}: refused, or admissible and addressed. */
    sealed interface Screening permits IntakeDecision.Refuse, Admissible {
    }

    /** Passed the checks that need no storage: keyed, addressed, hashed. */
    record Admissible(DecodedSubmission.Message message, String key, String bodySha256, Platform platform, PeerSpec peer)
            implements Screening {
    }

    /**
     * What is stored already, read after {@link #screen}.
     *
     * @param underKey      the request stored under this client's idempotency key
     * @param signatureSeen a signed submission: its signature was already accepted (for some request)
     * @param correlation   an enveloped submission: the catalogue's violations of message id / correlation against the store
     */
    record Stored(Optional<RequestRecord> underKey, boolean signatureSeen, List<Violation> correlation) {
        public Stored {
            correlation = List.copyOf(correlation);
        }
    }

    /**
     * The checks that need no storage, in order: the signer may be submitted by this client; an idempotency key (the
     * header, else the clientRequestId, else the envelope's messageId); a destination.
     *
     * @param platform the platform the request is for (the peer node's entry when {@code peer} is set), if known
     * @param peer     the peer node the request is routed to, or null
     */
    Screening screen(DecodedSubmission.Message message, ClientIdentity client, String idempotencyHeader, Optional<Platform> platform,
            PeerSpec peer) {
        DecodedSubmission.Signer signer = message.signer();
        if (signer != null) {
            Optional<IntakeResult.Refused> mismatch = signed.signer(client.fingerprint(), signer.fingerprint(), signer.subject());
            if (mismatch.isPresent()) {
                return new IntakeDecision.Refuse(IntakeDecision.Reason.SIGNER_MISMATCH, mismatch.get());
            }
        }
        EvidenceRequest request = message.request();
        Optional<IntakeResult.Refused> outOfScope = IssuerScope.check(client.roles(), request);
        if (outOfScope.isPresent()) {
            return new IntakeDecision.Refuse(IntakeDecision.Reason.ISSUER_SCOPE, outOfScope.get());
        }
        Optional<IntakeResult.Refused> unsigned = signed.emergencySignature(RequestFlags.of(request).contains(RequestFlags.EMERGENCY), signer != null);
        if (unsigned.isPresent()) {
            return new IntakeDecision.Refuse(IntakeDecision.Reason.EMERGENCY_UNSIGNED, unsigned.get());
        }
        String key = idempotencyHeader != null ? idempotencyHeader
                : request.clientRequestId() != null ? request.clientRequestId()
                : message.envelope() != null ? message.envelope().messageId() : null;
        if (key == null || !KEY.matcher(key).matches()) {
            return invalid(IntakeDecision.Reason.IDEMPOTENCY_KEY, new Violation("$.clientRequestId", IntakeError.REQ_IDEMPOTENCY_KEY.code(),
                    "send an Idempotency-Key header (1-200 visible ASCII characters) or a clientRequestId, so that a retry cannot create a second request"));
        }
        if (platform.isEmpty() && request.platformId() == null) {
            return invalid(IntakeDecision.Reason.NO_ROUTE, new Violation("$.type", IntakeError.REQ_NO_ROUTE.code(),
                    "this " + request.type() + " is addressed to a State, not to a platform, and this node has no peer node of the requested Party"
                            + " that takes it; send it to the requested Party's node"));
        }
        if (platform.isEmpty()) {
            return invalid(IntakeDecision.Reason.UNKNOWN_PLATFORM, new Violation("$.custodian.platformId", IntakeError.REQ_UNKNOWN_PLATFORM.code(),
                    "this node has no platform with that id in its directory"));
        }
        return new Admissible(message, key, Digests.sha256(message.canonical()), platform.get(), peer);
    }

    /**
     * Given what is stored, in order: the same key replays (same body) or conflicts (another body); a signed request
     * must be recent and not seen before; an envelope must fit the stored correlations; else accept.
     */
    IntakeDecision decide(Admissible a, Stored stored, Instant received) {
        Optional<IntakeDecision> earlier = sameKey(a, stored.underKey());
        if (earlier.isPresent()) {
            return earlier.get();
        }
        DecodedSubmission.Signer signer = a.message().signer();
        if (signer != null) {
            Optional<IntakeResult.Refused> stale = signed.window(signer.signingTime(), received);
            if (stale.isPresent()) {
                return new IntakeDecision.Refuse(IntakeDecision.Reason.STALE_SIGNATURE, stale.get());
            }
            if (stored.signatureSeen()) {
                return new IntakeDecision.Refuse(IntakeDecision.Reason.SIGNATURE_REPLAY, SignedSubmissionPolicy.replay(
                        "this signed request was already received under another Idempotency-Key; a retry must repeat the same Idempotency-Key"));
            }
        }
        if (a.message().envelope() != null && !stored.correlation().isEmpty()) {
            return new IntakeDecision.Refuse(IntakeDecision.Reason.CORRELATION, new IntakeResult.Invalid(stored.correlation(), false));
        }
        return new IntakeDecision.Accept(a.message(), a.key(), a.bodySha256(), a.platform(), a.peer());
    }

    /**
     * The storing transaction of an accepted request failed on a unique constraint: a concurrent submission won. The
     * decision it leads to, or empty when none of the constraints explains the failure (then the database failed).
     *
     * @param messageIdTaken an enveloped submission: a request with its message id is stored now
     */
    Optional<IntakeDecision> afterLostRace(Admissible a, Optional<RequestRecord> underKey, boolean signatureSeen, boolean messageIdTaken) {
        Optional<IntakeDecision> earlier = sameKey(a, underKey);
        if (earlier.isPresent()) {
            return earlier;
        }
        if (a.message().signed() && signatureSeen) {
            return Optional.of(new IntakeDecision.Refuse(IntakeDecision.Reason.SIGNATURE_REPLAY,
                    SignedSubmissionPolicy.replay("this signed request was already received under another Idempotency-Key")));
        }
        if (a.message().envelope() != null && messageIdTaken) {
            return Optional.of(invalid(IntakeDecision.Reason.CORRELATION, new Violation("$.messageId", ValidationCode.DUPLICATE_MESSAGE_ID.code(),
                    "a message with this id was already received")));
        }
        return Optional.empty();
    }

    private static Optional<IntakeDecision> sameKey(Admissible a, Optional<RequestRecord> underKey) {
        if (underKey.isEmpty()) {
            return Optional.empty();
        }
        RequestRecord existing = underKey.get();
        return Optional.of(existing.bodySha256().equals(a.bodySha256())
                ? new IntakeDecision.Replay(existing) : new IntakeDecision.Conflict(existing));
    }

    private static IntakeDecision.Refuse invalid(IntakeDecision.Reason reason, Violation violation) {
        return new IntakeDecision.Refuse(reason, new IntakeResult.Invalid(List.of(violation), false));
    }
}
