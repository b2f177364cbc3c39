package eu.eevidence.gw.gateway.cli;

import eu.eevidence.gw.gateway.access.ClientAccessSettings;
import eu.eevidence.gw.gateway.access.RateLimiter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The serve options of ADR-0021. */
class ServeAccessOptionsTest {

    @picocli.CommandLine.Command(name = "t")
    static final class Holder {
        @picocli.CommandLine.Mixin
        ServeAccessOptions access;
    }

    static ClientAccessSettings parse(String... args) {
        Holder h = new Holder();
        new CommandLine(h).parseArgs(args);
        return h.access.settings();
    }

    @Test
    void unreadableRatesAndDelegationsAreRefusedWithACode() {
        assertThatThrownBy(() -> ServeAccessOptions.rate("fast")).hasMessageStartingWith("EEG-CFG-RATE");
        assertThatThrownBy(() -> ServeAccessOptions.rate("-1/5")).hasMessageStartingWith("EEG-CFG-RATE");
        assertThatThrownBy(() -> ServeAccessOptions.rate("5/0")).hasMessageStartingWith("EEG-CFG-RATE");
        assertThatThrownBy(() -> ServeAccessOptions.delegations(List.of("abc"))).hasMessageStartingWith("EEG-CFG-DELEGATION");
        assertThatThrownBy(() -> ServeAccessOptions.delegations(List.of("ab".repeat(32) + "=xyz"))).hasMessageStartingWith("EEG-CFG-DELEGATION");
    }

    @Test
    void defaultsAndOverrides() {
        ClientAccessSettings d = parse();
        assertThat(d.perCertificate()).isEqualTo(new RateLimiter.Rate(200, 400));
        assertThat(d.perAddress()).isEqualTo(new RateLimiter.Rate(50, 100));
        assertThat(d.revocationFailClosed()).isFalse();
        String tls = "AB".repeat(32);
        String signer = "cd".repeat(32);
        ClientAccessSettings s = parse("--rate-limit-certificate=0", "--rate-limit-address=2.5/5", "--revocation-fail-closed",
                "--signer-delegation", tls + "=" + signer, "--signed-max-age=PT1H");
        assertThat(s.perCertificate().enabled()).isFalse();
        assertThat(s.perAddress()).isEqualTo(new RateLimiter.Rate(2.5, 5));
        assertThat(s.revocationFailClosed()).isTrue();
        assertThat(s.maySubmitFor(tls.toLowerCase(), signer)).isTrue();
        assertThat(s.maySubmitFor(signer, tls.toLowerCase())).isFalse();
        assertThat(s.signedMaxAge()).hasHours(1);
    }
}
