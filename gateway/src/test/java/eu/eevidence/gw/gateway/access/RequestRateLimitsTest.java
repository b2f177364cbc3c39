package eu.eevidence.gw.gateway.access;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Certificate, address and outer address buckets; log throttling. */
class RequestRateLimitsTest {

    final eu.eevidence.gw.testkit.MutableClock clock = new eu.eevidence.gw.testkit.MutableClock(java.time.Instant.parse("2026-03-01T10:00:00Z"));

    RequestRateLimits limits(int cert, int address, int total) {
        return new RequestRateLimits(ClientAccessSettings.defaults().withRates(new RateLimiter.Rate(cert, cert),
                new RateLimiter.Rate(address, address), new RateLimiter.Rate(total, total)), clock);
    }

    @Test
    void aCertificateAtItsLimitIsRefusedWhileAnotherFromTheSameAddressPasses() {
        RequestRateLimits l = limits(3, 100, 100);
        for (int i = 0; i < 3; i++) {
            assertThat(l.authenticated("cert-a", "127.0.0.1")).isEmpty();
        }
        RequestRateLimits.Refusal r = l.authenticated("cert-a", "127.0.0.1").orElseThrow();
        assertThat(r.limit()).isEqualTo("certificate");
        assertThat(r.retryAfterSeconds()).isGreaterThanOrEqualTo(1);
        assertThat(l.authenticated("cert-b", "127.0.0.1")).isEmpty();
    }

    @Test
    void requestsWithoutACertificateAreBoundPerAddress() {
        RequestRateLimits l = limits(100, 2, 100);
        l.unauthenticated("10.0.0.1");
        l.unauthenticated("10.0.0.1");
        assertThat(l.unauthenticated("10.0.0.1").orElseThrow().limit()).isEqualTo("address");
        assertThat(l.unauthenticated("10.0.0.2")).isEmpty();
        assertThat(l.authenticated("cert-a", "10.0.0.1")).isEmpty(); // the address bucket is for unauthenticated traffic
    }

    @Test
    void theOuterBoundCountsEveryRequestOfAnAddress() {
        RequestRateLimits l = limits(100, 100, 3);
        l.authenticated("cert-a", "10.0.0.1");
        l.authenticated("cert-b", "10.0.0.1");
        l.unauthenticated("10.0.0.1");
        assertThat(l.authenticated("cert-c", "10.0.0.1").orElseThrow().limit()).isEqualTo("address total");
    }

    @Test
    void aRefusedKeyIsLoggedAtMostOnceAMinute() {
        RequestRateLimits l = limits(1, 100, 100);
        l.authenticated("cert-a", "h");
        RequestRateLimits.Refusal r = l.authenticated("cert-a", "h").orElseThrow();
        assertThat(l.shouldLog(r)).isTrue();
        assertThat(l.shouldLog(r)).isFalse();
        assertThat(l.shouldLog(new RequestRateLimits.Refusal("certificate", "cert-b", 1))).isTrue();
        clock.advance(Duration.ofSeconds(61));
        assertThat(l.shouldLog(r)).isTrue();
    }
}
