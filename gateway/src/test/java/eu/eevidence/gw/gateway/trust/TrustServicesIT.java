package eu.eevidence.gw.gateway.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import eu.eevidence.gw.gateway.api.ClientCertificateFilter;
import eu.eevidence.gw.gateway.api.ErrorMappers;
import eu.eevidence.gw.gateway.api.RestServer;
import eu.eevidence.gw.pki.CmsProfile;
import eu.eevidence.gw.pki.DevPki;
import eu.eevidence.gw.pki.HttpOcspClient;
import eu.eevidence.gw.pki.IssueRequest;
import eu.eevidence.gw.pki.KeyKind;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.PkiError;
import eu.eevidence.gw.pki.PkiException;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.pki.Tls;
import eu.eevidence.gw.pki.TrustAnchors;
import eu.eevidence.gw.pki.TrustStore;
import eu.eevidence.gw.pki.TsaClient;
import eu.eevidence.gw.pki.ca.CertificateAuthority;
import eu.eevidence.gw.pki.ca.DevTsa;

/** POST /ocsp and POST /tsa on a real node endpoint (CXF JAX-RS on Jetty, TLS), used by the pki clients. */
class TrustServicesIT {

    @TempDir
    static Path dir;

    static RestServer server;
    static CertificateAuthority ca;
    static TrustAnchors caTrust;
    static SSLContext tls;
    static URI base;

    @BeforeAll
    static void start() throws Exception {
        DevPki nodePki = DevPki.loadOrCreate(dir.resolve("node-pki"), Clock.systemUTC());
        KeyMaterial nodeKey = nodePki.issue(new IssueRequest("localhost", Role.NODE, List.of("127.0.0.1", "localhost"),
                KeyKind.EC_P256, Duration.ofDays(2), true, true));
        TrustAnchors nodeTrust = TrustAnchors.of(List.of(nodePki.rootCertificate()));
        ca = CertificateAuthority.initRoot(dir.resolve("ca"), "Network root", KeyKind.EC_P256, Duration.ofDays(100),
                "pw".toCharArray(), null, null, Clock.systemUTC());
        caTrust = TrustAnchors.of(List.of(ca.certificate()));
        DevTsa tsa = new DevTsa(ca.issueTimeStamping("Node TSA", KeyKind.EC_P256, Duration.ofDays(10)), Clock.systemUTC());
        List<Object> resources = new ArrayList<>(TrustServices.resources(ca.ocspResponder(Duration.ofHours(1))::respond, tsa::respond));
        server = RestServer.start("127.0.0.1", freePort(), nodeKey, nodeTrust, resources,
                List.of(new ClientCertificateFilter(1_000_000), new ErrorMappers.HttpErrors(), new ErrorMappers.Unexpected()));
        base = URI.create(server.baseUrl());
        tls = Tls.sslContext(null, nodeTrust);
    }

    static int freePort() throws Exception {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void ocspOverHttpsGoodThenRevoked() throws Exception {
        KeyMaterial leaf = ca.issue(new IssueRequest("contact", Role.CONTACT_POINT, List.of(), KeyKind.EC_P256, Duration.ofDays(5),
                false, false));
        Path noCrls = Files.createDirectories(dir.resolve("no-crls"));
        TrustStore trust = TrustStore.load(Clock.systemUTC(), List.of(ca.directory().resolve("ca.pem")), List.of(noCrls),
                new HttpOcspClient(base.resolve("/ocsp"), Duration.ofSeconds(10), tls), true);
        trust.validate(leaf.certificate(), leaf.chain(), Instant.now());
        ca.revoke(leaf.certificate().getSerialNumber(), 1);
        Throwable t = catchThrowable(() -> trust.validate(leaf.certificate(), leaf.chain(), Instant.now()));
        assertThat(t).isInstanceOf(PkiException.class);
        assertThat(((PkiException) t).error()).isEqualTo(PkiError.REVOKED);
    }

    @Test
    void tsaOverHttpsGivesCadesT() throws Exception {
        KeyMaterial signer = ca.issue(new IssueRequest("judge", Role.JUDICIAL_AUTHORITY, List.of(), KeyKind.EC_P256,
                Duration.ofDays(5), false, false));
        CmsProfile p = new CmsProfile(Clock.systemUTC())
                .withTimeStamper(new TsaClient(base.resolve("/tsa"), Duration.ofSeconds(10), caTrust, tls))
                .withTimeStampVerification(caTrust, true);
        byte[] signed = p.sign("order".getBytes(), signer);
        assertThat(p.verify(signed, caTrust).content()).isEqualTo("order".getBytes());
    }

    @Test
    void badRequestsGetProtocolOrHttpErrors() throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(tls).build();
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(base.resolve("/ocsp")).header("Content-Type", "application/ocsp-request")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {1, 2, 3})).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(new org.bouncycastle.cert.ocsp.OCSPResp(r.body()).getStatus()).isEqualTo(1); // malformedRequest
        r = http.send(HttpRequest.newBuilder(base.resolve("/tsa")).header("Content-Type", "application/timestamp-query")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {0x30, 0})).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/timestamp-reply"));
        r = http.send(HttpRequest.newBuilder(base.resolve("/tsa")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(415);
        r = http.send(HttpRequest.newBuilder(base.resolve("/ocsp")).header("Content-Type", "application/ocsp-request")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[100_000])).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(413);
    }
}
