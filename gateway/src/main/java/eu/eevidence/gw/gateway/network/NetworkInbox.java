package eu.eevidence.gw.gateway.network;

import eu.eevidence.gw.gateway.infra.StorageException;
import eu.eevidence.gw.custody.entry.CustodyEventType;
import eu.eevidence.gw.gateway.answer.AnswerResult;
import eu.eevidence.gw.gateway.answer.AnswerService;
import eu.eevidence.gw.gateway.custody.CustodyEvent;
import eu.eevidence.gw.gateway.custody.CustodyRecorder;
import eu.eevidence.gw.gateway.infra.Database;
import eu.eevidence.gw.gateway.access.ClientIdentity;
import eu.eevidence.gw.gateway.order.Digests;
import eu.eevidence.gw.gateway.routing.PeerRoutes;
import eu.eevidence.gw.gateway.routing.PeerSpec;
import eu.eevidence.gw.pki.Certificates;
import eu.eevidence.gw.pki.CmsProfile;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.OpenedMessage;
import eu.eevidence.gw.pki.PkiException;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.pki.SignerValidator;
import eu.eevidence.gw.schema.Envelope;
import eu.eevidence.gw.schema.EvidenceRequest;
import eu.eevidence.gw.schema.LifecycleMessage;
import eu.eevidence.gw.schema.catalogue.MessageCatalogue;
import eu.eevidence.gw.schema.codec.Decoded;
import eu.eevidence.gw.schema.validation.Violation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.cert.CertificateEncodingException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import eu.eevidence.gw.gateway.intake.IntakeError;

/**
 * The receiving side of the node-to-node protocol ({@link NetworkProtocol}): authenticates the peer (TLS client
 * certificate = a configured peer's certificate with role NODE, sender header = its id), eliminates duplicates by
 * (peer, message id), opens the protected message (the pki profile; signer = that peer), checks it is a catalogue
 * envelope addressed to this node's Party with the announced message id, and, in one transaction with the inbox row,
 * hands it on: a request to {@link InboundCases}, an answer to a request of this node sent to that peer to the
 * {@link AnswerService}, any other lifecycle message to {@link InboundCases} as a follow-up. Custody entries
 * ({@code NETWORK_RECEIVED}, {@code RECEIPT_ISSUED}) are staged in the same transaction; the signed receipt is answered
 * only after the commit. Anything refused before opening gets a problem without a receipt and leaves no row.
 */
public final class NetworkInbox {

    private static final Logger LOG = LoggerFactory.getLogger(NetworkInbox.class);
    private static final Pattern MESSAGE_ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._:-]{7,99}$");

    /** What to answer: a status with a signed receipt ({@code receipt}) or a problem ({@code code}, {@code detail}). */
    public record Reply(int status, byte[] receipt, String code, String detail) {
        static Reply receipt(int status, byte[] receipt) {
            return new Reply(status, receipt, null, null);
        }

        static Reply problem(int status, String code, String detail) {
            return new Reply(status, null, code, detail);
        }
    }

    private final Database db;
    private final PeerRoutes routes;
    private final CmsProfile cms;
    private final KeyMaterial nodeKey;
    private final SignerValidator peerTrust;
    private final AnswerService answers;
    private final CustodyRecorder custody;
    private final Clock clock;
    private final MessageCatalogue catalogue = new MessageCatalogue();
    private final java.util.function.Supplier<InboundCases> cases;
    private final InboundCases refusing = new RefusingInboundCases();
    private final ReceiptIssuer evidences; // rem: DELIVERED evidences (ADR-0016); null = none

    /**
     * Where what peers send goes: {@code answers} takes the answers to this node's requests; {@code cases} gives, at each
     * message, where the requests and follow-ups of peers go (the requested Party's case handling, which the node may plug
     * in after start; null or giving null: refused with EEG-NET-NO-CASES); {@code evidences}
     * issues a signed DELIVERED evidence to the requesting peer whenever one of its requests becomes a case (ADR-0016; null: none).
     */
    public record Handlers(AnswerService answers, java.util.function.Supplier<InboundCases> cases, ReceiptIssuer evidences) {
    }

    public NetworkInbox(Database db, PeerRoutes routes, CmsProfile cms, KeyMaterial nodeKey, SignerValidator trust, Handlers handlers,
                        CustodyRecorder custody, Clock clock) {
        AnswerService answers = handlers.answers();
        java.util.function.Supplier<InboundCases> cases = handlers.cases();
        this.evidences = handlers.evidences();
        this.db = db;
        this.routes = routes;
        this.cms = cms;
        this.nodeKey = nodeKey;
        this.peerTrust = trust.requiringRole(Role.NODE);
        this.answers = answers;
        this.cases = cases;
        this.custody = custody;
        this.clock = clock;
    }

    private InboundCases cases() {
        InboundCases now = cases == null ? null : cases.get();
        return now == null ? refusing : now;
    }

    public Reply receive(ClientIdentity caller, String senderNode, String messageId, byte[] bytes) {
        PeerSpec peer = routes.byId(senderNode).orElse(null);
        if (peer == null || caller == null || !caller.roles().contains(Role.NODE)
                || !peer.hasFingerprint(caller.fingerprint())) { // peerlive: any certificate the directory lists (rollover)
            LOG.warn(NetworkError.NET_UNKNOWN_PEER.code() + " message from {} claiming to be node '{}' refused", caller == null ? "?" : caller.fingerprint(),
                    senderNode == null ? "" : PeerRoutes.printable(senderNode));
            return Reply.problem(403, NetworkError.NET_UNKNOWN_PEER.code(), "the client certificate is not the node certificate of the peer named in "
                    + NetworkProtocol.HEADER_SENDER_NODE);
        }
        if (messageId == null || !MESSAGE_ID.matcher(messageId).matches()) {
            return Reply.problem(400, NetworkError.NET_MESSAGE_ID.code(), "send the envelope's message id in " + NetworkProtocol.HEADER_MESSAGE_ID);
        }
        String sha = Digests.sha256(bytes);
        Instant received = clock.instant();
        try {
            Optional<InboxStore.Stored> earlier = db.read(c -> InboxStore.stored(c, peer.nodeId(), messageId));
            if (earlier.isPresent()) {
                return duplicate(peer, messageId, sha, earlier.get());
            }
            OpenedMessage opened;
            try {
                opened = cms.open(bytes, nodeKey, peerTrust);
            } catch (PkiException e) {
                return rejected(peer, messageId, sha, NetworkError.NET_UNREADABLE.code(), "the message could not be opened and verified: " + e.code());
            }
            if (!sameCertificate(opened.signer(), peer)) {
                return rejected(peer, messageId, sha, NetworkError.NET_SIGNER_MISMATCH.code(), "the message is signed by "
                        + opened.signer().getSubjectX500Principal() + ", not by the sending peer's node certificate");
            }
            byte[] content = opened.content();
            Decoded decoded = isXml(content) ? catalogue.decodeXml(content) : catalogue.decodeJson(content);
            if (decoded instanceof Decoded.Invalid invalid) {
                return rejected(peer, messageId, sha, NetworkError.NET_INVALID.code(), "the envelope breaks the catalogue rules "
                        + invalid.violations().stream().map(Violation::code).distinct().toList());
            }
            Envelope envelope = ((Decoded.Valid) decoded).envelope();
            if (!envelope.messageId().equals(messageId)) {
                return rejected(peer, messageId, sha, NetworkError.NET_MESSAGE_ID_MISMATCH.code(), "the envelope's message id is not the one in "
                        + NetworkProtocol.HEADER_MESSAGE_ID);
            }
            if (!routes.self().country().equals(envelope.receiver().country())) {
                return rejected(peer, messageId, sha, NetworkError.NET_NOT_FOR_US.code(), "the envelope is addressed to " + envelope.receiver().country()
                        + ", this node serves " + routes.self().country());
            }
            if (!peer.country().equals(envelope.sender().country())) {
                return rejected(peer, messageId, sha, NetworkError.NET_SENDER_PARTY.code(), "the envelope's sender is of " + envelope.sender().country()
                        + ", the sending peer serves " + peer.country());
            }
            return accept(peer, messageId, sha, envelope, content, received);
        } catch (StorageException e) {
            LOG.error(IntakeError.DB_UNAVAILABLE.code() + " network message {} from {} not taken: {}", messageId, peer.nodeId(), e.causeName());
            return Reply.problem(503, IntakeError.DB_UNAVAILABLE.code(), "the node's database did not take the message; send it again");
        }
    }

    private Reply accept(PeerSpec peer, String messageId, String sha, Envelope envelope, byte[] content, Instant received) {
        Instant now = clock.instant();
        NetworkReceipt receipt = new NetworkReceipt(NetworkReceipt.Evidence.SUBMISSION_ACCEPTED, "RCPT-" + UUID.randomUUID(), messageId, sha,
                peer.nodeId(), routes.self().nodeId(), now, null, null);
        byte[] signed;
        try {
            signed = receipt.sign(cms, nodeKey);
        } catch (PkiException e) {
            LOG.error(NetworkError.NET_RECEIPT_SIGN_FAILED.code() + " message {} from {}: {}", messageId, peer.nodeId(), e.code());
            return Reply.problem(503, NetworkError.NET_RECEIPT_SIGN_FAILED.code(), "the node could not sign its receipt; send the message again");
        }
        String receiptSha = Digests.sha256(signed);
        String fingerprint = Certificates.sha256Fingerprint(peer.certificate());
        // rem: the DELIVERED evidence is signed before the transaction, like the receipt, and queued in it if a case opens
        ReceiptIssuer issuer = evidences;
        ReceiptIssuer.Issued delivered = null;
        if (issuer != null && (envelope.body() instanceof EvidenceRequest || envelope.body() instanceof LifecycleMessage.FollowUp)) {
            try {
                delivered = issuer.delivered(peer, messageId, sha, now);
            } catch (PkiException e) {
                LOG.error(NetworkError.REM_SIGN_FAILED.code() + " DELIVERED for {} from {}: {}", messageId, peer.nodeId(), e.code());
                return Reply.problem(503, NetworkError.NET_RECEIPT_SIGN_FAILED.code(), "the node could not sign its evidence; send the message again");
            }
        }
        ReceiptIssuer.Issued deliveredEvidence = delivered;
        String handled;
        try {
            handled = db.inTx(c -> {
                InboxStore.insert(c, peer.nodeId(), envelope, sha, new InboxStore.Receipt(receipt.receiptId(), signed, receiptSha), now, "received");
                String requestId = null;
                String how;
                if (envelope.body() instanceof EvidenceRequest request) {
                    String caseId = cases().receivedRequest(c, peer, envelope, request, content, received);
                    how = "case " + caseId;
                    if (deliveredEvidence != null) {
                        issuer.queue(c, peer, deliveredEvidence, caseId); // rem
                    }
                } else if (envelope.body() instanceof LifecycleMessage message) {
                    String caseOf;
                    Optional<AnswerResult> answered = answers.applyFromPeer(c, peer.nodeId(), fingerprint, envelope);
                    if (answered.isPresent() && answered.get() instanceof AnswerResult.Rejected r) {
                        throw new InboundRefusal(r.code(), r.message());
                    } else if (answered.isPresent()) {
                        AnswerResult.Applied a = (AnswerResult.Applied) answered.get();
                        requestId = a.request().id();
                        how = "request " + requestId + ": " + a.outcome();
                    } else if ((caseOf = cases().receivedFollowUpCase(c, peer, envelope, message, content, received)) != null) {
                        how = "follow-up of " + envelope.correlationId() + " (case " + caseOf + ")";
                        if (deliveredEvidence != null) {
                            issuer.queue(c, peer, deliveredEvidence, caseOf); // rem, ADR-0032: a follow-up's DELIVERED evidence too
                        }
                    } else {
                        throw new InboundRefusal(NetworkError.NET_UNKNOWN_CORRELATION.code(), "no request or case of this node sent to or received from "
                                + peer.nodeId() + " has the correlation id " + envelope.correlationId());
                    }
                } else {
                    throw new InboundRefusal(NetworkError.NET_INVALID.code(), "not a request or lifecycle message");
                }
                InboxStore.setHandled(c, peer.nodeId(), messageId, how);
                String actor = "node:" + peer.nodeId();
                custody.stage(c, new CustodyEvent(CustodyEventType.NETWORK_RECEIVED, requestId, received, actor, fingerprint, null, null, sha,
                        envelope.messageType() + " " + messageId + " from peer " + peer.nodeId() + " -> " + how + "; receipt sha256 " + receiptSha));
                custody.stage(c, new CustodyEvent(CustodyEventType.RECEIPT_ISSUED, requestId, now, "node", null, null, null, receiptSha,
                        "SUBMISSION_ACCEPTED " + receipt.receiptId() + " for " + messageId + " to peer " + peer.nodeId()));
                return how;
            });
        } catch (InboundRefusal r) {
            if (r.retryable()) {
                LOG.warn("{} network message {} from {} not taken now: {}", r.code(), messageId, peer.nodeId(), r.getMessage());
                return Reply.problem(503, r.code(), r.getMessage());
            }
            return rejected(peer, messageId, sha, r.code(), r.getMessage());
        } catch (StorageException e) {
            // a concurrent copy of the same message may have won the primary key
            Optional<InboxStore.Stored> raced = db.read(c -> InboxStore.stored(c, peer.nodeId(), messageId));
            if (raced.isPresent()) {
                return duplicate(peer, messageId, sha, raced.get());
            }
            throw e;
        }
        custody.committed();
        if (deliveredEvidence != null) {
            issuer.committed(); // rem: the DELIVERED evidence's outbox row is committed now: sweep it at once
        }
        LOG.info(NetworkError.NET_RECEIVED.code() + " {} {} from {}: {} (receipt {})", envelope.messageType(), messageId, peer.nodeId(), handled,
                receipt.receiptId());
        return Reply.receipt(200, signed);
    }

    private Reply duplicate(PeerSpec peer, String messageId, String sha, InboxStore.Stored earlier) {
        if (earlier.sha256().equals(sha)) {
            LOG.info(NetworkError.NET_DUPLICATE.code() + " {} from {} received again; the same receipt answered", messageId, peer.nodeId());
            return Reply.receipt(200, earlier.receipt());
        }
        return rejected(peer, messageId, sha, NetworkError.NET_DUPLICATE_CONFLICT.code(), "a different message with this id was already received from "
                + peer.nodeId());
    }

    /** A signed SUBMISSION_REJECTED receipt (nothing stored but a custody entry of the refusal). */
    private Reply rejected(PeerSpec peer, String messageId, String sha, String code, String reason) {
        LOG.warn("{} network message {} from {} refused: {}", code, messageId, peer.nodeId(), reason);
        Instant now = clock.instant();
        NetworkReceipt receipt = new NetworkReceipt(NetworkReceipt.Evidence.SUBMISSION_REJECTED, "RCPT-" + UUID.randomUUID(), messageId, sha,
                peer.nodeId(), routes.self().nodeId(), now, code, reason);
        byte[] signed;
        try {
            signed = receipt.sign(cms, nodeKey);
        } catch (PkiException e) {
            LOG.error(NetworkError.NET_RECEIPT_SIGN_FAILED.code() + " message {} from {}: {}", messageId, peer.nodeId(), e.code());
            return Reply.problem(503, NetworkError.NET_RECEIPT_SIGN_FAILED.code(), "the node could not sign its receipt");
        }
        try {
            String fingerprint = Certificates.sha256Fingerprint(peer.certificate());
            db.inTx(c -> {
                custody.stage(c, new CustodyEvent(CustodyEventType.REQUEST_REJECTED, null, now, "node:" + peer.nodeId(), fingerprint, null, null, sha,
                        code + " network message " + messageId + " from peer " + peer.nodeId()));
                custody.stage(c, new CustodyEvent(CustodyEventType.RECEIPT_ISSUED, null, now, "node", null, null, null, Digests.sha256(signed),
                        "SUBMISSION_REJECTED " + receipt.receiptId() + " for " + messageId + " to peer " + peer.nodeId()));
                return null;
            });
            custody.committed();
        } catch (StorageException e) {
            LOG.error(IntakeError.CUS_STAGE_FAILED.code() + " refusal of {} from {} not recorded: {}", messageId, peer.nodeId(), e.causeName());
        }
        return Reply.receipt(422, signed);
    }

    private static boolean sameCertificate(java.security.cert.X509Certificate signer, PeerSpec peer) {
        try {
            for (java.security.cert.X509Certificate c : peer.certificates()) {
                if (Arrays.equals(signer.getEncoded(), c.getEncoded())) {
                    return true;
                }
            }
            return false;
        } catch (CertificateEncodingException e) {
            return false;
        }
    }

    private static boolean isXml(byte[] content) {
        int i = 0;
        while (i < content.length && Character.isWhitespace(content[i])) {
            i++;
        }
        return i < content.length && content[i] == '<';
    }

    /** How many messages of {@code peer} were accepted (tests, simulations). */
    public int acceptedFrom(String peer) {
        return db.read(c -> InboxStore.acceptedFrom(c, peer));
    }
}
