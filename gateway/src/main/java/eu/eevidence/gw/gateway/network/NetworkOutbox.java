package eu.eevidence.gw.gateway.network;

import eu.eevidence.gw.gateway.infra.Tx;
import eu.eevidence.gw.adapter.api.DeliveryOutcome;
import eu.eevidence.gw.adapter.api.DeliveryRequest;
import eu.eevidence.gw.custody.entry.CustodyEventType;
import eu.eevidence.gw.gateway.custody.CustodyEvent;
import eu.eevidence.gw.gateway.custody.CustodyRecorder;
import eu.eevidence.gw.gateway.routing.PeerRoutes;
import eu.eevidence.gw.gateway.routing.PeerSpec;
import eu.eevidence.gw.gateway.routing.Platform;
import eu.eevidence.gw.gateway.routing.PlatformRoutes;
import eu.eevidence.gw.gateway.delivery.QueuedMessage;
import eu.eevidence.gw.gateway.delivery.QueuedMessageHandler;
import eu.eevidence.gw.gateway.infra.Database;
import eu.eevidence.gw.gateway.intake.DeliveryQueue;
import eu.eevidence.gw.gateway.intake.Sealer;
import eu.eevidence.gw.gateway.order.Digests;
import eu.eevidence.gw.gateway.order.RequestRepository;
import eu.eevidence.gw.pki.PkiException;
import eu.eevidence.gw.schema.Envelope;
import eu.eevidence.gw.schema.catalogue.MessageCatalogue;
import eu.eevidence.gw.schema.codec.Decoded;
import eu.eevidence.gw.schema.validation.Violation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import eu.eevidence.gw.gateway.delivery.DeliveryError;
import eu.eevidence.gw.gateway.intake.IntakeError;
import eu.eevidence.gw.gateway.routing.RoutingError;

/**
 * The {@link PeerMessenger} of the node: a durable outbox ({@code network_outbox}). {@link #send} stores the envelope in
 * the caller's transaction; once that committed, a sweeper seals it for the peer (the pki profile), marks it queued and
 * puts a {@link QueuedMessage.NetworkSend} on the peer's durable delivery queue, where {@link eu.eevidence.gw.gateway.delivery.DeliveryService}
 * hands it back to {@link #deliver} (through the {@link PeerAdapter}); broker retries with back-off, dead letter after
 * the bound ({@code FAILED} and an operator log line). {@code SENT} only with a receipt of the peer that verified.
 * Entries still {@code PENDING} are queued again at start-up (the broker drops duplicates by id).
 */
public final class NetworkOutbox implements PeerMessenger, QueuedMessageHandler, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NetworkOutbox.class);

    private final Database db;
    private final OutboxStore store;
    private final PeerRoutes routes;
    private final PlatformRoutes directory;
    private final PeerAdapter adapter;
    private final Sealer sealer;
    private final DeliveryQueue queue;
    private final Clock clock;
    private final CustodyRecorder custody;
    private final MessageCatalogue catalogue = new MessageCatalogue();
    private final ScheduledExecutorService sweeper;

    /** Outbox rows that carry a catalogue envelope (sealed when queued, sent to the peer's messages endpoint). */
    public static final String KIND_MESSAGE = "MESSAGE";
    /**
     * Outbox rows that carry a signed receipt sent on its own after the hop ({@link ReceiptIssuer}, to the peer's
     * {@code /api/v1/network/evidences} endpoint; the table's {@code kind} value keeps its first name, EVIDENCE).
     */
    static final String KIND_RECEIPT = "EVIDENCE";

    /** Where the outbox sends: the peers, the network directory's platforms, and the adapter that talks to them. */
    public record Peers(PeerRoutes routes, PlatformRoutes directory, PeerAdapter adapter) {
    }

    /**
     * One outbox entry. For a {@link #KIND_RECEIPT} entry: messageId = the receipt id, messageType = the receipt's kind,
     * correlationId = the message the receipt is about, envelope = the receipt's JSON, sealed = the signed receipt.
     */
    public record Entry(String id, String peerNodeId, String messageId, String messageType, String correlationId, byte[] envelope, byte[] sealed,
                        String sealedSha256, String state, boolean queued, int attempts, String receiptId, byte[] receipt, String lastError,
                        String kind) {
        public boolean isReceipt() {
            return KIND_RECEIPT.equals(kind);
        }
    }

    public NetworkOutbox(Database db, OutboxStore store, Peers peers, Sealer sealer, DeliveryQueue queue, Clock clock, CustodyRecorder custody) {
        this.db = db;
        this.store = store;
        this.routes = peers.routes();
        this.directory = peers.directory();
        this.adapter = peers.adapter();
        this.sealer = sealer;
        this.queue = queue;
        this.clock = clock;
        this.custody = custody;
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "eeg-network-outbox");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts the sweeper (every second, and right after each {@link #send}) after queueing what a restart left pending. */
    public NetworkOutbox start() {
        requeuePending();
        sweeper.scheduleWithFixedDelay(this::sweepQuietly, 1, 1, TimeUnit.SECONDS);
        return this;
    }

    @Override
    public String send(Tx c, String peerNodeId, String messageId, byte[] envelope) {
        if (routes.byId(peerNodeId).isEmpty()) {
            throw new IllegalArgumentException(NetworkError.NET_UNKNOWN_PEER.code() + " no peer node " + peerNodeId + " is configured");
        }
        Decoded decoded = catalogue.decodeJson(envelope);
        if (decoded instanceof Decoded.Invalid invalid) {
            throw new IllegalArgumentException(NetworkError.NET_INVALID.code() + " the envelope breaks the catalogue rules "
                    + invalid.violations().stream().map(Violation::code).distinct().toList());
        }
        Envelope e = ((Decoded.Valid) decoded).envelope();
        if (!e.messageId().equals(messageId)) {
            throw new IllegalArgumentException(NetworkError.NET_MESSAGE_ID.code() + " the envelope's messageId is " + e.messageId() + ", not " + messageId);
        }
        String id = "OUT-" + UUID.randomUUID();
        store.insertMessage(c, id, peerNodeId, messageId, e.messageType().name(), e.correlationId(), catalogue.encodeJson(e), clock.instant());
        kick();
        return id;
    }

    /**
     * Records a signed receipt sent on its own after the hop (DELIVERED, RETRIEVED) for {@code peerNodeId} in the caller's
     * transaction; it leaves like a message once that committed (sweeper, the peer's queue, retries, dead letter), to the
     * peer's {@code /api/v1/network/evidences} endpoint.
     */
    public String queueReceipt(Tx c, String peerNodeId, NetworkReceipt receipt, byte[] signed) {
        if (routes.byId(peerNodeId).isEmpty()) {
            throw new IllegalArgumentException(NetworkError.NET_UNKNOWN_PEER.code() + " no peer node " + peerNodeId + " is configured");
        }
        String id = "OUT-" + UUID.randomUUID();
        store.insertReceipt(c, id, peerNodeId, receipt, signed, Digests.sha256(signed), clock.instant());
        kick();
        kick(300); // the caller's transaction (a case opened, a first read) may commit after the first look
        return id;
    }

    /** Asks the sweeper to look for committed entries soon (the caller's transaction may not have committed yet). */
    public void kick() {
        kick(50);
    }

    private void kick(long millis) {
        try {
            sweeper.schedule(this::sweepQuietly, millis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing: the start-up sweep queues it
        }
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (Exception | Error e) {
            LOG.warn(NetworkError.NET_OUTBOX_SWEEP.code() + " {}: entries stay pending and are tried again", e.getClass().getSimpleName());
        }
    }

    /** Seals and queues every committed, not yet queued entry. Returns how many were queued. */
    public synchronized int sweep() {
        List<Entry> waiting = db.read(c -> store.pending(c, false));
        int n = 0;
        for (Entry e : waiting) {
            PeerSpec peer = routes.byId(e.peerNodeId()).orElse(null);
            if (peer == null && directory.wasRemoved(e.peerNodeId())) {
                // peerlive: not yet sealed, and the peer's certificate is no longer vouched for: nothing to seal to
                LOG.error(RoutingError.DIR_PEER_REMOVED.code() + " outbox {} ({} {}) to {} failed: the peer node was removed from the network directory",
                        e.id(), e.messageType(), e.messageId(), e.peerNodeId());
                fail(e.id(), RoutingError.DIR_PEER_REMOVED.code(), "peer " + e.peerNodeId() + " was removed from the network directory before it was sealed");
                continue;
            }
            if (peer == null) {
                fail(e.id(), NetworkError.NET_UNKNOWN_PEER.code(), "peer " + e.peerNodeId() + " is no longer configured");
                continue;
            }
            byte[] sealed;
            try {
                sealed = e.sealed() != null ? e.sealed() : sealer.seal(e.envelope(), peer.certificate());
            } catch (PkiException x) {
                LOG.error(IntakeError.SEAL_FAILED.code() + " outbox {} for {}: {}", e.id(), e.peerNodeId(), x.code());
                continue;
            }
            String sha = Digests.sha256(sealed);
            db.inTx(c -> {
                store.markQueued(c, e.id(), sealed, sha);
                return null;
            });
            try {
                queue.enqueue(e.peerNodeId(), new QueuedMessage.NetworkSend(e.id()));
                n++;
            } catch (Exception x) {
                LOG.error(IntakeError.BROKER_UNAVAILABLE.code() + " outbox {} not queued ({}); tried again", e.id(), x.getClass().getSimpleName());
                db.inTx(c -> {
                    store.markNotQueued(c, e.id());
                    return null;
                });
            }
        }
        return n;
    }

    /** At start-up: entries queued before a crash are queued again (the broker drops duplicates by id); the rest by the sweeper. */
    private void requeuePending() {
        try {
            for (Entry e : db.read(c -> store.pending(c, true))) {
                queue.enqueue(e.peerNodeId(), new QueuedMessage.NetworkSend(e.id()));
            }
            sweep();
        } catch (Exception e) {
            LOG.warn(NetworkError.NET_OUTBOX_SWEEP.code() + " {} at start-up: entries stay pending and are tried again", e.getClass().getSimpleName());
        }
    }

    @Override
    public int attempts(String id) {
        return find(id).map(Entry::attempts).orElse(0);
    }

    @Override
    public DeliveryOutcome.RetryableFailure deliver(String id) {
        Entry e = find(id).orElse(null);
        if (e == null || !"PENDING".equals(e.state()) || e.sealed() == null) {
            LOG.info(DeliveryError.DLV_DONE.code() + " outbox entry {} already handled; duplicate queue message dropped", id);
            return null;
        }
        Optional<Platform> platform = directory.find(e.peerNodeId());
        if (platform.isEmpty() && directory.wasRemoved(e.peerNodeId())) {
            // peerlive: removed by a directory update: nothing sent to its last endpoint; retried per the policy (it may come
            // back), FAILED with EEG-DIR-PEER-REMOVED at the bound (deadLettered)
            String reason = "peer node " + e.peerNodeId() + " is no longer in the network directory; nothing sent to its last known endpoint";
            db.inTx(c -> {
                store.recordAttempt(c, id, RoutingError.DIR_PEER_REMOVED.code() + ": " + reason);
                return null;
            });
            LOG.warn(RoutingError.DIR_PEER_REMOVED.code() + " outbox {} attempt {}: {}", id, e.attempts() + 1, reason);
            return new DeliveryOutcome.RetryableFailure(RoutingError.DIR_PEER_REMOVED.code(), reason, null);
        }
        if (platform.isEmpty()) {
            fail(id, DeliveryError.DLV_NO_ROUTE.code(), "no destination " + e.peerNodeId());
            return null;
        }
        DeliveryRequest request = new DeliveryRequest(id, e.messageId(), new DeliveryRequest.Destination(platform.get().id(),
                platform.get().endpoint(), platform.get().tls()), e.messageType(), e.sealed(), e.sealedSha256(), e.attempts() + 1);
        DeliveryOutcome outcome = e.isReceipt() ? adapter.deliverEvidence(request, clock) : adapter.deliver(request);
        if (outcome instanceof DeliveryOutcome.Delivered d) {
            sent(e, d);
        } else if (outcome instanceof DeliveryOutcome.Rejected r) {
            LOG.error("{} outbox {} ({} {}) refused by {}: {} {}", e.isReceipt() ? NetworkError.REM_REFUSED.code() : NetworkError.NET_REFUSED.code(), id,
                    e.messageType(),
                    e.messageId(), e.peerNodeId(), r.code(), r.reason());
            fail(id, r.code(), r.reason());
        } else if (outcome instanceof DeliveryOutcome.RetryableFailure f) {
            db.inTx(c -> {
                store.recordAttempt(c, id, f.code() + ": " + f.reason());
                return null;
            });
            LOG.warn(NetworkError.NET_RETRY.code() + " outbox {} attempt {} to {} failed: {}", id, e.attempts() + 1, e.peerNodeId(), f.code());
            return f;
        }
        return null;
    }

    @Override
    public void deadLettered(String id) {
        Entry e = find(id).orElse(null);
        if (e == null || !"PENDING".equals(e.state())) {
            return;
        }
        if (directory.find(e.peerNodeId()).isEmpty() && directory.wasRemoved(e.peerNodeId())) {
            fail(id, RoutingError.DIR_PEER_REMOVED.code(), "the peer node was removed from the network directory; gave up after " + e.attempts() + " attempts");
            LOG.error(NetworkError.NET_DEAD_LETTER.code() + " outbox {} ({} {}) to {} failed after {} attempts: EEG-DIR-PEER-REMOVED", id, e.messageType(),
                    e.messageId(), e.peerNodeId(), e.attempts());
            return;
        }
        fail(id, NetworkError.NET_DEAD_LETTER.code(), "gave up after " + e.attempts() + " attempts");
        LOG.error(NetworkError.NET_DEAD_LETTER.code() + " outbox {} ({} {}) to {} failed after {} attempts; the peer never confirmed it", id, e.messageType(),
                e.messageId(), e.peerNodeId(), e.attempts());
    }

    private void sent(Entry e, DeliveryOutcome.Delivered d) {
        Instant now = clock.instant();
        String receiptSha = Digests.sha256(d.receiptBody());
        db.inTx(c -> {
            if (!store.markSent(c, e.id(), now, d.receiptId(), d.receiptBody(), receiptSha)) {
                return null;
            }
            if (e.isReceipt()) {
                return null; // the receipt's custody entry (RECEIPT_ISSUED) was staged when it was issued; the peer answers no receipt
            }
            String actor = "node:" + e.peerNodeId();
            custody.stage(c, new CustodyEvent(CustodyEventType.REQUEST_SENT, null, d.receivedAt(), "node", null, null, null, e.sealedSha256(),
                    e.messageType() + " " + e.messageId() + " to peer " + e.peerNodeId()));
            custody.stage(c, new CustodyEvent(CustodyEventType.RECEIPT_RECEIVED, null, d.receivedAt(), actor, null, null, null, receiptSha,
                    "network receipt " + d.receiptId() + " for " + e.messageId()));
            return null;
        });
        custody.committed();
        LOG.info(NetworkError.NET_SENT.code() + " outbox {} ({} {}) delivered to {} (receipt {})", e.id(), e.messageType(), e.messageId(), e.peerNodeId(),
                d.receiptId());
    }

    private void fail(String id, String code, String reason) {
        db.inTx(c -> {
            store.markFailed(c, id, code + ": " + reason);
            return null;
        });
    }

    public Optional<Entry> find(String id) {
        return db.read(c -> store.find(c, id));
    }

    /** The entry sent with {@code messageId}. */
    public Optional<Entry> findByMessageId(String messageId) {
        return db.read(c -> store.findByMessageId(c, messageId));
    }

    /** The catalogue message id a request of this node was sent with (its envelope's, or the one the node gave it). */
    public static Optional<String> messageIdOfRequest(RequestRepository requests, String requestId) {
        return requests.database().read(c -> Optional.ofNullable(requests.messageId(c, requestId)));
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
    }
}
