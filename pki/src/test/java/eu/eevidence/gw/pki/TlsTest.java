package eu.eevidence.gw.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** mTLS on loopback with contexts from {@link Tls#sslContext}. */
class TlsTest {

    @TempDir
    static Path dir;

    static DevPki pki;
    static DevPki otherPki;
    static KeyMaterial server;

    @BeforeAll
    static void setUp() throws Exception {
        pki = TestSupport.pki(dir.resolve("pki"));
        otherPki = TestSupport.pki(dir.resolve("other"));
        server = pki.issue(new IssueRequest("localhost", Role.NODE, List.of("localhost", "127.0.0.1"), KeyKind.EC_P256,
                Duration.ofDays(1), true, false));
    }

    record Outcome(String serverReceived, Throwable serverError, String clientReceived, Throwable clientError,
            String protocol, X509Certificate peer) {
    }

    static Outcome exchange(KeyMaterial client, TrustAnchors clientTrust) throws Exception {
        SSLContext serverCtx = Tls.sslContext(server, TestSupport.trust(pki));
        SSLContext clientCtx = Tls.sslContext(client, clientTrust);
        try (SSLServerSocket ss = (SSLServerSocket) serverCtx.getServerSocketFactory()
                .createServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            ss.setNeedClientAuth(true);
            assertThat(ss.getEnabledProtocols()).containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
            CompletableFuture<Object[]> srv = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket s = (SSLSocket) ss.accept()) {
                    s.setSoTimeout(10_000);
                    s.startHandshake();
                    X509Certificate peer = (X509Certificate) s.getSession().getPeerCertificates()[0];
                    byte[] buf = s.getInputStream().readNBytes(4);
                    s.getOutputStream().write("pong".getBytes(StandardCharsets.US_ASCII));
                    s.getOutputStream().flush();
                    return new Object[] {new String(buf, StandardCharsets.US_ASCII), null, peer};
                } catch (IOException e) {
                    return new Object[] {null, e, null};
                }
            });
            String clientGot = null;
            Throwable clientErr = null;
            String protocol = null;
            try (SSLSocket c = (SSLSocket) clientCtx.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), ss.getLocalPort())) {
                c.setSoTimeout(10_000);
                assertThat(c.getEnabledProtocols()).containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
                SSLParameters p = c.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS"); // checks the IP SAN 127.0.0.1
                c.setSSLParameters(p);
                c.startHandshake();
                protocol = c.getSession().getProtocol();
                c.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
                c.getOutputStream().flush();
                byte[] got = c.getInputStream().readNBytes(4);
                clientGot = got.length == 0 ? null : new String(got, StandardCharsets.US_ASCII);
            } catch (IOException e) {
                clientErr = e;
            }
            Object[] s = srv.get(20, TimeUnit.SECONDS);
            return new Outcome((String) s[0], (Throwable) s[1], clientGot, clientErr, protocol, (X509Certificate) s[2]);
        }
    }

    @Test
    void mutualTlsWithDevPkiClientCertificate() throws Exception {
        KeyMaterial client = pki.issue(new IssueRequest("contact-point-de", Role.CONTACT_POINT, List.of(), KeyKind.RSA_3072,
                Duration.ofDays(1), false, true));
        Outcome o = exchange(client, TestSupport.trust(pki));
        assertThat(o.serverError()).isNull();
        assertThat(o.clientError()).isNull();
        assertThat(o.serverReceived()).isEqualTo("ping");
        assertThat(o.clientReceived()).isEqualTo("pong");
        assertThat(o.protocol()).isEqualTo("TLSv1.3");
        assertThat(o.peer()).isEqualTo(client.certificate());
        assertThat(Role.of(o.peer())).containsExactly(Role.CONTACT_POINT);
    }

    @Test
    void clientCertificateFromAnotherRootIsRefused() throws Exception {
        KeyMaterial foreign = otherPki.issue(new IssueRequest("intruder", Role.CONTACT_POINT, List.of(), KeyKind.EC_P256,
                Duration.ofDays(1), false, true));
        Outcome o = exchange(foreign, TestSupport.trust(pki));
        assertThat(o.serverError()).isInstanceOf(SSLException.class);
        assertThat(o.serverReceived()).isNull();
        assertThat(o.clientReceived()).isNull();
        assertThat(o.clientError()).isNotNull().isNotInstanceOf(SocketTimeoutException.class);
    }

    @Test
    void clientWithoutCertificateIsRefused() throws Exception {
        Outcome o = exchange(null, TestSupport.trust(pki));
        assertThat(o.serverError()).isInstanceOf(SSLException.class);
        assertThat(o.serverReceived()).isNull();
        assertThat(o.clientReceived()).isNull();
    }

    @Test
    void serverFromAnotherRootIsRefusedByTheClient() throws Exception {
        KeyMaterial client = pki.issue(new IssueRequest("cp", Role.CONTACT_POINT, List.of(), KeyKind.EC_P256,
                Duration.ofDays(1), false, true));
        Outcome o = exchange(client, TestSupport.trust(otherPki));
        assertThat(o.clientError()).isInstanceOf(SSLException.class);
        assertThat(o.serverReceived()).isNull();
    }

    @Test
    void contextRestrictsProtocols() throws Exception {
        SSLContext ctx = Tls.sslContext(null, TestSupport.trust(pki));
        assertThat(ctx.getDefaultSSLParameters().getProtocols()).containsExactly("TLSv1.3", "TLSv1.2");
        assertThat(ctx.createSSLEngine().getEnabledProtocols()).containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
        assertThat(Tls.keyManagers(server)).isNotEmpty();
        assertThat(catchThrowable(() -> Tls.keyManagers(null))).isInstanceOf(PkiException.class);
        assertThat(TestSupport.trust(pki).trustManager().getAcceptedIssuers()).containsExactly(pki.rootCertificate());
    }
}
