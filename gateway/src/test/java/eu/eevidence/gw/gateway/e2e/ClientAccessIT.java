package eu.eevidence.gw.gateway.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.eevidence.gw.gateway.access.ClientAccessSettings;
import eu.eevidence.gw.gateway.access.RateLimiter;
import eu.eevidence.gw.gateway.demo.Demo;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.testkit.ContactPointClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ADR-0021 on a running node: rate limits per certificate (one certificate at its limit does not touch another) and per
 * address without a certificate, {@code /health} exempt; a client certificate revoked in the development CA is refused by
 * the node's OCSP check; a fail-closed node whose responder is unreachable refuses. Nothing is stored for a refusal.
 */
class ClientAccessIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    static TestNetwork net;

    @BeforeAll
    static void start() throws Exception {
        // slow refill so that even a loaded machine never races it: 3 at once, then one every 100 s
        net = new TestNetwork(dir.resolve("limited"), c -> c.withAccess(ClientAccessSettings.defaults().withRates(
                new RateLimiter.Rate(0.01, 3), new RateLimiter.Rate(0.01, 3), new RateLimiter.Rate(1000, 2000))));
    }

    @AfterAll
    static void stop() {
        if (net != null) {
            net.close();
        }
    }

    private static int stored(TestNetwork n) throws Exception {
        return n.node.requests().database().read(c -> {
            try (var rs = c.connection().createStatement().executeQuery("SELECT COUNT(*) FROM request")) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    private static void assertProblem(ContactPointClient.Answer a, int status, String code) throws Exception {
        assertThat(a.status()).as(a.body()).isEqualTo(status);
        assertThat(a.contentType()).startsWith("application/problem+json");
        assertThat(JSON.readTree(a.body()).path("code").asText()).isEqualTo(code);
        assertThat(a.body()).doesNotContain("Exception");
    }

    @Test
    void aBurstFromOneCertificateIs429WithRetryAfterWhileAnotherCertificateStillPasses() throws Exception {
        KeyMaterial noisy = net.issue("noisy contact point", Role.CONTACT_POINT);
        KeyMaterial quiet = net.issue("quiet contact point", Role.CONTACT_POINT);
        ContactPointClient a = net.client(noisy);
        ContactPointClient b = net.client(quiet);
        int before = stored(net);
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            statuses.add(a.get("api/v1/requests").status());
        }
        assertThat(statuses).containsOnly(200);
        ContactPointClient.Answer limited = a.submit(Demo.sample(), "burst-" + UUID.randomUUID());
        assertProblem(limited, 429, "EEG-RATE-LIMITED");
        long retryAfter = Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 100L);
        assertThat(stored(net)).isEqualTo(before);
        // another certificate, same address: unaffected
        assertThat(b.get("api/v1/requests").status()).isEqualTo(200);
        assertThat(b.submit(Demo.sample(), "quiet-" + UUID.randomUUID()).status()).isEqualTo(201);
        assertProblem(a.get("api/v1/requests"), 429, "EEG-RATE-LIMITED");
    }

    @Test
    void requestsWithoutACertificateAreLimitedPerAddressAndHealthIsExempt() throws Exception {
        ContactPointClient anonymous = new ContactPointClient(net.node.baseUrl(), null, net.trust);
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            statuses.add(anonymous.get("api/v1/requests").status());
        }
        assertThat(statuses).contains(401, 429).containsOnly(401, 429);
        ContactPointClient.Answer limited = anonymous.get("api/v1/requests");
        assertProblem(limited, 429, "EEG-RATE-LIMITED");
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
        for (int i = 0; i < 5; i++) {
            assertThat(anonymous.get("health").status()).isEqualTo(200);
        }
    }

    @Test
    void aContactPointRevokedInTheDevelopmentCaIsRefused() throws Exception {
        KeyMaterial revoked = net.issue("revoked contact point", Role.CONTACT_POINT);
        net.pki.certificateAuthority().revoke(revoked.certificate().getSerialNumber(), 1);
        ContactPointClient c = net.client(revoked);
        int before = stored(net);
        assertProblem(c.submit(Demo.sample(), "revoked-" + UUID.randomUUID()), 403, "EEG-AUTH-REVOKED");
        assertProblem(c.get("api/v1/requests"), 403, "EEG-AUTH-REVOKED");
        assertThat(stored(net)).isEqualTo(before);
        // a good certificate of the same CA passes the same check
        assertThat(net.client(net.issue("good contact point", Role.CONTACT_POINT)).get("api/v1/requests").status()).isEqualTo(200);
    }

    @Test
    void aFailClosedNodeRefusesWhenItsResponderIsUnreachable() throws Exception {
        try (TestNetwork closed = new TestNetwork(dir.resolve("fail-closed"), c -> c.withAccess(ClientAccessSettings.defaults()
                .withRevocation(true, URI.create("http://127.0.0.1:9/ocsp"), List.of())))) {
            ContactPointClient cp = closed.client(closed.contactPoint);
            int before = stored(closed);
            assertProblem(cp.submit(Demo.sample(), "closed-" + UUID.randomUUID()), 403, "EEG-AUTH-REVOCATION-UNKNOWN");
            assertThat(stored(closed)).isEqualTo(before);
            assertThat(cp.get("health").status()).isEqualTo(200);
        }
    }
}
