package eu.eevidence.gw.gateway.delivery;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeliveryPolicyTest {

    private final DeliveryPolicy policy = DeliveryPolicy.defaults(); // 2 s x2 up to 5 min, +-20 %

    @Test
    void waitsGrowExponentiallyUpToTheCap() {
        assertThat(policy.delayBefore(2, null, 0.5)).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.delayBefore(3, null, 0.5)).isEqualTo(Duration.ofSeconds(4));
        assertThat(policy.delayBefore(6, null, 0.5)).isEqualTo(Duration.ofSeconds(32));
        assertThat(policy.delayBefore(12, null, 0.5)).isEqualTo(Duration.ofMinutes(5));
        assertThat(policy.delayBefore(1000, null, 0.5)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void jitterSpreadsEachWaitByTheConfiguredFraction() {
        assertThat(policy.delayBefore(3, null, 0.0)).isEqualTo(Duration.ofMillis(3200));
        assertThat(policy.delayBefore(3, null, 0.999999)).isBetween(Duration.ofMillis(4799), Duration.ofMillis(4800));
        assertThat(policy.delayBefore(12, null, 0.999999)).isLessThanOrEqualTo(Duration.ofSeconds(360));
    }

    @Test
    void thePortalsRetryAfterIsAFloorNeverACeiling() {
        assertThat(policy.delayBefore(2, Duration.ofSeconds(30), 0.9)).isEqualTo(Duration.ofSeconds(30));
        assertThat(policy.delayBefore(12, Duration.ofSeconds(30), 0.5)).isEqualTo(Duration.ofMinutes(5));
        assertThat(policy.delayBefore(2, Duration.ofHours(1), 0.5)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void nodeProblemsWaitTheLongDelay() {
        assertThat(policy.operatorDelay(null, 0.5)).isEqualTo(Duration.ofMinutes(15));
        assertThat(policy.operatorDelay(null, 0.0)).isEqualTo(Duration.ofMinutes(12));
    }

    @Test
    void messagesHeldByAnOpenCircuitAreSpreadAfterIt() {
        assertThat(policy.spread(Duration.ofSeconds(10), 0.0)).isEqualTo(Duration.ofSeconds(10));
        assertThat(policy.spread(Duration.ofSeconds(10), 0.5)).isEqualTo(Duration.ofSeconds(13)); // + 0.5 * 20 % of 30 s
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> new DeliveryPolicy(Duration.ofSeconds(2), 0.5, Duration.ofSeconds(5), 0.2, 3, Duration.ofHours(1),
                Duration.ofMinutes(1), 5, Duration.ofSeconds(30))).hasMessageStartingWith("EEG-DLV-POLICY");
        assertThatThrownBy(() -> new DeliveryPolicy(Duration.ofSeconds(2), 2, Duration.ofSeconds(5), 0.2, 0, Duration.ofHours(1),
                Duration.ofMinutes(1), 5, Duration.ofSeconds(30))).hasMessageStartingWith("EEG-DLV-POLICY");
    }
}
