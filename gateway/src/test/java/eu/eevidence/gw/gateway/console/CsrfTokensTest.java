package eu.eevidence.gw.gateway.console;

import eu.eevidence.gw.testkit.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsrfTokensTest {

    private static final byte[] KEY = new byte[32];
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T23:30:00Z"));
    private final CsrfTokens tokens = new CsrfTokens(KEY, clock);

    @Test
    void aMissingEmptyOrForgedTokenIsRefused() {
        assertThat(tokens.valid("fp-a", null)).isFalse();
        assertThat(tokens.valid("fp-a", "")).isFalse();
        assertThat(tokens.valid("fp-a", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")).isFalse();
        assertThat(tokens.valid("fp-a", "x".repeat(10_000))).isFalse();
        assertThat(tokens.valid(null, tokens.issue("fp-a"))).isFalse();
    }

    @Test
    void aTokenOfAnotherCertificateIsRefused() {
        assertThat(tokens.valid("fp-b", tokens.issue("fp-a"))).isFalse();
    }

    @Test
    void aTokenOfAnotherNodeKeyIsRefused() {
        byte[] other = Arrays.copyOf(KEY, 32);
        other[0] = 1;
        assertThat(new CsrfTokens(other, clock).valid("fp-a", tokens.issue("fp-a"))).isFalse();
    }

    @Test
    void aTokenExpiresAfterItsDayAndTheNext() {
        String t = tokens.issue("fp-a");
        clock.advance(Duration.ofHours(1)); // the next UTC day: still accepted (grace)
        assertThat(tokens.valid("fp-a", t)).isTrue();
        clock.advance(Duration.ofHours(24)); // two days later: refused
        assertThat(tokens.valid("fp-a", t)).isFalse();
    }

    @Test
    void aTokenOfTheSameCertificateAndDayIsAccepted() {
        assertThat(tokens.valid("fp-a", tokens.issue("fp-a"))).isTrue();
        assertThat(tokens.issue("fp-a")).isEqualTo(tokens.issue("fp-a")).doesNotContain("fp-a");
    }

    @Test
    void aShortKeyIsRefused() {
        assertThatThrownBy(() -> new CsrfTokens(new byte[16], clock)).isInstanceOf(IllegalArgumentException.class);
    }
}
