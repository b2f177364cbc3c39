package eu.eevidence.gw.gateway.node;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link NodeConfig#publicBaseUrl(int)}: configured, checked, or derived from the configured host and the bound port. */
class PublicBaseUrlTest {

    private static final NodeConfig BASE = NodeConfig.embedded(Path.of("target", "unused"));

    @ParameterizedTest
    @ValueSource(strings = {"http://gw.at.example:8443", "https://gw.at.example:8443/api", "https://user@gw.at.example",
            "https://gw.at.example/?x=1", "https://gw.at.example/#f", "gw.at.example:8443", "https://", "not a url"})
    void aPublicUrlThatIsNotHttpsHostPortIsRefused(String url) {
        assertThatThrownBy(() -> BASE.withPublicBaseUrl(url)).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("EEG-CFG-PUBLIC-URL");
    }

    @Test
    void theConfiguredUrlIsUsedWhateverThePort() {
        assertThat(BASE.withPublicBaseUrl("https://gw.at.example:8443").publicBaseUrl(12345)).isEqualTo(URI.create("https://gw.at.example:8443"));
        assertThat(BASE.withPublicBaseUrl("https://gw.at.example/").publicBaseUrl(1)).isEqualTo(URI.create("https://gw.at.example"));
        // kept by the other with* methods
        assertThat(BASE.withPublicBaseUrl("https://gw.at.example").withPort(9443).withHost("0.0.0.0").publicBaseUrl(9443))
                .isEqualTo(URI.create("https://gw.at.example"));
    }

    @Test
    void theDefaultIsTheConfiguredHostAndTheBoundPort() {
        assertThat(BASE.publicBaseUrl(8443)).isEqualTo(URI.create("https://127.0.0.1:8443"));
        assertThat(BASE.withHost("gw.be.example").publicBaseUrl(9000)).isEqualTo(URI.create("https://gw.be.example:9000"));
        assertThat(BASE.withHost("::1").publicBaseUrl(9000)).isEqualTo(URI.create("https://[::1]:9000"));
    }
}
