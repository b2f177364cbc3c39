package eu.eevidence.gw.sim.world;

import java.sql.ResultSet;
import java.sql.PreparedStatement;
import com.fasterxml.jackson.databind.JsonNode;
import eu.eevidence.gw.gateway.node.GatewayNode;
import eu.eevidence.gw.sim.world.World.Country;
import eu.eevidence.gw.sim.world.World.Sent;
import eu.eevidence.gw.sim.world.World.Upload;
import eu.eevidence.gw.testkit.ContactPointClient;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Evidence: the platforms' items, declared in their final reports and uploaded to the node they answered to, and the
 * requesting nodes' fetch jobs that carry cross-border items back (watched at the end, in {@link #evidenceTail()}).
 */
final class EvidenceUploads implements AutoCloseable {

    private final World w;
    final List<Upload> uploads = Collections.synchronizedList(new ArrayList<>());
    final List<Upload> uploadQueue = new ArrayList<>();
    int evidenceReports;
    final AtomicInteger uploadRetries = new AtomicInteger();
    final AtomicLong bytesUploaded = new AtomicLong();
    private long uploadWallNanos;
    /** The platforms upload their items of a step in parallel (fsync-bound on the node's side). */
    private final ExecutorService uploaders = Executors.newFixedThreadPool(3);
    private int evidenceSeq;

    EvidenceUploads(World w) {
        this.w = w;
    }

    /**
     * A final execution report with 1-2 items of 1-64 KiB (content from the world's seed), their real size and SHA-256 in
     * the manifest; once the node took the report, the platform uploads each item (one part) and completes it. An upload
     * the node could not take now (restarting, an I/O error) is tried again next step.
     */
    int report(Country c, Sent sent) throws IOException, InterruptedException {
        int n = 1 + w.evidenceRnd.nextInt(2);
        List<Upload> items = new ArrayList<>();
        List<Messages.Item> manifest = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int size = 1024 + w.evidenceRnd.nextInt(63 * 1024 + 1);
            long seed = w.evidenceRnd.nextLong();
            String sha = sha256(content(seed, size));
            String itemId = "sim-item-" + (++evidenceSeq);
            items.add(new Upload(sent, itemId, seed, size, sha));
            manifest.add(new Messages.Item(itemId, "application/octet-stream", size, sha));
        }
        ContactPointClient client = c.platformClients.get(sent.platform);
        ContactPointClient.Answer r = client.post("api/v1/platform/answers", w.messages.report(sent.id, sent.platform, w.clock.instant(), manifest),
                "application/json", null);
        if (r.status() != 201 && r.status() != 200) {
            w.reject("answer:" + World.code(r));
        }
        if (r.status() == 201) {
            evidenceReports++;
            uploads.addAll(items);
            uploadQueue.addAll(items); // uploaded at the end of the step's actions (retryUploads)
        }
        return r.status();
    }

    /** The items of the reports just posted, and those that waited for their node: each once its node runs (in parallel). */
    void retryUploads() throws InterruptedException {
        if (uploadQueue.isEmpty()) {
            return;
        }
        long t0 = System.nanoTime();
        List<Upload> keep = new ArrayList<>();
        List<Upload> todo = new ArrayList<>();
        List<Future<Boolean>> done = new ArrayList<>();
        for (Upload u : uploadQueue) {
            Country c = w.countries.get(u.sent.country);
            if (c.node == null) {
                keep.add(u);
            } else {
                todo.add(u);
                done.add(uploaders.submit(() -> upload(c, u)));
            }
        }
        for (int i = 0; i < todo.size(); i++) {
            boolean ok;
            try {
                ok = done.get(i).get();
            } catch (java.util.concurrent.ExecutionException e) {
                ok = false;
            }
            if (!ok) {
                uploadRetries.incrementAndGet();
                keep.add(todo.get(i));
            }
        }
        uploadQueue.clear();
        uploadQueue.addAll(keep);
        uploadWallNanos += System.nanoTime() - t0;
    }

    /** One item through the platform API: create the upload, PUT its one part, complete. True when done (stored or refused for good). */
    private boolean upload(Country c, Upload u) {
        GatewayNode node = c.node;
        if (node == null) {
            return false;
        }
        ContactPointClient client = c.platformClients.get(u.sent.platform);
        String base = "api/v1/platform/requests/" + u.sent.id + "/evidence";
        try {
            ContactPointClient.Answer created = client.post(base, ("{\"itemId\":\"" + u.itemId + "\",\"size\":" + u.size + ",\"sha256\":\"" + u.sha256
                    + "\",\"mediaType\":\"application/octet-stream\"}").getBytes(StandardCharsets.UTF_8), "application/json", null);
            if (created.status() != 201 && created.status() != 200) {
                return refusedOrLater(u, created);
            }
            JsonNode j = Messages.read(created.body().getBytes(StandardCharsets.UTF_8));
            if (j.path("alreadyStored").asBoolean(false)) {
                u.stored = true;
                return true;
            }
            String uploadId = j.get("uploadId").asText();
            String url = node.baseUrl().endsWith("/") ? node.baseUrl() : node.baseUrl() + "/";
            ContactPointClient.Answer put = client.send(java.net.http.HttpRequest.newBuilder(URI.create(url + base + "/" + uploadId + "/parts/1"))
                    .timeout(Duration.ofSeconds(30)).PUT(java.net.http.HttpRequest.BodyPublishers.ofByteArray(content(u.seed, u.size)))
                    .header("Content-Type", "application/octet-stream").header("X-Part-SHA256", u.sha256).build());
            if (put.status() != 200) {
                return refusedOrLater(u, put);
            }
            ContactPointClient.Answer done = client.post(base + "/" + uploadId + "/complete", new byte[0], "application/json", null);
            if (done.status() != 201 && done.status() != 200) {
                return refusedOrLater(u, done);
            }
            u.stored = true;
            bytesUploaded.addAndGet(u.size);
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private boolean refusedOrLater(Upload u, ContactPointClient.Answer a) {
        if (a.status() >= 500) {
            return false;
        }
        u.refused = World.code(a);
        w.reject("evidence:" + u.refused);
        w.violations.add("the upload of " + u.itemId + " of " + u.sent.id + " was refused: " + a.status() + " " + u.refused);
        return true;
    }

    /** Deterministic content of an item (from the world's seed through the item's own seed). */
    private static byte[] content(long seed, int size) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static String sha256(byte[] b) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Evidence fetch jobs still PENDING over every running node ({@code dueOnly}: those due at the nodes' now). */
    private int pendingTransfers(boolean dueOnly) throws Exception {
        int total = 0;
        java.sql.Timestamp now = java.sql.Timestamp.from(w.clock.instant());
        for (Country c : w.countries.values()) {
            GatewayNode n = c.node;
            if (n == null) {
                continue;
            }
            total += n.requests().database().read(conn -> {
                try (PreparedStatement ps = conn.connection().prepareStatement("SELECT COUNT(*) FROM network_evidence_fetch WHERE state = 'PENDING'"
                        + (dueOnly ? " AND next_attempt_at <= ?" : ""))) {
                    if (dueOnly) {
                        ps.setTimestamp(1, now);
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        return rs.getInt(1);
                    }
                }
            });
        }
        return total;
    }

    /**
     * After the traffic: uploads still waiting, then the requesting nodes' fetch jobs. Their back-off runs on the nodes'
     * clock, so the clock moves a minute at a time (nothing else is scheduled any more) and the sweepers get a moment
     * (at most {@code drainSeconds} wall in all).
     */
    void evidenceTail() throws Exception {
        long t0 = System.nanoTime();
        long until = t0 + w.s.drainSeconds() * 1_000_000_000L;
        int minutes = 0;
        while (System.nanoTime() < until) {
            retryUploads();
            if (uploadQueue.isEmpty() && pendingTransfers(false) == 0) {
                break;
            }
            minutes++;
            w.clock.set(w.nodeTime(w.nowHours).plus(Duration.ofMinutes(minutes)));
            long roundEnd = Math.min(until, System.nanoTime() + 1_000_000_000L);
            long pause = 10;
            while (System.nanoTime() < roundEnd && pendingTransfers(true) > 0) {
                TimeUnit.MILLISECONDS.sleep(pause); // wall pacing for the nodes' sweepers, not a test wait
                pause = Math.min(pause * 2, 100);
            }
        }
        w.out.printf("  evidence: %d items declared, uploads took %d ms wall in all; transfers settled %d virtual min after the end, in %d ms wall"
                        + " (%d uploads, %d jobs still pending)%n", uploads.size(), uploadWallNanos / 1_000_000, minutes, (System.nanoTime() - t0) / 1_000_000,
                uploadQueue.size(), pendingTransfers(false));
    }

    @Override
    public void close() {
        uploaders.shutdownNow();
    }
}
