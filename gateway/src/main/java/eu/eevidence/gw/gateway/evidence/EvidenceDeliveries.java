package eu.eevidence.gw.gateway.evidence;

import eu.eevidence.gw.adapter.api.FetchOutcome;
import eu.eevidence.gw.adapter.api.PortalAnswer;
import eu.eevidence.gw.gateway.order.RequestRecord;
import eu.eevidence.gw.gateway.order.RequestRepository;
import eu.eevidence.gw.gateway.routing.PeerRoutes;
import eu.eevidence.gw.gateway.routing.Platform;
import eu.eevidence.gw.gateway.routing.PlatformRoutes;
import eu.eevidence.gw.pki.Certificates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Items delivered by adapters ({@link PortalAnswer.DataDelivery}, ADR-0010): inline or by download reference, and items a
 * peer node re-protected for this node (ADR-0017). Each item on its own: checked, stored once by content hash in the
 * {@link EvidenceStore} and recorded ({@link EvidenceRecorder}); one that fails is reported with its code.
 */
final class EvidenceDeliveries {

    private static final Logger LOG = LoggerFactory.getLogger(EvidenceDeliveries.class);

    private final RequestRepository requests;
    private final PlatformRoutes directory;
    private final EvidenceStore store;
    private final EvidenceLimits limits;
    private final EvidenceRecorder recorder;

    EvidenceDeliveries(RequestRepository requests, PlatformRoutes directory, EvidenceStore store, EvidenceLimits limits, EvidenceRecorder recorder) {
        this.requests = requests;
        this.directory = directory;
        this.store = store;
        this.limits = limits;
        this.recorder = recorder;
    }

    /** See {@link EvidenceService#acceptDelivery}. */
    List<EvidenceService.Delivered> acceptDelivery(String requestId, String platformId, PortalAnswer.DataDelivery delivery,
                                                   EvidenceService.Download download) {
        RequestRecord r = requests.find(requestId).orElseThrow(() -> new IllegalArgumentException("unknown request " + requestId));
        if (!r.platformId().equals(platformId)) {
            throw new IllegalArgumentException("request " + requestId + " is not addressed to " + platformId);
        }
        List<EvidenceService.Delivered> out = new ArrayList<>();
        // xfer: a peer node (adapter gateway-node) is the supplier of items it re-protected for this node (ADR-0017)
        Optional<Platform> supplier = directory.find(platformId).filter(p -> PeerRoutes.ADAPTER_KIND.equals(p.adapterKind()));
        String actor = supplier.isPresent() ? "node:" + platformId : "platform:" + platformId;
        String supplierFingerprint = supplier.map(p -> p.encryptionCertificate() == null ? null : Certificates.sha256Fingerprint(p.encryptionCertificate()))
                .orElse(null);
        String via = supplier.isPresent() ? "from node " + platformId + ", its report " + delivery.answerId()
                : "data delivery " + delivery.answerId() + " part " + delivery.part();
        for (PortalAnswer.ManifestItem m : delivery.items()) {
            try {
                Optional<EvidenceService.Item> existing = recorder.item(requestId, m.itemId());
                if (existing.isPresent()) {
                    if (!existing.get().sha256().equals(m.sha256())) {
                        throw new EvidenceException(409, EvidenceError.EVD_ITEM_CONFLICT.code(), "item " + m.itemId()
                                + " is already stored with other content");
                    }
                    out.add(new EvidenceService.Delivered(m.itemId(), "duplicate", null));
                    continue;
                }
                if (m.size() > limits.maxItemBytes()) {
                    throw new EvidenceException(413, EvidenceError.EVD_TOO_LARGE.code(), "items above " + limits.maxItemBytes() + " bytes are not taken");
                }
                String source = m.inline() != null ? "INLINE" : supplier.isPresent() ? "NODE" : "DOWNLOAD";
                EvidenceStore.Stored stored = m.inline() != null
                        ? store.put(requestId, new ByteArrayInputStream(m.inline()), m.size(), m.sha256(), recorder.knownCms(requestId, m.sha256()))
                        : fetch(requestId, m, download);
                recorder.record(r, m.itemId(), m.mediaType(), stored, new EvidenceRecorder.Supply(source, actor, supplierFingerprint, delivery.answerId(), via),
                        c -> {
                        });
                out.add(new EvidenceService.Delivered(m.itemId(), stored.duplicate() ? "stored (content already held)" : "stored", null));
            } catch (EvidenceException e) {
                if (e.getMessage() != null && e.getMessage().startsWith(EvidenceError.XFER_NOT_YET.code())) {
                    // a peer node that does not hold the item yet: a normal wait of the evidence transfer, not an operator matter
                    LOG.info("{} request {} item {} of delivery {}: {}", e.code(), requestId, m.itemId(), delivery.answerId(), e.getMessage());
                } else {
                    LOG.warn("{} request {} item {} of delivery {}: {}", e.code(), requestId, m.itemId(), delivery.answerId(), e.getMessage());
                }
                out.add(new EvidenceService.Delivered(m.itemId(), "refused", e.code()));
            }
        }
        return out;
    }

    /** Downloads a referenced item straight into the evidence store. */
    private EvidenceStore.Stored fetch(String requestId, PortalAnswer.ManifestItem m, EvidenceService.Download download) throws EvidenceException {
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
            return store.put(requestId, in, m.size(), m.sha256(), recorder.knownCms(requestId, m.sha256()));
        } catch (IOException e) {
            throw new EvidenceException(502, EvidenceError.EVD_FETCH.code(), e.getMessage(), e);
        }
    }
}
