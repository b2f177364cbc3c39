package eu.eevidence.gw.gateway.evidence;

import eu.eevidence.gw.gateway.access.ClientIdentity;
import eu.eevidence.gw.gateway.order.RequestRecord;
import eu.eevidence.gw.gateway.order.RequestRepository;
import eu.eevidence.gw.gateway.routing.PlatformRoutes;
import eu.eevidence.gw.pki.Certificates;
import eu.eevidence.gw.schema.EvidenceManifest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import static eu.eevidence.gw.gateway.evidence.UploadStore.COMPLETED;
import static eu.eevidence.gw.gateway.evidence.UploadStore.OPEN;

/**
 * Uploads in parts by a platform's legal team (ADR-0010): an upload is created (or resumed) for an item its platform
 * declared in an execution report, takes its parts one by one (each durable before it is acknowledged), and is
 * completed by assembling, checking and recording the item ({@link EvidenceRecorder}). Upload rows in the
 * {@link UploadStore}, part files in the {@link EvidenceStore}.
 */
final class EvidenceUploads {

    private static final Logger LOG = LoggerFactory.getLogger(EvidenceUploads.class);
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern ITEM_ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._:/-]{0,99}$");

    private final RequestRepository requests;
    private final PlatformRoutes directory;
    private final EvidenceStore store;
    private final Clock clock;
    private final EvidenceLimits limits;
    private final EvidenceRecorder recorder;
    private final UploadStore uploads;

    EvidenceUploads(RequestRepository requests, PlatformRoutes directory, EvidenceStore store, Clock clock, EvidenceLimits limits,
                    EvidenceRecorder recorder, UploadStore uploads) {
        this.requests = requests;
        this.directory = directory;
        this.store = store;
        this.clock = clock;
        this.limits = limits;
        this.recorder = recorder;
        this.uploads = uploads;
    }

    /** See {@link EvidenceService#createUpload}. */
    EvidenceService.Created createUpload(ClientIdentity caller, String requestId, String itemId, String mediaType, Long size, String sha256,
                                         Long partSize) throws EvidenceException {
        RequestRecord r = platformRequest(caller, requestId);
        ManifestQueries.Declared found = declared(r, itemId, sha256);
        EvidenceManifest.Item m = found.item();
        if (size != null && size != m.sizeBytes().longValue() || sha256 != null && !sha256.equals(m.sha256())
                || mediaType != null && !mediaType.equals(m.mediaType())) {
            throw new EvidenceException(422, EvidenceError.EVD_MANIFEST_MISMATCH.code(), "size, sha256 or mediaType differ from the manifest of answer "
                    + found.answerId());
        }
        long total = m.sizeBytes();
        long ps = partSize == null ? limits.defaultPartBytes() : partSize;
        long count = partCount(total, ps);
        Optional<EvidenceService.Item> stored = recorder.item(r.id(), itemId);
        if (stored.isPresent()) {
            if (!stored.get().sha256().equals(m.sha256())) {
                throw new EvidenceException(409, EvidenceError.EVD_ITEM_CONFLICT.code(), "item " + itemId + " is already stored with other content");
            }
            return new EvidenceService.Created(null, stored.get(), false);
        }
        Instant now = clock.instant();
        String id = "UPL-" + UUID.randomUUID();
        EvidenceService.Upload fresh = new EvidenceService.Upload(id, r.id(), itemId, m.sha256(), total, m.mediaType(), ps, (int) count,
                found.answerId(), caller.fingerprint(), OPEN, now, List.of());
        EvidenceService.Upload created = requests.database().inTx(c -> {
            Optional<String> open = uploads.findOpen(c, r.id(), itemId, m.sha256(), caller.fingerprint(), ps);
            if (open.isPresent()) {
                return uploads.find(c, open.get()).orElseThrow();
            }
            uploads.insert(c, fresh);
            return uploads.find(c, id).orElseThrow();
        });
        boolean resumed = !created.uploadId().equals(id);
        if (!resumed) {
            LOG.info(EvidenceError.EVD_UPLOAD_CREATED.code() + " {} request {} item {} ({} bytes in {} parts)", id, r.id(), itemId, total, count);
        }
        return new EvidenceService.Created(created, null, resumed);
    }

    /** The checked item id and digest, and the item as the caller's platform declared it. */
    private ManifestQueries.Declared declared(RequestRecord r, String itemId, String sha256) throws EvidenceException {
        if (itemId == null || !ITEM_ID.matcher(itemId).matches()) {
            throw new EvidenceException(400, EvidenceError.EVD_BAD_UPLOAD.code(), "itemId is missing or not a manifest item id");
        }
        if (sha256 != null && !HEX64.matcher(sha256).matches()) {
            throw new EvidenceException(400, EvidenceError.EVD_BAD_UPLOAD.code(), "sha256 must be 64 lower-case hex digits");
        }
        Optional<ManifestQueries.Declared> found = recorder.declared(r.id(), itemId);
        if (found.isEmpty()) {
            throw new EvidenceException(409, EvidenceError.EVD_NOT_IN_MANIFEST.code(), "no execution report of your platform for this request lists item "
                    + itemId
                    + "; send the report with its manifest first");
        }
        return found.get();
    }

    /** The number of parts of {@code total} bytes at part size {@code ps}, within the limits. */
    private long partCount(long total, long ps) throws EvidenceException {
        if (total > limits.maxItemBytes()) {
            throw new EvidenceException(413, EvidenceError.EVD_TOO_LARGE.code(), "items above " + limits.maxItemBytes() + " bytes are not taken");
        }
        if (ps < limits.minPartBytes() || ps > limits.maxPartBytes()) {
            throw new EvidenceException(400, EvidenceError.EVD_PART_SIZE.code(), "partSize must be between " + limits.minPartBytes() + " and "
                    + limits.maxPartBytes() + " bytes");
        }
        long count = total == 0 ? 1 : (total + ps - 1) / ps;
        if (count > limits.maxParts()) {
            throw new EvidenceException(413, EvidenceError.EVD_TOO_MANY_PARTS.code(), "at this part size the item needs " + count + " parts; at most "
                    + limits.maxParts() + " are allowed");
        }
        return count;
    }

    /** See {@link EvidenceService#status}. */
    EvidenceService.Upload status(ClientIdentity caller, String requestId, String uploadId) throws EvidenceException {
        RequestRecord r = platformRequest(caller, requestId);
        return ownUpload(r, uploadId);
    }

    /** See {@link EvidenceService#putPart}. */
    EvidenceService.Part putPart(ClientIdentity caller, String requestId, String uploadId, int n, long contentLength, String partSha256,
                                 InputStream body) throws EvidenceException {
        RequestRecord r = platformRequest(caller, requestId);
        EvidenceService.Upload u = ownUpload(r, uploadId);
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
        EvidenceService.Part part = new EvidenceService.Part(n, expected, partSha256);
        requests.database().inTx(c -> {
            uploads.putPart(c, uploadId, part, now);
            return null;
        });
        return part;
    }

    /** See {@link EvidenceService#complete}. */
    Map.Entry<EvidenceService.Item, Boolean> complete(ClientIdentity caller, String requestId, String uploadId) throws EvidenceException {
        RequestRecord r = platformRequest(caller, requestId);
        EvidenceService.Upload u = ownUpload(r, uploadId);
        if (COMPLETED.equals(u.state())) {
            return Map.entry(recorder.item(r.id(), u.itemId()).orElseThrow(), true);
        }
        List<Integer> missing = new ArrayList<>(u.missing());
        for (EvidenceService.Part p : u.parts()) {
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
            stored = store.put(r.id(), all, u.size(), u.sha256(), recorder.knownCms(r.id(), u.sha256()));
        } catch (IOException e) {
            throw new EvidenceException(500, EvidenceError.EVD_STORE.code(), "cannot read the stored parts: " + e.getMessage(), e);
        }
        EvidenceRecorder.Supply supply = new EvidenceRecorder.Supply("UPLOAD", "platform:" + r.platformId(), caller.fingerprint(), u.answerId(),
                "upload " + uploadId);
        EvidenceService.Item item = recorder.record(r, u.itemId(), u.mediaType(), stored, supply, c -> uploads.complete(c, uploadId, clock.instant()));
        store.deleteParts(uploadId);
        return Map.entry(item, false);
    }

    /** See {@link EvidenceService#removeLeftoverParts}. */
    void removeLeftoverParts() {
        for (String uploadId : store.partUploads()) {
            Optional<EvidenceService.Upload> u = requests.database().read(c -> uploads.find(c, uploadId));
            if (u.isEmpty() || !OPEN.equals(u.get().state())) {
                store.deleteParts(uploadId);
                LOG.info(EvidenceError.EVD_CLEANUP.code() + " removed the left-over parts of upload {}", uploadId);
            }
        }
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

    private EvidenceService.Upload ownUpload(RequestRecord r, String uploadId) throws EvidenceException {
        Optional<EvidenceService.Upload> u = uploadId == null ? Optional.empty() : requests.database().read(c -> uploads.find(c, uploadId));
        if (u.isEmpty() || !u.get().requestId().equals(r.id())) {
            throw new EvidenceException(404, EvidenceError.EVD_UNKNOWN_UPLOAD.code(), "no upload with this id for this request");
        }
        return u.get();
    }
}
