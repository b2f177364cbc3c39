package eu.eevidence.gw.gateway.delivery;

import eu.eevidence.gw.testkit.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class CircuitBreakerTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    private final CircuitBreaker breaker = new CircuitBreaker("acme", clock, 3, Duration.ofSeconds(30), Duration.ofSeconds(60));

    @Test
    void staysClosedBelowTheThresholdAndASuccessResetsTheCount() {
        breaker.onFailure(null);
        breaker.onFailure(null);
        breaker.onSuccess();
        breaker.onFailure(null);
        breaker.onFailure(null);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.tryAcquire().allowed()).isTrue();
    }

    @Test
    void opensAfterConsecutiveFailuresAndRefusesAttemptsUntilTheOpenPeriodEnds() {
        fail(3);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        CircuitBreaker.Permit p = breaker.tryAcquire();
        assertThat(p.allowed()).isFalse();
        assertThat(p.retryIn()).isEqualTo(Duration.ofSeconds(30));
        clock.advance(Duration.ofSeconds(29));
        assertThat(breaker.tryAcquire().retryIn()).isEqualTo(Duration.ofSeconds(1));
        assertThat(breaker.snapshot().timesOpened()).isEqualTo(1);
    }

    @Test
    void letsExactlyOneProbeThroughWhenHalfOpenAndClosesOnItsSuccess() {
        fail(3);
        clock.advance(Duration.ofSeconds(30));
        CircuitBreaker.Permit probe = breaker.tryAcquire();
        assertThat(probe.allowed()).isTrue();
        assertThat(probe.probe()).isTrue();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        CircuitBreaker.Permit other = breaker.tryAcquire();
        assertThat(other.allowed()).isFalse();
        assertThat(other.retryIn()).isPositive();
        breaker.onSuccess();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.tryAcquire()).isEqualTo(new CircuitBreaker.Permit(true, false, Duration.ZERO));
    }

    @Test
    void aFailedProbeOpensTheCircuitAgain() {
        fail(3);
        clock.advance(Duration.ofSeconds(30));
        assertThat(breaker.tryAcquire().probe()).isTrue();
        breaker.onFailure(null);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.tryAcquire().retryIn()).isEqualTo(Duration.ofSeconds(30));
        assertThat(breaker.snapshot().timesOpened()).isEqualTo(2);
    }

    @Test
    void aRetryAfterLongerThanTheOpenPeriodKeepsItOpenLonger() {
        breaker.onFailure(null);
        breaker.onFailure(null);
        breaker.onFailure(Duration.ofSeconds(120));
        assertThat(breaker.tryAcquire().retryIn()).isEqualTo(Duration.ofSeconds(120));
        breaker.onFailure(Duration.ofSeconds(300)); // a late answer of an attempt made while it was still closed
        assertThat(breaker.tryAcquire().retryIn()).isEqualTo(Duration.ofSeconds(300));
    }

    @Test
    void aLostProbeIsReplacedAfterItsLeaseAndANeutralProbeGivesItsSlotBack() {
        fail(3);
        clock.advance(Duration.ofSeconds(30));
        assertThat(breaker.tryAcquire().probe()).isTrue();
        clock.advance(Duration.ofSeconds(59));
        assertThat(breaker.tryAcquire().allowed()).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(breaker.tryAcquire().probe()).isTrue(); // the first probe never reported
        breaker.onNeutral(true);
        assertThat(breaker.tryAcquire().probe()).isTrue();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
    }

    @Test
    void aLateFailureWithoutRetryAfterDoesNotLengthenTheOpenPeriod() {
        fail(3);
        clock.advance(Duration.ofSeconds(10));
        breaker.onFailure(null);
        breaker.onFailure(Duration.ofSeconds(5)); // shorter than what is left
        assertThat(breaker.tryAcquire().retryIn()).isEqualTo(Duration.ofSeconds(20));
        assertThat(breaker.snapshot().timesOpened()).isEqualTo(1);
    }

    @Test
    void aLateSuccessWhileOpenClosesTheCircuit() {
        fail(3);
        breaker.onSuccess(); // an attempt made while closed answered after the circuit opened
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.snapshot().openUntil()).isNull();
        assertThat(breaker.tryAcquire()).isEqualTo(new CircuitBreaker.Permit(true, false, Duration.ZERO));
        fail(2);
        assertThat(breaker.state()).as("the count started again").isEqualTo(CircuitBreaker.State.CLOSED);
    }

    private void fail(int n) {
        for (int i = 0; i < n; i++) {
            assertThat(breaker.tryAcquire().allowed()).isTrue();
            breaker.onFailure(null);
        }
    }
}
