package eu.eevidence.gw.gateway.security;

import eu.eevidence.gw.gateway.node.NodeConfig;
import eu.eevidence.gw.pki.CmsProfile;
import eu.eevidence.gw.pki.IssueRequest;
import eu.eevidence.gw.pki.KeyKind;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.pki.Tls;
import eu.eevidence.gw.testkit.ContactPointClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The abuse cases of issue 14 whose fixes are built in parallel (HTTP/2 body reads off the selector thread, strict input
 * at the edge, problem+json from every layer, no server banner, Location from configuration, per-certificate rate
 * limits, replay protection of signed submissions, EKU of client certificates), written with their final expectations
 * before the fixes land. They fail on a branch without those fixes; nothing here is disabled.
 *
 * <p>The headline case (an unauthenticated HTTP/2 POST with a large body froze the node) runs last, and the node is
 * closed with a bounded wait, so that a frozen node fails this class without hanging the build.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HardeningSecurityIT {

    @TempDir
    static Path dir;
    static SecurityNode n;
    static String requestId;

    /**
     * The node of this class: a small per-certificate rate limit, so that a burst of {@link #BURST} requests from one
     * certificate is throttled. Adapt to the option NodeConfig gets (e.g. {@code config.withRateLimit(...)}); as long as
     * there is none, the configuration is returned unchanged and {@link #burstFromOneCertificateIsThrottled} fails.
     */
    static NodeConfig withSmallRateLimit(NodeConfig config) {
        // 20 requests a second per certificate with bursts of 20 (a burst of BURST is throttled); the per-address limits are
        // off, so that the anonymous cases of this class, all from loopback, meet the 401 they test and not a 429
        return config.withAccess(eu.eevidence.gw.gateway.access.ClientAccessSettings.defaults().withRates(
                new eu.eevidence.gw.gateway.access.RateLimiter.Rate(20, 20), eu.eevidence.gw.gateway.access.RateLimiter.Rate.off(),
                eu.eevidence.gw.gateway.access.RateLimiter.Rate.off()));
    }

    /** Requests in the burst of {@link #burstFromOneCertificateIsThrottled}: above any limit {@link #withSmallRateLimit} sets. */
    static final int BURST = 60;

    @BeforeAll
    static void start() throws Exception {
        n = SecurityNode.start(dir, HardeningSecurityIT::withSmallRateLimit);
        requestId = n.preservedRequest(n.cp);
    }

    @AfterAll
    static void stop() throws Exception {
        if (n != null) {
            // bounded: a node frozen by the HTTP/2 case must not hang the build (SIGTERM hung on it, issue 14)
            Thread closer = new Thread(n::close, "hardening-close");
            closer.setDaemon(true);
            closer.start();
            closer.join(Duration.ofSeconds(30).toMillis());
        }
    }

    static String post(String extraHeaders, byte[] body) {
        return "POST /api/v1/requests HTTP/1.1\r\nHost: 127.0.0.1:" + n.port() + "\r\nConnection: close\r\n" + extraHeaders + "Content-Length: "
                + body.length;
    }

    // ------------------------------------------------------------------ no server banner

    @Test
    @Order(1)
    @DisplayName("no Server header on api 2xx, 401, 404 and /health")
    void noServerBanner() throws Exception {
        List<ContactPointClient.Answer> answers = List.of(n.cp.get("api/v1/requests"), n.anonymous.get("api/v1/requests"),
                n.cp.get("api/v1/requests/" + UUID.randomUUID()), n.anonymous.get("health"));
        assertThat(answers).extracting(ContactPointClient.Answer::status).containsExactly(200, 401, 404, 200);
        for (ContactPointClient.Answer a : answers) {
            assertThat(a.headers().firstValue("Server")).as(a.status() + " " + a.headers().map()).isEmpty();
        }
    }

    // ------------------------------------------------------------------ every error from every layer is problem+json

    @Test
    @Order(2)
    @DisplayName("A13 TRACE /api/v1/requests -> 405 problem+json EEG-HTTP-405")
    void trace() throws Exception {
        n.attack(405, "EEG-HTTP-405", () -> n.raw(n.contactPoint, n.head("TRACE", "/api/v1/requests"), null));
    }

    @Test
    @Order(3)
    @DisplayName("A13 unknown method FOO /health -> 405 problem+json EEG-HTTP-405")
    void unknownMethod() throws Exception {
        n.attack(405, "EEG-HTTP-405", () -> n.raw(n.contactPoint, n.head("FOO", "/health"), null));
    }

    @Test
    @Order(4)
    @DisplayName("A11 %00 in the path -> 400 problem+json EEG-HTTP-400")
    void nulInPath() throws Exception {
        n.attack(400, "EEG-HTTP-400", () -> n.raw(n.contactPoint, n.head("GET", "/api/v1/requests/x%00y"), null));
    }

    @Test
    @Order(5)
    @DisplayName("request headers over 16 KiB (HTTP/1.1) -> 431 problem+json EEG-HTTP-431, no Jetty page or version")
    void oversizedHeaders() throws Exception {
        SecurityNode.Reply r = n.attack(431, "EEG-HTTP-431",
                () -> n.raw(n.contactPoint, n.head("GET", "/api/v1/requests", "X-Big: " + "a".repeat(17 * 1024)), null));
        assertThat(r.body()).doesNotContainIgnoringCase("jetty").doesNotContain("<html");
    }

    @ParameterizedTest(name = "A13 {0} -> 400 problem+json EEG-HTTP-400 (today Jetty's HTML page)")
    @Order(6)
    @CsvSource(value = {
            "Content-Length and Transfer-Encoding (smuggling)|Content-Length: 4;Transfer-Encoding: chunked",
            "two different Content-Length headers|Content-Length: 4;Content-Length: 6",
            "Transfer-Encoding chunked not last|Transfer-Encoding: chunked, identity",
            "space before the colon of Transfer-Encoding|Transfer-Encoding : chunked",
            "negative Content-Length|Content-Length: -1",
            "Content-Length beyond 2^64|Content-Length: 99999999999999999999",
            "two Host headers|Host: evil.example"}, delimiter = '|')
    void jettyLevelBadRequests(String name, String headers) throws Exception {
        String[] extra = ("Content-Type: application/json;" + headers).split(";");
        n.attack(400, "EEG-HTTP-400", () -> n.raw(n.contactPoint, n.head("POST", "/api/v1/requests", extra), "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
    }

    @ParameterizedTest(name = "path {0} -> 400 problem+json EEG-HTTP-400 (today Jetty's HTML page)")
    @Order(7)
    @CsvSource({"/api/v1/requests/..;/..;/health", "/api/v1/../../../../etc/passwd", "/openapi.json/../../node/pki/password",
            "http://evil.example/api/v1/requests"})
    void jettyLevelBadPaths(String target) throws Exception {
        n.attack(400, "EEG-HTTP-400", () -> n.raw(n.contactPoint, n.head("GET", target), null));
    }

    // ------------------------------------------------------------------ Location from configuration

    @Test
    @Order(8)
    @DisplayName("Host: evil.example on an accepted POST -> Location built from the node's base URL")
    void locationFromConfiguration() throws Exception {
        byte[] body = new String(SecurityNode.sample(), StandardCharsets.UTF_8).replace("FR-OCLCTIC-2026-0413", "FR-HOST-" + UUID.randomUUID())
                .getBytes(StandardCharsets.UTF_8);
        String head = "POST /api/v1/requests HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\nContent-Type: application/json\r\nIdempotency-Key: sec-host-"
                + UUID.randomUUID() + "\r\nContent-Length: " + body.length;
        SecurityNode.Reply r = n.raw(n.contactPoint, head, body);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(r.header("location")).as(r.headers().toString()).startsWith(n.baseUrl()).doesNotContain("evil.example");
        n.assertAlive();
        String location = r.header("location");
        n.awaitSettled(n.cp, location.substring(location.lastIndexOf('/') + 1)); // before the next case's snapshot
    }

    // ------------------------------------------------------------------ strict input at the edge

    @ParameterizedTest(name = "two {0} headers -> 400 EEG-HTTP-DUPLICATE-HEADER")
    @Order(9)
    @CsvSource({"Idempotency-Key", "Content-Type"})
    void duplicateSingletonHeader(String header) throws Exception {
        byte[] body = SecurityNode.sample();
        String twice = header.equals("Content-Type") ? "Content-Type: application/json\r\nContent-Type: text/plain\r\nIdempotency-Key: sec-d\r\n"
                : "Content-Type: application/json\r\nIdempotency-Key: sec-a-" + UUID.randomUUID() + "\r\nIdempotency-Key: sec-b-" + UUID.randomUUID() + "\r\n";
        n.attack(400, "EEG-HTTP-DUPLICATE-HEADER", () -> n.raw(n.contactPoint, post(twice, body), body));
    }

    @Test
    @Order(10)
    @DisplayName("A11 overlong UTF-8 (C0 AF) inside a JSON string -> 400 EEG-REQ-MALFORMED")
    void overlongUtf8() throws Exception {
        byte[] sample = SecurityNode.sample();
        String s = new String(sample, StandardCharsets.UTF_8);
        int at = s.indexOf("Non-consensual") + 3;
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] prefix = s.substring(0, at).getBytes(StandardCharsets.UTF_8);
        b.write(prefix);
        b.write(new byte[] {(byte) 0xC0, (byte) 0xAF});
        b.write(s.substring(at).getBytes(StandardCharsets.UTF_8));
        n.attack(400, "EEG-REQ-MALFORMED", () -> SecurityNode.Reply.of(n.cp.post("api/v1/requests", b.toByteArray(), "application/json",
                "sec-" + UUID.randomUUID())));
    }

    @Test
    @Order(11)
    @DisplayName("A8 \"preservationDays\": 90.5 -> 400 EEG-REQ-MALFORMED (EEG-JSON-TYPE)")
    void fractionalInteger() throws Exception {
        byte[] body = new String(SecurityNode.sample(), StandardCharsets.UTF_8).replace("\"preservationDays\": 90", "\"preservationDays\": 90.5")
                .getBytes(StandardCharsets.UTF_8);
        SecurityNode.Reply r = n.attack(400, "EEG-REQ-MALFORMED", () -> SecurityNode.Reply.of(n.cp.post("api/v1/requests", body, "application/json",
                "sec-" + UUID.randomUUID())));
        assertThat(r.json().path("errors").findValuesAsText("code")).contains("EEG-JSON-TYPE");
        assertThat(r.json().path("errors").findValuesAsText("path")).contains("$.preservationDays");
    }

    @Test
    @Order(12)
    @DisplayName("A5 a UTF-16 body labelled application/json -> 415 EEG-HTTP-415")
    void utf16Json() throws Exception {
        byte[] body = new String(SecurityNode.sample(), StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_16);
        n.attack(415, "EEG-HTTP-415", () -> SecurityNode.Reply.of(n.cp.post("api/v1/requests", body, "application/json", "sec-" + UUID.randomUUID())));
    }

    @Test
    @Order(14)
    @DisplayName("A4 a declared Content-Length over the limit is refused 413 EEG-HTTP-413 before the body arrives (within 5 s)")
    void declaredOverLimitRefusedBeforeBody() throws Exception {
        long t0 = System.nanoTime();
        n.attack(413, "EEG-HTTP-413", () -> {
            try (javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) Tls.sslContext(n.contactPoint, n.trust).getSocketFactory()
                    .createSocket("127.0.0.1", n.port())) {
                s.setSoTimeout(5_000);
                s.getOutputStream().write((post("Content-Type: application/json\r\nIdempotency-Key: sec-big\r\n", new byte[2_000_000]) + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                byte[] answer = s.getInputStream().readNBytes(4096);
                String text = new String(answer, StandardCharsets.UTF_8);
                int status = Integer.parseInt(text.split(" ")[1]);
                String json = text.substring(text.indexOf("\r\n\r\n") + 4);
                return new SecurityNode.Reply(status, text.toLowerCase().contains("content-type: application/problem+json") ? "application/problem+json" : "?",
                        json.substring(json.indexOf('{')), Map.of());
            }
        });
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
    }

    // ------------------------------------------------------------------ client certificates and signed submissions

    @Test
    @Order(21)
    @DisplayName("K11 a signed submission replayed with a new Idempotency-Key -> 409 EEG-PKI-014 (as signed answers)")
    void signedSubmissionReplay() throws Exception {
        CmsProfile profile = new CmsProfile(Clock.systemUTC());
        byte[] content = new String(SecurityNode.sample(), StandardCharsets.UTF_8).replace("FR-OCLCTIC-2026-0413", "FR-REPLAY-" + UUID.randomUUID())
                .getBytes(StandardCharsets.UTF_8);
        byte[] signed = profile.sign(content, n.contactPoint);
        ContactPointClient.Answer first = n.cp.post("api/v1/requests", signed, SecurityNode.CMS, "sec-" + UUID.randomUUID());
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        n.awaitSettled(n.cp, SecurityNode.JSON.readTree(first.body()).get("id").asText());
        n.attack(409, "EEG-PKI-014", () -> SecurityNode.Reply.of(n.cp.post("api/v1/requests", signed, SecurityNode.CMS, "sec-" + UUID.randomUUID())));
    }

    @Test
    @Order(22)
    @DisplayName("K3 a submission signed by contact point A sent over contact point B's TLS connection -> 403 EEG-TRUST-SIGNER-MISMATCH")
    void signedSubmissionOverAnotherConnection() throws Exception {
        byte[] signed = new CmsProfile(Clock.systemUTC()).sign(new String(SecurityNode.sample(), StandardCharsets.UTF_8)
                .replace("FR-OCLCTIC-2026-0413", "FR-OTHER-" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8), n.contactPoint);
        n.attack(403, "EEG-TRUST-SIGNER-MISMATCH",
                () -> SecurityNode.Reply.of(n.otherCp.post("api/v1/requests", signed, SecurityNode.CMS, "sec-" + UUID.randomUUID())));
    }

    // ------------------------------------------------------------------ rate limits

    @Test
    @Order(30)
    @DisplayName("A14 a burst from one certificate -> some 429 EEG-RATE-LIMITED with Retry-After; another certificate still 2xx")
    void burstFromOneCertificateIsThrottled() throws Exception {
        ContactPointClient burst = n.client(n.issue("burst contact point", Role.CONTACT_POINT, false));
        java.util.Map<String, Long> before = n.snapshot();
        List<ContactPointClient.Answer> answers = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            answers.add(burst.get("api/v1/requests"));
        }
        List<ContactPointClient.Answer> limited = answers.stream().filter(a -> a.status() == 429).toList();
        assertThat(limited).as("429 answers in a burst of " + BURST).isNotEmpty();
        for (ContactPointClient.Answer a : limited) {
            SecurityNode.assertProblem(SecurityNode.Reply.of(a), 429, "EEG-RATE-LIMITED");
            assertThat(a.headers().firstValue("Retry-After")).isPresent();
        }
        assertThat(n.otherCp.get("api/v1/requests").status()).isEqualTo(200);
        assertThat(n.snapshot()).isEqualTo(before);
    }

    // ------------------------------------------------------------------ the headline: HTTP/2 must not freeze the node

    @Test
    @Order(100)
    @DisplayName("A1/A4 three HTTP/2 POSTs of 4 MiB without a client certificate -> 401 EEG-AUTH-NO-CERT each, then /health 200 within 5 s")
    void http2LargeUnauthenticatedBodiesDoNotFreezeTheNode() throws Exception {
        HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).sslContext(Tls.sslContext(null, n.trust))
                .connectTimeout(Duration.ofSeconds(5)).build();
        byte[] body = new byte[4 * 1024 * 1024];
        java.util.Arrays.fill(body, (byte) '{');
        java.util.Map<String, Long> before = n.snapshot();
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = h2.send(HttpRequest.newBuilder(URI.create(n.baseUrl() + "/api/v1/requests")).timeout(Duration.ofSeconds(15))
                    .header("Content-Type", "application/json").header("Idempotency-Key", "sec-h2-" + i)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
            SecurityNode.assertProblem(SecurityNode.Reply.of(r), 401, "EEG-AUTH-NO-CERT");
        }
        HttpClient fresh = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).sslContext(Tls.sslContext(null, n.trust))
                .connectTimeout(Duration.ofSeconds(2)).build();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> fresh.send(HttpRequest.newBuilder(URI.create(n.baseUrl() + "/health")).timeout(Duration.ofSeconds(2)).GET().build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
        assertThat(n.snapshot()).isEqualTo(before);
        n.assertAlive();
    }
}
