package eu.eevidence.gw.gateway.security;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP edge as a raw client sees it (HTTP/1.1 over TLS, bytes as written): path traversal and encoded tricks on GET
 * endpoints, method tampering, header tricks. What Jetty itself answers before the application (smuggling, bad lengths,
 * header size, NUL in the path, TRACE) is in {@link HardeningSecurityIT}.
 */
class HttpEdgeSecurityIT {

    @TempDir
    static Path dir;
    static SecurityNode n;
    static String requestId;

    @BeforeAll
    static void start() throws Exception {
        n = SecurityNode.start(dir);
        requestId = n.preservedRequest(n.cp);
    }

    @AfterAll
    static void stop() {
        if (n != null) {
            n.close();
        }
    }

    @ParameterizedTest(name = "path traversal GET {0} -> {1} {2}")
    @CsvSource({
            "/api/v1/requests/..%2F..%2Fhealth, 404, EEG-REQ-NOT-FOUND",
            // encoded dot segments and control characters: refused by the edge as not valid HTTP (RFC 9110 URIs)
            "/api/v1/requests/%2e%2e/%2e%2e/custody/vkey, 400, EEG-HTTP-400",
            "/api/v1/requests/%252e%252e%252f, 400, EEG-HTTP-400",
            "/api/v1/requests/a%0d%0aSet-Cookie:%20x=y, 400, EEG-HTTP-400",
            "/api/v1/nope, 404, EEG-HTTP-404",
            "/WEB-INF/web.xml, 404, EEG-HTTP-404"})
    void pathTraversal(String path, int status, String code) throws Exception {
        SecurityNode.Reply r = n.attack(status, code, () -> n.raw(n.contactPoint, n.head("GET", path), null));
        assertThat(r.header("set-cookie")).isNull();
        assertThat(r.body()).doesNotContain("BEGIN").doesNotContain("root:");
    }

    @Test
    @DisplayName("A3 a 5000-character request id -> 404 EEG-REQ-NOT-FOUND")
    void longId() throws Exception {
        n.attack(404, "EEG-REQ-NOT-FOUND", () -> n.raw(n.contactPoint, n.head("GET", "/api/v1/requests/" + "a".repeat(5000)), null));
    }

    @ParameterizedTest(name = "A13 method tampering {0} {1} -> 405 EEG-HTTP-405")
    @CsvSource({
            "DELETE, /api/v1/requests",
            "PUT, /api/v1/requests",
            "PATCH, /api/v1/requests",
            "DELETE, /api/v1/requests/{id}",
            "PUT, /api/v1/requests/{id}",
            "POST, /api/v1/requests/{id}/content",
            "DELETE, /api/v1/cases",
            "POST, /health"})
    void methodTampering(String method, String path) throws Exception {
        String target = path.replace("{id}", requestId);
        String[] extra = method.equals("GET") || method.equals("DELETE") ? new String[0] : new String[] {"Content-Type: application/json", "Content-Length: 2"};
        n.attack(405, "EEG-HTTP-405", () -> n.raw(n.contactPoint, n.head(method, target, extra), extra.length == 0 ? null : "{}".getBytes()));
        assertThat(n.cp.get("api/v1/requests/" + requestId).status()).isEqualTo(200);
    }

    @Test
    @DisplayName("A13 X-HTTP-Method-Override: DELETE on a GET is ignored (200, nothing changed)")
    void methodOverrideIgnored() throws Exception {
        Map<String, Long> before = n.snapshot();
        SecurityNode.Reply r = n.raw(n.contactPoint, n.head("GET", "/api/v1/requests/" + requestId, "X-HTTP-Method-Override: DELETE"), null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("id").asText()).isEqualTo(requestId);
        assertThat(n.snapshot()).isEqualTo(before);
        n.assertAlive();
    }

    @Test
    @DisplayName("A1 no certificate on a raw connection, body sent anyway -> 401 EEG-AUTH-NO-CERT")
    void rawNoCertificate() throws Exception {
        byte[] body = SecurityNode.sample();
        n.attack(401, "EEG-AUTH-NO-CERT", () -> n.raw(null, n.head("POST", "/api/v1/requests", "Content-Type: application/json",
                "Idempotency-Key: sec-raw", "Content-Length: " + body.length), body));
    }

    @Test
    @DisplayName("A4 body shorter than its Content-Length and the connection half-closed: refused, nothing stored")
    void shortBody() throws Exception {
        Map<String, Long> before = n.snapshot();
        long custody = n.maxCustodyId();
        try {
            SecurityNode.Reply r = n.raw(n.contactPoint, n.head("POST", "/api/v1/requests", "Content-Type: application/json", "Idempotency-Key: sec-short",
                    "Content-Length: 100").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), "{\"type\":".getBytes(), 3_000);
            assertThat(r.status()).as(r.toString()).isBetween(400, 499);
        } catch (java.io.IOException timeoutOrReset) {
            // the server may also give up on the connection: either way nothing is stored
        }
        n.assertNothingStored(before, custody);
        n.assertAlive();
    }
}
