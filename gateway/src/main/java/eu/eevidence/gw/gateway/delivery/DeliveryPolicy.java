package eu.eevidence.gw.gateway.delivery;

import java.time.Duration;
import java.util.Objects;

/**
 * When the node tries a destination again, when it gives up, and when it stops trying a destination for a while.
 * See docs/adr/0009-scheduled-retries-and-circuit-breaker.md.
 *
 * @param initialDelay      wait before the second attempt (before jitter)
 * @param multiplier        growth of the wait per further attempt
 * @param maxDelay          largest wait before jitter (a portal's Retry-After may ask for longer: it is honoured)
 * @param jitter            each wait is drawn uniformly from {@code wait * (1 - jitter) .. wait * (1 + jitter)}; 0..1
 * @param maxAttempts       attempts after which a request is dead-lettered (FAILED); whichever bound comes first
 * @param maxTotal          time since acceptance after which a request is dead-lettered (FAILED)
 * @param operatorDelay     wait after a problem of this node (configuration, credentials: EEG-DLV-OPERATOR); such
 *                          attempts do not use up {@code maxAttempts}, only {@code maxTotal}
 * @param breakerThreshold  consecutive retryable failures of a destination that open its circuit
 * @param breakerOpen       how long an open circuit stays open before one probe is let through
 */
public record DeliveryPolicy(Duration initialDelay, double multiplier, Duration maxDelay, double jitter, int maxAttempts, Duration maxTotal,
                             Duration operatorDelay, int breakerThreshold, Duration breakerOpen) {

    public DeliveryPolicy {
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        Objects.requireNonNull(maxTotal, "maxTotal");
        Objects.requireNonNull(operatorDelay, "operatorDelay");
        Objects.requireNonNull(breakerOpen, "breakerOpen");
        if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0 || multiplier < 1.0 || jitter < 0 || jitter > 1
                || maxAttempts < 1 || maxTotal.isNegative() || maxTotal.isZero() || operatorDelay.isNegative() || breakerThreshold < 1 || breakerOpen.isNegative()) {
            throw new IllegalArgumentException(DeliveryError.DLV_POLICY.code() + " delivery policy out of range: " + this);
        }
    }

    /**
     * Production defaults: 2 s doubling up to 5 min, +-20 % jitter, 12 attempts or 24 h; node problems every 15 min;
     * a circuit opens after 5 consecutive failures for 30 s.
     */
    public static DeliveryPolicy defaults() {
        return new DeliveryPolicy(Duration.ofSeconds(2), 2.0, Duration.ofMinutes(5), 0.2, 12, Duration.ofHours(24),
                Duration.ofMinutes(15), 5, Duration.ofSeconds(30));
    }

    /**
     * The emergency lane (ADR-0031): seconds, not minutes. 1 s doubling up to 15 s, +-20 % jitter, 60 attempts or 8 h
     * (the EPOC emergency time limit, Reg. (EU) 2023/1543 Art. 10(4)); node problems every 60 s; its own circuit opens
     * after 3 consecutive failures for 5 s.
     */
    public static DeliveryPolicy emergencyDefaults() {
        return new DeliveryPolicy(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(15), 0.2, 60, Duration.ofHours(8),
                Duration.ofSeconds(60), 3, Duration.ofSeconds(5));
    }

    public DeliveryPolicy withBreaker(int threshold, Duration open) {
        return new DeliveryPolicy(initialDelay, multiplier, maxDelay, jitter, maxAttempts, maxTotal, operatorDelay, threshold, open);
    }

    public DeliveryPolicy withOperatorDelay(Duration delay) {
        return new DeliveryPolicy(initialDelay, multiplier, maxDelay, jitter, maxAttempts, maxTotal, delay, breakerThreshold, breakerOpen);
    }

    public DeliveryPolicy withMaxTotal(Duration total) {
        return new DeliveryPolicy(initialDelay, multiplier, maxDelay, jitter, maxAttempts, total, operatorDelay, breakerThreshold, breakerOpen);
    }

    /**
     * The wait before attempt {@code nextAttempt} (2 for the first retry): exponential, capped, jittered with
     * {@code random} (uniform in [0, 1)), and never shorter than the portal's {@code retryAfter} (may be null).
     */
    public Duration delayBefore(int nextAttempt, Duration retryAfter, double random) {
        double base = initialDelay.toMillis() * Math.pow(multiplier, Math.max(0, nextAttempt - 2));
        return floor(jittered(Math.min(base, maxDelay.toMillis()), random), retryAfter);
    }

    /** The wait after a problem of this node (EEG-DLV-OPERATOR), jittered, never shorter than {@code retryAfter}. */
    public Duration operatorDelay(Duration retryAfter, double random) {
        return floor(jittered(operatorDelay.toMillis(), random), retryAfter);
    }

    /** A wait of about {@code wait}, jittered (used to spread messages held back by an open circuit). */
    public Duration spread(Duration wait, double random) {
        return Duration.ofMillis(Math.round(wait.toMillis() + breakerOpen.toMillis() * jitter * random));
    }

    private Duration jittered(double millis, double random) {
        double factor = 1.0 + jitter * (2.0 * random - 1.0);
        return Duration.ofMillis(Math.max(0, Math.round(millis * factor)));
    }

    private static Duration floor(Duration d, Duration retryAfter) {
        return retryAfter != null && retryAfter.compareTo(d) > 0 ? retryAfter : d;
    }
}
