package eu.eevidence.gw.pki.ca;

import static eu.eevidence.gw.pki.ca.TrustAndRevocationTest.errorOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.SignedData;
import org.bouncycastle.asn1.cms.SignerInfo;
import org.bouncycastle.asn1.tsp.TimeStampResp;
import org.bouncycastle.tsp.TimeStampResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

import eu.eevidence.gw.pki.CmsProfile;
import eu.eevidence.gw.pki.IssueRequest;
import eu.eevidence.gw.pki.KeyKind;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.PkiError;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.pki.SignatureTimeStamps;
import eu.eevidence.gw.pki.TrustAnchors;
import eu.eevidence.gw.pki.TsaClient;

/** CAdES-T with the development TSA in process and through the HTTP TSA client. */
class TimeStampTest {

    @TempDir
    static Path dir;

    static CertificateAuthority root;
    static KeyMaterial signer;
    static KeyMaterial recipient;
    static DevTsa tsa;
    static TrustAnchors trust;
    static HttpServer server;
    static URI tsaUrl;
    static final byte[] CONTENT = "order with a time-stamp".getBytes();

    @BeforeAll
    static void setUp() throws Exception {
        root = CertificateAuthority.initRoot(dir.resolve("root"), "TSA test root", KeyKind.EC_P256, Duration.ofDays(100),
                "pw".toCharArray(), null, null, Clock.systemUTC());
        signer = root.issue(new IssueRequest("signer", Role.CONTACT_POINT, List.of(), KeyKind.EC_P256, Duration.ofDays(10), false, false));
        recipient = root.issue(new IssueRequest("node", Role.NODE, List.of(), KeyKind.RSA_3072, Duration.ofDays(10), false, false));
        tsa = new DevTsa(root.issueTimeStamping("Dev TSA", KeyKind.EC_P256, Duration.ofDays(10)), Clock.systemUTC());
        trust = TrustAnchors.of(List.of(root.certificate()));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/tsa", ex -> {
            byte[] req;
            try (InputStream in = ex.getRequestBody()) {
                req = in.readAllBytes();
            }
            boolean ok = "application/timestamp-query".equals(ex.getRequestHeaders().getFirst("Content-Type"));
            byte[] resp = ok ? tsa.respond(req) : new byte[0];
            ex.getResponseHeaders().add("Content-Type", "application/timestamp-reply");
            ex.sendResponseHeaders(ok ? 200 : 415, resp.length == 0 ? -1 : resp.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(resp);
            }
        });
        server.createContext("/broken", ex -> {
            ex.sendResponseHeaders(500, -1);
            ex.close();
        });
        server.start();
        tsaUrl = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/tsa");
    }

    @AfterAll
    static void tearDown() {
        if (server != null) {
            server.stop(0);
        }
    }

    static SignerInfo signerInfo(byte[] signedData) throws Exception {
        return SignerInfo.getInstance(SignedData.getInstance(ContentInfo.getInstance(ASN1Primitive.fromByteArray(signedData))
                .getContent()).getSignerInfos().getObjectAt(0));
    }

    @Test
    void cadesTInMemoryAndStreamingThroughHttp() throws Exception {
        CmsProfile p = new CmsProfile(Clock.systemUTC()).withTimeStamper(new TsaClient(tsaUrl, Duration.ofSeconds(10), trust))
                .withTimeStampVerification(trust, true);
        byte[] signed = p.sign(CONTENT, signer);
        SignerInfo si = signerInfo(signed);
        assertThat(si.getUnauthenticatedAttributes()).isNotNull();
        assertThat(org.bouncycastle.asn1.cms.Attribute.getInstance(si.getUnauthenticatedAttributes().getObjectAt(0)).getAttrType())
                .isEqualTo(SignatureTimeStamps.ATTRIBUTE);
        assertThat(p.verify(signed, trust).content()).isEqualTo(CONTENT);

        ByteArrayOutputStream cms = new ByteArrayOutputStream();
        p.protect(new ByteArrayInputStream(CONTENT), cms, signer, List.of(recipient.certificate()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.openStream(new ByteArrayInputStream(cms.toByteArray()), out, recipient, trust);
        assertThat(out.toByteArray()).isEqualTo(CONTENT);
        assertThat(p.open(cms.toByteArray(), recipient, trust).content()).isEqualTo(CONTENT);
    }

    @Test
    void missingUntrustedOrEarlyTimeStampsAreRejected() throws Exception {
        CmsProfile plain = new CmsProfile(Clock.systemUTC());
        byte[] noStamp = plain.sign(CONTENT, signer);
        assertThat(errorOf(() -> plain.withTimeStampVerification(trust, true).verify(noStamp, trust)))
                .isEqualTo(PkiError.TIMESTAMP_INVALID);
        assertThat(plain.withTimeStampVerification(trust, false).verify(noStamp, trust).content()).isEqualTo(CONTENT);

        byte[] stamped = plain.withTimeStamper(tsa).sign(CONTENT, signer);
        CertificateAuthority other = CertificateAuthority.initRoot(dir.resolve("other"), "Other", KeyKind.EC_P256,
                Duration.ofDays(10), "pw".toCharArray(), null, null, Clock.systemUTC());
        TrustAnchors otherTrust = TrustAnchors.of(List.of(other.certificate()));
        assertThat(errorOf(() -> plain.withTimeStampVerification(otherTrust, true).verify(stamped, trust)))
                .isEqualTo(PkiError.TIMESTAMP_INVALID);
        // a signer that claims a signing time long after the time-stamp
        CmsProfile lying = new CmsProfile(Clock.fixed(Instant.now().plus(Duration.ofMinutes(4)), ZoneOffset.UTC)).withTimeStamper(
                new DevTsa(root.issueTimeStamping("Slow TSA", KeyKind.EC_P256, Duration.ofDays(10)),
                        Clock.fixed(Instant.now().minus(Duration.ofHours(1)), ZoneOffset.UTC)));
        byte[] early = lying.sign(CONTENT, signer);
        assertThat(errorOf(() -> plain.withTimeStampVerification(trust, true).verify(early, trust)))
                .isEqualTo(PkiError.TIMESTAMP_INVALID);
    }

    @Test
    void tsaFailuresAreTyped() throws Exception {
        CmsProfile broken = new CmsProfile(Clock.systemUTC()).withTimeStamper(new TsaClient(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/broken"), Duration.ofSeconds(5), null));
        assertThat(errorOf(() -> broken.sign(CONTENT, signer))).isEqualTo(PkiError.TSA_UNAVAILABLE);
        ByteArrayOutputStream cms = new ByteArrayOutputStream();
        assertThat(errorOf(() -> broken.protect(new ByteArrayInputStream(CONTENT), cms, signer, List.of(recipient.certificate()))))
                .isEqualTo(PkiError.TSA_UNAVAILABLE);
        CmsProfile closed = new CmsProfile(Clock.systemUTC()).withTimeStamper(new TsaClient(URI.create("http://127.0.0.1:9/tsa"),
                Duration.ofSeconds(2), null));
        assertThat(errorOf(() -> closed.sign(CONTENT, signer))).isEqualTo(PkiError.TSA_UNAVAILABLE);
        // the pure function answers garbage with a rejection, never an exception
        for (byte[] bad : List.of(new byte[0], new byte[] {0x30, 0x00}, new byte[] {1, 2, 3})) {
            TimeStampResponse r = new TimeStampResponse(TimeStampResp.getInstance(ASN1Primitive.fromByteArray(tsa.respond(bad))));
            assertThat(r.getStatus()).isEqualTo(2);
            assertThat(r.getTimeStampToken()).isNull();
        }
    }
}
