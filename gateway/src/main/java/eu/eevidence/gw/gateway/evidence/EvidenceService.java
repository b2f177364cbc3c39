package eu.eevidence.gw.gateway.evidence;

import eu.eevidence.gw.adapter.api.FetchOutcome;
import eu.eevidence.gw.adapter.api.PortalAnswer;
import eu.eevidence.gw.gateway.access.ClientIdentity;
import eu.eevidence.gw.gateway.custody.CustodyRecorder;
import eu.eevidence.gw.gateway.order.RequestRepository;
import eu.eevidence.gw.gateway.routing.PlatformRoutes;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Evidence intake and access (ADR-0010): uploads in parts by a platform's legal team through the platform API, items
 * delivered by adapters ({@link PortalAnswer.DataDelivery}: inline or by download reference), and reads by the
 * request's submitter. Every item is checked against the manifest it was declared in (size, SHA-256, media type),
 * stored once by content hash in the {@link EvidenceStore} (encrypted at rest), signed by the node as a record of
 * what it verified, and recorded in the custody log ({@code EVIDENCE_STORED} with the item's SHA-256; its declaration
 * was {@code EVIDENCE_RECEIVED}); every read is
 * an {@code EVIDENCE_OPENED} custody entry, durable before the first byte leaves the node. Nothing is created from
 * rejected input: an item row exists only after its bytes passed every check and are durable.
 *
 * <p>This class is the feature's one entry point; the work is done by {@link EvidenceUploads} (uploads in parts),
 * {@link EvidenceDeliveries} (adapters' deliveries), {@link EvidenceReads} (the submitter's reads) and
 * {@link EvidenceRecorder} (the item record they share), over the stores {@link EvidenceItemStore},
 * {@link UploadStore} and {@link ManifestQueries} (ADR-0026).
 */
public final class EvidenceService {

    private final EvidenceLimits limits;
    private final EvidenceUploads uploads;
    private final EvidenceDeliveries deliveries;
    private final EvidenceReads reads;

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
        this.limits = limits;
        EvidenceRecorder recorder = new EvidenceRecorder(requests, custody, clock, signer, store, new EvidenceItemStore(),
                new ManifestQueries(requests.database().dataKeys()));
        this.uploads = new EvidenceUploads(requests, directory, store, clock, limits, recorder, new UploadStore());
        this.deliveries = new EvidenceDeliveries(requests, directory, store, limits, recorder);
        this.reads = new EvidenceReads(requests, store, custody, clock, recorder);
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
        return uploads.createUpload(caller, requestId, itemId, mediaType, size, sha256, partSize);
    }

    /** The upload and the parts stored so far (survives a node restart: both are durable). */
    public Upload status(ClientIdentity caller, String requestId, String uploadId) throws EvidenceException {
        return uploads.status(caller, requestId, uploadId);
    }

    /**
     * Stores part {@code n}: exactly the bytes its position requires, matching {@code partSha256}; replaces an earlier
     * version of the same part. Durable (file forced, row committed) before it returns.
     */
    public Part putPart(ClientIdentity caller, String requestId, String uploadId, int n, long contentLength, String partSha256, InputStream body)
            throws EvidenceException {
        return uploads.putPart(caller, requestId, uploadId, n, contentLength, partSha256, body);
    }

    /**
     * Assembles the parts in order, checks the whole size and SHA-256 against the manifest, stores the item encrypted
     * (once by content hash), and records it. A repeat returns the stored item; a failed check leaves the upload open.
     *
     * @return the item, and whether it was already completed before
     */
    public Map.Entry<Item, Boolean> complete(ClientIdentity caller, String requestId, String uploadId) throws EvidenceException {
        return uploads.complete(caller, requestId, uploadId);
    }

    /** Start-up: deletes the part files of uploads that are completed (a crash after the commit) or unknown. */
    public void removeLeftoverParts() {
        uploads.removeLeftoverParts();
    }

    // ------------------------------------------------------------------------------------------ adapters

    /**
     * Stores the items of an adapter's data delivery for {@code requestId} (already checked to be a request to
     * {@code platformId}): inline items directly, download references through {@code download}. Each item on its own:
     * one that fails is reported with its code and may come again; the others are kept. Items already stored with the
     * same content are duplicates (nothing written).
     */
    public List<Delivered> acceptDelivery(String requestId, String platformId, PortalAnswer.DataDelivery delivery, Download download) {
        return deliveries.acceptDelivery(requestId, platformId, delivery, download);
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

    // ------------------------------------------------------------------------------------------ requester

    /** The evidence items of a request, for its submitter. */
    public List<Item> items(ClientIdentity caller, String requestId) throws EvidenceException {
        return reads.items(caller, requestId);
    }

    /** One item's metadata, for its request's submitter. */
    public Item describe(ClientIdentity caller, String requestId, String itemId) throws EvidenceException {
        return reads.describe(caller, requestId, itemId);
    }

    /**
     * Streams the decrypted item to {@code out}. The read is recorded (timeline and custody {@code EVIDENCE_OPENED} with
     * the item's SHA-256) and committed after every integrity check passed and before the first byte is written.
     */
    public long read(ClientIdentity caller, Item item, OutputStream out) throws EvidenceException, IOException {
        return reads.read(caller, item, out, false);
    }

    /** The cheap check of the file at rest (its recorded SHA-256), for an API that must answer before it streams. */
    public void checkAtRest(Item item) throws EvidenceException {
        reads.checkAtRest(item);
    }

    /** {@link #read} after {@link #checkAtRest} (when {@code checked}). */
    public long read(ClientIdentity caller, Item item, OutputStream out, boolean checked) throws EvidenceException, IOException {
        return reads.read(caller, item, out, checked);
    }
}
