package eu.eevidence.gw.gateway.evidence;

import eu.eevidence.gw.gateway.infra.Tx;
import eu.eevidence.gw.gateway.infra.StorageException;
import java.sql.SQLException;
import java.sql.ResultSet;
import java.sql.PreparedStatement;
import eu.eevidence.gw.gateway.infra.SqlTime;
import com.fasterxml.jackson.core.JsonProcessingException;
import eu.eevidence.gw.adapter.api.FetchOutcome;
import eu.eevidence.gw.adapter.api.PortalAnswer;
import eu.eevidence.gw.custody.entry.CustodyEventType;
import eu.eevidence.gw.gateway.custody.CustodyEvent;
import eu.eevidence.gw.gateway.custody.CustodyRecorder;
import eu.eevidence.gw.gateway.routing.PlatformRoutes;
import eu.eevidence.gw.gateway.access.ClientIdentity;
import eu.eevidence.gw.gateway.order.EventCode;
import eu.eevidence.gw.gateway.order.RequestRecord;
import eu.eevidence.gw.gateway.order.RequestRepository;
import eu.eevidence.gw.gateway.order.TimelineEvent;
import eu.eevidence.gw.pki.Certificates;
import eu.eevidence.gw.schema.EvidenceManifest;
import eu.eevidence.gw.schema.ExecutionReport;
import eu.eevidence.gw.schema.catalogue.MessageCatalogue;
import eu.eevidence.gw.schema.codec.Decoded;
import eu.eevidence.gw.schema.codec.JsonCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import eu.eevidence.gw.gateway.http.CommonError;

/**
 * Evidence intake and access (ADR-0010): uploads in parts by a platform's legal team through the platform API, items
 * delivered by adapters ({@link PortalAnswer.DataDelivery}: inline or by download reference), and reads by the
 * request's submitter. Every item is checked against the manifest it was declared in (size, SHA-256, media type),
 * stored once by content hash in the {@link EvidenceStore} (encrypted at rest), signed by the node as a record of
 * what it verified, and recorded in the custody log ({@code EVIDENCE_STORED} with the item's SHA-256; its declaration
 * was {@code EVIDENCE_RECEIVED}); every read is
 * an {@code EVIDENCE_OPENED} custody entry, durable before the first byte leaves the node. Nothing is created from
 * rejected input: an item row exists only after its bytes passed every check and are durable.
 */
public final class EvidenceService {

    private static final Logger LOG = LoggerFactory.getLogger(EvidenceService.class);
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern ITEM_ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._:/-]{0,99}$");
    private static final String OPEN = "OPEN";
    private static final String COMPLETED = "COMPLETED";

    private final RequestRepository requests;
    private final PlatformRoutes directory;
    private final EvidenceStore store;
    private final CustodyRecorder custody;
    private final Clock clock;
    private final EvidenceLimits limits;
    private final NodeSigner signer;
    private final MessageCatalogue catalogue = new MessageCatalogue();

    /** Signs the node's record of a verified item (CMS SignedData with the node's key). */
    @FunctionalInterface
    public interface NodeSigner {
        byte[] sign(byte[] content) throws Exception;
    }

    /** Downloads one referenced item into {@code sink} (an adapter's {@code fetch} for the request's platform). */
    @FunctionalInterface
    public interface Download {
        FetchOutcome fetch(PortalAnswer.DownloadReference reference, OutputStream sink);
    }

    /** A stored evidence item. */
    public record Item(String requestId, String itemId, String sha256, long size, String mediaType, String source, String supplier,
                       String answerId, String cmsSha256, Instant storedAt, byte[] signedRecord) {
    }

    /** One stored part. */
    public record Part(int n, long size, String sha256) {
    }

    /** An upload in parts and the parts stored so far. */
    public record Upload(String uploadId, String requestId, String itemId, String sha256, long size, String mediaType, long partSize,
                         int partCount, String answerId, String uploader, String state, Instant createdAt, List<Part> parts) {

        public List<Integer> missing() {
            List<Integer> m = new ArrayList<>();
            int i = 0;
            for (int n = 1; n <= partCount; n++) {
                while (i < parts.size() && parts.get(i).n() < n) {
                    i++;
                }
                if (i >= parts.size() || parts.get(i).n() != n) {
                    m.add(n);
                }
            }
            return m;
        }

        long partBytes(int n) {
            return n < partCount ? partSize : size - partSize * (partCount - 1L);
        }
    }

    /** What creating an upload gave: a new (or resumed) upload, or the item already stored. */
    public record Created(Upload upload, Item existing, boolean resumed) {
    }

    /** The outcome of one item of an adapter's data delivery. */
    public record Delivered(String itemId, String outcome, String code) {
    }

    public EvidenceService(RequestRepository requests, PlatformRoutes directory, EvidenceStore store, CustodyRecorder custody, Clock clock,
                           EvidenceLimits limits, NodeSigner signer) {
        this.requests = requests;
        this.directory = directory;
        this.store = store;
        this.custody = custody;
        this.clock = clock;
        this.limits = limits;
        this.signer = signer;
    }

    public EvidenceLimits limits() {
        return limits;
    }

    // ------------------------------------------------------------------------------------------ uploads (platform)

    /**
     * Starts (or resumes) the upload of a manifest item. The item must be declared in an execution report the caller's
     * platform answered for this request; what the caller declares must match it.
     */
    public Created createUpload(ClientIdentity caller, String requestId, String itemId, String mediaType, Long size, String sha256, Long partSize)
            throws EvidenceException {
        RequestRecord r = platformRequest(caller, requestId);
        if (itemId == null || !ITEM_ID.matcher(itemId).matches()) {
            throw new EvidenceException(400, EvidenceError.EVD_BAD_UPLOAD.code(), "itemId is missing or not a manifest item id");
        }
        if (sha256 != null && !HEX64.matcher(sha256).matches()) {
            throw new EvidenceException(400, EvidenceError.EVD_BAD_UPLOAD.code(), "sha256 must be 64 lower-case hex digits");
        }
        Optional<Declared> found = declared(r.id(), itemId);
        if (found.isEmpty()) {
            throw new EvidenceException(409, EvidenceError.EVD_NOT_IN_MANIFEST.code(), "no execution report of your platform for this request lists item "
                    + itemId
                    + "; send the report with its manifest first");
        }
        EvidenceManifest.Item m = found.get().item();
        if (size != null && size != m.sizeBytes().longValue() || sha256 != null && !sha256.equals(m.sha256())
                || mediaType != null && !mediaType.equals(m.mediaType())) {
            throw new EvidenceException(422, EvidenceError.EVD_MANIFEST_MISMATCH.code(), "size, sha256 or mediaType differ from the manifest of answer "
                    + found.get().answerId());
        }
        long total = m.sizeBytes();
        if (total > limits.maxItemBytes()) {
            throw new EvidenceException(413, EvidenceError.EVD_TOO_LARGE.code(), "items above " + limits.maxItemBytes() + " bytes are not taken");
        }
        long ps = partSize == null ? limits.defaultPartBytes() : partSize;
        if (ps < limits.minPartBytes() || ps > limits.maxPartBytes()) {
            throw new EvidenceException(400, EvidenceError.EVD_PART_SIZE.code(), "partSize must be between " + limits.minPartBytes() + " and "
                    + limits.maxPartBytes() + " bytes");
        }
        long count = total == 0 ? 1 : (total + ps - 1) / ps;
        if (count > limits.maxParts()) {
            throw new EvidenceException(413, EvidenceError.EVD_TOO_MANY_PARTS.code(), "at this part size the item needs " + count + " parts; at most "
                    + limits.maxParts() + " are allowed");
        }
        Optional<Item> stored = item(r.id(), itemId);
        if (stored.isPresent()) {
            if (!stored.get().sha256().equals(m.sha256())) {
                throw new EvidenceException(409, EvidenceError.EVD_ITEM_CONFLICT.code(), "item " + itemId + " is already stored with other content");
            }
            return new Created(null, stored.get(), false);
        }
        Instant now = clock.instant();
        String id = "UPL-" + UUID.randomUUID();
        Upload created = requests.database().inTx(c -> {
            try (PreparedStatement q = c.connection().prepareStatement(
                    "SELECT upload_id FROM evidence_upload WHERE request_id = ? AND item_id = ? AND sha256 = ? "
                    + "AND uploader_fingerprint = ? AND state = ? AND part_size = ?")) {
                q.setString(1, r.id());
                q.setString(2, itemId);
                q.setString(3, m.sha256());
                q.setString(4, caller.fingerprint());
                q.setString(5, OPEN);
                q.setLong(6, ps);
                try (ResultSet rs = q.executeQuery()) {
                    if (rs.next()) {
                        return upload(c, rs.getString(1)).orElseThrow();
                    }
                }
            }
            try (PreparedStatement ins = c.connection().prepareStatement(
                    "INSERT INTO evidence_upload (upload_id, request_id, item_id, sha256, size_bytes, media_type, "
                    + "part_size, part_count, answer_id, uploader_fingerprint, state, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ins.setString(1, id);
                ins.setString(2, r.id());
                ins.setString(3, itemId);
                ins.setString(4, m.sha256());
                ins.setLong(5, total);
                ins.setString(6, m.mediaType());
                ins.setLong(7, ps);
                ins.setInt(8, (int) count);
                ins.setString(9, found.get().answerId());
                ins.setString(10, caller.fingerprint());
                ins.setString(11, OPEN);
                ins.setObject(12, SqlTime.ts(now));
                ins.executeUpdate();
            }
            return upload(c, id).orElseThrow();
        });
        boolean resumed = !created.uploadId().equals(id);
        if (!resumed) {
            LOG.info(EvidenceError.EVD_UPLOAD_CREATED.code() + " {} request {} item {} ({} bytes in {} parts)", id, r.id(), itemId, total, count);
        }
        return new Created(created, null, resumed);
    }

    /** The upload and the parts stored so far (survives a node restart: both are durable). */
    public Upload status(ClientIdentity caller, String requestId, String uploadId) throws EvidenceException {
        RequestRecord r = platformRequest(caller, requestId);
        return ownUpload(r, uploadId);
    }

    /**
     * Stores part {@code n}: exactly the bytes its position requires, matching {@code partSha256}; replaces an earlier
     * version of the same part. Durable (file forced, row committed) before it returns.
     */
    public Part putPart(ClientIdentity caller, String requestId, String uploadId, int n, long contentLength, String partSha256, InputStream body)
            throws EvidenceException {
        RequestRecord r = platformRequest(caller, requestId);
        Upload u = ownUpload(r, uploadId);
        if (!OPEN.equals(u.state())) {
            throw new EvidenceException(409, EvidenceError.EVD_UPLOAD_COMPLETED.code(), "this upload is completed; nothing more can be added");
        }
        if (n < 1 || n > u.partCount()) {
            throw new EvidenceException(400, EvidenceError.EVD_PART_NUMBER.code(), "part numbers of this upload run from 1 to " + u.partCount());
        }
        if (partSha256 == null || !HEX64.matcher(partSha256).matches()) {
            throw new EvidenceException(400, EvidenceError.EVD_PART_DIGEST_MISSING.code(),
                    "give the part's SHA-256 in X-Part-SHA256 (hex) or Content-Digest (sha-256)");
        }
        long expected = u.partBytes(n);
        if (contentLength >= 0 && contentLength != expected) {
            throw new EvidenceException(400, EvidenceError.EVD_PART_SIZE.code(), "part " + n + " must have exactly " + expected + " bytes");
        }
        store.putPart(uploadId, n, body, expected, partSha256);
        Instant now = clock.instant();
        requests.database().inTx(c -> {
            try (PreparedStatement del = c.connection().prepareStatement("DELETE FROM evidence_upload_part WHERE upload_id = ? AND part_no = ?")) {
                del.setString(1, uploadId);
                del.setInt(2, n);
                del.executeUpdate();
            }
            try (PreparedStatement ins = c.connection().prepareStatement("INSERT INTO evidence_upload_part (upload_id, part_no, size_bytes, sha256, stored_at) "
                    + "VALUES (?, ?, ?, ?, ?)")) {
                ins.setString(1, uploadId);
                ins.setInt(2, n);
                ins.setLong(3, expected);
                ins.setString(4, partSha256);
                ins.setObject(5, SqlTime.ts(now));
                ins.executeUpdate();
            }
            return null;
        });
        return new Part(n, expected, partSha256);
    }

    /**
     * Assembles the parts in order, checks the whole size and SHA-256 against the manifest, stores the item encrypted
     * (once by content hash), and records it. A repeat returns the stored item; a failed check leaves the upload open.
     *
     * @return the item, and whether it was already completed before
     */
    public Map.Entry<Item, Boolean> complete(ClientIdentity caller, String requestId, String uploadId) throws EvidenceException {
        RequestRecord r = platformRequest(caller, requestId);
        Upload u = ownUpload(r, uploadId);
        if (COMPLETED.equals(u.state())) {
            return Map.entry(item(r.id(), u.itemId()).orElseThrow(), true);
        }
        List<Integer> missing = new ArrayList<>(u.missing());
        for (Part p : u.parts()) {
            if (!store.hasPart(uploadId, p.n())) {
                missing.add(p.n());
            }
        }
        if (!missing.isEmpty()) {
            throw new EvidenceException(409, EvidenceError.EVD_PARTS_MISSING.code(), missing.size() + " part(s) missing, first "
                    + missing.stream().sorted().limit(10).toList());
        }
        EvidenceStore.Stored stored;
        try (InputStream all = store.concatenatedParts(uploadId, u.partCount())) {
            stored = store.put(r.id(), all, u.size(), u.sha256(), knownCms(r.id(), u.sha256()));
        } catch (IOException e) {
            throw new EvidenceException(500, EvidenceError.EVD_STORE.code(), "cannot read the stored parts: " + e.getMessage(), e);
        }
        String actor = "platform:" + r.platformId();
        Item item = record(r, u.itemId(), u.mediaType(), stored, "UPLOAD", actor, caller.fingerprint(), u.answerId(), c -> {
            try (PreparedStatement up = c.connection().prepareStatement(
                    "UPDATE evidence_upload SET state = ?, completed_at = ? WHERE upload_id = ? AND state = ?")) {
                up.setString(1, COMPLETED);
                up.setObject(2, SqlTime.ts(clock.instant()));
                up.setString(3, uploadId);
                up.setString(4, OPEN);
                up.executeUpdate();
            }
            try (PreparedStatement del = c.connection().prepareStatement("DELETE FROM evidence_upload_part WHERE upload_id = ?")) {
                del.setString(1, uploadId);
                del.executeUpdate();
            }
        }, "upload " + uploadId);
        store.deleteParts(uploadId);
        return Map.entry(item, false);
    }

    // ------------------------------------------------------------------------------------------ adapters

    /**
     * Stores the items of an adapter's data delivery for {@code requestId} (already checked to be a request to
     * {@code platformId}): inline items directly, download references through {@code download}. Each item on its own:
     * one that fails is reported with its code and may come again; the others are kept. Items already stored with the
     * same content are duplicates (nothing written).
     */
    public List<Delivered> acceptDelivery(String requestId, String platformId, PortalAnswer.DataDelivery delivery, Download download) {
        RequestRecord r = requests.find(requestId).orElseThrow(() -> new IllegalArgumentException("unknown request " + requestId));
        if (!r.platformId().equals(platformId)) {
            throw new IllegalArgumentException("request " + requestId + " is not addressed to " + platformId);
        }
        List<Delivered> out = new ArrayList<>();
        // xfer: a peer node (adapter gateway-node) is the supplier of items it re-protected for this node (ADR-0017)
        java.util.Optional<eu.eevidence.gw.gateway.routing.Platform> supplier = directory.find(platformId)
                .filter(p -> eu.eevidence.gw.gateway.routing.PeerRoutes.ADAPTER_KIND.equals(p.adapterKind()));
        String actor = supplier.isPresent() ? "node:" + platformId : "platform:" + platformId;
        String supplierFingerprint = supplier.map(p -> p.encryptionCertificate() == null ? null : Certificates.sha256Fingerprint(p.encryptionCertificate()))
                .orElse(null);
        String via = supplier.isPresent() ? "from node " + platformId + ", its report " + delivery.answerId()
                : "data delivery " + delivery.answerId() + " part " + delivery.part();
        for (PortalAnswer.ManifestItem m : delivery.items()) {
            try {
                Optional<Item> existing = item(requestId, m.itemId());
                if (existing.isPresent()) {
                    if (!existing.get().sha256().equals(m.sha256())) {
                        throw new EvidenceException(409, EvidenceError.EVD_ITEM_CONFLICT.code(), "item " + m.itemId()
                                + " is already stored with other content");
                    }
                    out.add(new Delivered(m.itemId(), "duplicate", null));
                    continue;
                }
                if (m.size() > limits.maxItemBytes()) {
                    throw new EvidenceException(413, EvidenceError.EVD_TOO_LARGE.code(), "items above " + limits.maxItemBytes() + " bytes are not taken");
                }
                EvidenceStore.Stored stored;
                String source;
                if (m.inline() != null) {
                    source = "INLINE";
                    stored = store.put(requestId, new ByteArrayInputStream(m.inline()), m.size(), m.sha256(), knownCms(requestId, m.sha256()));
                } else {
                    source = supplier.isPresent() ? "NODE" : "DOWNLOAD";
                    PortalAnswer.DownloadReference ref = m.download();
                    if (ref.size() != m.size() || !ref.sha256().equals(m.sha256())) {
                        throw new EvidenceException(422, EvidenceError.EVD_MANIFEST_MISMATCH.code(), "the download reference of " + m.itemId()
                                + " names another size or SHA-256 than the manifest");
                    }
                    try (InputStream in = Pipe.start("evidence-fetch-" + requestId, sink -> {
                        FetchOutcome o = download.fetch(ref, sink);
                        if (o instanceof FetchOutcome.Failed f) {
                            throw new EvidenceException(502, EvidenceError.EVD_FETCH.code(), f.code() + " " + f.reason());
                        }
                    })) {
                        stored = store.put(requestId, in, m.size(), m.sha256(), knownCms(requestId, m.sha256()));
                    } catch (IOException e) {
                        throw new EvidenceException(502, EvidenceError.EVD_FETCH.code(), e.getMessage(), e);
                    }
                }
                record(r, m.itemId(), m.mediaType(), stored, source, actor, supplierFingerprint, delivery.answerId(), c -> {
                }, via);
                out.add(new Delivered(m.itemId(), stored.duplicate() ? "stored (content already held)" : "stored", null));
            } catch (EvidenceException e) {
                if (e.getMessage() != null && e.getMessage().startsWith(EvidenceError.XFER_NOT_YET.code())) {
                    // a peer node that does not hold the item yet: a normal wait of the evidence transfer, not an operator matter
                    LOG.info("{} request {} item {} of delivery {}: {}", e.code(), requestId, m.itemId(), delivery.answerId(), e.getMessage());
                } else {
                    LOG.warn("{} request {} item {} of delivery {}: {}", e.code(), requestId, m.itemId(), delivery.answerId(), e.getMessage());
                }
                out.add(new Delivered(m.itemId(), "refused", e.code()));
            }
        }
        return out;
    }

    /**
     * The {@link Download} of a platform: its adapter's {@code fetch} with the platform's endpoint and TLS context, never
     * more than the item's declared size (the reference's), within {@code deadline}.
     */
    public static Download downloadFor(eu.eevidence.gw.gateway.delivery.AdapterRegistry adapters, eu.eevidence.gw.gateway.routing.Platform platform,
                                       java.time.Duration deadline) {
        eu.eevidence.gw.adapter.api.PlatformAdapter adapter = adapters.forKind(platform.adapterKind())
                .orElseThrow(() -> new IllegalArgumentException("no adapter " + platform.adapterKind()));
        eu.eevidence.gw.adapter.api.DeliveryRequest.Destination destination = platform.destination(); // with the platform's settings
        return (reference, sink) -> adapter.fetch(destination, reference, sink,
                new eu.eevidence.gw.adapter.api.FetchLimits(Math.max(1, reference.size()), deadline));
    }

    /** Start-up: deletes the part files of uploads that are completed (a crash after the commit) or unknown. */
    public void removeLeftoverParts() {
        for (String uploadId : store.partUploads()) {
            Optional<Upload> u = requests.database().read(c -> upload(c, uploadId));
            if (u.isEmpty() || !OPEN.equals(u.get().state())) {
                store.deleteParts(uploadId);
                LOG.info(EvidenceError.EVD_CLEANUP.code() + " removed the left-over parts of upload {}", uploadId);
            }
        }
    }

    // ------------------------------------------------------------------------------------------ requester

    /** The evidence items of a request, for its submitter. */
    public List<Item> items(ClientIdentity caller, String requestId) throws EvidenceException {
        RequestRecord r = ownRequest(caller, requestId);
        return requests.database().read(c -> {
            List<Item> list = new ArrayList<>();
            try (PreparedStatement ps = c.connection().prepareStatement(SELECT_ITEM + " WHERE request_id = ? ORDER BY stored_at, item_id")) {
                ps.setString(1, r.id());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        list.add(item(rs));
                    }
                }
            }
            return list;
        });
    }

    /** One item's metadata, for its request's submitter. */
    public Item describe(ClientIdentity caller, String requestId, String itemId) throws EvidenceException {
        RequestRecord r = ownRequest(caller, requestId);
        return item(r.id(), itemId).orElseThrow(() -> new EvidenceException(404, EvidenceError.EVD_UNKNOWN_ITEM.code(), "this request has no evidence item "
                + itemId));
    }

    /**
     * Streams the decrypted item to {@code out}. The read is recorded (timeline and custody {@code EVIDENCE_OPENED} with
     * the item's SHA-256) and committed after every integrity check passed and before the first byte is written.
     */
    public long read(ClientIdentity caller, Item item, OutputStream out) throws EvidenceException, IOException {
        return read(caller, item, out, false);
    }

    /** The cheap check of the file at rest (its recorded SHA-256), for an API that must answer before it streams. */
    public void checkAtRest(Item item) throws EvidenceException {
        try {
            store.check(item.requestId(), item.sha256(), item.cmsSha256());
        } catch (IOException e) {
            throw new EvidenceException(500, EvidenceError.EVD_STORE.code(), "the evidence store cannot read: " + e.getMessage(), e);
        }
    }

    /** {@link #read} after {@link #checkAtRest} (when {@code checked}). */
    public long read(ClientIdentity caller, Item item, OutputStream out, boolean checked) throws EvidenceException, IOException {
        String actor = "client:" + caller.fingerprint();
        boolean[] recorded = {false};
        OutputStream recording = new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                before();
                out.write(b, off, len);
            }

            @Override
            public void write(int b) throws IOException {
                before();
                out.write(b);
            }

            private void before() throws IOException {
                if (!recorded[0]) {
                    recorded[0] = true;
                    try {
                        recordRead(item, actor, caller.fingerprint());
                    } catch (StorageException e) {
                        throw new IOException(EvidenceError.EVD_ACCESS_LOG.code() + " the read could not be recorded", e);
                    }
                }
            }
        };
        long n = checked ? store.readChecked(item.requestId(), item.sha256(), recording) : store.read(item.requestId(), item.sha256(), item.cmsSha256(
                ), recording);
        if (!recorded[0]) {
            try {
                recordRead(item, actor, caller.fingerprint());
            } catch (StorageException e) {
                throw new IOException(EvidenceError.EVD_ACCESS_LOG.code() + " the read could not be recorded", e);
            }
        }
        return n;
    }

    private void recordRead(Item item, String actor, String fingerprint) {
        Instant now = clock.instant();
        requests.database().inTx(c -> {
            RequestRecord r = requests.find(c, item.requestId(), true).orElseThrow();
            requests.appendEvent(c, r.id(), new TimelineEvent(0, EventCode.EVIDENCE_READ, r.state(), r.state(), now, now, actor,
                    "evidence item " + item.itemId() + " read (" + item.size() + " bytes)"));
            custody.stage(c, new CustodyEvent(CustodyEventType.EVIDENCE_OPENED, r.id(), now, actor, fingerprint, r.state(), r.state(), item.sha256(),
                    "evidence item " + item.itemId() + " decrypted and read"));
            return null;
        });
        custody.committed();
        LOG.info(EvidenceError.EVD_READ.code() + " request {} item {} by {}", item.requestId(), item.itemId(), actor);
    }

    // ------------------------------------------------------------------------------------------ internals

    private interface Extra {
        void apply(Tx c) throws SQLException;
    }

    /** Item row, signed record, custody and timeline in one transaction (the bytes are already durable). */
    private Item record(RequestRecord r, String itemId, String mediaType, EvidenceStore.Stored stored, String source, String actor, String fingerprint,
                        String answerId, Extra extra, String via) throws EvidenceException {
        Instant now = clock.instant();
        Map<String, Object> rec = new TreeMap<>();
        rec.put("requestId", r.id());
        rec.put("itemId", itemId);
        rec.put("mediaType", mediaType);
        rec.put("size", stored.size());
        rec.put("sha256", stored.sha256());
        rec.put("encryptedSha256", stored.cmsSha256());
        rec.put("source", source);
        rec.put("supplier", actor);
        rec.put("supplierCertSha256", fingerprint);
        rec.put("answerId", answerId);
        rec.put("storedAt", now.toString());
        byte[] signed;
        try {
            signed = signer.sign(JsonCodec.canonicalMapper().writeValueAsBytes(rec));
        } catch (JsonProcessingException e) {
            throw new EvidenceException(500, EvidenceError.EVD_STORE.code(), "cannot encode the item record", e);
        } catch (Exception e) {
            throw new EvidenceException(500, EvidenceError.EVD_SIGN.code(), "the node cannot sign the item record: " + e.getMessage(), e);
        }
        Item item = requests.database().inTx(c -> {
            RequestRecord locked = requests.find(c, r.id(), true).orElseThrow();
            Optional<Item> existing = item(c, r.id(), itemId);
            extra.apply(c);
            if (existing.isPresent()) {
                return existing.get();
            }
            try (PreparedStatement ps = c.connection().prepareStatement(
                    "INSERT INTO evidence_item (request_id, item_id, sha256, size_bytes, media_type, source, "
                    + "supplier, supplier_fingerprint, answer_id, cms_sha256, stored_at, signed_record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, r.id());
                ps.setString(2, itemId);
                ps.setString(3, stored.sha256());
                ps.setLong(4, stored.size());
                ps.setString(5, mediaType);
                ps.setString(6, source);
                ps.setString(7, actor);
                ps.setString(8, fingerprint);
                ps.setString(9, answerId);
                ps.setString(10, stored.cmsSha256());
                ps.setObject(11, SqlTime.ts(now));
                ps.setBytes(12, signed);
                ps.executeUpdate();
            }
            requests.appendEvent(c, r.id(), new TimelineEvent(0, EventCode.EVIDENCE_STORED, locked.state(), locked.state(), now, now, actor,
                    "evidence item " + itemId + " stored encrypted (" + stored.size() + " bytes, SHA-256 " + stored.sha256() + ")"));
            custody.stage(c, new CustodyEvent(CustodyEventType.EVIDENCE_STORED, r.id(), now, actor, fingerprint, locked.state(), locked.state(),
                    stored.sha256(), "item " + itemId + " verified against the manifest of " + answerId + " and stored encrypted (" + via + ")"));
            return item(c, r.id(), itemId).orElseThrow();
        });
        custody.committed();
        LOG.info(EvidenceError.EVD_STORED.code() + " request {} item {} ({} bytes, {}{})", r.id(), itemId, stored.size(), source, stored.duplicate()
                ? ", content already held" : "");
        return item;
    }

    private record Declared(String answerId, EvidenceManifest.Item item) {
    }

    /** The item as declared in the latest stored execution report of the request that lists it. */
    private Optional<Declared> declared(String requestId, String itemId) {
        List<String[]> answers = requests.database().read(c -> {
            List<String[]> list = new ArrayList<>();
            try (PreparedStatement ps = c.connection().prepareStatement(
                    "SELECT message_id, body FROM platform_answer WHERE request_id = ? AND message_type = ? "
                    + "ORDER BY received_at DESC")) {
                ps.setString(1, requestId);
                ps.setString(2, "EXECUTION_REPORT");
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        byte[] body = requests.database().dataKeys().open(c, requestId, "platform_answer.body:" + rs.getString(1), rs.getBytes(2))
                                .orElse(new byte[0]);
                        list.add(new String[] {rs.getString(1), new String(body, java.nio.charset.StandardCharsets.UTF_8)});
                    }
                }
            }
            return list;
        });
        for (String[] a : answers) {
            Decoded d = catalogue.decodeJson(a[1].getBytes(java.nio.charset.StandardCharsets.UTF_8));
            if (d instanceof Decoded.Valid v && v.envelope().body() instanceof ExecutionReport er) {
                for (EvidenceManifest.Item i : er.manifest().items()) {
                    if (i.itemId().equals(itemId)) {
                        return Optional.of(new Declared(a[0], i));
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** The CMS hash of the same content already stored: within the request in the per-request layout (ADR-0020). */
    private String knownCms(String requestId, String sha256) {
        boolean own = store.perRequest();
        return requests.database().read(c -> {
            try (PreparedStatement ps = c.connection().prepareStatement("SELECT cms_sha256 FROM evidence_item WHERE sha256 = ?" + (
                    own ? " AND request_id = ?" : ""))) {
                ps.setString(1, sha256);
                if (own) {
                    ps.setString(2, requestId);
                }
                ps.setMaxRows(1);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
    }

    /** The request, if it is addressed to the caller's platform. */
    private RequestRecord platformRequest(ClientIdentity caller, String requestId) throws EvidenceException {
        Optional<RequestRecord> r = requestId == null ? Optional.empty() : requests.find(requestId);
        boolean ours = r.isPresent() && directory.find(r.get().platformId())
                .map(p -> p.encryptionCertificate() != null && Certificates.sha256Fingerprint(p.encryptionCertificate()).equals(caller.fingerprint()))
                .orElse(false);
        if (!ours) {
            throw new EvidenceException(404, EvidenceError.EVD_NOT_YOURS.code(), "no request with this id is addressed to your platform");
        }
        return r.get();
    }

    /** The request, if the caller submitted it. */
    private RequestRecord ownRequest(ClientIdentity caller, String requestId) throws EvidenceException {
        Optional<RequestRecord> r = requestId == null ? Optional.empty() : requests.find(requestId);
        if (r.isEmpty() || !r.get().ownerFingerprint().equals(caller.fingerprint())) {
            throw new EvidenceException(404, CommonError.REQ_NOT_FOUND.code(), "no such request");
        }
        return r.get();
    }

    private Upload ownUpload(RequestRecord r, String uploadId) throws EvidenceException {
        Optional<Upload> u = uploadId == null ? Optional.empty() : requests.database().read(c -> upload(c, uploadId));
        if (u.isEmpty() || !u.get().requestId().equals(r.id())) {
            throw new EvidenceException(404, EvidenceError.EVD_UNKNOWN_UPLOAD.code(), "no upload with this id for this request");
        }
        return u.get();
    }

    private static Optional<Upload> upload(Tx c, String uploadId) {
        try {
            Upload u;
            try (PreparedStatement ps = c.connection().prepareStatement(
                    "SELECT upload_id, request_id, item_id, sha256, size_bytes, media_type, part_size, part_count, "
                    + "answer_id, uploader_fingerprint, state, created_at FROM evidence_upload WHERE upload_id = ?")) {
                ps.setString(1, uploadId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    u = new Upload(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5), rs.getString(6), rs.getLong(7),
                            rs.getInt(8), rs.getString(9), rs.getString(10), rs.getString(11), SqlTime.instant(rs, 12), List.of());
                }
            }
            List<Part> parts = new ArrayList<>();
            try (PreparedStatement ps = c.connection().prepareStatement(
                    "SELECT part_no, size_bytes, sha256 FROM evidence_upload_part WHERE upload_id = ? ORDER BY part_no")) {
                ps.setString(1, uploadId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        parts.add(new Part(rs.getInt(1), rs.getLong(2), rs.getString(3)));
                    }
                }
            }
            return Optional.of(new Upload(u.uploadId(), u.requestId(), u.itemId(), u.sha256(), u.size(), u.mediaType(), u.partSize(), u.partCount(),
                    u.answerId(), u.uploader(), u.state(), u.createdAt(), List.copyOf(parts)));
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    private static final String SELECT_ITEM = "SELECT request_id, item_id, sha256, size_bytes, media_type, source, supplier, answer_id, cms_sha256, "
            + "stored_at, signed_record FROM evidence_item";

    private Optional<Item> item(String requestId, String itemId) {
        return requests.database().read(c -> item(c, requestId, itemId));
    }

    private static Optional<Item> item(Tx c, String requestId, String itemId) {
        try {
            try (PreparedStatement ps = c.connection().prepareStatement(SELECT_ITEM + " WHERE request_id = ? AND item_id = ?")) {
                ps.setString(1, requestId);
                ps.setString(2, itemId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(item(rs)) : Optional.empty();
                }
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    private static Item item(ResultSet rs) {
        try {
            return new Item(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5), rs.getString(6), rs.getString(7),
                    rs.getString(8), rs.getString(9), SqlTime.instant(rs, 10), rs.getBytes(11));
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }
}
