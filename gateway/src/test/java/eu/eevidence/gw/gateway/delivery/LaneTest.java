package eu.eevidence.gw.gateway.delivery;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** The emergency lane's queue names, retry schedule and circuit breakers (ADR-0031). */
class LaneTest {

    @Test
    void anEmergencyHasAQueueOfItsOwnPerDestination() {
        assertThat(Lane.of(true)).isEqualTo(Lane.EMERGENCY);
        assertThat(Lane.of(false)).isEqualTo(Lane.ORDINARY);
        assertThat(Lane.EMERGENCY.queueFor("demo-platform")).isEqualTo("gw.emergency.demo-platform");
        assertThat(Lane.ORDINARY.queueFor("demo-platform")).isEqualTo("gw.delivery.demo-platform");
    }

    @Test
    void theEmergencyScheduleIsInSecondsNotMinutes() {
        DeliveryPolicy ordinary = DeliveryPolicy.defaults();
        DeliveryPolicy emergency = DeliveryPolicy.emergencyDefaults();
        assertThat(emergency.delayBefore(2, null, 0.5)).isEqualTo(Duration.ofSeconds(1));
        assertThat(emergency.delayBefore(30, null, 0.5)).isEqualTo(Duration.ofSeconds(15));
        assertThat(ordinary.delayBefore(30, null, 0.5)).isEqualTo(Duration.ofMinutes(5));
        assertThat(emergency.operatorDelay(null, 0.5)).isLessThan(ordinary.operatorDelay(null, 0.5));
        assertThat(emergency.breakerOpen()).isLessThan(ordinary.breakerOpen());
        assertThat(emergency.maxTotal()).isEqualTo(Duration.ofHours(8));
        assertThat(emergency.delayBefore(2, Duration.ofSeconds(3), 0.5)).as("Retry-After still honoured").isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void anOpenOrdinaryCircuitDoesNotHoldTheEmergencyLane() {
        Clock clock = Clock.fixed(Instant.parse("2026-12-07T22:00:00Z"), ZoneOffset.UTC);
        CircuitBreakers ordinary = new CircuitBreakers(clock, DeliveryPolicy.defaults(), Duration.ofSeconds(60));
        CircuitBreakers emergency = new CircuitBreakers(clock, DeliveryPolicy.emergencyDefaults(), Duration.ofSeconds(60), "emergency:");
        for (int i = 0; i < DeliveryPolicy.defaults().breakerThreshold(); i++) {
            ordinary.forDestination("p").onFailure(null);
        }
        assertThat(ordinary.forDestination("p").tryAcquire().allowed()).isFalse();
        assertThat(emergency.forDestination("p").tryAcquire().allowed()).isTrue();
        assertThat(emergency.snapshots()).extracting(CircuitBreaker.Snapshot::destination).containsExactly("emergency:p");
    }
}
