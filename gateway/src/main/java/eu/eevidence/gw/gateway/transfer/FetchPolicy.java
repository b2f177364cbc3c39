package eu.eevidence.gw.gateway.transfer;

import eu.eevidence.gw.gateway.delivery.DeliveryPolicy;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import eu.eevidence.gw.gateway.evidence.EvidenceError;

/**
 * The state machine of one evidence fetch job (ADR-0017), pure. A job is {@code PENDING} until the item is stored
 * ({@code STORED}) or the node gives up ({@code FAILED}). Back-off and bounds are those of delivery
 * ({@link DeliveryPolicy}: exponential, capped, jittered, at most {@code maxAttempts} failed attempts, at most
 * {@code maxTotal} since the job was created). "Not yet" (the peer declared the item but does not hold its bytes yet)
 * is a normal wait: it backs off the same way but does not use up attempts, only time.
 */
public final class FetchPolicy {

    /** Where a job stands. */
    public enum State { PENDING, STORED, FAILED }

    /** What one attempt gave. */
    public enum Kind {
        /** Stored now, or already held. */
        STORED,
        /** The peer does not hold the bytes yet (EEG-XFER-NOT-YET): wait. */
        NOT_YET,
        /** A failure a new attempt may overcome (network, 5xx, a cut or unreadable stream). */
        RETRYABLE,
        /** Refused for good (wrong signer, content not the declared one, not found). */
        FINAL
    }

    /** The job after an attempt: failed attempts and "not yet" answers so far, when to try again, the last code. */
    public record Next(State state, int attempts, int waits, Instant nextAttemptAt, String code, String detail) {
    }

    /** Codes of the evidence store that no new attempt changes. */
    private static final Set<String> FINAL_STORE_CODES = Set.of(EvidenceError.EVD_DIGEST.code(), EvidenceError.EVD_SIZE.code(),
            EvidenceError.EVD_ITEM_CONFLICT.code(), EvidenceError.EVD_TOO_LARGE.code(),
            EvidenceError.EVD_MANIFEST_MISMATCH.code());

    private final DeliveryPolicy policy;

    public FetchPolicy(DeliveryPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /** Evidence held by a peer does not go stale like a delivery window: fetch jobs give up after 7 days at the earliest. */
    static final Duration MIN_TRANSFER_TIME = Duration.ofDays(7);

    /**
     * The policy of the node's evidence transfers: delivery's back-off and attempt bound, but at least
     * {@link #MIN_TRANSFER_TIME} before a job is given up, so that a requested node down for hours (a restart, an outage
     * longer than delivery's 24 h) does not cost the requester its evidence.
     */
    public static FetchPolicy forTransfers(DeliveryPolicy delivery) {
        return new FetchPolicy(delivery.maxTotal().compareTo(MIN_TRANSFER_TIME) >= 0 ? delivery : delivery.withMaxTotal(MIN_TRANSFER_TIME));
    }

    public DeliveryPolicy policy() {
        return policy;
    }

    /**
     * What an evidence-store outcome code (of {@code EvidenceService.acceptDelivery}) and the last fetch failure (its
     * code and whether it is retryable; null when the fetch did not fail) mean for the job.
     */
    public static Kind classify(String storeOutcome, String storeCode, String fetchCode, boolean fetchRetryable) {
        if (storeOutcome != null && (storeOutcome.startsWith("stored") || storeOutcome.startsWith("duplicate"))) {
            return Kind.STORED;
        }
        if (fetchCode != null) {
            if (TransferCodes.NOT_YET.equals(fetchCode)) {
                return Kind.NOT_YET;
            }
            return fetchRetryable ? Kind.RETRYABLE : Kind.FINAL;
        }
        return storeCode != null && FINAL_STORE_CODES.contains(storeCode) ? Kind.FINAL : Kind.RETRYABLE;
    }

    /**
     * The job after an attempt of {@code kind}, given the failed attempts and the "not yet" answers before it, the
     * job's creation time, the peer's Retry-After (or null) and {@code random} (uniform in [0, 1), for the jitter).
     */
    public Next after(Kind kind, int attempts, int waits, Instant createdAt, Instant now, String code, String detail, Duration retryAfter,
                      double random) {
        switch (kind) {
            case STORED:
                return new Next(State.STORED, attempts, waits, now, null, null);
            case FINAL:
                return new Next(State.FAILED, attempts + 1, waits, now, code, detail);
            default:
                break;
        }
        int failed = kind == Kind.RETRYABLE ? attempts + 1 : attempts;
        int waited = kind == Kind.NOT_YET ? waits + 1 : waits;
        boolean outOfTime = !now.isBefore(createdAt.plus(policy.maxTotal()));
        if (outOfTime || failed >= policy.maxAttempts()) {
            return new Next(State.FAILED, failed, waited, now, TransferCodes.GAVE_UP, "gave up after " + failed + " failed attempts and "
                    + waited + " waits" + (outOfTime ? " (" + policy.maxTotal() + " passed)" : "") + "; last " + code
                    + (detail == null ? "" : ": " + detail));
        }
        Duration wait = policy.delayBefore((kind == Kind.NOT_YET ? waited : failed) + 1, retryAfter, random);
        return new Next(State.PENDING, failed, waited, now.plus(wait), code, detail);
    }
}
