package eu.eevidence.gw.gateway.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.eevidence.gw.gateway.cli.GatewayCli;
import eu.eevidence.gw.gateway.security.SecurityNode;
import eu.eevidence.gw.pki.KeyMaterial;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request's records and court bundle on a real node over HTTPS (issue 19 items 3 and 4): who may export them, what the
 * auditor and the submitter each get, every export a custody event, and the {@code audit} command's verdicts on what was
 * downloaded (valid, then tampered).
 */
class CourtBundleIT {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static SecurityNode node;
    static String requestId;
    static Path ca;

    @BeforeAll
    static void start() throws Exception {
        node = SecurityNode.start(dir);
        requestId = node.preservedRequest(node.cp);
        node.node.custody().flushAndPublish();
        ca = dir.resolve("ca.pem");
        Files.writeString(ca, "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(node.pki.rootCertificate().getEncoded()) + "\n-----END CERTIFICATE-----\n");
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    static HttpResponse<byte[]> get(KeyMaterial key, String path, String accept) throws Exception {
        HttpClient c = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).sslContext(node.forcedContext(key)).build();
        return c.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + path)).header("Accept", accept).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    static Map<String, byte[]> entries(byte[] zip) throws Exception {
        Map<String, byte[]> m = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                m.put(e.getName(), in.readAllBytes());
            }
        }
        return m;
    }

    private static String code(HttpResponse<byte[]> r) throws Exception {
        return JSON.readTree(r.body()).path("code").asText();
    }

    @Test
    void othersAreRefusedWithTheApisCodes() throws Exception {
        String bundle = "/api/v1/custody/requests/" + requestId + "/bundle";
        HttpResponse<byte[]> platform = get(node.platformKey, bundle, "application/zip");
        assertThat(platform.statusCode()).isEqualTo(403);
        assertThat(code(platform)).isEqualTo("EEG-AUTH-ROLE");
        HttpResponse<byte[]> other = get(node.otherContactPoint, bundle, "application/zip");
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(code(other)).isEqualTo("EEG-REQ-NOT-FOUND");
        HttpResponse<byte[]> records = get(node.otherContactPoint, "/api/v1/custody/requests/" + requestId, "application/json");
        assertThat(records.statusCode()).isEqualTo(404);
        HttpResponse<byte[]> items = get(node.auditor, bundle + "?items=true", "application/zip");
        assertThat(items.statusCode()).isEqualTo(403);
        assertThat(code(items)).isEqualTo("EEG-CUS-BUNDLE-ITEMS");
    }

    @Test
    void theAuditorsBundleIsRedactedVerifiesOfflineAndIsACustodyEvent() throws Exception {
        HttpResponse<byte[]> r = get(node.auditor, "/api/v1/custody/requests/" + requestId + "/bundle", "application/zip");
        assertThat(r.statusCode()).isEqualTo(200);
        Map<String, byte[]> files = entries(r.body());
        assertThat(files.keySet().iterator().next()).isEqualTo("mimetype");
        assertThat(files).containsKeys(CourtBundle.MANIFEST, CourtBundle.SIGNATURE, CourtBundle.SUMMARY, CourtBundle.SEALED, CourtBundle.SUBMITTED,
                CourtBundle.TIMELINE, CourtBundle.CHECKPOINT, CourtBundle.CUSTODY, CourtBundle.EVIDENCE_MANIFEST, CourtBundle.LOG_ARCHIVE);
        try (org.apache.pdfbox.pdmodel.PDDocument pdf = org.apache.pdfbox.Loader.loadPDF(files.get(CourtBundle.SUMMARY))) {
            String text = new org.apache.pdfbox.text.PDFTextStripper().getText(pdf);
            assertThat(text).contains(requestId, "What happened when", "Who signed what", "Cosignatures: none", "audit bundle verify");
        }
        assertThat(JSON.readTree(files.get(CourtBundle.STATUS)).path("submittedRedacted").asBoolean()).isTrue();
        assertThat(files.keySet()).noneMatch(n -> n.startsWith(CourtBundle.ANSWERS) && n.endsWith(".body"));
        Path file = dir.resolve("auditor.zip");
        Files.write(file, r.body());
        assertThat(GatewayCli.execute("audit", "bundle", "verify", "--trust", ca.toString(), file.toString())).isZero();
        byte[] tampered = r.body().clone();
        tampered[tampered.length / 3] ^= 0x01;
        Files.write(dir.resolve("tampered.zip"), tampered);
        assertThat(GatewayCli.execute("audit", "bundle", "verify", "--trust", ca.toString(), dir.resolve("tampered.zip").toString())).isEqualTo(1);
        assertThat(GatewayCli.execute("audit", "bundle", "verify", "--trust", dir.resolve("none.pem").toString(), file.toString())).isEqualTo(2);
        node.node.custody().flushAndPublish();
        JsonNode records = JSON.readTree(get(node.auditor, "/api/v1/custody/requests/" + requestId, "application/json").body());
        assertThat(records.path("records").findValuesAsText("event")).contains("BUNDLE_EXPORTED");
    }

    @Test
    void theSubmitterGetsItsRequestInFullAndItsRecordsCheckOffline() throws Exception {
        HttpResponse<byte[]> r = get(node.contactPoint, "/api/v1/custody/requests/" + requestId + "/bundle", "application/zip");
        assertThat(r.statusCode()).isEqualTo(200);
        Map<String, byte[]> files = entries(r.body());
        assertThat(JSON.readTree(files.get(CourtBundle.STATUS)).path("submittedRedacted").asBoolean()).isFalse();
        HttpResponse<byte[]> withItems = get(node.contactPoint, "/api/v1/custody/requests/" + requestId + "/bundle?items=true", "application/zip");
        assertThat(withItems.statusCode()).as("the submitter may ask for the items (this request has none)").isEqualTo(200);
        assertThat(entries(withItems.body())).containsKey(CourtBundle.EVIDENCE_MANIFEST);
        HttpResponse<byte[]> rec = get(node.contactPoint, "/api/v1/custody/requests/" + requestId, "application/json");
        assertThat(rec.statusCode()).isEqualTo(200);
        Path records = dir.resolve("records.json");
        Files.write(records, rec.body());
        String vkey = JSON.readTree(rec.body()).path("vkey").asText();
        assertThat(GatewayCli.execute("audit", "record", "--records", records.toString(), "--vkey", vkey)).isZero();
        Files.writeString(records, Files.readString(records).replace("REQUEST_RECEIVED", "REQUEST_REJECTED"));
        assertThat(GatewayCli.execute("audit", "record", "--records", records.toString(), "--vkey", vkey)).isEqualTo(1);
        assertThat(GatewayCli.execute("audit", "record", "--records", dir.resolve("missing.json").toString(), "--vkey", vkey)).isEqualTo(2);
    }

    @Test
    void theCliExportsRecordsAndBundlesOverHttps() throws Exception {
        node.pki.loadOrIssue("court-auditor", new eu.eevidence.gw.pki.IssueRequest("court auditor", eu.eevidence.gw.pki.Role.AUDITOR,
                java.util.List.of(), eu.eevidence.gw.pki.KeyKind.EC_P256, Duration.ofDays(1), false, true));
        Path pki = node.pki.directory();
        String[] tls = {"--trust", pki.resolve("ca.pem").toString(), "--client-p12", pki.resolve("court-auditor.p12").toString(),
                "--client-p12-password-file", pki.resolve("password").toString()};
        Path records = dir.resolve("cli-records.json");
        Path bundle = dir.resolve("cli-bundle.zip");
        assertThat(GatewayCli.execute(cat(new String[] {"audit", "records", "--node", node.baseUrl(), "--request", requestId, "--out",
                records.toString()}, tls))).isZero();
        assertThat(GatewayCli.execute("audit", "record", "--records", records.toString(), "--vkey",
                JSON.readTree(records.toFile()).path("vkey").asText())).isZero();
        assertThat(GatewayCli.execute(cat(new String[] {"audit", "bundle", "export", "--node", node.baseUrl(), "--request", requestId, "--out",
                bundle.toString()}, tls))).isZero();
        assertThat(GatewayCli.execute("audit", "bundle", "verify", "--trust", ca.toString(), bundle.toString())).isZero();
        assertThat(GatewayCli.execute(cat(new String[] {"audit", "bundle", "export", "--node", node.baseUrl(), "--request", requestId, "--items",
                "--out", dir.resolve("items.zip").toString()}, tls))).as("items are for the submitter").isEqualTo(1);
        assertThat(GatewayCli.execute(cat(new String[] {"audit", "records", "--node", node.baseUrl(), "--request",
                "REQ-01JF8ZQ3V4W5X6Y7Z8A9B0C1D2", "--out", dir.resolve("none.json").toString()}, tls))).isEqualTo(1);
    }

    private static String[] cat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
