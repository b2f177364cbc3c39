package eu.eevidence.gw.adapter.etsi104144;

import com.github.tomakehurst.wiremock.WireMockServer;
import eu.eevidence.gw.adapter.api.DeliveryOutcome;
import eu.eevidence.gw.adapter.api.DeliveryRequest;
import eu.eevidence.gw.adapter.api.FetchLimits;
import eu.eevidence.gw.adapter.api.FetchOutcome;
import eu.eevidence.gw.adapter.api.PortalAnswer;
import eu.eevidence.gw.adapter.api.PortalHttp;
import eu.eevidence.gw.adapter.etsi.hi1.Hi1PortalSim;
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

import javax.net.ssl.SSLContext;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The e-Evidence interface runs over mutual TLS (EU-PKI certificates): delivery and download through the node's
 * client certificate to a portal that requires one; a client from another PKI gets nowhere. Keys are generated at
 * test time.
 */
class Etsi104144MutualTlsIT {

    @TempDir
    static Path dir;
    private static WireMockServer portal;
    private static SSLContext node;
    private static SSLContext stranger;
    private static final Etsi104144Adapter ADAPTER = new Etsi104144Adapter(new PortalHttp(Duration.ofSeconds(10), Duration.ofSeconds(15), 1024 * 1024), Clock.systemUTC());
    private static final Map<String, String> SETTINGS = Map.of("hi1.sender.country", "XX", "hi1.sender.id", "NODE",
            "hi1.receiver.country", "IE", "hi1.receiver.id", "PLATFORM");

    @BeforeAll
    static void start() throws Exception {
        Clock clock = Clock.systemUTC();
        DevPki pki = DevPki.loadOrCreate(dir.resolve("pki"), clock);
        TrustAnchors trust = TrustAnchors.of(List.of(pki.rootCertificate()));
        KeyMaterial platform = pki.issue(new IssueRequest("platform", Role.PLATFORM, List.of("127.0.0.1"), KeyKind.EC_P256, Duration.ofDays(2), true, true));
        KeyMaterial nodeKey = pki.issue(new IssueRequest("node", Role.NODE, List.of(), KeyKind.EC_P256, Duration.ofDays(2), false, true));
        DevPki other = DevPki.loadOrCreate(dir.resolve("other"), clock);
        KeyMaterial strangerKey = other.issue(new IssueRequest("stranger", Role.NODE, List.of(), KeyKind.EC_P256, Duration.ofDays(2), false, true));
        node = Tls.sslContext(nodeKey, trust);
        stranger = Tls.sslContext(strangerKey, trust);
        char[] password = "test-only-password".toCharArray();
        Path keystore = dir.resolve("portal.p12");
        platform.savePkcs12(keystore, password, "portal");
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry("root", pki.rootCertificate());
        Path truststore = dir.resolve("trust.p12");
        try (var out = Files.newOutputStream(truststore)) {
            ts.store(out, password);
        }
        portal = new WireMockServer(options().bindAddress("127.0.0.1").httpDisabled(true).dynamicHttpsPort()
                .keystorePath(keystore.toString()).keystorePassword(new String(password)).keyManagerPassword(new String(password)).keystoreType("PKCS12")
                .needClientAuth(true).trustStorePath(truststore.toString()).trustStorePassword(new String(password)).trustStoreType("PKCS12")
                .extensions(new Hi1PortalSim()));
        portal.start();
        portal.stubFor(post(urlPathMatching("/eevidence/.*")).willReturn(aResponse().withTransformers(Hi1PortalSim.NAME)));
    }

    @AfterAll
    static void stop() {
        if (portal != null) {
            portal.stop();
        }
    }

    private static DeliveryRequest.Destination destination(SSLContext tls) {
        return new DeliveryRequest.Destination("acme-eu", URI.create("https://127.0.0.1:" + portal.httpsPort() + "/"), tls, SETTINGS);
    }

    @Test
    void aClientOfAnotherPkiIsTurnedAwayAtTheHandshake() {
        int before = portal.countRequestsMatching(anyRequestedFor(anyUrl()).build()).getCount();
        byte[] payload = {1, 2, 3};
        DeliveryOutcome o = ADAPTER.deliver(new DeliveryRequest("R-2", "R-2", destination(stranger), "EU_EPOC", payload, PortalHttp.sha256(payload), 1));
        assertThat(o).isInstanceOfSatisfying(DeliveryOutcome.RetryableFailure.class, f -> assertThat(f.code()).isEqualTo("EEG-DLV-IO"));
        assertThat(portal.countRequestsMatching(anyRequestedFor(anyUrl()).build()).getCount()).isEqualTo(before);
    }

    @Test
    void deliversAndDownloadsWithTheNodesCertificate() {
        byte[] payload = {0x30, 1, 2, 3};
        assertThat(ADAPTER.deliver(new DeliveryRequest("R-1", "R-1", destination(node), "EU_EPOC_PR", payload, PortalHttp.sha256(payload), 1)))
                .isInstanceOf(DeliveryOutcome.Delivered.class);
        byte[] item = new byte[70_000];
        new java.util.Random(3).nextBytes(item);
        portal.stubFor(get(urlPathEqualTo("/dl/9")).willReturn(aResponse().withStatus(200).withBody(item)));
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        var ref = new PortalAnswer.DownloadReference(URI.create("https://127.0.0.1:" + portal.httpsPort() + "/dl/9"), item.length, PortalHttp.sha256(item));
        assertThat(ADAPTER.fetch(destination(node), ref, sink, new FetchLimits(1_000_000, Duration.ofSeconds(5)))).isInstanceOf(FetchOutcome.Fetched.class);
        assertThat(sink.toByteArray()).isEqualTo(item);
    }
}
