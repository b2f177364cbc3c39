package eu.eevidence.gw.gateway.node;

import eu.eevidence.gw.gateway.api.RestServer;
import eu.eevidence.gw.gateway.custody.CustodyService;
import eu.eevidence.gw.gateway.deadline.DeadlineEngine;
import eu.eevidence.gw.gateway.delivery.DeliveryService;
import eu.eevidence.gw.gateway.evidence.EvidenceService;
import eu.eevidence.gw.gateway.infra.Shutdown;
import eu.eevidence.gw.gateway.network.InboundCases;
import eu.eevidence.gw.gateway.order.RequestRepository;
import eu.eevidence.gw.gateway.trust.NodeTrustServices;
import eu.eevidence.gw.pki.DevPki;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.TrustAnchors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import eu.eevidence.gw.gateway.routing.RoutingError;

/**
 * One running gateway node: database, broker, Camel routes and the HTTPS API, wired together by {@link NodeAssembly}.
 * Closing it stops everything it started, in reverse order. Its accessors are those the command line, the demo and the
 * simulations use; tests read the rest of its inside through {@link #probe()}.
 */
public final class GatewayNode implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayNode.class);

    /** What the node's production callers use of its inside. */
    record Parts(NodeKeys keys, RequestRepository requests, DeadlineEngine deadlines, CustodyService custody, NodeTrustServices trustServices,
                 DeliveryService delivery, EvidenceService evidence) {
    }

    private final List<AutoCloseable> resources;
    private final RestServer rest;
    private final Parts parts;
    private final AtomicReference<InboundCases> inboundCases;
    private final NodeProbe probe;

    /** The node {@link NodeAssembly} built and started; {@code inboundCases} is where the inbox takes peers' requests from. */
    GatewayNode(List<AutoCloseable> resources, RestServer rest, Parts parts, AtomicReference<InboundCases> inboundCases, NodeProbe probe) {
        this.resources = resources;
        this.rest = rest;
        this.parts = parts;
        this.inboundCases = inboundCases;
        this.probe = probe;
    }

    public static GatewayNode start(NodeConfig config) throws Exception {
        return start(config, null);
    }

    /**
     * Starts a node; {@code inboundCases} takes the requests and follow-ups that peer nodes send (null: the node's own
     * case handling; {@link #useInboundCases} plugs another implementation in).
     */
    public static GatewayNode start(NodeConfig config, InboundCases inboundCases) throws Exception {
        return NodeAssembly.assemble(config, inboundCases, null);
    }

    /** Starts a node whose alarms reach people as {@code alarms} says (ADR-0030; null: they stay in the node). */
    public static GatewayNode start(NodeConfig config, InboundCases inboundCases, eu.eevidence.gw.gateway.alert.AlarmsConfig alarms) throws Exception {
        return NodeAssembly.assemble(config, inboundCases, alarms);
    }

    /** A read-only view of the node's inside for tests and simulations. */
    public NodeProbe probe() {
        return probe;
    }

    /** Plugs in the requested Party's case handling for what peers send (e.g. after a {@link eu.eevidence.gw.gateway.network.PendingInboundCases}). */
    public void useInboundCases(InboundCases cases) {
        if (probe.networkInbox() == null) {
            throw new IllegalStateException(RoutingError.NET_CONFIG.code() + " this node has no network identity and no peers");
        }
        inboundCases.set(java.util.Objects.requireNonNull(cases, "inboundCases"));
    }

    public String baseUrl() {
        return rest.baseUrl();
    }

    public RequestRepository requests() {
        return parts.requests();
    }

    public KeyMaterial nodeKey() {
        return parts.keys().nodeKey();
    }

    public TrustAnchors trust() {
        return parts.keys().trust();
    }

    /** The development PKI, or null when the node runs with configured key material. */
    public DevPki devPki() {
        return parts.keys().devPki();
    }

    /** The deadline engine (simulations and tests call {@link DeadlineEngine#tick()} after moving their clock). */
    public DeadlineEngine deadlines() {
        return parts.deadlines();
    }

    /** The node's OCSP responder and TSA (either may be off). */
    public NodeTrustServices trustServices() {
        return parts.trustServices();
    }

    /** The custody log service (flush and publish on demand, export records). */
    public CustodyService custody() {
        return parts.custody();
    }

    /** The delivery service (its circuit breakers, counters and the fault-injection seam for tests). */
    public DeliveryService delivery() {
        return parts.delivery();
    }

    /** Evidence intake and access (adapters' data deliveries go through {@link EvidenceService#acceptDelivery}). */
    public EvidenceService evidence() {
        return parts.evidence();
    }

    @Override
    public void close() {
        Shutdown.inReverse(resources);
        LOG.info(NodeError.NODE_STOPPED.code() + " {}", rest.baseUrl());
    }
}
