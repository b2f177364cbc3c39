package eu.eevidence.gw.gateway.custody;

import eu.eevidence.gw.gateway.infra.StorageException;
import eu.eevidence.gw.gateway.infra.Tx;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import eu.eevidence.gw.custody.CustodyError;
import eu.eevidence.gw.custody.CustodyException;
import eu.eevidence.gw.custody.CustodyLog;
import eu.eevidence.gw.custody.entry.CustodyEntry;
import eu.eevidence.gw.custody.entry.ExportedRecord;
import eu.eevidence.gw.custody.note.NodeKey;
import eu.eevidence.gw.custody.storage.OpenReport;
import eu.eevidence.gw.gateway.infra.Database;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The node's custody log: event records and salts in the database table {@code custody_record} (the durable source),
 * entries in the {@link CustodyLog} under {@code <data-dir>/custody/}, the Ed25519 checkpoint key in
 * {@code <data-dir>/custody-key/} (generated on first start, never served). Staged records get gap-free log indices
 * in one thread ({@link #flush}); the index is committed in the database before the entry is appended, so after a
 * crash or a torn tail the log is completed from the database at start-up. Checkpoints are signed periodically and
 * on demand ({@link #flushAndPublish}).
 */
public final class CustodyService implements CustodyRecorder, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CustodyService.class);
    private static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    private static final int BATCH = 500;
    /** The only attribute of an append span (ADR-0027): the event type, a fixed set; never a request id or an actor. */
    /** No spans (unit tests). */
    public static final Tracer NO_TRACING = TracerProvider.noop().get("eu.eevidence.gw.gateway");
    static final AttributeKey<String> EVENT_TYPE = AttributeKey.stringKey("eeg.custody.event");

    private final Database db;
    private final CustodyRecordStore store;
    private final CustodyLog log;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final ScheduledExecutorService timer;
    private final Tracer tracer;
    private long publishedSize = -1;

    private CustodyService(Database db, CustodyRecordStore store, CustodyLog log, Clock clock, Tracer tracer) {
        this.db = db;
        this.store = store;
        this.log = log;
        this.clock = clock;
        this.tracer = tracer;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "custody-publisher");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Opens the log, repairs it from the database, publishes a checkpoint, and starts periodic publishing; each append
     * is a span {@code eeg.custody.append} of {@code tracer} (ADR-0027; {@link #NO_TRACING} in tests). Throws the
     * custody, database or I/O failure of start-up.
     */
    public static CustodyService start(Path dataDir, Database db, Clock clock, long publishEverySeconds, Tracer tracer) throws Exception {
        Path keyDir = dataDir.resolve("custody-key");
        KeyPair keys = NodeKey.loadOrCreate(keyDir.resolve("node.key"));
        String origin = origin(keyDir, keys);
        CustodyLog log = CustodyLog.open(dataDir.resolve("custody"), origin, keys);
        CustodyService s = new CustodyService(db, new CustodyRecordStore(db, origin), log, clock, tracer);
        try {
            s.repair(log.openReport());
            s.flushAndPublish();
        } catch (CustodyException | RuntimeException e) {
            s.close();
            throw e;
        }
        s.timer.scheduleWithFixedDelay(s::periodic, publishEverySeconds, publishEverySeconds, TimeUnit.SECONDS);
        LOG.info(CustodyRecordError.CUS_READY.code() + " custody log {} at size {}, verifier key {}", origin, log.size(), log.verifierKey().encode());
        return s;
    }

    private static String origin(Path keyDir, KeyPair keys) throws CustodyException {
        Path f = keyDir.resolve("origin");
        try {
            if (Files.exists(f)) {
                return Files.readString(f, StandardCharsets.US_ASCII).strip();
            }
            byte[] pub = eu.eevidence.gw.custody.note.Ed25519.raw(keys.getPublic());
            String o = "evidence-gateway.node/" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(pub), 0, 8) + "/custody";
            Files.writeString(f, o + "\n", StandardCharsets.US_ASCII);
            return o;
        } catch (IOException | java.security.NoSuchAlgorithmException e) {
            throw new CustodyException(CustodyError.KEY, "cannot read or write " + f + ": " + e.getMessage(), e);
        }
    }

    /** Start-up: re-append, from the database, every entry the log lacks (a torn tail, or a crash before the append). */
    private void repair(OpenReport report) throws CustodyException {
        report.tornTail().ifPresent(t -> LOG.warn("{}", t.oneLine()));
        long size = log.size();
        List<CustodyRecordStore.Row> missing = db.read(c -> store.loggedFrom(c, size));
        for (CustodyRecordStore.Row row : missing) {
            log.appendAt(row.key(), row.entry());
        }
        if (!missing.isEmpty()) {
            LOG.warn(CustodyRecordError.CUS_REPAIRED.code() + " re-appended {} custody entries from the database (indices {}..{})", missing.size(), size,
                    log.size() - 1);
        }
        long dbSize = db.read(store::loggedSize);
        if (dbSize != log.size()) {
            LOG.error("{} custody log has {} entries but the database knows {}: investigate before trusting either",
                    CustodyError.STORAGE_CORRUPT.code(), log.size(), dbSize);
        }
    }

    @Override
    public void stage(Tx c, CustodyEvent e) {
        Span span = tracer.spanBuilder("eeg.custody.append").setAttribute(EVENT_TYPE, e.type().name()).startSpan();
        try (io.opentelemetry.context.Scope ignored = span.makeCurrent()) {
            Instant recorded = clock.instant();
            byte[] salt = new byte[32];
            random.nextBytes(salt);
            Map<String, Object> rec = new TreeMap<>();
            rec.put("event", e.type().name());
            rec.put("requestId", e.requestId());
            rec.put("occurredAt", e.occurredAt().toString());
            rec.put("recordedAt", recorded.toString());
            rec.put("actor", e.actor());
            rec.put("actorCertSha256", e.actorCertSha256());
            rec.put("from", e.from() == null ? null : e.from().name());
            rec.put("to", e.to() == null ? null : e.to().name());
            rec.put("messageSha256", e.messageSha256());
            rec.put("detail", e.detail());
            String record;
            try {
                record = JSON.writeValueAsString(rec);
            } catch (JsonProcessingException x) {
                throw new StorageException(CustodyError.ENTRY_MALFORMED.code() + " cannot encode a custody record", x);
            }
            CustodyEntry entry = new CustodyEntry(e.type(), e.occurredAt(), recorded, hex(e.actorCertSha256()), RequestIdBytes.of(e.requestId()),
                    e.from() == null ? null : e.from().name(), e.to() == null ? null : e.to().name(), hex(e.messageSha256()), List.of(),
                    CustodyEntry.commit(salt, record.getBytes(StandardCharsets.UTF_8)));
            store.insert(c, e, entry.encode(), record, salt, recorded);
        } catch (RuntimeException x) {
            span.setStatus(StatusCode.ERROR);
            throw x;
        } finally {
            span.end();
        }
    }

    private static byte[] hex(String h) {
        return h == null ? null : HexFormat.of().parseHex(h);
    }

    @Override
    public void committed() {
        try {
            timer.execute(this::flushQuietly);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing; the next start-up flushes what is staged
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (CustodyException | RuntimeException e) {
            LOG.error(CustodyRecordError.CUS_FLUSH_FAILED.code() + " {} (staged records stay in the database and are retried)", e.getMessage());
        }
    }

    private void periodic() {
        try {
            flush();
            if (log.size() != publishedSize) {
                publish();
            }
        } catch (CustodyException | RuntimeException e) {
            LOG.error(CustodyRecordError.CUS_PUBLISH_FAILED.code() + " {}", e.getMessage());
        }
    }

    /** Assigns log indices to staged records (committed first) and appends their entries; returns the log size. */
    public synchronized long flush() throws CustodyException {
        while (true) {
            List<CustodyRecordStore.Row> staged = db.read(c -> store.unindexed(c, BATCH));
            if (staged.isEmpty()) {
                return log.size();
            }
            List<Long> ids = staged.stream().map(CustodyRecordStore.Row::key).toList();
            List<byte[]> entries = staged.stream().map(CustodyRecordStore.Row::entry).toList();
            long next = log.size();
            db.inTx(c -> {
                store.assignIndices(c, next, ids);
                return null;
            });
            List<CompletableFuture<Long>> futures = new ArrayList<>();
            for (int i = 0; i < entries.size(); i++) {
                futures.add(log.storage().appendAtAsync(next + i, entries.get(i)));
            }
            for (CompletableFuture<Long> f : futures) {
                try {
                    f.join();
                } catch (java.util.concurrent.CompletionException x) {
                    if (x.getCause() instanceof CustodyException ce) {
                        throw ce;
                    }
                    throw x;
                }
            }
        }
    }

    /** Signs a checkpoint for the current size and publishes the tiles. */
    public synchronized String publish() throws CustodyException {
        String note = log.publish();
        publishedSize = log.size();
        return note;
    }

    /** On demand: flush staged records, then sign and publish; returns the signed checkpoint. */
    public synchronized String flushAndPublish() throws CustodyException {
        flush();
        return publish();
    }

    public CustodyLog log() {
        return log;
    }

    /** The node's clock (for the time of events recorded by callers). */
    public Clock clock() {
        return clock;
    }

    /**
     * Records one event on its own (not inside a feature's transaction), e.g. an export of a request's records or court
     * bundle (issue 19): every export is itself a custody event.
     */
    public void recordAlone(CustodyEvent e) throws CustodyException {
        store.stageAlone(this, e);
        committed();
    }

    /** The custody records of a request, as exported records (for the auditor's view, {@link RequestCustody}). */
    public RequestCustody.Records records() {
        return store;
    }

    /** The exported record of log entry {@code index} (for an auditor; contains the full record). */
    public Optional<ExportedRecord> export(long index) {
        return db.read(c -> store.export(c, index));
    }

    @Override
    public void close() {
        timer.shutdown();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.close();
    }
}
