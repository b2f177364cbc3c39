package eu.eevidence.gw.gateway.api;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.eevidence.gw.gateway.node.GatewayNode;
import eu.eevidence.gw.gateway.node.NodeConfig;
import eu.eevidence.gw.pki.DevPki;
import eu.eevidence.gw.pki.IssueRequest;
import eu.eevidence.gw.pki.KeyKind;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.pki.Tls;
import eu.eevidence.gw.pki.TrustAnchors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The node's HTTPS edge under abuse (issue 14, item 1 and 2): no request, on HTTP/1.1 or HTTP/2, with or without a
 * certificate, can freeze, starve or mislead the node; every answer of the edge is problem+json with a stable code and no
 * server banner. Refusals first; each case ends by checking that the node still answers.
 */
class HttpEdgeIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ANONYMOUS_CONNECTIONS = 150;

    @TempDir
    static Path dir;
    static GatewayNode node;
    static TrustAnchors trust;
    static KeyMaterial contactPoint;
    static URI base;

    @BeforeAll
    static void start() throws Exception {
        DevPki pki = DevPki.loadOrCreate(dir.resolve("pki"), Clock.systemUTC());
        trust = TrustAnchors.of(List.of(pki.rootCertificate()));
        contactPoint = pki.issue(new IssueRequest("edge contact point", Role.CONTACT_POINT, List.of(), KeyKind.EC_P256, Duration.ofDays(30), false, true));
        HttpEdgeSettings edge = HttpEdgeSettings.DEFAULTS.withMaxUnauthenticatedInFlight(2).withMinimumRate(1024, Duration.ofMillis(500))
                .withMaxUnauthenticatedConnections(ANONYMOUS_CONNECTIONS);
        // the per-address rate limits (ADR-0021, ClientAccessIT) are off here: this test floods from one address on purpose
        var noRateLimits = eu.eevidence.gw.gateway.access.ClientAccessSettings.defaults().withRates(eu.eevidence.gw.gateway.access.RateLimiter.Rate.off(),
                eu.eevidence.gw.gateway.access.RateLimiter.Rate.off(), eu.eevidence.gw.gateway.access.RateLimiter.Rate.off());
        node = GatewayNode.start(NodeConfig.embedded(dir).withPort(0).withHttpEdge(edge).withAccess(noRateLimits));
        base = URI.create(node.baseUrl());
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    // ---- refusals -------------------------------------------------------------------------------------------------

    @Test
    void http2BodiesWithoutCertificateAreRefusedUnreadAndNeverFreezeThePort() throws Exception {
        HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).sslContext(trustOnly())
                .connectTimeout(Duration.ofSeconds(5)).build();
        byte[] fourMiB = new byte[4 * 1024 * 1024];
        java.util.Arrays.fill(fourMiB, (byte) 'a');
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = h2.send(HttpRequest.newBuilder(base.resolve("/api/v1/requests")).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(fourMiB)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertProblem(r.statusCode(), r.body(), r.headers().firstValue("content-type").orElse(""), 401, "EEG-AUTH-NO-CERT");
        }
        HttpResponse<String> health = h2.send(HttpRequest.newBuilder(base.resolve("/health")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertStillServing();
    }

    @Test
    void pushedAnswersWithoutCertificateNeverReachTheChannel() throws Exception {
        Raw r = raw(false, "POST /eevidence/outcome HTTP/1.1\r\nHost: x\r\nContent-Type: application/xml\r\nContent-Length: 3\r\n\r\n<a>");
        assertProblem(r.status, r.body, r.header("content-type"), 401, "EEG-CHN-NO-CERT");
        assertStillServing();
    }

    @Test
    void traceAndUnknownMethodsAreProblems() throws Exception {
        for (String request : List.of("TRACE /api/v1/requests HTTP/1.1\r\nHost: x\r\n\r\n", "FOO /health HTTP/1.1\r\nHost: x\r\n\r\n",
                "CONNECT 127.0.0.1:443 HTTP/1.1\r\nHost: x\r\n\r\n")) {
            Raw r = raw(true, request);
            if (request.startsWith("CONNECT")) { // an authority-form target: refused by the HTTP parser, before any handler
                assertProblem(r.status, r.body, r.header("content-type"), 400, "EEG-HTTP-400");
                continue;
            }
            assertProblem(r.status, r.body, r.header("content-type"), 405, "EEG-HTTP-405");
            assertThat(r.header("allow")).contains("GET").doesNotContain("TRACE");
        }
        assertStillServing();
    }

    @Test
    void malformedRequestLinesAreProblemsWithoutServerDetails() throws Exception {
        Raw nul = raw(false, "GET /a%00b HTTP/1.1\r\nHost: x\r\n\r\n");
        assertProblem(nul.status, nul.body, nul.header("content-type"), 400, "EEG-HTTP-400");
        Raw bigHeaders = raw(false, "GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n");
        assertProblem(bigHeaders.status, bigHeaders.body, bigHeaders.header("content-type"), 431, "EEG-HTTP-431");
        assertThat(nul.body + bigHeaders.body).doesNotContainIgnoringCase("jetty").doesNotContain("<html");
        assertStillServing();
    }

    @Test
    void largeHeadersOnHttp2AreA431ProblemNotAConnectionReset() throws Exception {
        HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).sslContext(Tls.sslContext(contactPoint, trust)).build();
        HttpResponse<String> r = h2.send(HttpRequest.newBuilder(base.resolve("/api/v1/requests/stats")).header("X-Big", "a".repeat(20_000))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertProblem(r.statusCode(), r.body(), r.headers().firstValue("content-type").orElse(""), 431, "EEG-HTTP-431");
        assertStillServing();
    }

    @Test
    void noResponseCarriesAServerBanner() throws Exception {
        HttpClient h2 = HttpClient.newBuilder().sslContext(Tls.sslContext(contactPoint, trust)).build();
        HttpClient anonymous = HttpClient.newBuilder().sslContext(trustOnly()).build();
        List<HttpResponse<String>> answers = new ArrayList<>();
        answers.add(h2.send(HttpRequest.newBuilder(base.resolve("/api/v1/requests/stats")).build(), HttpResponse.BodyHandlers.ofString()));
        answers.add(h2.send(HttpRequest.newBuilder(base.resolve("/api/v1/requests/no-such-request")).build(), HttpResponse.BodyHandlers.ofString()));
        answers.add(anonymous.send(HttpRequest.newBuilder(base.resolve("/api/v1/requests")).build(), HttpResponse.BodyHandlers.ofString()));
        answers.add(anonymous.send(HttpRequest.newBuilder(base.resolve("/health")).build(), HttpResponse.BodyHandlers.ofString()));
        answers.add(anonymous.send(HttpRequest.newBuilder(base.resolve("/nothing-here")).build(), HttpResponse.BodyHandlers.ofString()));
        for (HttpResponse<String> r : answers) {
            assertThat(r.headers().firstValue("server")).as(r.uri().toString()).isEmpty();
            assertThat(r.headers().firstValue("x-powered-by")).isEmpty();
        }
        assertThat(answers.get(0).statusCode()).isEqualTo(200);
        assertThat(answers.get(4).statusCode()).isEqualTo(404);
    }

    @Test
    void slowBodiesWithoutCertificateNeverHoldAThread() throws Exception {
        List<SSLSocket> slow = new ArrayList<>();
        long before = node.probe().edgeGate().refusedUnauthenticated();
        try {
            for (int i = 0; i < 100; i++) {
                SSLSocket s = socket(false);
                s.getOutputStream().write(("POST /api/v1/requests HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 100000\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                slow.add(s);
            }
            // all refused by the gate (none reached the API), and while their bodies hang the node serves everyone else
            await().atMost(Duration.ofSeconds(20)).until(() -> node.probe().edgeGate().refusedUnauthenticated() - before >= 100);
            assertStillServing();
            // a slow one that goes on trickling gets its 401 once the minimum data rate cuts it off
            SSLSocket one = slow.get(0);
            one.setSoTimeout(100);
            Raw answer = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (answer == null && System.nanoTime() < deadline) {
                one.getOutputStream().write(' ');
                one.getOutputStream().flush();
                try {
                    answer = Raw.read(one.getInputStream());
                } catch (java.net.SocketTimeoutException notYet) {
                    // not cut off yet
                }
            }
            assertThat(answer).isNotNull();
            assertProblem(answer.status, answer.body, answer.header("content-type"), 401, "EEG-AUTH-NO-CERT");
            assertThat(answer.header("connection")).isEqualToIgnoringCase("close");
        } finally {
            for (SSLSocket s : slow) {
                s.close();
            }
        }
    }

    @Test
    void aTricklingAuthenticatedBodyIsCutOffWith408() throws Exception {
        try (SSLSocket s = socket(true)) {
            OutputStream out = s.getOutputStream();
            out.write(("POST /api/v1/requests HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nIdempotency-Key: slow-1\r\n"
                    + "Content-Length: 100000\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            s.setSoTimeout(100);
            Raw answer = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (answer == null && System.nanoTime() < deadline) {
                out.write(' '); // one byte at a time: far below 1 KiB/s
                out.flush();
                try {
                    answer = Raw.read(s.getInputStream());
                } catch (java.net.SocketTimeoutException stillWaiting) {
                    // the node has not cut it off yet; send the next byte
                }
            }
            assertThat(answer).as("the node cut off the trickling body").isNotNull();
            assertProblem(answer.status, answer.body, answer.header("content-type"), 408, "EEG-HTTP-408");
        }
        assertStillServing();
    }

    @Test
    void publicEndpointsServeABoundedNumberOfRequestsWithoutCertificate() throws Exception {
        List<SSLSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) { // two OCSP requests whose bodies never complete hold both places
                SSLSocket s = socket(false);
                s.getOutputStream().write(("POST /ocsp HTTP/1.1\r\nHost: x\r\nContent-Type: application/ocsp-request\r\n"
                        + "Content-Length: 5000\r\n\r\n0").getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                held.add(s);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> node.probe().edgeGate().unauthenticatedInFlight() == 2);
            Raw third = raw(false, "GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
            assertProblem(third.status, third.body, third.header("content-type"), 503, "EEG-HTTP-BUSY");
            assertThat(third.header("retry-after")).isEqualTo("1");
            // an authenticated caller is not held back by them
            assertThat(authenticatedStats()).isEqualTo(200);
        } finally {
            for (SSLSocket s : held) {
                s.close();
            }
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> node.probe().edgeGate().unauthenticatedInFlight() == 0);
        assertStillServing();
    }

    @Test
    void connectionsWithoutCertificateAreBoundedAndNeverCrowdOutAuthenticatedOnes() throws Exception {
        int before = node.probe().unauthenticatedConnections();
        List<SSLSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < ANONYMOUS_CONNECTIONS + 20; i++) {
                held.add(socket(false)); // handshake done, nothing sent
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> node.probe().unauthenticatedConnections() == ANONYMOUS_CONNECTIONS);
            SSLSocket extra = socket(false);
            held.add(extra);
            extra.setSoTimeout(5_000);
            int read;
            try {
                read = extra.getInputStream().read();
            } catch (IOException closed) {
                read = -1;
            }
            assertThat(read).as("a connection without certificate above the bound is closed").isEqualTo(-1);
            assertThat(authenticatedStats()).isEqualTo(200);
        } finally {
            for (SSLSocket s : held) {
                s.close();
            }
        }
        // back to where it was (anonymous HTTP/2 clients of other cases may keep a pooled connection until the idle timeout)
        await().atMost(Duration.ofSeconds(20)).until(() -> node.probe().unauthenticatedConnections() <= before);
        assertStillServing();
    }

    @Test
    void aClientThatHangsUpIsNotAnInternalIncident() throws Exception {
        Logger mappers = (Logger) LoggerFactory.getLogger(ErrorMappers.class);
        ListAppender<ILoggingEvent> seen = new ListAppender<>();
        seen.start();
        mappers.addAppender(seen);
        try {
            for (int i = 0; i < 5; i++) { // authenticated, starts a large body, hangs up half way
                try (SSLSocket s = socket(true)) {
                    s.getOutputStream().write(("POST /api/v1/requests HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                            + "Idempotency-Key: gone-" + i + "\r\nContent-Length: 50000\r\n\r\n{\"a\":\"").getBytes(StandardCharsets.US_ASCII));
                    s.getOutputStream().write("b".repeat(20_000).getBytes(StandardCharsets.US_ASCII));
                    s.getOutputStream().flush();
                }
            }
            assertStillServing();
            assertThat(seen.list).noneMatch(e -> e.getFormattedMessage().contains("EEG-INTERNAL"));
        } finally {
            mappers.detachAppender(seen);
        }
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    private static void assertProblem(int status, String body, String contentType, int expectedStatus, String code) throws IOException {
        assertThat(status).as(body).isEqualTo(expectedStatus);
        assertThat(contentType).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(body);
        assertThat(problem.path("code").asText()).isEqualTo(code);
        assertThat(problem.path("status").asInt()).isEqualTo(expectedStatus);
        assertThat(body).doesNotContain("Exception").doesNotContainIgnoringCase("jetty").doesNotContain("\tat ");
    }

    private static void assertStillServing() throws Exception {
        Raw health = raw(false, "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(health.status).isEqualTo(200);
        assertThat(authenticatedStats()).isEqualTo(200);
    }

    private static int authenticatedStats() throws Exception {
        HttpClient c = HttpClient.newBuilder().sslContext(Tls.sslContext(contactPoint, trust)).connectTimeout(Duration.ofSeconds(5)).build();
        return c.send(HttpRequest.newBuilder(base.resolve("/api/v1/requests/stats")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static SSLContext trustOnly() throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {trust.trustManager()}, null);
        return ctx;
    }

    private static SSLSocket socket(boolean withCertificate) throws Exception {
        SSLContext ctx = withCertificate ? Tls.sslContext(contactPoint, trust) : trustOnly();
        SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(base.getHost(), base.getPort());
        SSLParameters p = s.getSSLParameters();
        p.setApplicationProtocols(new String[] {"http/1.1"});
        s.setSSLParameters(p);
        s.setSoTimeout(10_000);
        s.startHandshake();
        return s;
    }

    private static Raw raw(boolean withCertificate, String request) throws Exception {
        try (SSLSocket s = socket(withCertificate)) {
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            return Raw.read(s.getInputStream());
        }
    }

    /** One HTTP/1.1 answer read off a socket: status, headers, body (by Content-Length, or to the end). */
    record Raw(int status, List<String> headers, String body) {
        String header(String name) {
            for (String h : headers) {
                int colon = h.indexOf(':');
                if (colon > 0 && h.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return h.substring(colon + 1).trim();
                }
            }
            return "";
        }

        static Raw read(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int b;
            int matched = 0;
            while (matched < 4 && (b = in.read()) != -1) {
                head.write(b);
                matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3)) ? matched + 1 : 0;
            }
            String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
            if (lines.length == 0 || !lines[0].startsWith("HTTP/1.1 ")) {
                throw new IOException("no HTTP answer: " + head.toString(StandardCharsets.ISO_8859_1));
            }
            int status = Integer.parseInt(lines[0].substring(9, 12));
            List<String> headers = List.of(lines).subList(1, lines.length);
            Raw partial = new Raw(status, headers, "");
            String length = partial.header("content-length");
            byte[] body = length.isEmpty() ? new byte[0] : in.readNBytes(Integer.parseInt(length));
            return new Raw(status, headers, new String(body, StandardCharsets.UTF_8));
        }
    }
}
