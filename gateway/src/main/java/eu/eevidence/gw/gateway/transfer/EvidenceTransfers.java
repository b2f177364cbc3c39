package eu.eevidence.gw.gateway.transfer;

import eu.eevidence.gw.gateway.infra.Tx;
import eu.eevidence.gw.adapter.api.FetchOutcome;
import eu.eevidence.gw.adapter.api.PortalAnswer;
import eu.eevidence.gw.gateway.evidence.EvidenceService;
import eu.eevidence.gw.gateway.evidence.ManifestQueries;
import eu.eevidence.gw.gateway.order.RequestRepository;
import eu.eevidence.gw.gateway.infra.Database;
import eu.eevidence.gw.gateway.routing.PeerRoutes;
import eu.eevidence.gw.gateway.routing.PeerSpec;
import eu.eevidence.gw.gateway.order.Digests;
import eu.eevidence.gw.gateway.order.EventCode;
import eu.eevidence.gw.gateway.order.RequestRecord;
import eu.eevidence.gw.gateway.order.TimelineEvent;
import eu.eevidence.gw.schema.EvidenceManifest;
import eu.eevidence.gw.schema.ExecutionReport;
import eu.eevidence.gw.schema.catalogue.MessageCatalogue;
import eu.eevidence.gw.schema.codec.Decoded;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.DoubleSupplier;
import eu.eevidence.gw.gateway.evidence.EvidenceError;

/**
 * The requesting node's evidence transfer (ADR-0017): when a peer's execution report with a manifest is applied to a
 * request of this node, one durable job per item is recorded in the same transaction
 * ({@link #executionReport}, table {@code network_evidence_fetch}); a sweeper (thread {@code eeg-xfer-sweep}) fetches
 * each due item from the peer ({@link PeerEvidenceClient}) into the evidence store through
 * {@link EvidenceService#acceptDelivery} (size and SHA-256 against this node's manifest, stored once, encrypted, custody
 * {@code EVIDENCE_RECEIVED} "from node ..."), with the back-off and bounds of {@link FetchPolicy}. When every item of
 * the peer's reports is stored, the request's timeline says so ({@code EVIDENCE_TRANSFERRED}); a job given up is an
 * {@code EVIDENCE_TRANSFER_FAILED} event and an {@code EEG-XFER-FAILED} operator log line.
 */
public final class EvidenceTransfers implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EvidenceTransfers.class);
    private static final MessageCatalogue CATALOGUE = new MessageCatalogue();
    /** The whole transfer of one item must finish within this time. */
    static final Duration FETCH_DEADLINE = Duration.ofMinutes(30);

    private final Database db;
    private final RequestRepository requests;
    private final FetchJobStore jobs;
    private final ManifestQueries reports;
    private final EvidenceService evidence;
    private final PeerRoutes routes;
    private final PeerEvidenceClient client;
    private final FetchPolicy policy;
    private final Clock clock;
    private final DoubleSupplier random;
    private volatile ScheduledExecutorService sweeper;

    /** One fetch job. */
    public record Job(String requestId, String itemId, String peerNodeId, String messageId, String answerId, String sha256, long size,
                      String mediaType, FetchPolicy.State state, int attempts, int waits, Instant nextAttemptAt, String lastCode, String lastDetail,
                      Long lastDurationMs, Instant createdAt) {
    }

    /** What the evidence store made of one transfer, with the fetch's own outcome. */
    public record Received(EvidenceService.Delivered stored, FetchOutcome fetch, long millis) {
    }

    /** {@code needs}: the database, requests and clock; {@code stores}: the jobs and the stored execution reports. */
    EvidenceTransfers(TransferModule.Needs needs, TransferStores stores, EvidenceService evidence, PeerRoutes routes, PeerEvidenceClient client,
                      FetchPolicy policy, DoubleSupplier random) {
        this.db = needs.db();
        this.requests = needs.requests();
        this.jobs = stores.jobs();
        this.reports = stores.reports();
        this.evidence = evidence;
        this.routes = routes;
        this.client = client;
        this.policy = policy;
        this.clock = needs.clock();
        this.random = random;
    }

    /** In the transaction that applied a peer's execution report: a job per manifest item not yet known. */
    public void executionReport(Tx c, String requestId, String peerNodeId, String messageId, String answerId, ExecutionReport report) {
        if (report.manifest() == null || messageId == null) {
            return;
        }
        Instant now = clock.instant();
        int added = 0;
        for (EvidenceManifest.Item i : report.manifest().items()) {
            Job pending = new Job(requestId, i.itemId(), peerNodeId, messageId, answerId, i.sha256().toLowerCase(java.util.Locale.ROOT), i.sizeBytes(),
                    i.mediaType(), FetchPolicy.State.PENDING, 0, 0, now, null, null, null, now);
            if (jobs.addIfAbsent(c, pending)) {
                added++;
            }
        }
        if (added > 0) {
            LOG.info(TransferError.XFER_QUEUED.code() + " request {}: {} evidence item(s) to fetch from node {}", requestId, added, peerNodeId);
        }
    }

    /** Starts the sweeper (every {@code tick}). */
    public EvidenceTransfers start(Duration tick) {
        if (sweeper == null) {
            sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "eeg-xfer-sweep");
                t.setDaemon(true);
                return t;
            });
            sweeper.scheduleWithFixedDelay(() -> {
                try {
                    sweep();
                } catch (Exception | Error e) {
                    LOG.warn(TransferError.XFER_SWEEP_RETRY.code() + " sweep failed ({}); retried", e.getClass().getSimpleName());
                }
            }, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
        }
        return this;
    }

    /** Attempts every due job once; returns how many were attempted. */
    public int sweep() {
        Instant now = clock.instant();
        List<Job> due = db.read(c -> jobs.due(c, now));
        int n = 0;
        for (Job j : due) {
            if (n++ >= 16) {
                break;
            }
            attempt(j);
        }
        return n;
    }

    /** The jobs of a request (tests, operators). */
    public List<Job> jobs(String requestId) {
        return db.read(c -> jobs.ofRequest(c, requestId));
    }

    /** Attempts the job of {@code itemId} now, whatever its next attempt time (an operator's "try now"); empty if unknown. */
    public Optional<Job> fetchNow(String requestId, String itemId) {
        Optional<Job> j = job(requestId, itemId);
        if (j.isEmpty() || j.get().state() != FetchPolicy.State.PENDING) {
            return j;
        }
        return Optional.of(attempt(j.get()));
    }

    /**
     * One attempt: fetch and store, then the job's next state, and the request's timeline when it is the last item or
     * when the job is given up. Serialised: one transfer at a time per node (the sweeper and {@link #fetchNow}).
     */
    synchronized Job attempt(Job j) {
        Optional<Job> fresh = job(j.requestId(), j.itemId());
        if (fresh.isEmpty() || fresh.get().state() != FetchPolicy.State.PENDING) {
            return fresh.orElse(j);
        }
        Optional<PeerSpec> peer = routes.byId(j.peerNodeId());
        Received r;
        if (peer.isEmpty()) {
            r = new Received(new EvidenceService.Delivered(j.itemId(), "refused", EvidenceError.EVD_FETCH.code()),
                    new FetchOutcome.Failed(TransferCodes.IO, "node " + j.peerNodeId() + " is no longer a configured peer", true, null), 0);
        } else {
            PeerSpec p = peer.get();
            java.net.URI uri = PeerEvidenceClient.uriOf(p, j.messageId(), j.itemId());
            Optional<byte[]> inReport = carriedInReport(j);
            r = inReport.isPresent()
                    ? store(j, uri, (ref, sink) -> copy(inReport.get(), sink))
                    : store(j, uri, (ref, sink) -> client.fetch(p, ref.uri(), ref.size(), sink, FETCH_DEADLINE));
        }
        FetchOutcome.Failed failed = r.fetch() instanceof FetchOutcome.Failed f ? f : null;
        FetchPolicy.Kind kind = FetchPolicy.classify(r.stored().outcome(), r.stored().code(), failed == null ? null : failed.code(),
                failed != null && failed.retryable());
        String code = failed != null ? failed.code() : r.stored().code();
        String detail = failed != null ? failed.reason() : kind == FetchPolicy.Kind.STORED ? null : "the evidence store refused the item";
        Instant now = clock.instant();
        FetchPolicy.Next next = policy.after(kind, j.attempts(), j.waits(), j.createdAt(), now, code, detail, failed == null ? null : failed.retryAfter(),
                random.getAsDouble());
        db.inTx(c -> {
            RequestRecord req = requests.find(c, j.requestId(), true).orElseThrow();
            jobs.update(c, j, next, r.millis(), now);
            String actor = "node:" + j.peerNodeId();
            if (next.state() == FetchPolicy.State.STORED && jobs.remaining(c, j.requestId(), j.peerNodeId()) == 0) {
                int items = jobs.count(c, j.requestId(), j.peerNodeId());
                requests.appendEvent(c, j.requestId(), new TimelineEvent(0, EventCode.EVIDENCE_TRANSFERRED, req.state(), req.state(), now, now, actor,
                        "evidence received from " + j.peerNodeId() + ": " + items + " item" + (items == 1 ? "" : "s")));
            } else if (next.state() == FetchPolicy.State.FAILED) {
                requests.appendEvent(c, j.requestId(), new TimelineEvent(0, EventCode.EVIDENCE_TRANSFER_FAILED, req.state(), req.state(), now, now, actor,
                        clip("evidence item " + j.itemId() + " could not be fetched from " + j.peerNodeId() + ": " + next.code() + " " + next.detail(), 2000)));
            }
            return null;
        });
        switch (next.state()) {
            case STORED:
                double mib = j.size() / (1024.0 * 1024.0);
                LOG.info(TransferError.XFER_STORED.code() + " request {} item {} from node {} ({} bytes in {} ms, {} MiB/s)", j.requestId(), j.itemId(),
                        j.peerNodeId(),
                        j.size(), r.millis(), r.millis() == 0 ? "-" : String.format(java.util.Locale.ROOT, "%.1f", mib * 1000.0 / r.millis()));
                break;
            case FAILED:
                LOG.error(TransferError.XFER_FAILED.code() + " request {} item {} from node {}: {} {}", j.requestId(), j.itemId(), j.peerNodeId(), next.code(),
                        next.detail());
                break;
            default:
                LOG.info("{} request {} item {} from node {}: next attempt at {}", code, j.requestId(), j.itemId(), j.peerNodeId(), next.nextAttemptAt());
        }
        return job(j.requestId(), j.itemId()).orElseThrow();
    }

    /**
     * The item's bytes when the peer's report carries them itself: a requested authority that answers a case on its own
     * (decision ANSWER, ADR-0018) declares its summary as the item {@code answer} whose size and SHA-256 are those of the
     * report's remarks. Such an item is taken from the report as stored here (same checks, same custody) instead of being
     * fetched: the peer holds no file for it.
     */
    private Optional<byte[]> carriedInReport(Job j) {
        byte[] body = db.read(c -> reports.answerBody(c, j.requestId(), j.answerId())).orElse(null);
        if (body == null || !(CATALOGUE.decodeJson(body) instanceof Decoded.Valid v) || !(v.envelope().body() instanceof ExecutionReport report)
                || report.remarks() == null) {
            return Optional.empty();
        }
        byte[] remarks = report.remarks().getBytes(StandardCharsets.UTF_8);
        return remarks.length == j.size() && Digests.sha256(remarks).equals(j.sha256()) ? Optional.of(remarks) : Optional.empty();
    }

    private static FetchOutcome copy(byte[] bytes, java.io.OutputStream sink) {
        try {
            sink.write(bytes);
            return new FetchOutcome.Fetched(bytes.length, Digests.sha256(bytes));
        } catch (java.io.IOException e) {
            return new FetchOutcome.Failed(TransferCodes.IO, "the item could not be written to the evidence store", true, null);
        }
    }

    /**
     * The receiving half alone: stores {@code protectedItem} (as a peer would send it) as item {@code itemId} of the
     * job's request, with every check of a fetch (signer exactly the job's peer, size, SHA-256 of this node's manifest).
     * The job itself is not changed. For tests and for a later push variant.
     */
    public Received receive(String requestId, String itemId, InputStream protectedItem) {
        Job j = job(requestId, itemId).orElseThrow(() -> new IllegalArgumentException("no transfer job for " + requestId + " " + itemId));
        PeerSpec p = routes.byId(j.peerNodeId()).orElseThrow();
        return store(j, PeerEvidenceClient.uriOf(p, j.messageId(), j.itemId()),
                (ref, sink) -> client.open(protectedItem, PeerEvidenceClient.maxProtectedBytes(ref.size()), p, sink));
    }

    private Received store(Job j, java.net.URI uri, EvidenceService.Download download) {
        AtomicReference<FetchOutcome> fetched = new AtomicReference<>();
        PortalAnswer.DataDelivery delivery = new PortalAnswer.DataDelivery(j.answerId(), j.requestId(), j.messageId(), clock.instant(), 1, true,
                List.of(new PortalAnswer.ManifestItem(j.itemId(), j.mediaType(), j.size(), j.sha256(), null,
                        new PortalAnswer.DownloadReference(uri, j.size(), j.sha256()))), new byte[0]);
        long t0 = System.nanoTime();
        List<EvidenceService.Delivered> out = evidence.acceptDelivery(j.requestId(), j.peerNodeId(), delivery, (ref, sink) -> {
            FetchOutcome o = download.fetch(ref, sink);
            fetched.set(o);
            return o;
        });
        long ms = (System.nanoTime() - t0) / 1_000_000;
        return new Received(out.get(0), fetched.get(), ms);
    }

    private Optional<Job> job(String requestId, String itemId) {
        return db.read(c -> jobs.find(c, requestId, itemId));
    }

    private static String clip(String s, int max) {
        return FetchJobStore.clip(s, max);
    }

    @Override
    public void close() {
        ScheduledExecutorService s = sweeper;
        if (s != null) {
            s.shutdownNow();
        }
    }
}
