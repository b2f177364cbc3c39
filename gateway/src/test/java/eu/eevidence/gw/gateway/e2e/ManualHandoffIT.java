package eu.eevidence.gw.gateway.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.eevidence.gw.gateway.node.GatewayNode;
import eu.eevidence.gw.gateway.node.NodeConfig;
import eu.eevidence.gw.gateway.routing.PlatformSpec;
import eu.eevidence.gw.pki.CmsProfile;
import eu.eevidence.gw.pki.DevPki;
import eu.eevidence.gw.pki.IssueRequest;
import eu.eevidence.gw.pki.KeyKind;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.OpenedMessage;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.pki.TrustAnchors;
import eu.eevidence.gw.testkit.ContactPointClient;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A platform without a machine interface (adapter kind {@code manual-pdf}) on a running node: the node renders the request
 * as a PDF and packages it with the sealed CMS and a manifest it signs; the request waits in DISPATCHED (not delivered)
 * until its submitter confirms the hand-off with the platform's reference. Negative cases first.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ManualHandoffIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path CORPUS = Path.of("..", "message-schemas", "src", "test", "resources", "corpus");

    @TempDir
    static Path dir;
    static DevPki pki;
    static TrustAnchors trust;
    static GatewayNode node;
    static ContactPointClient cp;
    static ContactPointClient otherCp;
    static String requestId;
    static String otherRequest;

    @BeforeAll
    static void start() throws Exception {
        pki = DevPki.loadOrCreate(dir.resolve("pki"), Clock.systemUTC());
        trust = TrustAnchors.of(List.of(pki.rootCertificate()));
        KeyMaterial platform = pki.issue(new IssueRequest("paper-only platform", Role.PLATFORM, List.of(), KeyKind.EC_P256, Duration.ofDays(2), false, true));
        KeyMaterial contactPoint = pki.issue(new IssueRequest("contact point", Role.CONTACT_POINT, List.of(), KeyKind.EC_P256, Duration.ofDays(2),
                false, true));
        KeyMaterial other = pki.issue(new IssueRequest("another contact point", Role.CONTACT_POINT, List.of(), KeyKind.EC_P256, Duration.ofDays(2),
                false, true));
        node = GatewayNode.start(NodeConfig.embedded(dir).withPort(0).withRetry(TestNetwork.FAST_RETRY).withPlatforms(List.of(
                new PlatformSpec("paper-co", "manual-pdf", URI.create("https://lawenforcement.paper-co.example/"), platform.certificate(), List.of()),
                new PlatformSpec("unreachable", "json-portal", URI.create("https://127.0.0.1:1/"), platform.certificate(), List.of()))));
        cp = new ContactPointClient(node.baseUrl(), contactPoint, trust);
        otherCp = new ContactPointClient(node.baseUrl(), other, trust);
        requestId = submit("paper-co");
        otherRequest = submit("unreachable");
        await().atMost(Duration.ofSeconds(60)).until(() -> state(requestId), "DISPATCHED"::equals);
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    private static String submit(String platform) throws Exception {
        String body = Files.readString(CORPUS.resolve("EU_EPOC").resolve("valid.json")).replace("demo-platform", platform)
                .replace("msg-epoc-0001", "msg-epoc-" + UUID.randomUUID());
        ContactPointClient.Answer a = cp.post("api/v1/requests", body.getBytes(StandardCharsets.UTF_8), "application/json", "mh-" + UUID.randomUUID());
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        return JSON.readTree(a.body()).get("id").asText();
    }

    private static String state(String id) throws Exception {
        return JSON.readTree(cp.get("api/v1/requests/" + id).body()).get("state").asText();
    }

    private static ContactPointClient.Answer confirm(ContactPointClient c, String id, String json) throws Exception {
        return c.post("api/v1/requests/" + id + "/handoff/confirm", json.getBytes(StandardCharsets.UTF_8), "application/json", null);
    }

    private static void assertProblem(ContactPointClient.Answer a, int status, String code) throws Exception {
        assertThat(a.status()).as(a.body()).isEqualTo(status);
        assertThat(JSON.readTree(a.body()).get("code").asText()).isEqualTo(code);
    }

    @Test
    @Order(1)
    void aConfirmationFromAnyoneButTheSubmitterOrWithoutAReferenceChangesNothing() throws Exception {
        assertProblem(confirm(otherCp, requestId, "{\"platformReference\":\"LE-1\"}"), 404, "EEG-REQ-NOT-FOUND");
        assertProblem(otherCp.get("api/v1/requests/" + requestId + "/handoff"), 404, "EEG-REQ-NOT-FOUND");
        assertProblem(confirm(cp, requestId, "{}"), 422, "EEG-CHN-BAD-REFERENCE");
        assertProblem(confirm(cp, requestId, "{\"platformReference\":\"LE-1\",\"handedOverAt\":\"2099-01-01T00:00:00Z\"}"), 422,
                "EEG-CHN-BAD-REFERENCE");
        assertProblem(confirm(cp, requestId, "{\"platformReference\":\"LE-1\",\"handedOverAt\":\"yesterday\"}"), 422, "EEG-ACT-TIMESTAMP");
        assertProblem(confirm(cp, requestId, "{\"platformReference\":"), 400, "EEG-REQ-MALFORMED");
        assertProblem(confirm(cp, otherRequest, "{\"platformReference\":\"LE-1\"}"), 409, "EEG-CHN-NO-HANDOFF");
        assertThat(state(requestId)).isEqualTo("DISPATCHED");
    }

    @Test
    @Order(2)
    void thePackageHoldsThePdfTheSealedRequestAndAManifestSignedByTheNode() throws Exception {
        JsonNode h = JSON.readTree(cp.get("api/v1/requests/" + requestId + "/handoff").body());
        Path pkg = Path.of(h.get("package").asText());
        assertThat(pkg).isEqualTo(dir.resolve("handoff").resolve(requestId).toAbsolutePath());
        byte[] pdf = Files.readAllBytes(pkg.resolve("request.pdf"));
        byte[] cms = Files.readAllBytes(pkg.resolve("request.p7m"));
        byte[] manifest = Files.readAllBytes(pkg.resolve("manifest.json"));
        byte[] signed = Files.readAllBytes(pkg.resolve("manifest.p7s"));
        OpenedMessage opened = new CmsProfile(Clock.systemUTC()).verify(signed, trust);
        assertThat(opened.content()).isEqualTo(manifest);
        assertThat(opened.signerRoles()).contains(Role.NODE);
        // OpenSSL checks the manifest's signature against the network's root, without our code
        Path root = dir.resolve("root.pem");
        Files.writeString(root, eu.eevidence.gw.pki.Certificates.toPem(pki.rootCertificate()));
        Path out = dir.resolve("manifest-verified.json");
        Process p = new ProcessBuilder("openssl", "cms", "-verify", "-inform", "DER", "-in", pkg.resolve("manifest.p7s").toString(), "-CAfile",
                root.toString(), "-purpose", "any", "-out", out.toString()).redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(said).isZero();
        assertThat(Files.readAllBytes(out)).isEqualTo(manifest);
        JsonNode m = JSON.readTree(manifest);
        assertThat(m.get("requestId").asText()).isEqualTo(requestId);
        assertThat(m.get("files").findValuesAsText("sha256")).containsExactly(sha256(pdf), sha256(cms));
        assertThat(h.get("files").get("request.pdf").asText()).isEqualTo(sha256(pdf));
        assertThat(sha256(cms)).isEqualTo(JSON.readTree(cp.get("api/v1/requests/" + requestId).body()).get("payloadSha256").asText());
        try (PDDocument d = Loader.loadPDF(pdf)) {
            assertThat(new PDFTextStripper().getText(d)).contains(requestId).contains("JI-2026-1187");
        }
        JsonNode timeline = JSON.readTree(cp.get("api/v1/requests/" + requestId + "/timeline").body()).get("events");
        assertThat(timeline.findValuesAsText("event")).contains("HANDOFF_PREPARED").doesNotContain("DELIVERED", "HANDOFF_CONFIRMED");
        assertThat(custody("HANDOFF_PREPARED")).isEqualTo(1);
    }

    @Test
    @Order(3)
    void theSubmittersConfirmationDeliversTheRequestOnce() throws Exception {
        ContactPointClient.Answer ok = confirm(cp, requestId, "{\"platformReference\":\"LE-2026-0042\",\"handedOverAt\":\""
                + java.time.Instant.now().minusSeconds(60) + "\"}");
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        JsonNode v = JSON.readTree(ok.body());
        assertThat(v.get("state").asText()).isEqualTo("DELIVERED");
        assertThat(v.get("receiptId").asText()).isEqualTo("LE-2026-0042");
        assertThat(confirm(cp, requestId, "{\"platformReference\":\"LE-2026-0042\"}").status()).isEqualTo(200);
        assertProblem(confirm(cp, requestId, "{\"platformReference\":\"LE-OTHER\"}"), 409, "EEG-CHN-HANDOFF-CONFLICT");
        JsonNode h = JSON.readTree(cp.get("api/v1/requests/" + requestId + "/handoff").body());
        assertThat(h.get("confirmedBy").asText()).contains("contact point");
        assertThat(h.get("platformReference").asText()).isEqualTo("LE-2026-0042");
        JsonNode timeline = JSON.readTree(cp.get("api/v1/requests/" + requestId + "/timeline").body()).get("events");
        assertThat(timeline.findValuesAsText("event").stream().filter("HANDOFF_CONFIRMED"::equals).count()).isEqualTo(1);
        assertThat(custody("HANDOFF_CONFIRMED")).isEqualTo(1);
        assertThat(state(requestId)).isEqualTo("DELIVERED");
    }

    private static long custody(String type) throws Exception {
        return node.requests().database().read(c -> {
            try (var ps = c.connection().prepareStatement("SELECT COUNT(*) FROM custody_record WHERE request_id = ? AND event_type = ?")) {
                ps.setString(1, requestId);
                ps.setString(2, type);
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
