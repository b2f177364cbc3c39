package eu.eevidence.gw.gateway.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import eu.eevidence.gw.custody.entry.CustodyEntry;
import eu.eevidence.gw.custody.entry.CustodyEventType;
import eu.eevidence.gw.custody.entry.ExportedRecord;
import eu.eevidence.gw.custody.storage.FileLog;
import eu.eevidence.gw.custody.tiles.DirectorySource;
import eu.eevidence.gw.custody.tiles.TileLayout;
import eu.eevidence.gw.gateway.cli.GatewayCli;
import eu.eevidence.gw.gateway.demo.Demo;
import eu.eevidence.gw.testkit.ContactPointClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A full Art. 29 request lifecycle leaves the expected custody entries; {@code audit verify} passes on the log the
 * node serves at /custody/ (over HTTPS, and as the downloaded archive); a torn tail made while the node is stopped
 * is repaired from the database at the next start.
 */
class CustodyLogIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aRequestLifecycleIsInTheServedLogAndSurvivesATornTail() throws Exception {
        try (TestNetwork net = new TestNetwork(dir)) {
            ContactPointClient cp = net.client(net.contactPoint);
            ContactPointClient.Answer created = cp.submit(Demo.sample(), "custody-" + UUID.randomUUID());
            assertThat(created.status()).isEqualTo(201);
            String id = JSON.readTree(created.body()).get("id").asText();
            await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(50))
                    .until(() -> JSON.readTree(cp.get("api/v1/requests/" + id).body()).get("state").asText(), "PRESERVED"::equals);
            // a rejected submission is recorded too (with no request id and nothing else stored)
            assertThat(cp.submit("{\"not\":\"a request\"}".getBytes(), "custody-bad").status()).isIn(400, 422);
            net.node.custody().flushAndPublish();

            List<CustodyEntry> entries = entries(dir.resolve("custody"), net.node.custody().log().size());
            List<CustodyEventType> forRequest = new ArrayList<>();
            for (CustodyEntry e : entries) {
                if (e.requestId().isPresent() && id.equals(requestIdOf(net, e))) {
                    forRequest.add(e.type());
                }
            }
            assertThat(forRequest).containsExactly(CustodyEventType.REQUEST_RECEIVED, CustodyEventType.REQUEST_VALIDATED, CustodyEventType.REQUEST_SEALED,
                    CustodyEventType.REQUEST_QUEUED, CustodyEventType.REQUEST_SENT, CustodyEventType.RECEIPT_RECEIVED, CustodyEventType.ACKNOWLEDGED,
                    CustodyEventType.PRESERVATION_CONFIRMED);
            assertThat(entries).extracting(CustodyEntry::type).contains(CustodyEventType.REQUEST_REJECTED);
            CustodyEntry received = entries.get(0);
            assertThat(received.toState()).isEmpty();
            assertThat(entries.get(3).toState()).isEqualTo("ACCEPTED");

            String base = net.node.baseUrl() + "/custody/";
            HttpClient http = httpClient(dir.resolve("pki/ca.pem"));
            String vkey = get(http, base + "vkey").body().strip();
            assertThat(vkey).isEqualTo(net.node.custody().log().verifierKey().encode());
            HttpResponse<String> cpResp = get(http, base + "checkpoint");
            assertThat(cpResp.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
            assertThat(get(http, base + "tile/0/../../pki/ca.pem").statusCode()).isEqualTo(404);
            assertThat(get(http, base + "signer-state").statusCode()).isEqualTo(404);

            String ca = dir.resolve("pki/ca.pem").toString();
            assertThat(GatewayCli.execute("audit", "verify", "--log", base, "--vkey", vkey, "--trust", ca)).isZero();

            // the exported record of the RECEIVED entry is proven committed
            ExportedRecord rec = net.node.custody().export(indexOf(entries, id, net)).orElseThrow();
            Path recFile = dir.resolve("record.json");
            Files.writeString(recFile, rec.toJson());
            assertThat(GatewayCli.execute("audit", "record", "--log", base, "--record", recFile.toString(), "--vkey", vkey, "--trust", ca)).isZero();

            // the archive for offline audit
            Path zip = dir.resolve("custody.zip");
            HttpResponse<InputStream> archive = http.send(HttpRequest.newBuilder(URI.create(base + "archive")).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(archive.statusCode()).isEqualTo(200);
            try (InputStream in = archive.body()) {
                Files.copy(in, zip);
            }
            assertThat(GatewayCli.execute("audit", "verify", "--log", zip.toString(), "--vkey", vkey)).isZero();
            Path state = dir.resolve("watch.state");
            assertThat(GatewayCli.execute("audit", "watch", "--log", base, "--state", state.toString(), "--vkey", vkey, "--trust", ca)).isZero();

            // SIGKILL-like torn tail while the node is stopped: the last record is cut in the middle
            long size = net.node.custody().log().size();
            net.stopNode();
            try (RandomAccessFile f = new RandomAccessFile(dir.resolve("custody").resolve(FileLog.ENTRIES_FILE).toFile(), "rw")) {
                f.setLength(f.length() - 40);
            }
            net.startNode();
            assertThat(net.node.custody().log().size()).isEqualTo(size);
            net.node.custody().flushAndPublish();
            String base2 = net.node.baseUrl() + "/custody/";
            assertThat(GatewayCli.execute("audit", "verify", "--log", base2, "--vkey", vkey, "--trust", ca)).isZero();
            assertThat(GatewayCli.execute("audit", "watch", "--log", base2, "--state", state.toString(), "--vkey", vkey, "--trust", ca)).isZero();
        }
    }

    private static String requestIdOf(TestNetwork net, CustodyEntry e) throws Exception {
        return net.node.requests().database().read(c -> {
            try (var ps = c.connection().prepareStatement("SELECT request_id FROM custody_record WHERE entry = ?")) {
                ps.setBytes(1, e.encode());
                try (var rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
    }

    private static long indexOf(List<CustodyEntry> entries, String id, TestNetwork net) throws Exception {
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).type() == CustodyEventType.REQUEST_RECEIVED && id.equals(requestIdOf(net, entries.get(i)))) {
                return i;
            }
        }
        throw new AssertionError("no REQUEST_RECEIVED entry for " + id);
    }

    private static List<CustodyEntry> entries(Path logDir, long size) throws Exception {
        DirectorySource src = new DirectorySource(logDir);
        List<CustodyEntry> out = new ArrayList<>();
        for (long n = 0; n * 256 < size; n++) {
            for (byte[] e : TileLayout.decodeBundle(src.get(TileLayout.bundleFor(n * 256, size).path()).orElseThrow())) {
                out.add(CustodyEntry.decode(e));
            }
        }
        return out;
    }

    private static HttpClient httpClient(Path caPem) throws Exception {
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        try (InputStream in = Files.newInputStream(caPem)) {
            ts.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ctx).build();
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
