package eu.eevidence.gw.gateway.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.eevidence.gw.gateway.node.GatewayNode;
import eu.eevidence.gw.gateway.node.NodeConfig;
import eu.eevidence.gw.gateway.trust.TrustServicesConfig;
import eu.eevidence.gw.pki.Certificates;
import eu.eevidence.gw.pki.CmsProfile;
import eu.eevidence.gw.pki.IssueRequest;
import eu.eevidence.gw.pki.KeyKind;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.pki.Tls;
import eu.eevidence.gw.testkit.ContactPointClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The trust services of a running node with the development PKI, checked with the installed {@code openssl}: OCSP at
 * {@code /ocsp} (POST and RFC 6960 GET) answers good, then revoked, for certificates of the node's development CA;
 * {@code /tsa} answers RFC 3161 queries that {@code openssl ts -verify} accepts; and the seals the node delivers carry
 * a CAdES-T signature time-stamp of its TSA. A node with configured key material serves neither unless configured.
 */
class NodeTrustServicesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path CORPUS = Path.of("..", "message-schemas", "src", "test", "resources", "corpus");
    @TempDir
    static Path dir;
    static TestNetwork net;
    static HttpClient http;
    static Path work;

    @BeforeAll
    static void start() throws Exception {
        net = new TestNetwork(dir);
        http = HttpClient.newBuilder().sslContext(Tls.sslContext(null, net.trust)).connectTimeout(Duration.ofSeconds(10)).build();
        work = Files.createDirectories(dir.resolve("openssl"));
        Files.writeString(work.resolve("ca.pem"), Certificates.toPem(net.pki.rootCertificate()));
    }

    @AfterAll
    static void stop() {
        if (net != null) {
            net.close();
        }
    }

    record Run(int exit, String out) {
    }

    static Run openssl(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("openssl");
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    private static String sha256(byte[] b) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String ocspUrl() {
        return net.node.baseUrl() + "/ocsp";
    }

    @Test
    void opensslOcspSaysGoodThenRevokedOverPostAndGet() throws Exception {
        KeyMaterial leaf = net.issue("ocsp subject " + UUID.randomUUID().toString().substring(0, 8), Role.PLATFORM);
        Files.writeString(work.resolve("leaf.pem"), Certificates.toPem(leaf.certificate()));
        Run good = openssl("ocsp", "-issuer", "ca.pem", "-cert", "leaf.pem", "-url", ocspUrl(), "-CAfile", "ca.pem", "-timeout", "30");
        assertThat(good.exit()).as(good.out()).isZero();
        assertThat(good.out()).contains("Response verify OK").contains("leaf.pem: good");

        // RFC 6960 A.1 GET with the same kind of request
        Run req = openssl("ocsp", "-issuer", "ca.pem", "-cert", "leaf.pem", "-no_nonce", "-reqout", "req.der");
        assertThat(req.exit()).as(req.out()).isZero();
        String b64 = Base64.getEncoder().encodeToString(Files.readAllBytes(work.resolve("req.der")));
        HttpResponse<byte[]> got = http.send(HttpRequest.newBuilder(URI.create(ocspUrl() + "/" + URLEncoder.encode(b64, StandardCharsets.US_ASCII)))
                .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(got.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/ocsp-response"));
        Files.write(work.resolve("resp.der"), got.body());
        Run viaGet = openssl("ocsp", "-respin", "resp.der", "-issuer", "ca.pem", "-cert", "leaf.pem", "-CAfile", "ca.pem");
        assertThat(viaGet.out()).contains("Response verify OK").contains("leaf.pem: good");

        net.pki.certificateAuthority().revoke(leaf.certificate().getSerialNumber(), 1);
        Run revoked = openssl("ocsp", "-issuer", "ca.pem", "-cert", "leaf.pem", "-url", ocspUrl(), "-CAfile", "ca.pem", "-timeout", "30");
        assertThat(revoked.out()).contains("Response verify OK").contains("leaf.pem: revoked").contains("Reason: keyCompromise");

        // the node's own certificate is in the database too
        Files.writeString(work.resolve("node.pem"), Certificates.toPem(net.node.nodeKey().certificate()));
        Run node = openssl("ocsp", "-issuer", "ca.pem", "-cert", "node.pem", "-url", ocspUrl(), "-CAfile", "ca.pem", "-timeout", "30");
        assertThat(node.out()).contains("node.pem: good");

        // garbage in a GET is a malformedRequest OCSP answer, not an HTTP error page
        HttpResponse<byte[]> bad = http.send(HttpRequest.newBuilder(URI.create(ocspUrl() + "/not!base64")).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(bad.statusCode()).isIn(200, 400);
    }

    @Test
    void opensslTsVerifiesAReplyOfTheNodeTsa() throws Exception {
        Files.writeString(work.resolve("data.txt"), "evidence to be time-stamped " + UUID.randomUUID());
        Run q = openssl("ts", "-query", "-data", "data.txt", "-sha256", "-cert", "-out", "q.tsq");
        assertThat(q.exit()).as(q.out()).isZero();
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(net.node.baseUrl() + "/tsa"))
                .header("Content-Type", "application/timestamp-query")
                .POST(HttpRequest.BodyPublishers.ofFile(work.resolve("q.tsq"))).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/timestamp-reply"));
        Files.write(work.resolve("r.tsr"), r.body());
        Run v = openssl("ts", "-verify", "-queryfile", "q.tsq", "-in", "r.tsr", "-CAfile", "ca.pem");
        assertThat(v.exit()).as(v.out()).isZero();
        assertThat(v.out()).contains("Verification: OK");
        Run v2 = openssl("ts", "-verify", "-data", "data.txt", "-in", "r.tsr", "-CAfile", "ca.pem");
        assertThat(v2.out()).contains("Verification: OK");
        Files.writeString(work.resolve("other.txt"), "other data");
        Run wrong = openssl("ts", "-verify", "-data", "other.txt", "-in", "r.tsr", "-CAfile", "ca.pem");
        assertThat(wrong.out()).doesNotContain("Verification: OK");
        Run text = openssl("ts", "-reply", "-in", "r.tsr", "-text");
        assertThat(text.out()).contains("Status: Granted").contains("Hash Algorithm: sha256");
    }

    @Test
    void theNodesSealsCarryACadesTTimeStampOfItsTsa() throws Exception {
        ContactPointClient cp = net.client(net.contactPoint);
        ObjectNode epoc = (ObjectNode) JSON.readTree(Files.readString(CORPUS.resolve("EU_EPOC").resolve("valid.json")));
        epoc.put("messageId", "msg-ts-" + UUID.randomUUID());
        ContactPointClient.Answer a = cp.post("api/v1/requests", JSON.writeValueAsBytes(epoc), "application/json", "ts-" + UUID.randomUUID());
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        String id = JSON.readTree(a.body()).get("id").asText();
        await().atMost(Duration.ofSeconds(60)).until(() -> net.portal.accepted().stream().anyMatch(x -> x.requestId().equals(id)));
        String digest = net.portal.accepted().stream().filter(x -> x.requestId().equals(id)).findFirst().orElseThrow().payloadSha256();
        // WireMock journals a request once its answer is written, which may be a moment after the portal recorded it
        byte[] sealed = await().atMost(Duration.ofSeconds(10)).until(() -> net.portal.wireMock().getAllServeEvents().stream()
                .map(e -> e.getRequest().getBody()).filter(b -> sha256(b).equalsIgnoreCase(digest)).findFirst().orElse(null), java.util.Objects::nonNull);
        CmsProfile requiringTimeStamp = new CmsProfile(Clock.systemUTC()).withTimeStampVerification(net.trust, true);
        assertThat(requiringTimeStamp.open(sealed, net.platformKey, net.trust).signerRoles()).contains(Role.NODE);
    }

    @Test
    void aNodeWithConfiguredKeysServesNothingUnlessConfiguredAndRefusesATsaKeyWithoutTheTimeStampingPurpose() throws Exception {
        KeyMaterial nodeKey = net.pki.issue(new IssueRequest("configured node", Role.NODE, List.of("127.0.0.1", "localhost"), KeyKind.EC_P256,
                Duration.ofDays(2), true, true));
        Path other = dir.resolve("configured");
        NodeConfig config = NodeConfig.embedded(other).withPort(0).withKeys(nodeKey, net.trust);
        try (GatewayNode n = GatewayNode.start(config)) {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(n.baseUrl() + "/tsa"))
                    .header("Content-Type", "application/timestamp-query").POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {0x30, 0}))
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(n.trustServices().timeStamper()).isNull();
        }
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> GatewayNode.start(config.withTrustServices(
                new TrustServicesConfig(null, null, null, nodeKey))));
        assertThat(t).hasMessageContaining("EEG-TRUST-TSA-CERT");
        KeyMaterial tsaKey = net.pki.issue(IssueRequest.timeStamping("configured TSA", Role.NODE, KeyKind.EC_P256, Duration.ofDays(2)));
        try (GatewayNode n = GatewayNode.start(config.withTrustServices(new TrustServicesConfig(net.pki.directory(), net.pki.password(), null, tsaKey)))) {
            assertThat(n.trustServices().timeStamper()).isNotNull();
            assertThat(n.trustServices().ocspAuthority().certificate()).isEqualTo(net.pki.rootCertificate());
        }
    }
}
