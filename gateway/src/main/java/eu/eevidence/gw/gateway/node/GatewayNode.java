package eu.eevidence.gw.gateway.node;

import eu.eevidence.gw.gateway.cases.InboundCaseService;
import eu.eevidence.gw.gateway.channel.AnswerPoller;
import eu.eevidence.gw.gateway.custody.CustodyService;
import eu.eevidence.gw.gateway.api.RestServer;
import eu.eevidence.gw.gateway.deadline.DeadlineEngine;
import eu.eevidence.gw.gateway.delivery.DeliveryService;
import eu.eevidence.gw.gateway.evidence.EvidenceService;
import eu.eevidence.gw.gateway.delivery.EmbeddedBroker;
import eu.eevidence.gw.gateway.network.DirectoryStore;
import eu.eevidence.gw.gateway.network.InboundCases;
import eu.eevidence.gw.gateway.network.NetworkInbox;
import eu.eevidence.gw.gateway.network.NetworkOutbox;
import eu.eevidence.gw.gateway.network.PeerMessenger;
import eu.eevidence.gw.gateway.order.RequestRepository;
import eu.eevidence.gw.gateway.transfer.EvidenceTransfers;
import eu.eevidence.gw.gateway.trust.NodeTrustServices;
import eu.eevidence.gw.pki.DevPki;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.TrustAnchors;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import eu.eevidence.gw.gateway.routing.RoutingError;

/**
 * One running gateway node: database, broker, Camel routes and the HTTPS API, wired together. Closing it
 * stops everything it started, in reverse order.
 */
public final class GatewayNode implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayNode.class);

    private final List<AutoCloseable> resources;
    private final RestServer rest;
    private final RequestRepository requests;
    private final EmbeddedBroker broker;
    private final KeyMaterial nodeKey;
    private final TrustAnchors trust;
    private final DevPki devPki;
    private final CamelContext camel;
    private final DeadlineEngine deadlines;
    private final CustodyService custody;
    private final NodeTrustServices trustServices;
    private final DeliveryService delivery;
    private final EvidenceService evidence;
    private final InboundCaseService cases;
    private final DirectoryStore networkDirectory;
    private final NetworkOutbox outbox;
    private final NetworkInbox inbox;
    private final AnswerPoller answerPoller;
    private final EvidenceTransfers transfers;

    /** The node {@link NodeAssembly} built and started. */
    GatewayNode(NodeAssembly a) {
        this.resources = a.started;
        this.rest = a.rest;
        this.requests = a.requests;
        this.broker = a.broker;
        this.nodeKey = a.nodeKey;
        this.trust = a.trust;
        this.devPki = a.devPki;
        this.camel = a.camel;
        this.deadlines = a.deadlines;
        this.custody = a.custody;
        this.trustServices = a.trustServices;
        this.delivery = a.delivery;
        this.evidence = a.evidence;
        this.cases = a.cases;
        this.networkDirectory = a.networkDirectory;
        this.outbox = a.outbox;
        this.inbox = a.inbox;
        this.answerPoller = a.answerPoller;
        this.transfers = a.transfers;
    }

    public static GatewayNode start(NodeConfig config) throws Exception {
        return start(config, null);
    }

    /**
     * Starts a node; {@code inboundCases} takes the requests and follow-ups that peer nodes send (null: they are refused
     * with EEG-NET-NO-CASES until {@link #useInboundCases} plugs an implementation in).
     */
    public static GatewayNode start(NodeConfig config, InboundCases inboundCases) throws Exception {
        return new NodeAssembly(config, inboundCases).assemble();
    }


    /**
     * The requested Party's cases: what the node-to-node transport calls ({@link eu.eevidence.gw.gateway.network.InboundCases})
     * and where it is connected ({@link InboundCaseService#usePeerMessenger}).
     */
    public InboundCaseService inboundCases() {
        return cases;
    }


    /** The node's {@link PeerMessenger} (answers and follow-ups to peer nodes), or null without a network identity. */
    public NetworkOutbox peerMessenger() {
        return outbox;
    }

    /** The receiving side of the node-to-node protocol, or null without a network identity. */
    public NetworkInbox networkInbox() {
        return inbox;
    }

    /** Plugs in the requested Party's case handling for what peers send. */
    public void useInboundCases(InboundCases cases) {
        if (inbox == null) {
            throw new IllegalStateException(RoutingError.NET_CONFIG.code() + " this node has no network identity and no peers");
        }
        inbox.useCases(cases);
    }

    public String baseUrl() {
        return rest.baseUrl();
    }

    public RequestRepository requests() {
        return requests;
    }

    public EmbeddedBroker broker() {
        return broker;
    }

    public KeyMaterial nodeKey() {
        return nodeKey;
    }

    public TrustAnchors trust() {
        return trust;
    }

    /** The development PKI, or null when the node runs with configured key material. */
    public DevPki devPki() {
        return devPki;
    }

    /** The deadline engine (simulations and tests call {@link DeadlineEngine#tick()} after moving their clock). */
    public DeadlineEngine deadlines() {
        return deadlines;
    }

    public CamelContext camel() {
        return camel;
    }

    /** The node's OCSP responder and TSA (either may be off). */
    public NodeTrustServices trustServices() {
        return trustServices;
    }

    /** The network directory in use (reload it, look peers up), or null when the node runs without one. */
    public DirectoryStore networkDirectory() {
        return networkDirectory;
    }

    /** The poller of the platforms that answer by POLL (tests poll now instead of waiting for the interval). */
    public AnswerPoller answerPoller() {
        return answerPoller;
    }

    /** The custody log service (flush and publish on demand, export records). */
    public CustodyService custody() {
        return custody;
    }

    /** The delivery service (its circuit breakers, counters and the fault-injection seam for tests). */
    public DeliveryService delivery() {
        return delivery;
    }

    /** The evidence fetched from peer nodes (jobs, try now), or null without a network identity. */
    public EvidenceTransfers transfers() {
        return transfers;
    }

    /** Evidence intake and access (adapters' data deliveries go through {@link EvidenceService#acceptDelivery}). */
    public EvidenceService evidence() {
        return evidence;
    }

    /** The gate in front of the HTTPS API (its counters: refused unauthenticated calls, public requests in flight). */
    public eu.eevidence.gw.gateway.api.EdgeGate edgeGate() {
        return rest.gate();
    }

    /** TLS connections open without a client certificate (bounded by {@code HttpEdgeSettings.maxUnauthenticatedConnections}). */
    public int unauthenticatedConnections() {
        return rest.unauthenticatedConnections();
    }

    @Override
    public void close() {
        closeAll(resources);
        LOG.info(NodeError.NODE_STOPPED.code() + " {}", rest.baseUrl());
    }

    static void closeAll(List<AutoCloseable> started) {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                LOG.warn(NodeError.NODE_STOP_ERROR.code() + " {} while stopping {}", e.getClass().getSimpleName(), started.get(i).getClass().getSimpleName());
            }
        }
    }
}
