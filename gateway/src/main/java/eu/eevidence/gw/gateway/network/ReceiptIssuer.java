package eu.eevidence.gw.gateway.network;

import eu.eevidence.gw.gateway.infra.StorageException;
import eu.eevidence.gw.gateway.infra.Tx;
import eu.eevidence.gw.custody.entry.CustodyEventType;
import eu.eevidence.gw.gateway.custody.CustodyEvent;
import eu.eevidence.gw.gateway.custody.CustodyRecorder;
import eu.eevidence.gw.gateway.access.ClientIdentity;
import eu.eevidence.gw.gateway.order.Digests;
import eu.eevidence.gw.gateway.routing.NodeRole;
import eu.eevidence.gw.gateway.routing.PeerRoutes;
import eu.eevidence.gw.gateway.routing.PeerSpec;
import eu.eevidence.gw.pki.CmsProfile;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.PkiException;
import eu.eevidence.gw.pki.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The requested side's signed receipts after the hop (ADR-0016; the ETSI REM "evidences" of kinds DELIVERED and
 * RETRIEVED, called receipts in the code so that "evidence" means only a case's evidence): {@code DELIVERED} when a peer's request became a
 * case (it is in the review queue of this Party's 24/7 contact point) and {@code RETRIEVED} when that contact point opened
 * the case for the first time. Each is a {@link NetworkReceipt} signed with the node key, naming the message id and the
 * SHA-256 of the protected bytes as received (the values of the hop's SUBMISSION_ACCEPTED), queued to the requesting peer
 * in the transaction that records the fact (a receipt row of the {@link NetworkOutbox}, kind {@code EVIDENCE} in the table: its sweeper, the peer's durable
 * queue, retries and dead letter) with a {@code RECEIPT_ISSUED} custody entry.
 */
public final class ReceiptIssuer implements CaseReceipts {

    private static final Logger LOG = LoggerFactory.getLogger(ReceiptIssuer.class);

    /** A signed receipt ready to be queued. */
    public record Issued(NetworkReceipt receipt, byte[] signed, String sha256) {
    }

    private final PeerRoutes routes;
    private final CmsProfile cms;
    private final KeyMaterial nodeKey;
    private final NetworkOutbox outbox;
    private final CustodyRecorder custody;

    public ReceiptIssuer(PeerRoutes routes, CmsProfile cms, KeyMaterial nodeKey, NetworkOutbox outbox, CustodyRecorder custody) {
        this.routes = routes;
        this.cms = cms;
        this.nodeKey = nodeKey;
        this.outbox = outbox;
        this.custody = custody;
    }

    /** Signs the DELIVERED receipt for a peer's request (before the inbox transaction, like its SUBMISSION_ACCEPTED). */
    public Issued delivered(PeerSpec peer, String messageId, String messageSha256, Instant at) throws PkiException {
        return sign(new NetworkReceipt(NetworkReceipt.Evidence.DELIVERED, "RCPT-" + UUID.randomUUID(), messageId, messageSha256, peer.nodeId(),
                routes.self().nodeId(), at, null, null, "the review queue of the " + function(routes.self().role()) + " of " + routes.self().country()
                + " (node " + routes.self().nodeId() + ")"));
    }

    /** Queues a signed receipt to {@code peer} and stages its RECEIPT_ISSUED custody entry, in the caller's transaction. */
    public String queue(Tx c, PeerSpec peer, Issued issued, String caseId) {
        NetworkReceipt r = issued.receipt();
        String outId = outbox.queueReceipt(c, peer.nodeId(), r, issued.signed());
        custody.stage(c, new CustodyEvent(CustodyEventType.RECEIPT_ISSUED, caseId, r.issuedAt(), "node", null, null, null, issued.sha256(),
                r.evidence() + " " + r.receiptId() + " for " + r.messageId() + " to peer " + peer.nodeId() + " (case " + caseId + ", outbox " + outId + ")"));
        LOG.info(NetworkError.REM_ISSUED.code() + " {} {} for {} to {} (case {}, outbox {})", r.evidence(), r.receiptId(), r.messageId(), peer.nodeId(),
                caseId, outId);
        return outId;
    }

    /** After the transaction that queued a receipt committed: the outbox sweeps it without waiting for its next round. */
    public void committed() {
        outbox.kick();
    }

    @Override
    public void retrieved(Tx c, String peerNodeId, String messageId, String caseId, ClientIdentity who, Instant at) {
        PeerSpec peer = routes.byId(peerNodeId).orElse(null);
        Optional<String> sha = peer == null ? Optional.empty() : InboxStore.receivedSha256(c, peerNodeId, messageId);
        if (sha.isEmpty()) {
            LOG.warn(NetworkError.REM_NO_HOP.code() + " case {} was not received from a configured peer ({} {}); no RETRIEVED evidence", caseId, peerNodeId,
                    messageId);
            return;
        }
        String roles = String.join(",", new TreeSet<>(who.roles().stream().map(Role::name).toList()));
        NetworkReceipt receipt = new NetworkReceipt(NetworkReceipt.Evidence.RETRIEVED, "RCPT-" + UUID.randomUUID(), messageId, sha.get(),
                peerNodeId, routes.self().nodeId(), at, null, null, roles + " of " + routes.self().country() + " (node " + routes.self().nodeId()
                + "), certificate sha256 " + who.fingerprint());
        Issued issued;
        try {
            issued = sign(receipt);
        } catch (PkiException e) {
            LOG.error(NetworkError.REM_SIGN_FAILED.code() + " RETRIEVED for {} of {}: {}", messageId, peerNodeId, e.error().code());
            throw new StorageException(NetworkError.REM_SIGN_FAILED.code() + " the node could not sign the RETRIEVED evidence");
        }
        queue(c, peer, issued, caseId);
    }

    private Issued sign(NetworkReceipt receipt) throws PkiException {
        byte[] signed = receipt.sign(cms, nodeKey);
        return new Issued(receipt, signed, Digests.sha256(signed));
    }

    static String function(NodeRole role) {
        return switch (role) {
            case CONTACT_POINT_24_7 -> "24/7 contact point";
            case CENTRAL_AUTHORITY -> "central authority";
            case ISSUING_AUTHORITY -> "issuing authority";
        };
    }
}
