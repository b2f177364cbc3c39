package eu.eevidence.gw.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The plain rules behind the HTTPS edge: which paths need a certificate, the minimum data rate, error pages, client hang-ups. */
class HttpEdgeRulesTest {

    private static final long SECOND = 1_000_000_000L;

    @ParameterizedTest
    @ValueSource(strings = {"/api", "/api/", "/api/v1/requests", "//api/v1/requests", "/eevidence", "/eevidence/outcome",
            "/api/v1/network/messages"})
    void apiAndPushPathsNeedACertificate(String path) {
        assertThat(EdgePaths.needsCertificate(path)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/health", "/health/ready", "/openapi.json", "/custody/checkpoint", "/ocsp", "/tsa", "/apix",
            "/eevidencex"})
    void publicPathsDoNot(String path) {
        assertThat(EdgePaths.needsCertificate(path)).isFalse();
    }

    @Test
    void minimumRateAppliesOnlyAfterTheGracePeriod() {
        assertThat(MinimumRateRequest.tooSlow(SECOND / 2, 0, 1024, SECOND)).isFalse();   // within the grace: anything goes
        assertThat(MinimumRateRequest.tooSlow(2 * SECOND, 1, 1024, SECOND)).isTrue();    // 0.5 B/s
        assertThat(MinimumRateRequest.tooSlow(2 * SECOND, 2047, 1024, SECOND)).isTrue(); // just below
        assertThat(MinimumRateRequest.tooSlow(2 * SECOND, 2048, 1024, SECOND)).isFalse(); // exactly the minimum
        assertThat(MinimumRateRequest.tooSlow(100 * SECOND, 1, 0, SECOND)).isFalse();    // 0: off
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 404, 405, 408, 413, 414, 415, 431, 500, 503})
    void errorPagesAreProblemsWithAStableCodeAndNoServerDetails(int status) throws IOException {
        String body = new String(ProblemErrorPages.body(status), java.nio.charset.StandardCharsets.UTF_8);
        JsonNode problem = new ObjectMapper().readTree(body);
        assertThat(problem.path("code").asText()).isEqualTo("EEG-HTTP-" + status);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("type").asText()).isEqualTo("urn:evidence-gateway:problem:EEG-HTTP-" + status);
        assertThat(body).doesNotContainIgnoringCase("jetty").doesNotContain("<");
    }

    @Test
    void clientHangUpsAreToldApartFromIncidents() {
        assertThat(ClientGone.is(new RuntimeException(new org.eclipse.jetty.io.EofException("reset")))).isTrue();
        assertThat(ClientGone.is(new IOException(new ClosedChannelException()))).isTrue();
        assertThat(ClientGone.is(new IOException("Broken pipe"))).isTrue();
        assertThat(ClientGone.tooSlow(new IOException(new TimeoutException(MinimumRateRequest.TOO_SLOW)))).isTrue();
        assertThat(ClientGone.tooSlow(new IOException(new TimeoutException("Idle timeout expired: 30000/30000 ms")))).isTrue();
        // the node's own failures stay incidents
        assertThat(ClientGone.is(new IllegalStateException("bug"))).isFalse();
        assertThat(ClientGone.is(new TimeoutException("broker did not answer"))).isFalse();
        assertThat(ClientGone.tooSlow(new TimeoutException("broker did not answer"))).isFalse();
        assertThat(ClientGone.is(new java.sql.SQLException("connection closed"))).isFalse();
    }

    @Test
    void edgeSettingsRefuseNonsense() {
        assertThatThrownBy(() -> HttpEdgeSettings.DEFAULTS.withIdleTimeout(Duration.ZERO)).hasMessageStartingWith("EEG-CFG-HTTP");
        assertThatThrownBy(() -> HttpEdgeSettings.DEFAULTS.withMaxUnauthenticatedInFlight(0)).hasMessageStartingWith("EEG-CFG-HTTP");
        assertThatThrownBy(() -> HttpEdgeSettings.DEFAULTS.withMinimumRate(-1, Duration.ZERO)).hasMessageStartingWith("EEG-CFG-HTTP");
    }
}
