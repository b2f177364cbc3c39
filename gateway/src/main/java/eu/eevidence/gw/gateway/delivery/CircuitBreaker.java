package eu.eevidence.gw.gateway.delivery;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The circuit breaker of one destination. CLOSED: attempts go through; {@code threshold} consecutive retryable
 * failures open it. OPEN: no attempt is made until {@code openFor} (or the portal's longer Retry-After) has passed.
 * HALF_OPEN: one attempt (the probe) goes through; its success closes the circuit, its failure opens it again. A
 * probe that never reports (the node crashed under it) is replaced after {@code probeLease}. Time comes from the
 * injected clock. Thread-safe. Operator log lines: EEG-CB-OPEN, EEG-CB-HALF-OPEN, EEG-CB-CLOSED.
 */
public final class CircuitBreaker {

    private static final Logger LOG = LoggerFactory.getLogger(CircuitBreaker.class);

    public enum State { CLOSED, OPEN, HALF_OPEN }

    /**
     * The answer to "may I attempt now?".
     *
     * @param allowed  true: attempt, and report the outcome with {@code probe}
     * @param probe    this attempt is the half-open probe
     * @param retryIn  when not allowed: how long until asking again makes sense
     */
    public record Permit(boolean allowed, boolean probe, Duration retryIn) {
        static final Permit GO = new Permit(true, false, Duration.ZERO);
        static final Permit PROBE = new Permit(true, true, Duration.ZERO);

        static Permit waitFor(Duration d) {
            return new Permit(false, false, d.isNegative() ? Duration.ZERO : d);
        }
    }

    /** What the breaker looks like now (for metrics and health). */
    public record Snapshot(String destination, State state, int consecutiveFailures, Instant openUntil, long timesOpened) {
    }

    private final String destination;
    private final Clock clock;
    private final int threshold;
    private final Duration openFor;
    private final Duration probeLease;

    private State state = State.CLOSED;
    private int failures;
    private Instant openUntil;
    private Instant probeStartedAt;
    private long timesOpened;

    public CircuitBreaker(String destination, Clock clock, int threshold, Duration openFor, Duration probeLease) {
        this.destination = Objects.requireNonNull(destination, "destination");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (threshold < 1) {
            throw new IllegalArgumentException("threshold must be at least 1");
        }
        this.threshold = threshold;
        this.openFor = openFor;
        this.probeLease = probeLease;
    }

    /** May an attempt be made now? A HALF_OPEN permit makes the caller the probe: it must report its outcome. */
    public synchronized Permit tryAcquire() {
        Instant now = clock.instant();
        switch (state) {
            case CLOSED:
                return Permit.GO;
            case OPEN:
                if (now.isBefore(openUntil)) {
                    return Permit.waitFor(Duration.between(now, openUntil));
                }
                state = State.HALF_OPEN;
                probeStartedAt = now;
                LOG.info(DeliveryError.CB_HALF_OPEN.code() + " destination {}: one probe attempt let through", destination);
                return Permit.PROBE;
            default: // HALF_OPEN
                if (probeStartedAt != null && now.isBefore(probeStartedAt.plus(probeLease))) {
                    return Permit.waitFor(halfOpenWait());
                }
                probeStartedAt = now;
                return Permit.PROBE;
        }
    }

    /** The destination answered (delivered, or a decision of its own such as a refusal): it is up. */
    public synchronized void onSuccess() {
        failures = 0;
        probeStartedAt = null;
        if (state != State.CLOSED) {
            state = State.CLOSED;
            openUntil = null;
            LOG.info(DeliveryError.CB_CLOSED.code() + " destination {}: answering again, attempts resume", destination);
        }
    }

    /** A retryable failure of the destination (5xx, 429, time-out, reset); {@code retryAfter} may be null. */
    public synchronized void onFailure(Duration retryAfter) {
        Instant now = clock.instant();
        failures++;
        if (state == State.HALF_OPEN || (state == State.CLOSED && failures >= threshold)) {
            open(now, retryAfter);
        } else if (state == State.OPEN && retryAfter != null && now.plus(retryAfter).isAfter(openUntil)) {
            openUntil = now.plus(retryAfter); // a late answer of an attempt made while closed asks for longer
        }
    }

    /** The attempt said nothing about the destination (a problem of this node): a probe slot is given back. */
    public synchronized void onNeutral(boolean probe) {
        if (probe && state == State.HALF_OPEN) {
            probeStartedAt = null;
        }
    }

    public synchronized State state() {
        return state;
    }

    public synchronized Snapshot snapshot() {
        return new Snapshot(destination, state, failures, openUntil, timesOpened);
    }

    private void open(Instant now, Duration retryAfter) {
        Duration period = retryAfter != null && retryAfter.compareTo(openFor) > 0 ? retryAfter : openFor;
        state = State.OPEN;
        openUntil = now.plus(period);
        probeStartedAt = null;
        timesOpened++;
        LOG.warn(DeliveryError.CB_OPEN.code() + " destination {}: {} consecutive failure(s); no attempts until {} ({} ms)", destination, failures, openUntil,
                period.toMillis());
    }

    /** How long a message waits while a probe is out: a fraction of the open period, at least 50 ms. */
    private Duration halfOpenWait() {
        long ms = Math.max(50, openFor.toMillis() / 4);
        return Duration.ofMillis(ms);
    }
}
