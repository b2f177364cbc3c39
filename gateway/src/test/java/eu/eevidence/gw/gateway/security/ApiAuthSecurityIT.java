package eu.eevidence.gw.gateway.security;

import eu.eevidence.gw.pki.DevPki;
import eu.eevidence.gw.pki.IssueRequest;
import eu.eevidence.gw.pki.KeyKind;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.testkit.ContactPointClient;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Authentication and authorisation of the API (C1 A1-A3): who may call what, and what another client's request looks
 * like from outside (it does not exist). Every case: status, problem code, nothing stored, node still answers.
 */
class ApiAuthSecurityIT {

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

    static SecurityNode.Reply call(ContactPointClient c, String method, String path, String body) throws Exception {
        String p = path.replace("{id}", requestId);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(n.baseUrl() + "/" + p)).timeout(Duration.ofSeconds(20));
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", body.startsWith("{") ? "application/json" : SecurityNode.CMS)
                    .header("Idempotency-Key", "sec-" + UUID.randomUUID())
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(body.getBytes(StandardCharsets.UTF_8)));
        }
        return SecurityNode.Reply.of(c.send(b.build()));
    }

    // ------------------------------------------------------------------ A1: no or unacceptable client certificate

    @ParameterizedTest(name = "A1 no client certificate: {0} /{1} -> 401 EEG-AUTH-NO-CERT")
    @CsvSource({
            "POST, api/v1/requests, '{}'",
            "GET, api/v1/requests, ",
            "GET, api/v1/requests/{id}, ",
            "GET, api/v1/requests/{id}/content, ",
            "GET, api/v1/requests/stats, ",
            "GET, api/v1/cases, ",
            "GET, api/v1/platform/requests, ",
            "POST, api/v1/platform/answers, '{}'",
            "POST, api/v1/network/messages, 'garbage'",
            "GET, api/v1/metrics/prometheus, "})
    void a1NoClientCertificate(String method, String path, String body) throws Exception {
        n.attack(401, "EEG-AUTH-NO-CERT", () -> call(n.anonymous, method, path, body));
    }

    @Test
    @DisplayName("A1 self-signed client certificate: TLS handshake refused")
    void a1SelfSigned() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        KeyPair kp = g.generateKeyPair();
        X500Name name = new X500Name("CN=self-signed contact point");
        Instant now = Instant.now();
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name, BigInteger.TEN,
                Date.from(now.minusSeconds(60)), Date.from(now.plusSeconds(86400)), name, kp.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
        KeyMaterial self = new KeyMaterial(kp.getPrivate(), List.of(cert));
        n.refusedAtTls(() -> SecurityNode.Reply.of(n.forcedClient(self).submit(SecurityNode.sample(), "sec-" + UUID.randomUUID())));
    }

    @Test
    @DisplayName("A1 client certificate of an untrusted CA (right role): TLS handshake refused")
    void a1UntrustedCa() throws Exception {
        DevPki other = DevPki.loadOrCreate(dir.resolve("other-pki"), Clock.systemUTC());
        KeyMaterial stranger = other.issue(new IssueRequest("stranger", Role.CONTACT_POINT, List.of(), KeyKind.EC_P256, Duration.ofDays(1), false, true));
        n.refusedAtTls(() -> SecurityNode.Reply.of(n.forcedClient(stranger).submit(SecurityNode.sample(), "sec-" + UUID.randomUUID())));
    }

    @Test
    @DisplayName("A1 expired client certificate of the network's CA: TLS handshake refused")
    void a1Expired() throws Exception {
        DevPki past = DevPki.loadOrCreate(dir.resolve("pki"), Clock.fixed(Instant.now().minus(Duration.ofDays(3)), java.time.ZoneOffset.UTC));
        KeyMaterial expired = past.issue(new IssueRequest("expired cp", Role.CONTACT_POINT, List.of(), KeyKind.EC_P256, Duration.ofDays(1), false, true));
        assertThat(expired.certificate().getNotAfter()).isBefore(new Date());
        n.refusedAtTls(() -> SecurityNode.Reply.of(n.forcedClient(expired).get("api/v1/requests")));
    }

    @Test
    @DisplayName("A1 client certificate not yet valid: TLS handshake refused")
    void a1NotYetValid() throws Exception {
        DevPki future = DevPki.loadOrCreate(dir.resolve("pki"), Clock.fixed(Instant.now().plus(Duration.ofDays(2)), java.time.ZoneOffset.UTC));
        KeyMaterial early = future.issue(new IssueRequest("future cp", Role.CONTACT_POINT, List.of(), KeyKind.EC_P256, Duration.ofDays(1), false, true));
        assertThat(early.certificate().getNotBefore()).isAfter(new Date());
        n.refusedAtTls(() -> SecurityNode.Reply.of(n.forcedClient(early).get("api/v1/requests")));
    }

    @Test
    @DisplayName("A1 a client certificate without the clientAuth EKU (serverAuth only): TLS handshake refused")
    void clientCertificateWithoutClientAuthEku() throws Exception {
        KeyMaterial serverOnly = n.pki.issue(new IssueRequest("server-only cp", Role.CONTACT_POINT, List.of("127.0.0.1"), KeyKind.EC_P256,
                Duration.ofDays(1), true, false));
        n.refusedAtTls(() -> SecurityNode.Reply.of(n.forcedClient(serverOnly).submit(SecurityNode.sample(), "sec-" + UUID.randomUUID())));
    }

    // ------------------------------------------------------------------ A2: a valid certificate whose role may not make the call

    @ParameterizedTest(name = "A2 role violation: {0} {1} /{2} -> {4} {5}")
    @CsvSource({
            "platform, POST, api/v1/requests, '{}', 403, EEG-AUTH-ROLE",
            "platform, GET, api/v1/requests, , 403, EEG-AUTH-ROLE",
            "platform, GET, api/v1/requests/stats, , 403, EEG-AUTH-ROLE",
            "peer, POST, api/v1/requests, '{}', 403, EEG-AUTH-ROLE",
            "auditor, POST, api/v1/requests, '{}', 403, EEG-AUTH-ROLE",
            "cp, GET, api/v1/platform/requests, , 403, EEG-AUTH-ROLE",
            "cp, POST, api/v1/platform/answers, '{}', 403, EEG-AUTH-ROLE",
            "platform, GET, api/v1/cases, , 403, EEG-AUTH-ROLE",
            "cp, POST, api/v1/network/messages, 'garbage', 403, EEG-NET-UNKNOWN-PEER",
            "peer, GET, api/v1/requests, , 403, EEG-AUTH-ROLE"})
    void a2RoleViolation(String who, String method, String path, String body, int status, String code) throws Exception {
        ContactPointClient c = switch (who) {
            case "platform" -> n.platform;
            case "peer" -> n.client(n.peerKey);
            case "auditor" -> n.client(n.auditor);
            default -> n.cp;
        };
        n.attack(status, code, () -> call(c, method, path, body));
    }

    // ------------------------------------------------------------------ A3: another client's request by id

    @ParameterizedTest(name = "A3 contact point B on A''s request: {0} /{1} -> 404 {2}")
    @CsvSource({
            "GET, api/v1/requests/{id}, , EEG-REQ-NOT-FOUND",
            "GET, api/v1/requests/{id}/timeline, , EEG-REQ-NOT-FOUND",
            "GET, api/v1/requests/{id}/content, , EEG-REQ-NOT-FOUND",
            "GET, api/v1/requests/{id}/deadlines, , EEG-REQ-NOT-FOUND",
            "GET, api/v1/requests/{id}/evidence, , EEG-REQ-NOT-FOUND",
            "GET, api/v1/requests/{id}/handoff, , EEG-REQ-NOT-FOUND",
            "POST, api/v1/requests/{id}/withdraw, '{\"reason\":\"hijack\"}', EEG-REQ-NOT-FOUND",
            "POST, api/v1/requests/{id}/legal-hold, '{\"reason\":\"hijack\"}', EEG-REQ-NOT-FOUND",
            "POST, api/v1/requests/{id}/events, '{\"event\":\"MLA_RECEIVED\",\"occurredAt\":\"2026-11-30T10:00:00Z\"}', EEG-REQ-NOT-FOUND"})
    void a3OtherContactPointsRequest(String method, String path, String body, String code) throws Exception {
        n.attack(404, code, () -> call(n.otherCp, method, path, body));
    }

    @Test
    @DisplayName("A3 the answer for another contact point's request is the answer for an id that does not exist")
    void a3IndistinguishableFromUnknown() throws Exception {
        SecurityNode.Reply theirs = n.attack(404, "EEG-REQ-NOT-FOUND", () -> call(n.otherCp, "GET", "api/v1/requests/{id}", null));
        SecurityNode.Reply none = n.attack(404, "EEG-REQ-NOT-FOUND",
                () -> call(n.otherCp, "GET", "api/v1/requests/" + UUID.randomUUID(), null));
        assertThat(theirs.body()).isEqualTo(none.body());
        assertThat(n.otherCp.get("api/v1/requests").body()).doesNotContain(requestId);
    }

    @Test
    @DisplayName("A3/A2 a platform reads a contact point's request by id: 404, nothing shown")
    void platformReadsContactPointsRequest() throws Exception {
        SecurityNode.Reply r = n.attack(404, "EEG-REQ-NOT-FOUND", () -> call(n.platform, "GET", "api/v1/requests/{id}/content", null));
        assertThat(r.body()).doesNotContain("OFAC");
    }
}
