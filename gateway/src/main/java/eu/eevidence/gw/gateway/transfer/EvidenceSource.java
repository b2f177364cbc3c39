package eu.eevidence.gw.gateway.transfer;

import eu.eevidence.gw.gateway.infra.Tx;
import eu.eevidence.gw.custody.entry.CustodyEventType;
import eu.eevidence.gw.gateway.custody.CustodyEvent;
import eu.eevidence.gw.gateway.custody.CustodyRecorder;
import eu.eevidence.gw.gateway.evidence.EvidenceException;
import eu.eevidence.gw.gateway.evidence.EvidenceExport;
import eu.eevidence.gw.gateway.evidence.EvidenceStore;
import eu.eevidence.gw.gateway.infra.Database;
import eu.eevidence.gw.gateway.access.ClientIdentity;
import eu.eevidence.gw.gateway.routing.PeerRoutes;
import eu.eevidence.gw.gateway.routing.PeerSpec;
import eu.eevidence.gw.pki.CmsProfile;
import eu.eevidence.gw.pki.Certificates;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.ProtectedStream;
import eu.eevidence.gw.pki.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * The requested node's side of the evidence transfer (ADR-0017): serves an evidence item of an accepted case to the
 * peer node that sent the case's request, re-protected for it (signed by this node, encrypted for the peer's node
 * certificate) as a stream. Rules, in order: the caller's TLS certificate is a configured peer's node certificate
 * (else 403 {@code EEG-XFER-UNKNOWN-PEER}); that peer sent a request with this message id, this node's contact point
 * accepted it (decision ACCEPT, domestic order made, case not withdrawn) and the domestic request holds the item in
 * the evidence store (else 404 {@code EEG-XFER-NOT-FOUND}; 409 {@code EEG-XFER-NOT-YET} when the platform's execution
 * report declares the item but its bytes are not stored yet). The release is a custody entry {@code EVIDENCE_SENT}
 * (item SHA-256, the peer, the case) committed before the first byte.
 */
public final class EvidenceSource {

    private static final Logger LOG = LoggerFactory.getLogger(EvidenceSource.class);

    private final Database db;
    private final TransferStores stores;
    private final PeerRoutes routes;
    private final EvidenceStore store;
    private final CmsProfile cms;
    private final KeyMaterial nodeKey;
    private final CustodyRecorder custody;
    private final Clock clock;

    /** A refusal: status, code, message. */
    public static final class Refused extends Exception {
        private final int status;
        private final String code;

        public Refused(int status, String code, String message) {
            super(message);
            this.status = status;
            this.code = code;
        }

        public int status() {
            return status;
        }

        public String code() {
            return code;
        }
    }

    /** The case as far as the rules need it (null fields when unknown). */
    public record CaseRow(String id, String state, String decision, String domesticRequestId) {
    }

    /** An item found for release. */
    public record Release(PeerSpec peer, String caseId, String domesticRequestId, String itemId, String sha256, long size, String mediaType,
                          String cmsSha256) {
    }

    /** {@code needs}: the database, custody and clock; {@code stores}: the cases and the evidence items and reports. */
    EvidenceSource(TransferModule.Needs needs, TransferStores stores, PeerRoutes routes, EvidenceStore store, CmsProfile cms, KeyMaterial nodeKey) {
        this.db = needs.db();
        this.stores = stores;
        this.routes = routes;
        this.store = store;
        this.cms = cms;
        this.nodeKey = nodeKey;
        this.custody = needs.custody();
        this.clock = needs.clock();
    }

    /** The peer whose node certificate the caller presented, if any. */
    Optional<PeerSpec> peerOf(ClientIdentity caller) {
        if (caller == null || !caller.roles().contains(Role.NODE)) {
            return Optional.empty();
        }
        return routes.all().stream().filter(p -> p.hasFingerprint(caller.fingerprint())).findFirst(); // peerlive: rollover
    }

    /**
     * The rules on the case and the item (pure): the case must exist for that peer and have been accepted with a
     * domestic order; the item must be stored (release), else declared (not yet), else unknown.
     */
    static void check(CaseRow k, boolean stored, boolean declared) throws Refused {
        if (k == null) {
            throw new Refused(404, TransferCodes.NOT_FOUND, "no case of this node was opened by your message with this id");
        }
        if (!"ACCEPT".equals(k.decision()) || k.domesticRequestId() == null || "WITHDRAWN".equals(k.state())) {
            throw new Refused(404, TransferCodes.NOT_FOUND, "the case opened by this message is not an accepted order of this node");
        }
        if (stored) {
            return;
        }
        if (declared) {
            throw new Refused(409, TransferCodes.NOT_YET, "the platform declared this item but its bytes are not stored yet; ask again later");
        }
        throw new Refused(404, TransferCodes.NOT_FOUND, "the case has no evidence item with this id");
    }

    private record Found(CaseRow k, Release item, boolean declared) {
    }

    /** Finds what the caller may receive, or says why not (nothing is recorded for a refusal but an operator log line). */
    public Release release(ClientIdentity caller, String messageId, String itemId) throws Refused {
        PeerSpec peer = peerOf(caller).orElse(null);
        if (peer == null) {
            LOG.warn("{} evidence request by {} refused: not a configured peer node", TransferCodes.UNKNOWN_PEER, caller == null ? "?" : caller.fingerprint());
            throw new Refused(403, TransferCodes.UNKNOWN_PEER, "only configured peer nodes may fetch evidence");
        }
        if (messageId == null || itemId == null || messageId.length() > 100 || itemId.length() > 100) {
            throw new Refused(404, TransferCodes.NOT_FOUND, "no such item");
        }
        Found f = db.read(c -> {
            CaseRow k = stores.cases().caseOf(c, peer.nodeId(), messageId);
            boolean ordered = k != null && k.domesticRequestId() != null;
            Release item = ordered ? stored(c, peer, k, itemId) : null;
            return new Found(k, item, item == null && ordered && stores.reports().declared(c, k.domesticRequestId(), itemId).isPresent());
        });
        try {
            check(f.k(), f.item() != null, f.declared());
        } catch (Refused r) {
            LOG.info("{} evidence item {} of message {} for node {}: {}", r.code(), clip(itemId), clip(messageId), peer.nodeId(), r.getMessage());
            throw r;
        }
        return f.item();
    }

    /**
     * Streams the item re-protected for the peer to {@code out}: the file's recorded hash is checked first (a refusal
     * before any byte), the release is recorded ({@code EVIDENCE_SENT}), then the stream.
     */
    public ProtectedStream send(Release r, OutputStream out) throws EvidenceException, IOException {
        checkAtRest(r);
        Instant now = clock.instant();
        String fingerprint = Certificates.sha256Fingerprint(r.peer().certificate());
        db.inTx(c -> {
            custody.stage(c, new CustodyEvent(CustodyEventType.EVIDENCE_SENT, r.caseId(), now, "node:" + r.peer().nodeId(), fingerprint, null, null,
                    r.sha256(), "evidence item " + r.itemId() + " of domestic request " + r.domesticRequestId() + " (case " + r.caseId()
                    + ", " + r.size() + " bytes) signed by this node, encrypted for node " + r.peer().nodeId() + " and sent to it"));
            return null;
        });
        custody.committed();
        long t0 = System.nanoTime();
        ProtectedStream ps = EvidenceExport.reprotect(store, r.domesticRequestId(), r.sha256(), cms, nodeKey, r.peer().certificate(), out);
        LOG.info(TransferError.XFER_SENT.code() + " case {} item {} ({} bytes, {} protected) to node {} in {} ms", r.caseId(), r.itemId(), ps.contentLength(),
                ps.cmsLength(), r.peer().nodeId(), (System.nanoTime() - t0) / 1_000_000);
        return ps;
    }

    /** The cheap check of the stored file (its recorded SHA-256), so that a refusal is answered before streaming. */
    public void checkAtRest(Release r) throws EvidenceException {
        try {
            store.check(r.domesticRequestId(), r.sha256(), r.cmsSha256());
        } catch (EvidenceException | IOException e) {
            LOG.error("{} evidence item {} of case {} not released: {}", TransferCodes.SOURCE, r.itemId(), r.caseId(), e.getMessage());
            throw new EvidenceException(500, TransferCodes.SOURCE, "the stored item failed its integrity check; nothing was released", e);
        }
    }

    /** The item of the case's domestic request, if its bytes are stored. */
    private Release stored(Tx c, PeerSpec peer, CaseRow k, String itemId) {
        return stores.items().find(c, k.domesticRequestId(), itemId).map(i -> new Release(peer, k.id(), k.domesticRequestId(), itemId, i.sha256(),
                i.size(), i.mediaType(), i.cmsSha256())).orElse(null);
    }

    private static String clip(String s) {
        String t = s.replaceAll("[^A-Za-z0-9._:/-]", "?");
        return t.length() > 100 ? t.substring(0, 100) : t;
    }
}
