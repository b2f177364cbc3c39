package eu.eevidence.gw.custody.tiles;

import com.sun.net.httpserver.HttpServer;
import eu.eevidence.gw.custody.CustodyError;
import eu.eevidence.gw.custody.CustodyException;
import eu.eevidence.gw.custody.CustodyLog;
import eu.eevidence.gw.custody.audit.LogVerifier;
import eu.eevidence.gw.custody.audit.Progress;
import eu.eevidence.gw.custody.note.Ed25519;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An auditor mirrors a log over http with plain GETs (gzip or identity), and verifies it. */
class HttpMirrorTest {

    @TempDir
    Path dir;

    @Test
    void verifiesALogServedOverHttpWithAndWithoutGzip() throws Exception {
        var keys = Ed25519.generate();
        String vkey;
        try (CustodyLog log = CustodyLog.open(dir, "node.example/custody", keys)) {
            for (int i = 0; i < 600; i++) {
                log.storage().appendAsync(("e" + i).getBytes(StandardCharsets.US_ASCII));
            }
            log.append("last".getBytes(StandardCharsets.US_ASCII));
            log.publish();
            vkey = log.verifierKey().encode();
        }
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/custody/", ex -> {
            String rel = ex.getRequestURI().getPath().substring("/custody/".length());
            Path p = dir.resolve(rel).normalize();
            if (!p.startsWith(dir) || !Files.isRegularFile(p)) {
                ex.sendResponseHeaders(404, -1);
                ex.close();
                return;
            }
            byte[] body = Files.readAllBytes(p);
            boolean gzip = rel.startsWith("tile/entries/");
            if (gzip) {
                ex.getResponseHeaders().add("Content-Encoding", "gzip");
            }
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = gzip ? new GZIPOutputStream(ex.getResponseBody()) : ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/custody/";
            HttpSource src = new HttpSource(HttpClient.newHttpClient(), base);
            assertThat(src.get("tile/0/000")).isPresent();
            assertThat(src.get("tile/0/999")).isEmpty();
            var report = LogVerifier.verify(src, eu.eevidence.gw.custody.note.NoteVerifierKey.parse(vkey), Progress.NONE);
            assertThat(report.ok()).as(report.oneLine()).isTrue();
            HttpSource wrong = new HttpSource(HttpClient.newHttpClient(), "http://127.0.0.1:" + server.getAddress().getPort() + "/nothing/");
            assertThat(LogVerifier.verify(wrong, eu.eevidence.gw.custody.note.NoteVerifierKey.parse(vkey), Progress.NONE).code())
                    .isEqualTo(CustodyError.FETCH_FAILED);
        } finally {
            server.stop(0);
        }
        assertThatThrownBy(() -> new HttpSource(HttpClient.newHttpClient(), "ftp://x/")).isInstanceOf(CustodyException.class);
    }
}
