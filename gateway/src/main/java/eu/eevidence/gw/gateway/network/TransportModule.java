package eu.eevidence.gw.gateway.network;

import eu.eevidence.gw.gateway.answer.AnswerService;
import eu.eevidence.gw.gateway.custody.CustodyRecorder;
import eu.eevidence.gw.gateway.infra.Database;
import eu.eevidence.gw.gateway.intake.DeliveryQueue;
import eu.eevidence.gw.gateway.intake.Sealer;
import eu.eevidence.gw.gateway.order.RequestRepository;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.TrustAnchors;

import java.time.Clock;
import java.util.function.Supplier;

/**
 * peer: the node-to-node transport (ADR-0013) of a node with a network identity: the outbox ({@link PeerMessenger}),
 * the inbox behind the network endpoint, and rem: the signed DELIVERED and RETRIEVED evidences it issues and the
 * requester's inbox of the peers' evidences (ADR-0016). Closing it stops the outbox; {@link #start} starts its sending.
 */
public final class TransportModule implements AutoCloseable {

    /** The node's key material: its key, the network's trust anchors, and how it seals content for a recipient. */
    public record Keys(KeyMaterial nodeKey, TrustAnchors trust, Sealer sealer) {
    }

    /** What the transport records into: the database, the requests, the custody log, the clock. */
    public record Needs(Database db, RequestRepository requests, CustodyRecorder custody, Clock clock) {
    }

    private final NetworkOutbox outbox;
    private final ReceiptIssuer issuer;
    private final NetworkInbox inbox;
    private final ReceiptInbox receiptInbox;

    /**
     * @param destinations the peers (required: {@code destinations.peerRoutes()} is not null)
     * @param answers      takes the peers' answers to this node's requests
     * @param cases        gives, per message, the case handling of the peers' requests and follow-ups (see {@link NetworkInbox.Handlers})
     */
    public TransportModule(DestinationsModule destinations, Keys keys, Needs needs, DeliveryQueue queue, AnswerService answers,
                           Supplier<InboundCases> cases) {
        outbox = new NetworkOutbox(needs.db(), new OutboxStore(needs.db().dataKeys()), new NetworkOutbox.Peers(destinations.peerRoutes(),
                destinations.directory(), destinations.peerAdapter()), keys.sealer(), queue, needs.clock(), needs.custody());
        issuer = new ReceiptIssuer(destinations.peerRoutes(), destinations.networkCms(), keys.nodeKey(), outbox, needs.custody());
        inbox = new NetworkInbox(needs.db(), destinations.peerRoutes(), destinations.networkCms(), keys.nodeKey(), keys.trust(),
                new NetworkInbox.Handlers(answers, cases, issuer), needs.custody(), needs.clock());
        receiptInbox = new ReceiptInbox(needs.db(), destinations.peerRoutes(), destinations.networkCms(), keys.trust(), needs.requests(),
                needs.custody(), needs.clock());
    }

    /** Answers and follow-ups to peer nodes (the requested Party's cases send through it). */
    public NetworkOutbox outbox() {
        return outbox;
    }

    /** rem: issues the DELIVERED and RETRIEVED evidences to requesting peers. */
    public ReceiptIssuer issuer() {
        return issuer;
    }

    /** The receiving side of the node-to-node protocol. */
    public NetworkInbox inbox() {
        return inbox;
    }

    /** rem: the peers' evidences about this node's requests. */
    public ReceiptInbox receiptInbox() {
        return receiptInbox;
    }

    /** Starts sending (after the API is up). */
    public void start() {
        outbox.start();
    }

    @Override
    public void close() {
        outbox.close();
    }
}
