package eu.eevidence.gw.gateway.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.eevidence.gw.adapter.api.FetchOutcome;
import eu.eevidence.gw.adapter.api.PortalAnswer;
import eu.eevidence.gw.gateway.evidence.EvidenceService;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.pki.Tls;
import eu.eevidence.gw.testkit.ContactPointClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Evidence on a running node (ADR-0010): a platform's legal team declares items in an execution report, uploads them in
 * parts (out of order, resumed across a node restart), the node stores them encrypted once by content hash, and the
 * submitter reads them back; every read is a custody event; a file altered at rest is refused. Negative cases first.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EvidenceUploadIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path CORPUS = Path.of("..", "message-schemas", "src", "test", "resources", "corpus");
    private static final int PART = 4 << 20;
    @TempDir
    static Path dir;
    static TestNetwork net;
    static ContactPointClient cp;
    static ContactPointClient platform;
    static String requestId;
    static byte[] big;
    static byte[] small;
    static String uploadId;

    @BeforeAll
    static void start() throws Exception {
        net = new TestNetwork(dir);
        cp = net.client(net.contactPoint);
        platform = net.client(net.platformKey);
        requestId = net.acknowledgedEpoc(cp, "ev-");

        big = new byte[18 * 1024 * 1024 + 12345]; // 5 parts of 4 MiB, the last one short
        new Random(7).nextBytes(big);
        small = "subscriber record: the account was created on 2026-01-02 from 192.0.2.1".getBytes();
        ObjectNode report = (ObjectNode) JSON.readTree(Files.readString(CORPUS.resolve("EXECUTION_REPORT").resolve("valid.json")));
        ObjectNode ack = (ObjectNode) JSON.readTree(Files.readString(CORPUS.resolve("ACKNOWLEDGEMENT").resolve("valid.json")));
        report.put("messageId", "msg-report-" + UUID.randomUUID());
        report.put("correlationId", requestId);
        report.set("sender", ack.get("sender"));
        report.set("receiver", ack.get("receiver"));
        ((ObjectNode) report.get("body")).put("completeness", "PARTIAL");
        ArrayNode items = ((ObjectNode) report.get("body").get("manifest")).putArray("items");
        items.addObject().put("itemId", "item-big").put("mediaType", "application/zip").put("sizeBytes", big.length).put("sha256", sha(big));
        items.addObject().put("itemId", "item-small").put("mediaType", "text/plain").put("sizeBytes", small.length).put("sha256", sha(small));
        items.addObject().put("itemId", "item-small-again").put("mediaType", "text/plain").put("sizeBytes", small.length).put("sha256", sha(small));
        ContactPointClient.Answer r = platform.post("api/v1/platform/answers", JSON.writeValueAsBytes(report), "application/json", null);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        if (net != null) {
            net.close();
        }
    }

    static String sha(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    static HttpClient http(KeyMaterial key) throws Exception {
        return HttpClient.newBuilder().sslContext(Tls.sslContext(key, net.trust)).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    static URI uri(String path) {
        return URI.create(net.node.baseUrl() + "/" + path);
    }

    static String base() {
        return "api/v1/platform/requests/" + requestId + "/evidence";
    }

    static ContactPointClient.Answer create(ContactPointClient c, String body) throws Exception {
        return c.post(base(), body.getBytes(), "application/json", null);
    }

    static HttpResponse<String> put(KeyMaterial key, String upload, int n, byte[] body, String digestHeader, String digest) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(base() + "/" + upload + "/parts/" + n)).timeout(Duration.ofSeconds(60))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Type", "application/octet-stream");
        if (digestHeader != null) {
            b.header(digestHeader, digest);
        }
        return http(key).send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> putPart(String upload, int n) throws Exception {
        byte[] part = part(n);
        return put(net.platformKey, upload, n, part, "X-Part-SHA256", sha(part));
    }

    static byte[] part(int n) {
        return Arrays.copyOfRange(big, (n - 1) * PART, Math.min(big.length, n * PART));
    }

    static void assertProblem(int status, String body, int wantStatus, String code) throws Exception {
        assertThat(status).as(body).isEqualTo(wantStatus);
        assertThat(JSON.readTree(body).get("code").asText()).as(body).isEqualTo(code);
        assertThat(body).doesNotContain("Exception");
    }

    static void assertProblem(ContactPointClient.Answer a, int status, String code) throws Exception {
        assertProblem(a.status(), a.body(), status, code);
    }

    static JsonNode status(String upload) throws Exception {
        ContactPointClient.Answer a = platform.get(base() + "/" + upload);
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        return JSON.readTree(a.body());
    }

    static List<Integer> ints(JsonNode array) {
        List<Integer> l = new ArrayList<>();
        array.forEach(n -> l.add(n.isInt() ? n.asInt() : n.get("part").asInt()));
        return l;
    }

    @Test
    @Order(1)
    void refusesWhatIsNotTheManifestsOrNotTheCallers() throws Exception {
        String item = "{\"itemId\":\"item-big\",\"partSize\":" + PART + "}";
        assertProblem(create(cp, item), 403, "EEG-AUTH-ROLE");
        ContactPointClient stranger = net.client(net.issue("another platform", Role.PLATFORM));
        assertProblem(create(stranger, item), 404, "EEG-EVD-NOT-YOURS");
        assertProblem(create(platform, "{\"itemId\":\"item-unknown\"}"), 409, "EEG-EVD-NOT-IN-MANIFEST");
        assertProblem(create(platform, "{\"itemId\":\"item-big\",\"sha256\":\"" + sha(small) + "\"}"), 422, "EEG-EVD-MANIFEST-MISMATCH");
        assertProblem(create(platform, "{\"itemId\":\"item-big\",\"partSize\":1}"), 400, "EEG-EVD-PART-SIZE");
        assertProblem(create(platform, "not json"), 400, "EEG-EVD-BAD-UPLOAD");
        assertProblem(platform.get(base() + "/UPL-unknown"), 404, "EEG-EVD-UNKNOWN-UPLOAD");

        ContactPointClient.Answer created = create(platform, item);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        uploadId = JSON.readTree(created.body()).get("uploadId").asText();
        assertThat(JSON.readTree(created.body()).get("partCount").asInt()).isEqualTo(5);

        HttpResponse<String> r = put(net.platformKey, uploadId, 1, part(1), null, null);
        assertProblem(r.statusCode(), r.body(), 400, "EEG-EVD-PART-DIGEST-MISSING");
        r = put(net.platformKey, uploadId, 1, part(1), "X-Part-SHA256", sha(part(2)));
        assertProblem(r.statusCode(), r.body(), 422, "EEG-EVD-PART-DIGEST");
        byte[] shorter = Arrays.copyOf(part(1), PART - 1);
        r = put(net.platformKey, uploadId, 1, shorter, "X-Part-SHA256", sha(shorter));
        assertProblem(r.statusCode(), r.body(), 400, "EEG-EVD-PART-SIZE");
        r = put(net.platformKey, uploadId, 6, part(5), "X-Part-SHA256", sha(part(5)));
        assertProblem(r.statusCode(), r.body(), 400, "EEG-EVD-PART-NUMBER");
        KeyMaterial otherPlatform = net.issue("a third platform", Role.PLATFORM);
        r = put(otherPlatform, uploadId, 1, part(1), "X-Part-SHA256", sha(part(1)));
        assertProblem(r.statusCode(), r.body(), 404, "EEG-EVD-NOT-YOURS");
        r = put(net.contactPoint, uploadId, 1, part(1), "X-Part-SHA256", sha(part(1)));
        assertProblem(r.statusCode(), r.body(), 403, "EEG-AUTH-ROLE");

        JsonNode s = status(uploadId);
        assertThat(s.get("stored")).isEmpty(); // nothing kept from rejected parts
        assertProblem(platform.post(base() + "/" + uploadId + "/complete", new byte[0], "application/json", null), 409, "EEG-EVD-PARTS-MISSING");
        try (Stream<Path> files = Files.walk(dir.resolve("evidence"))) {
            assertThat(files.filter(Files::isRegularFile).toList()).isEmpty();
        }
        ContactPointClient otherRequester = net.client(net.issue("another contact point", Role.CONTACT_POINT));
        assertProblem(otherRequester.get("api/v1/requests/" + requestId + "/evidence"), 404, "EEG-REQ-NOT-FOUND");
    }

    @Test
    @Order(2)
    void partsOutOfOrderResumeAcrossANodeRestart() throws Exception {
        assertThat(putPart(uploadId, 5).statusCode()).isEqualTo(200);
        assertThat(putPart(uploadId, 3).statusCode()).isEqualTo(200);
        byte[] p1 = part(1);
        HttpResponse<String> r = put(net.platformKey, uploadId, 1, p1, "Content-Digest",
                "sha-256=:" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(p1)) + ":");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(ints(status(uploadId).get("missing"))).containsExactly(2, 4);

        net.stopNode();
        net.startNode();
        platform = net.client(net.platformKey);
        cp = net.client(net.contactPoint);

        JsonNode s = status(uploadId);
        assertThat(ints(s.get("stored"))).containsExactly(1, 3, 5);
        assertThat(ints(s.get("missing"))).containsExactly(2, 4);
        // the client lost its upload id: creating again resumes the same upload
        ContactPointClient.Answer again = create(platform, "{\"itemId\":\"item-big\",\"partSize\":" + PART + "}");
        assertThat(again.status()).isEqualTo(200);
        assertThat(JSON.readTree(again.body()).get("uploadId").asText()).isEqualTo(uploadId);

        assertThat(putPart(uploadId, 4).statusCode()).isEqualTo(200);
        assertThat(putPart(uploadId, 2).statusCode()).isEqualTo(200);
        assertThat(putPart(uploadId, 2).statusCode()).isEqualTo(200); // a part sent twice
        long t0 = System.nanoTime();
        ContactPointClient.Answer done = platform.post(base() + "/" + uploadId + "/complete", new byte[0], "application/json", null);
        System.out.printf("EvidenceUploadIT: %d bytes assembled and stored in %d ms%n", big.length, (System.nanoTime() - t0) / 1_000_000);
        assertThat(done.status()).as(done.body()).isEqualTo(201);
        assertThat(JSON.readTree(done.body()).get("sha256").asText()).isEqualTo(sha(big));
        ContactPointClient.Answer repeat = platform.post(base() + "/" + uploadId + "/complete", new byte[0], "application/json", null);
        assertThat(repeat.status()).isEqualTo(200);
        assertThat(JSON.readTree(repeat.body()).get("duplicate").asBoolean()).isTrue();
        r = putPart(uploadId, 1);
        assertProblem(r.statusCode(), r.body(), 409, "EEG-EVD-UPLOAD-COMPLETED");
        assertThat(Files.exists(dir.resolve("evidence").resolve("parts").resolve(uploadId))).isFalse();
    }

    @Test
    @Order(3)
    void aDuplicateUploadIsANoOpAndTheSameContentIsStoredOnce() throws Exception {
        ContactPointClient.Answer again = create(platform, "{\"itemId\":\"item-big\"}");
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(JSON.readTree(again.body()).get("alreadyStored").asBoolean()).isTrue();

        for (String item : List.of("item-small", "item-small-again")) {
            ContactPointClient.Answer c = create(platform, "{\"itemId\":\"" + item + "\"}");
            assertThat(c.status()).as(c.body()).isEqualTo(201);
            String id = JSON.readTree(c.body()).get("uploadId").asText();
            if (item.equals("item-small")) { // parts that match their own digests but not the manifest: refused whole, upload stays open
                byte[] other = Arrays.copyOf(small, small.length);
                other[0] ^= 1;
                assertThat(put(net.platformKey, id, 1, other, "X-Part-SHA256", sha(other)).statusCode()).isEqualTo(200);
                assertProblem(platform.post(base() + "/" + id + "/complete", new byte[0], "application/json", null), 422, "EEG-EVD-DIGEST");
                assertThat(status(id).get("state").asText()).isEqualTo("OPEN");
                assertThat(JSON.readTree(cp.get("api/v1/requests/" + requestId + "/evidence").body()).get("items").findValuesAsText("itemId"))
                        .doesNotContain("item-small");
            }
            HttpResponse<String> r = put(net.platformKey, id, 1, small, "X-Part-SHA256", sha(small));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            ContactPointClient.Answer done = platform.post(base() + "/" + id + "/complete", new byte[0], "application/json", null);
            assertThat(done.status()).as(done.body()).isEqualTo(201);
        }
        try (Stream<Path> files = Files.walk(dir.resolve("evidence").resolve("items"))) {
            assertThat(files.filter(Files::isRegularFile).count()).isEqualTo(2); // big, and small once
        }
    }

    @Test
    @Order(4)
    void theSubmitterReadsTheEvidenceAndEveryReadIsInTheCustodyLog() throws Exception {
        JsonNode list = JSON.readTree(cp.get("api/v1/requests/" + requestId + "/evidence").body());
        assertThat(list.get("items").findValuesAsText("itemId")).containsExactlyInAnyOrder("item-big", "item-small", "item-small-again");

        HttpResponse<byte[]> r = http(net.contactPoint).send(HttpRequest.newBuilder(uri("api/v1/requests/" + requestId + "/evidence/item-big"))
                .timeout(Duration.ofSeconds(120)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-Evidence-SHA256")).contains(sha(big));
        assertThat(sha(r.body())).isEqualTo(sha(big));

        ContactPointClient otherRequester = net.client(net.issue("a contact point of another case", Role.CONTACT_POINT));
        assertProblem(otherRequester.get("api/v1/requests/" + requestId + "/evidence/item-big"), 404, "EEG-REQ-NOT-FOUND");
        assertProblem(platform.get("api/v1/requests/" + requestId + "/evidence/item-big"), 404, "EEG-REQ-NOT-FOUND");
        assertProblem(cp.get("api/v1/requests/" + requestId + "/evidence/item-none"), 404, "EEG-EVD-UNKNOWN-ITEM");

        List<String[]> custody = net.node.requests().database().read(c -> {
            List<String[]> l = new ArrayList<>();
            try (var ps = c.connection().prepareStatement("SELECT event_type, record_text FROM custody_record WHERE request_id = ? ORDER BY id")) {
                ps.setString(1, requestId);
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        l.add(new String[] {rs.getString(1), rs.getString(2)});
                    }
                }
            }
            return l;
        });
        String bigSha = sha(big);
        assertThat(custody.stream().filter(e -> e[0].equals("EVIDENCE_OPENED") && e[1].contains(bigSha))).hasSize(1);
        assertThat(custody.stream().filter(e -> e[0].equals("EVIDENCE_STORED") && e[1].contains("stored encrypted"))).hasSize(3);
    }

    @Test
    @Order(5)
    void anAdaptersDataDeliveryGoesIntoTheSameStoreItemByItem() throws Exception {
        byte[] inline = "an inline item of a portal's data delivery".getBytes();
        byte[] fetched = new byte[300_000];
        new Random(8).nextBytes(fetched);
        URI where = URI.create("https://portal.example/dl/1");
        var good = new PortalAnswer.ManifestItem("dl-1", "application/octet-stream", fetched.length, sha(fetched), null,
                new PortalAnswer.DownloadReference(where, fetched.length, sha(fetched)));
        var failing = new PortalAnswer.ManifestItem("dl-2", "application/octet-stream", 10, sha(new byte[10]), null,
                new PortalAnswer.DownloadReference(URI.create("https://portal.example/dl/2"), 10, sha(new byte[10])));
        var lying = new PortalAnswer.ManifestItem("dl-3", "application/octet-stream", 10, sha(new byte[10]), null,
                new PortalAnswer.DownloadReference(URI.create("https://portal.example/dl/3"), 10, sha(new byte[10])));
        var delivery = new PortalAnswer.DataDelivery("ans-1", requestId, null, java.time.Instant.now(), 1, true, List.of(
                new PortalAnswer.ManifestItem("in-1", "text/plain", inline.length, sha(inline), inline, null),
                new PortalAnswer.ManifestItem("in-dup", "text/plain", small.length, sha(small), small, null), good, failing, lying), "{}".getBytes());
        EvidenceService.Download download = (ref, sink) -> {
            try {
                if (ref.uri().equals(where)) {
                    sink.write(fetched);
                    return new FetchOutcome.Fetched(fetched.length, sha(fetched));
                }
                if (ref.uri().getPath().endsWith("/3")) {
                    sink.write(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
                    return new FetchOutcome.Fetched(10, sha(new byte[10]));
                }
                return new FetchOutcome.Failed("EEG-ADP-FETCH-503", "portal unavailable", true, null);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        List<EvidenceService.Delivered> first = net.node.evidence().acceptDelivery(requestId, "demo-platform", delivery, download);
        assertThat(first).extracting(EvidenceService.Delivered::itemId, EvidenceService.Delivered::code).containsExactly(
                org.assertj.core.groups.Tuple.tuple("in-1", null), org.assertj.core.groups.Tuple.tuple("in-dup", null),
                org.assertj.core.groups.Tuple.tuple("dl-1", null), org.assertj.core.groups.Tuple.tuple("dl-2", "EEG-EVD-FETCH"),
                org.assertj.core.groups.Tuple.tuple("dl-3", "EEG-EVD-DIGEST"));
        // the same delivery again (a replayed or reordered answer): nothing new
        List<EvidenceService.Delivered> again = net.node.evidence().acceptDelivery(requestId, "demo-platform", delivery, download);
        assertThat(again.subList(0, 3)).extracting(EvidenceService.Delivered::outcome).containsOnly("duplicate");

        HttpResponse<byte[]> r = http(net.contactPoint).send(HttpRequest.newBuilder(uri("api/v1/requests/" + requestId + "/evidence/dl-1"))
                .timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(fetched);
        JsonNode list = JSON.readTree(cp.get("api/v1/requests/" + requestId + "/evidence").body());
        assertThat(list.get("items").findValuesAsText("itemId")).contains("in-1", "in-dup", "dl-1").doesNotContain("dl-2", "dl-3");
        try (Stream<Path> files = Files.walk(dir.resolve("evidence").resolve("items"))) {
            assertThat(files.filter(Files::isRegularFile).count()).isEqualTo(4); // big, small (once for three items), inline, download
        }
    }

    @Test
    @Order(6)
    void aFileAlteredAtRestIsRefusedOnRead() throws Exception {
        // the request's own file (ADR-0020: items per request, under a layer keyed by the request's data key)
        Path file = dir.resolve("evidence").resolve("items").resolve("r").resolve(requestId).resolve(sha(small) + ".p7m.ctr");
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 40] ^= 0x10;
        Files.write(file, bytes);
        ContactPointClient.Answer a = cp.get("api/v1/requests/" + requestId + "/evidence/item-small");
        assertThat(a.status()).isEqualTo(500);
        assertThat(a.body()).doesNotContain("subscriber record");
        assertThat(JSON.readTree(a.body()).get("code").asText()).isEqualTo("EEG-EVD-TAMPERED");
    }
}
