package eu.eevidence.gw.gateway.network;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import eu.eevidence.gw.pki.DevPki;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.pki.Tls;
import eu.eevidence.gw.pki.TrustAnchors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Fetching the signed directory: https only, no redirects, the right type, bounded size, conditional GET, trusted TLS. */
class DirectoryFetcherTest {

    @TempDir
    static Path dir;
    static HttpsServer server;
    static KeyMaterial client;
    static TrustAnchors trust;
    static final byte[] SIGNED = {0x30, 0x03, 0x02, 0x01, 0x01};

    @BeforeAll
    static void serve() throws Exception {
        DirectoryFixture f = new DirectoryFixture(dir);
        trust = f.trust;
        client = f.be;
        KeyMaterial serverKey = f.pki.issue(DirectoryFixture.req("directory server", Role.NODE, true));
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(Tls.sslContext(serverKey, f.trust)));
        server.createContext("/ok", x -> {
            if (("\"" + "a".repeat(64) + "\"").equals(x.getRequestHeaders().getFirst("If-None-Match"))) {
                x.sendResponseHeaders(304, -1);
                x.close();
                return;
            }
            answer(x, 200, NetworkProtocol.MEDIA_TYPE, SIGNED);
        });
        server.createContext("/redirect", x -> {
            x.getResponseHeaders().add("Location", url("/ok").toString());
            x.sendResponseHeaders(302, -1);
            x.close();
        });
        server.createContext("/json", x -> answer(x, 200, "application/json", "{}".getBytes()));
        server.createContext("/missing", x -> answer(x, 404, "application/problem+json", "{}".getBytes()));
        server.createContext("/big", x -> answer(x, 200, NetworkProtocol.MEDIA_TYPE, new byte[NetworkDirectory.MAX_BYTES + 1]));
        server.start();
    }

    static void answer(HttpExchange x, int status, String type, byte[] body) throws IOException {
        x.getResponseHeaders().add("Content-Type", type);
        x.sendResponseHeaders(status, body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        }
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    static URI url(String path) {
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    static DirectoryFetcher fetcher(String path) throws Exception {
        return new DirectoryFetcher(url(path), Tls.sslContext(client, trust));
    }

    static String code(DirectoryFetcher fetcher) {
        try {
            fetcher.read(null);
            return "none";
        } catch (NetworkException e) {
            return e.code();
        }
    }

    @Test
    void onlyAbsoluteHttpsUrlsWithoutUserInfoAreTaken() {
        for (String bad : List.of("http://127.0.0.1/d", "https:///d", "https://user@127.0.0.1/d", "https://127.0.0.1/d#x", "/d")) {
            assertThatThrownBy(() -> DirectoryFetcher.check(URI.create(bad))).as(bad).hasMessageStartingWith("EEG-DIR-URL");
        }
    }

    @Test
    void redirectsWrongTypesErrorsAndOversizedAnswersAreRefused() throws Exception {
        assertThat(code(fetcher("/redirect"))).isEqualTo("EEG-DIR-FETCH");
        assertThat(code(fetcher("/json"))).isEqualTo("EEG-DIR-FETCH");
        assertThat(code(fetcher("/missing"))).isEqualTo("EEG-DIR-FETCH");
        assertThat(code(fetcher("/big"))).isEqualTo("EEG-DIR-TOO-LARGE");
    }

    @Test
    void aServerOutsideTheTrustAnchorsIsRefused() throws Exception {
        DevPki otherPki = DevPki.loadOrCreate(dir.resolve("other-pki"), Clock.systemUTC());
        DirectoryFetcher f = new DirectoryFetcher(url("/ok"), Tls.sslContext(client, TrustAnchors.of(List.of(otherPki.rootCertificate()))));
        assertThat(code(f)).isEqualTo("EEG-DIR-FETCH");
    }

    @Test
    void theSignedBytesAreFetchedAndAnUnchangedVersionIsNotSentAgain() throws Exception {
        DirectoryFetcher f = fetcher("/ok");
        assertThat(f.read(null)).isEqualTo(SIGNED);
        assertThat(f.read("b".repeat(64))).isEqualTo(SIGNED);
        assertThat(f.read("a".repeat(64))).isNull();
        assertThat(f.name()).isEqualTo(url("/ok").toString());
    }
}
