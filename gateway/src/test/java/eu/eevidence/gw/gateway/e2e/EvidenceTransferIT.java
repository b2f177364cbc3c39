package eu.eevidence.gw.gateway.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.eevidence.gw.adapter.api.FetchOutcome;
import eu.eevidence.gw.gateway.order.RequestState;
import eu.eevidence.gw.gateway.order.TimelineEvent;
import eu.eevidence.gw.gateway.transfer.EvidenceTransfers;
import eu.eevidence.gw.gateway.transfer.FetchPolicy;
import eu.eevidence.gw.gateway.transfer.TransferCodes;
import eu.eevidence.gw.pki.CmsProfile;
import eu.eevidence.gw.pki.IssueRequest;
import eu.eevidence.gw.pki.KeyKind;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.pki.Tls;
import eu.eevidence.gw.testkit.ContactPointClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 8, Protocol Art. 9 emergency disclosure with the data flowing back (ADR-0017): France's node (A) asks Ireland's
 * node (B); B's contact point accepts; B's platform reports two items and uploads them; A fetches each item from B
 * (GET /api/v1/network/evidence/..., re-protected for A), stores it encrypted, and France's contact point reads it.
 * Refusals first; then the flow, custody on both sides, and a measured figure.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EvidenceTransferIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PART = 4 << 20;

    @TempDir
    static Path dir;
    NodeNetwork net;
    NodeNetwork.Member a;
    NodeNetwork.Member b;
    NodeNetwork.Member nl;
    String requestA;
    String messageA;
    String caseB;
    String domestic;
    byte[] small;
    byte[] big;

    @BeforeAll
    void network() throws Exception {
        net = NodeNetwork.builder(dir).node("FR", "OFAC 24/7", false).node("IE", "GNCCB 24/7", true).node("NL", "Team High Tech Crime 24/7", false)
                .start();
        a = net.get("FR");
        b = net.get("IE");
        nl = net.get("NL");
        Random random = new Random(9);
        small = text(120_000, random);
        big = text(16 << 20, random);
    }

    @AfterAll
    void stop() {
        if (net != null) {
            net.close();
        }
    }

    // ------------------------------------------------------------------ refusals

    @Test
    @Order(10)
    void beforeTheContactPointAcceptsNothingIsReleased() throws Exception {
        requestA = a.submit(art9(), "xfer-art9");
        messageA = a.messageIdOf(requestA);
        caseB = b.awaitCaseFor(messageA, "RECEIVED").get("id").asText();
        assertProblem(get(a.key, messageA, "item-small"), 404, TransferCodes.NOT_FOUND);
    }

    @Test
    @Order(20)
    void thePlatformReportsTwoItemsAndARelayedReportGivesANodeItsJobs() throws Exception {
        domestic = b.accept(caseB);
        b.awaitState(domestic, RequestState.ACKNOWLEDGED);
        ObjectNode report = (ObjectNode) JSON.readTree(EvidenceTransferIT.class.getResourceAsStream("/cases/EXECUTION_REPORT.json"));
        JsonNode ack = JSON.readTree(EvidenceTransferIT.class.getResourceAsStream("/cases/ACKNOWLEDGEMENT.json"));
        report.put("messageId", "msg-ans-" + UUID.randomUUID());
        report.put("correlationId", domestic);
        report.set("sender", ack.get("sender"));
        report.set("receiver", ack.get("receiver"));
        ArrayNode items = ((ObjectNode) report.get("body").get("manifest")).putArray("items");
        items.addObject().put("itemId", "item-small").put("mediaType", "text/plain").put("sizeBytes", small.length).put("sha256", sha(small));
        items.addObject().put("itemId", "item-big").put("mediaType", "application/octet-stream").put("sizeBytes", big.length).put("sha256", sha(big));
        ContactPointClient.Answer posted = b.platform.post("api/v1/platform/answers", JSON.writeValueAsBytes(report), "application/json", null);
        assertThat(posted.status()).as(posted.body()).isEqualTo(201);
        a.awaitState(requestA, RequestState.COMPLETED);
        List<EvidenceTransfers.Job> jobs = a.node.probe().transfers().jobs(requestA);
        assertThat(jobs).extracting(EvidenceTransfers.Job::itemId).containsExactly("item-big", "item-small");
        assertThat(jobs).allSatisfy(j -> {
            assertThat(j.peerNodeId()).isEqualTo("ie-247");
            assertThat(j.messageId()).isEqualTo(messageA);
        });
    }

    @Test
    @Order(30)
    void onlyTheCasesPeerGetsAnItemAndOnlyOnceItIsStored() throws Exception {
        // declared by the platform but not uploaded yet: not yet, and A keeps asking
        assertProblem(get(a.key, messageA, "item-small"), 409, TransferCodes.NOT_YET);
        await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(100))
                .until(() -> a.node.probe().transfers().jobs(requestA), js -> js.stream().allMatch(j -> j.waits() >= 2 && j.state() == FetchPolicy.State.PENDING
                        && TransferCodes.NOT_YET.equals(j.lastCode())));
        // an item the case does not have
        assertProblem(get(a.key, messageA, "item-unknown"), 404, TransferCodes.NOT_FOUND);
        // another peer node asks with the right message id: not its case
        assertProblem(get(nl.key, messageA, "item-small"), 404, TransferCodes.NOT_FOUND);
        // not a node at all: B's own platform
        assertProblem(get(b.platformKey, messageA, "item-small"), 403, TransferCodes.UNKNOWN_PEER);
    }

    @Test
    @Order(40)
    void aStreamSignedByAnotherKeyIsRefusedAndNothingIsStored() throws Exception {
        KeyMaterial rogue = net.pki().issue(new IssueRequest("node ie-247", Role.NODE, List.of("127.0.0.1"), KeyKind.EC_P256, Duration.ofDays(1), true, true));
        ByteArrayOutputStream forged = new ByteArrayOutputStream();
        new CmsProfile(Clock.systemUTC()).protect(new ByteArrayInputStream(small), forged, rogue, List.of(a.key.certificate()));
        EvidenceTransfers.Received r = a.node.probe().transfers().receive(requestA, "item-small", new ByteArrayInputStream(forged.toByteArray()));
        assertThat(r.stored().outcome()).isEqualTo("refused");
        assertThat(r.fetch()).isInstanceOf(FetchOutcome.Failed.class);
        assertThat(((FetchOutcome.Failed) r.fetch()).code()).isEqualTo(TransferCodes.SIGNER);
        assertThat(JSON.readTree(a.cp.get("api/v1/requests/" + requestA + "/evidence").body()).path("items")).isEmpty();
        assertThat(a.custody("EVIDENCE_RECEIVED")).noneMatch(t -> t.contains("from node"));
    }

    // ------------------------------------------------------------------ the data flow back

    @Test
    @Order(50)
    void theUploadedItemsFlowBackToTheRequestingNodeAndItsContactPointReadsThem() throws Exception {
        upload("item-small", small);
        upload("item-big", big);
        long bHasBig = System.nanoTime();
        List<EvidenceTransfers.Job> jobs = await().atMost(120, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(20))
                .until(() -> a.node.probe().transfers().jobs(requestA), js -> js.stream().allMatch(j -> j.state() == FetchPolicy.State.STORED));
        long aHasAll = System.nanoTime();

        JsonNode list = JSON.readTree(a.cp.get("api/v1/requests/" + requestA + "/evidence").body());
        assertThat(list.path("items")).hasSize(2);
        for (JsonNode i : list.path("items")) {
            assertThat(i.path("source").asText()).isEqualTo("NODE");
            assertThat(i.path("supplier").asText()).isEqualTo("node:ie-247");
        }
        for (String[] item : new String[][] {{"item-small", sha(small)}, {"item-big", sha(big)}}) {
            ContactPointClient.Answer read = a.cp.get("api/v1/requests/" + requestA + "/evidence/" + item[0]);
            assertThat(read.status()).isEqualTo(200);
            assertThat(read.headers().firstValue("X-Evidence-SHA256")).hasValue(item[1]);
            assertThat(sha(read.body().getBytes(StandardCharsets.US_ASCII))).isEqualTo(item[1]);
        }
        List<TimelineEvent> timeline = a.node.requests().timeline(requestA);
        assertThat(timeline).anySatisfy(e -> assertThat(e.detail()).isEqualTo("evidence received from ie-247: 2 items"));

        EvidenceTransfers.Job bigJob = jobs.stream().filter(j -> j.itemId().equals("item-big")).findFirst().orElseThrow();
        double mib = big.length / (1024.0 * 1024.0);
        long e2e = (aHasAll - bHasBig) / 1_000_000;
        System.out.printf(java.util.Locale.ROOT, "EEG-BENCH xfer: %.0f MiB item B->A (GET, re-protected stream, verified, stored encrypted) %d ms = %.1f MiB/s; "
                        + "from B holding it to A holding it (with A's polling) %d ms; small item (%d KB) transfer %d ms%n",
                mib, bigJob.lastDurationMs(), mib * 1000.0 / Math.max(1, bigJob.lastDurationMs()), e2e, small.length / 1000,
                jobs.stream().filter(j -> j.itemId().equals("item-small")).findFirst().orElseThrow().lastDurationMs());
    }

    @Test
    @Order(60)
    void bothSidesRecordTheTransferInTheirCustodyLogsAndTheLogsVerify() throws Exception {
        assertThat(b.custody("EVIDENCE_SENT")).anySatisfy(t -> assertThat(t).contains(sha(big)).contains("fr-247"))
                .anySatisfy(t -> assertThat(t).contains(sha(small)).contains(caseB));
        assertThat(a.custody("EVIDENCE_STORED")).anySatisfy(t -> assertThat(t).contains(sha(big)).contains("from node ie-247"))
                .anySatisfy(t -> assertThat(t).contains(sha(small)).contains("from node ie-247"));
        assertThat(a.custody("EVIDENCE_OPENED")).anySatisfy(t -> assertThat(t).contains(sha(big)));
        net.assertEveryCustodyLogVerifies();
    }

    // ------------------------------------------------------------------ helpers

    /** Printable random bytes (the test client reads bodies as text). */
    private static byte[] text(int n, Random random) {
        byte[] alphabet = "abcdefghijklmnopqrstuvwxyz0123456789".getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            out[i] = alphabet[random.nextInt(alphabet.length)];
        }
        return out;
    }

    private void upload(String itemId, byte[] content) throws Exception {
        String base = "api/v1/platform/requests/" + domestic + "/evidence";
        ContactPointClient.Answer created = b.platform.post(base, ("{\"itemId\":\"" + itemId + "\",\"partSize\":" + PART + "}").getBytes(StandardCharsets.UTF_8),
                "application/json", null);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String upload = JSON.readTree(created.body()).get("uploadId").asText();
        HttpClient http = client(b.platformKey);
        int parts = (content.length + PART - 1) / PART;
        for (int n = 1; n <= parts; n++) {
            byte[] part = Arrays.copyOfRange(content, (n - 1) * PART, Math.min(content.length, n * PART));
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(b.node.baseUrl() + "/" + base + "/" + upload + "/parts/" + n))
                    .timeout(Duration.ofSeconds(60)).PUT(HttpRequest.BodyPublishers.ofByteArray(part)).header("Content-Type", "application/octet-stream")
                    .header("X-Part-SHA256", sha(part)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }
        ContactPointClient.Answer done = b.platform.post(base + "/" + upload + "/complete", new byte[0], "application/json", null);
        assertThat(done.status()).as(done.body()).isEqualTo(201);
    }

    private HttpClient client(KeyMaterial key) throws Exception {
        return HttpClient.newBuilder().sslContext(Tls.sslContext(key, net.trust())).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** B's evidence endpoint as the holder of {@code key} sees it (status and body as text). */
    private HttpResponse<String> get(KeyMaterial key, String messageId, String itemId) throws Exception {
        return client(key).send(HttpRequest.newBuilder(URI.create(b.node.baseUrl() + "/api/v1/network/evidence/" + messageId + "/" + itemId))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertProblem(HttpResponse<String> r, int status, String code) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(JSON.readTree(r.body()).path("code").asText()).as(r.body()).isEqualTo(code);
    }

    private static String sha(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    private static byte[] art9() throws Exception {
        try (InputStream in = EvidenceTransferIT.class.getResourceAsStream("/cases/PROTOCOL_ART9_EMERGENCY_DISCLOSURE.json")) {
            return JSON.writeValueAsBytes(JSON.readTree(in).get("body"));
        }
    }
}
