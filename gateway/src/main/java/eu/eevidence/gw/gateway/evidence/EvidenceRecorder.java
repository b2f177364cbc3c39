package eu.eevidence.gw.gateway.evidence;

import com.fasterxml.jackson.core.JsonProcessingException;
import eu.eevidence.gw.custody.entry.CustodyEventType;
import eu.eevidence.gw.gateway.custody.CustodyEvent;
import eu.eevidence.gw.gateway.custody.CustodyRecorder;
import eu.eevidence.gw.gateway.infra.Tx;
import eu.eevidence.gw.gateway.order.EventCode;
import eu.eevidence.gw.gateway.order.RequestRecord;
import eu.eevidence.gw.gateway.order.RequestRepository;
import eu.eevidence.gw.gateway.order.TimelineEvent;
import eu.eevidence.gw.schema.codec.JsonCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the node knows of a request's items and how an item becomes known: the item rows ({@link EvidenceItemStore}),
 * the items the execution reports declare ({@link ManifestQueries}), and {@link #record}, which signs the node's
 * record of a verified item and writes the item row, its timeline event and its custody entry ({@code EVIDENCE_STORED})
 * in one transaction after the bytes are durable. Shared by the uploads and the adapters' deliveries.
 */
final class EvidenceRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(EvidenceRecorder.class);

    private final RequestRepository requests;
    private final CustodyRecorder custody;
    private final Clock clock;
    private final EvidenceService.NodeSigner signer;
    private final EvidenceStore store;
    private final EvidenceItemStore items;
    private final ManifestQueries manifests;

    /** Who supplied an item and how: source (UPLOAD, INLINE, DOWNLOAD, NODE), actor, its certificate, the answer, the way. */
    record Supply(String source, String actor, String fingerprint, String answerId, String via) {
    }

    /** More writes of the caller in the transaction that records the item (e.g. the upload completed). */
    @FunctionalInterface
    interface Extra {
        void apply(Tx c);
    }

    EvidenceRecorder(RequestRepository requests, CustodyRecorder custody, Clock clock, EvidenceService.NodeSigner signer, EvidenceStore store,
                     EvidenceItemStore items, ManifestQueries manifests) {
        this.requests = requests;
        this.custody = custody;
        this.clock = clock;
        this.signer = signer;
        this.store = store;
        this.items = items;
        this.manifests = manifests;
    }

    /** The stored item {@code itemId} of a request. */
    Optional<EvidenceService.Item> item(String requestId, String itemId) {
        return requests.database().read(c -> items.find(c, requestId, itemId));
    }

    /** The stored items of a request, in the order they were stored. */
    List<EvidenceService.Item> items(String requestId) {
        return requests.database().read(c -> items.list(c, requestId));
    }

    /** The item as declared in the latest stored execution report of the request that lists it. */
    Optional<ManifestQueries.Declared> declared(String requestId, String itemId) {
        return requests.database().read(c -> manifests.declared(c, requestId, itemId));
    }

    /** The CMS hash of the same content already stored: within the request in the per-request layout (ADR-0020). */
    String knownCms(String requestId, String sha256) {
        String within = store.perRequest() ? requestId : null;
        return requests.database().read(c -> items.knownCms(c, sha256, within));
    }

    /** Item row, signed record, custody and timeline in one transaction (the bytes are already durable). */
    EvidenceService.Item record(RequestRecord r, String itemId, String mediaType, EvidenceStore.Stored stored, Supply supply, Extra extra)
            throws EvidenceException {
        Instant now = clock.instant();
        byte[] signed = sign(r, itemId, mediaType, stored, supply, now);
        EvidenceService.Item item = requests.database().inTx(c -> {
            RequestRecord locked = requests.find(c, r.id(), true).orElseThrow();
            Optional<EvidenceService.Item> existing = items.find(c, r.id(), itemId);
            extra.apply(c);
            if (existing.isPresent()) {
                return existing.get();
            }
            items.insert(c, new EvidenceService.Item(r.id(), itemId, stored.sha256(), stored.size(), mediaType, supply.source(), supply.actor(),
                    supply.answerId(), stored.cmsSha256(), now, signed), supply.fingerprint());
            requests.appendEvent(c, r.id(), new TimelineEvent(0, EventCode.EVIDENCE_STORED, locked.state(), locked.state(), now, now, supply.actor(),
                    "evidence item " + itemId + " stored encrypted (" + stored.size() + " bytes, SHA-256 " + stored.sha256() + ")"));
            custody.stage(c, new CustodyEvent(CustodyEventType.EVIDENCE_STORED, r.id(), now, supply.actor(), supply.fingerprint(), locked.state(),
                    locked.state(), stored.sha256(), "item " + itemId + " verified against the manifest of " + supply.answerId()
                    + " and stored encrypted (" + supply.via() + ")"));
            return items.find(c, r.id(), itemId).orElseThrow();
        });
        custody.committed();
        LOG.info(EvidenceError.EVD_STORED.code() + " request {} item {} ({} bytes, {}{})", r.id(), itemId, stored.size(), supply.source(),
                stored.duplicate() ? ", content already held" : "");
        return item;
    }

    /** The node's signed record of what it verified (canonical JSON, CMS SignedData). */
    private byte[] sign(RequestRecord r, String itemId, String mediaType, EvidenceStore.Stored stored, Supply supply, Instant now)
            throws EvidenceException {
        Map<String, Object> rec = new TreeMap<>();
        rec.put("requestId", r.id());
        rec.put("itemId", itemId);
        rec.put("mediaType", mediaType);
        rec.put("size", stored.size());
        rec.put("sha256", stored.sha256());
        rec.put("encryptedSha256", stored.cmsSha256());
        rec.put("source", supply.source());
        rec.put("supplier", supply.actor());
        rec.put("supplierCertSha256", supply.fingerprint());
        rec.put("answerId", supply.answerId());
        rec.put("storedAt", now.toString());
        try {
            return signer.sign(JsonCodec.canonicalMapper().writeValueAsBytes(rec));
        } catch (JsonProcessingException e) {
            throw new EvidenceException(500, EvidenceError.EVD_STORE.code(), "cannot encode the item record", e);
        } catch (Exception e) {
            throw new EvidenceException(500, EvidenceError.EVD_SIGN.code(), "the node cannot sign the item record: " + e.getMessage(), e);
        }
    }
}
