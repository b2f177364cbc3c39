package eu.eevidence.gw.gateway.access;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Token buckets driven by a test clock. */
class RateLimiterTest {

    final eu.eevidence.gw.testkit.MutableClock clock = new eu.eevidence.gw.testkit.MutableClock(java.time.Instant.parse("2026-03-01T10:00:00Z"));

    @Test
    void aBurstOverTheBucketIsRefusedWithARetryAfterOfWholeSeconds() {
        RateLimiter l = new RateLimiter(new RateLimiter.Rate(2, 4), clock, 100);
        for (int i = 0; i < 4; i++) {
            assertThat(l.acquire("a").allowed()).isTrue();
        }
        RateLimiter.Decision refused = l.acquire("a");
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfterSeconds()).isEqualTo(1); // half a second missing -> 1 whole second
        clock.advance(Duration.ofMillis(500));
        assertThat(l.acquire("a").allowed()).isTrue();
        assertThat(l.acquire("a").allowed()).isFalse();
    }

    @Test
    void aSlowRateGivesALongerRetryAfter() {
        RateLimiter l = new RateLimiter(new RateLimiter.Rate(0.1, 1), clock, 100);
        assertThat(l.acquire("a").allowed()).isTrue();
        assertThat(l.acquire("a").retryAfterSeconds()).isEqualTo(10);
        clock.advance(Duration.ofSeconds(4));
        assertThat(l.acquire("a").retryAfterSeconds()).isEqualTo(6);
    }

    @Test
    void oneKeyAtItsLimitDoesNotTouchAnother() {
        RateLimiter l = new RateLimiter(new RateLimiter.Rate(1, 2), clock, 100);
        l.acquire("a");
        l.acquire("a");
        assertThat(l.acquire("a").allowed()).isFalse();
        assertThat(l.acquire("b").allowed()).isTrue();
        assertThat(l.acquire("b").allowed()).isTrue();
    }

    @Test
    void theBucketRefillsOnlyUpToItsBurst() {
        RateLimiter l = new RateLimiter(new RateLimiter.Rate(10, 3), clock, 100);
        l.acquire("a");
        clock.advance(Duration.ofHours(1));
        for (int i = 0; i < 3; i++) {
            assertThat(l.acquire("a").allowed()).isTrue();
        }
        assertThat(l.acquire("a").allowed()).isFalse();
    }

    @Test
    void memoryIsBoundedByTheCapAndIdleBucketsAreDropped() {
        RateLimiter l = new RateLimiter(new RateLimiter.Rate(10, 10), clock, 50);
        for (int i = 0; i < 200; i++) {
            l.acquire("k" + i);
        }
        assertThat(l.size()).isEqualTo(50);
        clock.advance(Duration.ofMinutes(2));
        l.acquire("fresh");
        assertThat(l.size()).isEqualTo(1);
    }

    @Test
    void zeroDisablesAndABurstBelowOneIsRefused() {
        RateLimiter off = new RateLimiter(RateLimiter.Rate.off(), clock, 1);
        for (int i = 0; i < 1000; i++) {
            assertThat(off.acquire("a").allowed()).isTrue();
        }
        assertThat(off.size()).isZero();
        assertThatThrownBy(() -> new RateLimiter.Rate(5, 0)).hasMessageContaining("EEG-CFG-RATE");
    }

    @Test
    void aClockGoingBackDoesNotMintTokens() {
        RateLimiter l = new RateLimiter(new RateLimiter.Rate(1, 1), clock, 10);
        l.acquire("a");
        clock.advance(Duration.ofSeconds(-30));
        assertThat(l.acquire("a").allowed()).isFalse();
    }
}
