package eu.eevidence.gw.gateway.console.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.eevidence.gw.custody.merkle.ProofVerifier;
import eu.eevidence.gw.custody.merkle.Rfc6962;
import eu.eevidence.gw.custody.note.Checkpoint;
import eu.eevidence.gw.custody.note.NoteVerifierKey;
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
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The auditor's custody view on a real node over HTTPS (java.net.http, certificates as a browser presents them): other roles
 * refused with the API's codes on the API and the console alike, then what the auditor gets: records whose proofs the
 * custody-log library verifies, the status page with the node's check of the signature, and an offline bundle on which the
 * {@code audit} command itself answers VALID.
 */
class AuditorConsoleIT {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static SecurityNode node;
    static String requestId;

    @BeforeAll
    static void start() throws Exception {
        node = SecurityNode.start(dir);
        requestId = node.preservedRequest(node.cp);
        node.node.custody().flushAndPublish();
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    static HttpResponse<byte[]> get(KeyMaterial key, String path, String accept) throws Exception {
        HttpClient c = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER)
                .sslContext(key == null ? eu.eevidence.gw.pki.Tls.sslContext(null, node.trust) : node.forcedContext(key)).build();
        return c.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + path)).header("Accept", accept).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    static String html(KeyMaterial key, String path, int status) throws Exception {
        HttpResponse<byte[]> r = get(key, path, "text/html");
        String body = new String(r.body(), StandardCharsets.UTF_8);
        assertThat(r.statusCode()).as(body).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(r.headers().firstValue("Content-Security-Policy").orElse("")).contains("script-src 'self'", "frame-ancestors 'none'");
        assertThat(body).doesNotContain("Exception", "\tat ", "<script>", "style=");
        return body;
    }

    @Test
    void otherRolesAndAnonymousAreRefusedWithTheApisCodes() throws Exception {
        for (String page : new String[] {"/console/custody", "/console/custody/requests/" + requestId}) {
            assertThat(html(node.contactPoint, page, 403)).contains("EEG-AUTH-ROLE").doesNotContain(requestId + "</code>", "REQUEST_RECEIVED");
            assertThat(html(node.platformKey, page, 403)).contains("EEG-AUTH-ROLE");
            assertThat(html(null, page, 401)).contains("EEG-AUTH-NO-CERT");
        }
        HttpResponse<byte[]> status = get(node.contactPoint, "/api/v1/custody/status", "application/json");
        assertThat(status.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(status.body()).path("code").asText()).isEqualTo("EEG-AUTH-ROLE");
        // a request's records and bundle: also for its submitter (issue 19), never for another role
        for (String api : new String[] {"/api/v1/custody/requests/" + requestId, "/api/v1/custody/requests/" + requestId + "/bundle"}) {
            HttpResponse<byte[]> r = get(node.platformKey, api, api.endsWith("/bundle") ? "application/zip" : "application/json");
            assertThat(r.statusCode()).as(api).isEqualTo(403);
            assertThat(JSON.readTree(r.body()).path("code").asText()).isEqualTo("EEG-AUTH-ROLE");
        }
    }

    @Test
    void anUnknownRequestIsTheRequestApis404() throws Exception {
        String unknown = "REQ-01JF8ZQ3V4W5X6Y7Z8A9B0C1D2";
        assertThat(html(node.auditor, "/console/custody/requests/" + unknown, 404)).contains("EEG-REQ-NOT-FOUND");
        assertThat(html(node.auditor, "/console/custody/requests/%3Cb%3Ex", 404)).contains("EEG-REQ-NOT-FOUND").doesNotContain("<b>x");
        HttpResponse<byte[]> r = get(node.auditor, "/api/v1/custody/requests/" + unknown, "application/json");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(r.body()).path("code").asText()).isEqualTo("EEG-REQ-NOT-FOUND");
    }

    @Test
    void theRequestFieldOfTheStatusPageLeadsToTheRequestPage() throws Exception {
        assertThat(html(node.auditor, "/console/custody/requests?id=+" + requestId + "+", 200)).contains(requestId, "REQUEST_RECEIVED",
                "data-custody-src=\"/api/v1/custody/requests/" + requestId + "\"");
        assertThat(html(node.auditor, "/console/custody/requests?id=%22%3E%3Cscript%3E", 404)).contains("EEG-REQ-NOT-FOUND");
    }

    @Test
    void theStatusPageShowsTheSignedCheckpointCheckedByTheNode() throws Exception {
        String body = html(node.auditor, "/console/custody", 200);
        String vkey = new String(get(null, "/custody/vkey", "text/plain").body(), StandardCharsets.UTF_8).strip();
        assertThat(body).contains("Custody log", "verified", "data-checkpoint-src=\"/custody/checkpoint\"", vkey.replace("+", "+"),
                "/console/assets/proofs.js", "The verdict is computed in your browser and needs JavaScript");
        assertThat(html(node.auditor, "/console/", 200)).as("the auditor's home is the status page").contains("data-checkpoint-src");
    }

    @Test
    void theRecordsCarryProofsThatTheCustodyLibraryVerifies() throws Exception {
        HttpResponse<byte[]> r = get(node.auditor, "/api/v1/custody/requests/" + requestId, "application/json");
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        JsonNode v = JSON.readTree(r.body());
        NoteVerifierKey key = NoteVerifierKey.parse(new String(get(null, "/custody/vkey", "text/plain").body(), StandardCharsets.UTF_8).strip());
        Checkpoint cp = Checkpoint.open(v.path("checkpoint").asText(), key);
        assertThat(v.path("nodeChecked").asBoolean()).isTrue();
        assertThat(v.path("records")).hasSizeGreaterThanOrEqualTo(4);
        for (JsonNode rec : v.path("records")) {
            byte[] entry = Base64.getDecoder().decode(rec.path("entry").asText());
            List<byte[]> proof = new ArrayList<>();
            rec.path("proof").forEach(p -> proof.add(Base64.getDecoder().decode(p.asText())));
            assertThat(ProofVerifier.verifyInclusion(rec.path("index").asLong(), cp.size(), Rfc6962.leafHash(entry), proof, cp.root()).ok()).isTrue();
            assertThat(rec.path("record").path("record").asText()).contains(requestId);
        }
        String page = html(node.auditor, "/console/custody/requests/" + requestId, 200);
        assertThat(page).contains(requestId, "REQUEST_RECEIVED", "id=\"verdict-" + v.path("records").get(0).path("index").asLong() + "\"",
                "aria-live=\"polite\"", "/api/v1/custody/requests/" + requestId + "/bundle");
    }

    @Test
    void theOfflineBundleIsValidForTheAuditCommand() throws Exception {
        HttpResponse<byte[]> r = get(node.auditor, "/api/v1/custody/requests/" + requestId + "/bundle", "application/zip");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Disposition").orElse("")).contains("custody-" + requestId + ".zip");
        Path out = Files.createDirectories(dir.resolve("bundle"));
        List<String> names = new ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(r.body()))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                names.add(e.getName());
                Path f = out.resolve(e.getName()).normalize();
                assertThat(f.startsWith(out)).as(e.getName()).isTrue();
                Files.createDirectories(f.getParent());
                Files.write(f, zip.readAllBytes());
            }
        }
        assertThat(names).contains("README.txt", "vkey.txt", "checkpoint.txt", "custody.json", "custody-log.zip");
        List<String> records = names.stream().filter(n -> n.startsWith("records/")).toList();
        assertThat(records).isNotEmpty();
        String vkey = out.resolve("vkey.txt").toString();
        assertThat(GatewayCli.execute("audit", "checkpoint", "--vkey", vkey, "--in", out.resolve("checkpoint.txt").toString())).isZero();
        assertThat(GatewayCli.execute("audit", "verify", "--log", out.resolve("custody-log.zip").toString(), "--vkey", vkey)).isZero();
        for (String rec : records) {
            assertThat(GatewayCli.execute("audit", "record", "--log", out.resolve("custody-log.zip").toString(), "--record",
                    out.resolve(rec).toString(), "--vkey", vkey)).as(rec).isZero();
        }
        // the command can fail: a record whose text was changed is not committed by its entry
        Path forged = out.resolve(records.get(0));
        Files.writeString(forged, Files.readString(forged).replace("REQUEST", "REQUEXT"));
        assertThat(GatewayCli.execute("audit", "record", "--log", out.resolve("custody-log.zip").toString(), "--record", forged.toString(),
                "--vkey", vkey)).isEqualTo(1);
    }
}
