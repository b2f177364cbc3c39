package eu.eevidence.gw.gateway.network;

import eu.eevidence.gw.gateway.infra.StorageException;
import eu.eevidence.gw.custody.entry.CustodyEventType;
import eu.eevidence.gw.gateway.custody.CustodyEvent;
import eu.eevidence.gw.gateway.custody.CustodyRecorder;
import eu.eevidence.gw.gateway.infra.Database;
import eu.eevidence.gw.gateway.access.ClientIdentity;
import eu.eevidence.gw.gateway.order.Digests;
import eu.eevidence.gw.gateway.order.EventCode;
import eu.eevidence.gw.gateway.order.RequestRecord;
import eu.eevidence.gw.gateway.order.RequestRepository;
import eu.eevidence.gw.gateway.order.TimelineEvent;
import eu.eevidence.gw.gateway.routing.PeerRoutes;
import eu.eevidence.gw.gateway.routing.PeerSpec;
import eu.eevidence.gw.pki.Certificates;
import eu.eevidence.gw.pki.CmsProfile;
import eu.eevidence.gw.pki.OpenedMessage;
import eu.eevidence.gw.pki.PkiError;
import eu.eevidence.gw.pki.PkiException;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.pki.SignerValidator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import eu.eevidence.gw.gateway.intake.IntakeError;

/**
 * The requesting side of the signed receipts after the hop (ADR-0016; ETSI REM calls them evidences, the wire keeps that
 * name): {@code POST /api/v1/network/evidences} from a
 * peer with a signed {@link NetworkReceipt} of kind DELIVERED or RETRIEVED about a request this node sent it. Checked:
 * the caller's TLS certificate is a configured peer's node certificate, the CMS signature verifies under the trust
 * anchors with role NODE and its signer is exactly that peer's certificate, the issuer is that peer and the sender this
 * node, the message id names a request of this node sent to that peer, and the message hash is the SHA-256 of the bytes
 * this node sent ({@code request.sealed_sha256}, the value its SUBMISSION_ACCEPTED receipt was checked against). Stored
 * once per (peer, receipt id) with a {@code RECEIPT_RECEIVED} custody entry and a timeline entry on the request (actor
 * {@code node:<peer>}); the request's lifecycle does not move. Every refusal has an {@code EEG-REM-*} code and changes
 * nothing.
 */
public final class ReceiptInbox {

    /** Path of the evidences endpoint on every node. */
    public static final String PATH = "/api/v1/network/evidences";
    /** Bound of an evidence's signed bytes. */
    public static final int MAX_BYTES = 64 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(ReceiptInbox.class);
    private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("[A-Za-z0-9._:-]{1,100}");

    /** What to answer: a status with a JSON body, or a problem ({@code code}, {@code detail}). */
    public record Reply(int status, Map<String, Object> body, String code, String detail) {
        static Reply ok(Map<String, Object> body) {
            return new Reply(200, body, null, null);
        }

        static Reply problem(int status, String code, String detail) {
            return new Reply(status, null, code, detail);
        }
    }

    /** The request an evidence is about, as this node sent it. */
    record Sent(String requestId, String platformId, String sealedSha256) {
    }

    /** A refusal of the rules ({@link #check}). */
    record Refusal(int status, String code, String detail) {
    }

    /** An evidence stored for a request. */
    public record Stored(String peerNodeId, String receiptId, String evidence, String messageId, String requestId, Instant issuedAt,
                         Instant receivedAt, String recipient, String sha256) {
        public Map<String, Object> view() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", evidence);
            m.put("issuer", peerNodeId);
            m.put("issuedAt", issuedAt);
            m.put("receivedAt", receivedAt);
            m.put("receiptId", receiptId);
            m.put("messageId", messageId);
            if (recipient != null) {
                m.put("recipient", recipient);
            }
            m.put("sha256", sha256);
            m.put("href", "/api/v1/requests/" + requestId + "/network-evidences/" + receiptId);
            return m;
        }
    }

    private final Database db;
    private final PeerRoutes routes;
    private final CmsProfile cms;
    private final SignerValidator peerTrust;
    private final RequestRepository requests;
    private final CustodyRecorder custody;
    private final Clock clock;

    public ReceiptInbox(Database db, PeerRoutes routes, CmsProfile cms, SignerValidator trust, RequestRepository requests, CustodyRecorder custody,
                         Clock clock) {
        this.db = db;
        this.routes = routes;
        this.cms = cms;
        this.peerTrust = trust.requiringRole(Role.NODE);
        this.requests = requests;
        this.custody = custody;
        this.clock = clock;
    }

    /**
     * One evidence of a peer.
     *
     * @param senderNode the {@code X-EEG-Sender-Node} header, optional; when given it must name the caller's peer
     */
    public Reply receive(ClientIdentity caller, String senderNode, byte[] bytes) {
        PeerSpec peer = peerOf(caller).orElse(null);
        if (peer == null || (senderNode != null && !senderNode.equals(peer.nodeId()))) {
            LOG.warn(NetworkError.REM_UNKNOWN_PEER.code() + " evidence from {} claiming '{}' refused", caller == null ? "?" : caller.fingerprint(),
                    senderNode == null ? "" : PeerRoutes.printable(senderNode));
            return Reply.problem(403, NetworkError.REM_UNKNOWN_PEER.code(), "the client certificate is not the node certificate of a configured peer");
        }
        if (bytes == null || bytes.length == 0) {
            return refused(peer, new Refusal(400, NetworkError.REM_MALFORMED.code(), "the body must be the evidence as CMS SignedData"));
        }
        OpenedMessage opened;
        try {
            opened = cms.verify(bytes, peerTrust);
        } catch (PkiException e) {
            return refused(peer, e.error() == PkiError.MALFORMED_CMS
                    ? new Refusal(400, NetworkError.REM_MALFORMED.code(), "the body is not a CMS SignedData evidence (" + e.code() + ")")
                    : new Refusal(422, NetworkError.REM_SIGNATURE.code(), "the evidence's signature does not verify under the network's trust anchors ("
                            + e.code() + ")"));
        }
        if (!sameCertificate(opened.signer(), peer)) {
            return refused(peer, new Refusal(422, NetworkError.REM_SIGNER.code(), "the evidence is signed by " + opened.signer().getSubjectX500Principal()
                    + ", not by the sending peer's node certificate"));
        }
        NetworkReceipt receipt;
        try {
            receipt = NetworkReceipt.fromJson(opened.content());
        } catch (NetworkException e) {
            return refused(peer, new Refusal(400, NetworkError.REM_MALFORMED.code(), "the signed content is not a network receipt"));
        }
        String sha = Digests.sha256(bytes);
        try {
            Optional<Refusal> before = checkIssuer(receipt, peer, routes.self().nodeId());
            if (before.isPresent()) {
                return refused(peer, before.get());
            }
            Optional<Stored> earlier = db.read(c -> ReceiptStore.find(c, peer.nodeId(), receipt.receiptId()));
            if (earlier.isPresent()) {
                return duplicate(peer, receipt, sha, earlier.get());
            }
            Optional<Sent> sent = db.read(c -> {
                Optional<java.util.List<String>> request = requests.requestSentTo(c, receipt.messageId(), peer.nodeId());
                // ADR-0032: else a follow-up of a request sent to the peer (its notice id is the catalogue message id)
                return (request.isPresent() ? request : requests.noticeSentTo(c, receipt.messageId(), peer.nodeId()))
                        .map(x -> new Sent(x.get(0), x.get(1), x.get(2)));
            });
            Optional<Refusal> refusal = check(receipt, peer, routes.self().nodeId(), sent);
            if (refusal.isPresent()) {
                return refused(peer, refusal.get());
            }
            return accept(peer, receipt, bytes, sha, sent.get());
        } catch (StorageException e) {
            LOG.error(IntakeError.DB_UNAVAILABLE.code() + " evidence {} from {} not taken: {}", receipt.receiptId(), peer.nodeId(),
                    e.causeName());
            return Reply.problem(503, IntakeError.DB_UNAVAILABLE.code(), "the node's database did not take the evidence; send it again");
        }
    }

    /** The rules about who issued the evidence to whom, and its kind (before any lookup). */
    static Optional<Refusal> checkIssuer(NetworkReceipt r, PeerSpec peer, String self) {
        if (!ID.matcher(r.receiptId()).matches() || !ID.matcher(r.messageId()).matches()) {
            return Optional.of(new Refusal(400, NetworkError.REM_MALFORMED.code(),
                    "the receipt id and message id must be 1-100 letters, digits, '.', '_', ':' or '-'"));
        }
        if (!r.evidence().afterTheHop()) {
            return Optional.of(new Refusal(422, NetworkError.REM_KIND.code(), "only DELIVERED and RETRIEVED evidences are sent on their own, not "
                    + r.evidence()));
        }
        if (!r.issuer().equals(peer.nodeId())) {
            return Optional.of(new Refusal(422, NetworkError.REM_ISSUER.code(), "the evidence names issuer " + PeerRoutes.printable(r.issuer())
                    + ", the sending peer is " + peer.nodeId()));
        }
        if (!r.sender().equals(self)) {
            return Optional.of(new Refusal(422, NetworkError.REM_ISSUER.code(), "the evidence is about a message of " + PeerRoutes.printable(r.sender())
                    + ", not of this node"));
        }
        return Optional.empty();
    }

    /** All rules of an evidence against what this node sent ({@code sent}: the request of this node with that message id, if any). */
    static Optional<Refusal> check(NetworkReceipt r, PeerSpec peer, String self, Optional<Sent> sent) {
        Optional<Refusal> issuer = checkIssuer(r, peer, self);
        if (issuer.isPresent()) {
            return issuer;
        }
        if (sent.isEmpty() || !sent.get().platformId().equals(peer.nodeId())) {
            return Optional.of(new Refusal(422, NetworkError.REM_UNKNOWN_MESSAGE.code(), "no request of this node was sent to " + peer.nodeId()
                    + " with message id " + PeerRoutes.printable(r.messageId())));
        }
        if (!sent.get().sealedSha256().equals(r.messageSha256())) {
            return Optional.of(new Refusal(422, NetworkError.REM_MISMATCH.code(), "the evidence names other bytes than those this node sent as "
                    + PeerRoutes.printable(r.messageId())));
        }
        return Optional.empty();
    }

    private Reply accept(PeerSpec peer, NetworkReceipt r, byte[] signed, String sha, Sent sent) {
        Instant now = clock.instant();
        String recipient = r.recipient() == null ? null : clip(printableText(r.recipient()), 300);
        String actor = "node:" + peer.nodeId();
        String fingerprint = Certificates.sha256Fingerprint(peer.certificate());
        try {
            db.inTx(c -> {
                RequestRecord request = requests.find(c, sent.requestId(), true).orElseThrow();
                ReceiptStore.insert(c, r, new ReceiptStore.Received(peer.nodeId(), sent.requestId(), now, recipient, signed, sha));
                requests.appendEvent(c, request.id(), new TimelineEvent(0, EventCode.NETWORK_EVIDENCE, null, null, r.issuedAt(), now, actor,
                        clip(timelineText(r, peer, recipient), 2000)));
                custody.stage(c, new CustodyEvent(CustodyEventType.RECEIPT_RECEIVED, request.id(), r.issuedAt(), actor, fingerprint, null, null, sha,
                        r.evidence() + " " + r.receiptId() + " for " + r.messageId() + " from peer " + peer.nodeId()));
                return null;
            });
        } catch (StorageException e) {
            Optional<Stored> raced = db.read(c -> ReceiptStore.find(c, peer.nodeId(), r.receiptId()));
            if (raced.isPresent()) {
                return duplicate(peer, r, sha, raced.get());
            }
            throw e;
        }
        custody.committed();
        LOG.info(NetworkError.REM_RECEIVED.code() + " {} {} for request {} ({}) from {}", r.evidence(), r.receiptId(), sent.requestId(), r.messageId(),
                peer.nodeId());
        return Reply.ok(answer(r, sha, false));
    }

    private Reply duplicate(PeerSpec peer, NetworkReceipt r, String sha, Stored earlier) {
        if (!earlier.sha256().equals(sha)) {
            return refused(peer, new Refusal(422, NetworkError.REM_DUPLICATE_CONFLICT.code(), "another evidence with receipt id "
                    + PeerRoutes.printable(r.receiptId())
                    + " was already received from " + peer.nodeId()));
        }
        LOG.info(NetworkError.REM_DUPLICATE.code() + " {} from {} received again; nothing new", r.receiptId(), peer.nodeId());
        return Reply.ok(answer(r, sha, true));
    }

    private static Reply refused(PeerSpec peer, Refusal r) {
        LOG.warn("{} evidence from {} refused: {}", r.code(), peer.nodeId(), r.detail());
        return Reply.problem(r.status(), r.code(), r.detail());
    }

    private static Map<String, Object> answer(NetworkReceipt r, String sha, boolean duplicate) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("receiptId", r.receiptId());
        m.put("evidence", r.evidence().name());
        m.put("sha256", sha);
        m.put("duplicate", duplicate);
        return m;
    }

    static String timelineText(NetworkReceipt r, PeerSpec peer, String recipient) {
        String who = peer.country() + "'s " + ReceiptIssuer.function(peer.identity().role());
        String what = r.evidence() == NetworkReceipt.Evidence.DELIVERED
                ? "DELIVERED: in the review queue of " + who
                : "RETRIEVED: opened by " + who + " at " + r.issuedAt();
        return what + " (evidence " + r.receiptId() + (recipient == null ? "" : "; " + recipient) + ")";
    }

    private Optional<PeerSpec> peerOf(ClientIdentity caller) {
        if (caller == null || !caller.roles().contains(Role.NODE)) {
            return Optional.empty();
        }
        return routes.all().stream().filter(p -> p.hasFingerprint(caller.fingerprint())).findFirst(); // peerlive: rollover
    }

    private static boolean sameCertificate(java.security.cert.X509Certificate signer, PeerSpec peer) {
        return peer.hasCertificate(signer); // peerlive: any certificate the directory lists for the peer (rollover)
    }

    private static String printableText(String s) {
        return s.replaceAll("[\\p{Cntrl}]", "?");
    }

    private static String clip(String s, int max) {
        return s.length() > max ? s.substring(0, max) : s;
    }

    /** The receipts of a request of this node, oldest issued first. */
    public List<Stored> forRequest(String requestId) {
        return db.read(c -> ReceiptStore.forRequest(c, requestId));
    }

    /** The signed bytes of one receipt of a request, as the peer sent them. */
    public Optional<byte[]> signed(String requestId, String receiptId) {
        return db.read(c -> ReceiptStore.signed(c, requestId, receiptId));
    }
}
