package eu.eevidence.gw.gateway.node;

import eu.eevidence.gw.gateway.api.EdgeGate;
import eu.eevidence.gw.gateway.api.RestServer;
import eu.eevidence.gw.gateway.cases.InboundCaseService;
import eu.eevidence.gw.gateway.channel.AnswerPoller;
import eu.eevidence.gw.gateway.delivery.EmbeddedBroker;
import eu.eevidence.gw.gateway.network.DirectoryStore;
import eu.eevidence.gw.gateway.network.NetworkInbox;
import eu.eevidence.gw.gateway.network.NetworkOutbox;
import eu.eevidence.gw.gateway.network.TransportModule;
import eu.eevidence.gw.gateway.transfer.EvidenceTransfers;
import eu.eevidence.gw.gateway.witness.WitnessModule;
import org.apache.camel.CamelContext;

/**
 * What tests and simulations read of a running node's inside ({@link GatewayNode#probe()}): the parts no production
 * caller needs, in one place instead of accessors on the node. Read-only: it hands out the node's own objects (a test
 * may poll now, flush or count through them), but offers nothing to re-wire the node with.
 */
public final class NodeProbe {

    private final RestServer rest;
    private final EmbeddedBroker broker;
    private final CamelContext camel;
    private final DirectoryStore networkDirectory;
    private final InboundCaseService inboundCases;
    private final TransportModule transport;
    private final AnswerPoller answerPoller;
    private final EvidenceTransfers transfers;
    private final WitnessModule witness;
    private final eu.eevidence.gw.gateway.alert.AlertModule alerts;

    /** What the node exchanges with its peers: the transport, evidence transfers and witnessing (each null without peers). */
    record Peers(TransportModule transport, EvidenceTransfers transfers, WitnessModule witness) {
    }

    NodeProbe(RestServer rest, EmbeddedBroker broker, CamelContext camel, DirectoryStore networkDirectory, InboundCaseService inboundCases,
              AnswerPoller answerPoller, Peers peers) {
        this.alerts = null;
        this.rest = rest;
        this.broker = broker;
        this.camel = camel;
        this.networkDirectory = networkDirectory;
        this.inboundCases = inboundCases;
        this.transport = peers.transport();
        this.answerPoller = answerPoller;
        this.transfers = peers.transfers();
        this.witness = peers.witness();
    }

    /** issue 19: the node's witness and cosigning job (null without peers). */
    public WitnessModule witness() {
        return witness;
    }

    /** {@code base} with the node's alarms module (ADR-0030; null: alarms stay in the node). */
    NodeProbe(NodeProbe base, eu.eevidence.gw.gateway.alert.AlertModule alerts) {
        this.rest = base.rest;
        this.broker = base.broker;
        this.camel = base.camel;
        this.networkDirectory = base.networkDirectory;
        this.inboundCases = base.inboundCases;
        this.transport = base.transport;
        this.answerPoller = base.answerPoller;
        this.transfers = base.transfers;
        this.witness = base.witness;
        this.alerts = alerts;
    }

    /** The alarms that reach people (ADR-0030), or null on a node without an alarms configuration. */
    public eu.eevidence.gw.gateway.alert.AlertModule alerts() {
        return alerts;
    }

    public EmbeddedBroker broker() {
        return broker;
    }

    public CamelContext camel() {
        return camel;
    }

    /** The network directory in use (reload it, look peers up), or null when the node runs without one. */
    public DirectoryStore networkDirectory() {
        return networkDirectory;
    }

    /** The requested Party's cases (what the node-to-node transport hands peers' requests to, unless another was plugged in). */
    public InboundCaseService inboundCases() {
        return inboundCases;
    }

    /** The node's outbox to peer nodes (answers and follow-ups), or null without a network identity. */
    public NetworkOutbox peerMessenger() {
        return transport == null ? null : transport.outbox();
    }

    /** The receiving side of the node-to-node protocol, or null without a network identity. */
    public NetworkInbox networkInbox() {
        return transport == null ? null : transport.inbox();
    }

    /** The poller of the platforms that answer by POLL (tests poll now instead of waiting for the interval). */
    public AnswerPoller answerPoller() {
        return answerPoller;
    }

    /** The evidence fetched from peer nodes (jobs, try now), or null without a network identity. */
    public EvidenceTransfers transfers() {
        return transfers;
    }

    /** The gate in front of the HTTPS API (its counters: refused unauthenticated calls, public requests in flight). */
    public EdgeGate edgeGate() {
        return rest.gate();
    }

    /** TLS connections open without a client certificate (bounded by {@code HttpEdgeSettings.maxUnauthenticatedConnections}). */
    public int unauthenticatedConnections() {
        return rest.unauthenticatedConnections();
    }
}
