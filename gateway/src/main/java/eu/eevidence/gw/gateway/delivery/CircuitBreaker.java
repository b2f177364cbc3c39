package eu.eevidence.gw.gateway.delivery;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.event.CircuitBreakerOnStateTransitionEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The circuit breaker of one destination, on resilience4j's state machine (ADR-0027; ADR-0009 for the behaviour).
 * CLOSED: attempts go through; {@code threshold} consecutive retryable failures open it (a count window of
 * {@code threshold} calls that must all have failed). OPEN: no attempt is made until {@code openFor} (or the portal's
 * longer Retry-After: {@code transitionToOpenStateUntil}) has passed. HALF_OPEN: one attempt (the probe) goes through;
 * its success closes the circuit, its failure opens it again. What resilience4j does not do by itself, this class adds:
 * the time left while open ({@link Permit#retryIn}), a Retry-After that lengthens an open period, a success of any
 * attempt closing the circuit, a probe that never reports (the node crashed under it) being replaced after
 * {@code probeLease}, and opening exactly at the end of the period (the library waits for the instant after). Time
 * comes from the injected clock. Thread-safe. Operator log lines: EEG-CB-OPEN, EEG-CB-HALF-OPEN, EEG-CB-CLOSED.
 */
public final class CircuitBreaker {

    private static final Logger LOG = LoggerFactory.getLogger(CircuitBreaker.class);
    private static final Throwable FAILURE = new Throwable("retryable failure of the destination", null, false, false) { };

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
    private final Duration openFor;
    private final Duration probeLease;
    private final io.github.resilience4j.circuitbreaker.CircuitBreaker machine;

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
        this.openFor = openFor;
        this.probeLease = probeLease;
        this.machine = io.github.resilience4j.circuitbreaker.CircuitBreaker.of(destination, CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED).slidingWindowSize(threshold)
                .minimumNumberOfCalls(threshold).failureRateThreshold(100f).waitDurationInOpenState(openFor)
                .permittedNumberOfCallsInHalfOpenState(1).writableStackTraceEnabled(false).clock(clock).build());
        machine.getEventPublisher().onStateTransition(this::transition);
    }

    /** May an attempt be made now? A HALF_OPEN permit makes the caller the probe: it must report its outcome. */
    public synchronized Permit tryAcquire() {
        Instant now = clock.instant();
        State state = state();
        if (state == State.OPEN && !now.isBefore(openUntil)) {
            machine.transitionToHalfOpenState(); // at the end of the period itself
            state = State.HALF_OPEN;
        } else if (state == State.HALF_OPEN && probeStartedAt != null && !now.isBefore(probeStartedAt.plus(probeLease))) {
            machine.releasePermission(); // the probe never reported: its slot goes to the next attempt
            probeStartedAt = null;
        }
        if (!machine.tryAcquirePermission()) {
            return Permit.waitFor(state == State.OPEN ? Duration.between(now, openUntil) : halfOpenWait());
        }
        if (state() == State.HALF_OPEN) {
            probeStartedAt = now;
            return Permit.PROBE;
        }
        return Permit.GO;
    }

    /** The destination answered (delivered, or a decision of its own such as a refusal): it is up. */
    public synchronized void onSuccess() {
        failures = 0;
        probeStartedAt = null;
        if (state() == State.OPEN) {
            machine.transitionToClosedState(); // a late answer of an attempt made while closed: the destination is up
        } else {
            machine.onSuccess(0, TimeUnit.NANOSECONDS);
        }
    }

    /** A retryable failure of the destination (5xx, 429, time-out, reset); {@code retryAfter} may be null. */
    public synchronized void onFailure(Duration retryAfter) {
        Instant now = clock.instant();
        failures++;
        State before = state();
        if (before != State.OPEN) {
            machine.onError(0, TimeUnit.NANOSECONDS, FAILURE);
        }
        if (state() != State.OPEN) {
            return;
        }
        Duration period = retryAfter != null && retryAfter.compareTo(openFor) > 0 ? retryAfter : openFor;
        if (before != State.OPEN) {
            openUntil = now.plus(period);
            if (period != openFor) {
                machine.transitionToOpenStateUntil(openUntil);
            }
            LOG.warn(DeliveryError.CB_OPEN.code() + " destination {}: {} consecutive failure(s); no attempts until {} ({} ms)", destination, failures,
                    openUntil, period.toMillis());
        } else if (retryAfter != null && now.plus(retryAfter).isAfter(openUntil)) {
            openUntil = now.plus(retryAfter); // a late answer of an attempt made while closed asks for longer
            machine.transitionToOpenStateUntil(openUntil);
        }
    }

    /** The attempt said nothing about the destination (a problem of this node): a probe slot is given back. */
    public synchronized void onNeutral(boolean probe) {
        if (probe && state() == State.HALF_OPEN) {
            probeStartedAt = null;
        }
        machine.releasePermission();
    }

    public synchronized State state() {
        return switch (machine.getState()) {
            case OPEN, FORCED_OPEN -> State.OPEN;
            case HALF_OPEN -> State.HALF_OPEN;
            default -> State.CLOSED;
        };
    }

    public synchronized Snapshot snapshot() {
        State state = state();
        return new Snapshot(destination, state, failures, state == State.CLOSED ? null : openUntil, timesOpened);
    }

    /** The library's transitions (made under this object's lock): counts and operator lines. */
    private void transition(CircuitBreakerOnStateTransitionEvent e) {
        switch (e.getStateTransition()) {
            case CLOSED_TO_OPEN, HALF_OPEN_TO_OPEN -> {
                timesOpened++;
                probeStartedAt = null;
                openUntil = clock.instant().plus(openFor);
            }
            case OPEN_TO_HALF_OPEN -> LOG.info(DeliveryError.CB_HALF_OPEN.code() + " destination {}: one probe attempt let through", destination);
            case HALF_OPEN_TO_CLOSED, OPEN_TO_CLOSED -> {
                openUntil = null;
                LOG.info(DeliveryError.CB_CLOSED.code() + " destination {}: answering again, attempts resume", destination);
            }
            default -> { }
        }
    }

    /** How long a message waits while a probe is out: a fraction of the open period, at least 50 ms. */
    private Duration halfOpenWait() {
        long ms = Math.max(50, openFor.toMillis() / 4);
        return Duration.ofMillis(ms);
    }
}
