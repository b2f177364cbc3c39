package eu.eevidence.gw.gateway.network;

import eu.eevidence.gw.gateway.delivery.AdapterRegistry;
import eu.eevidence.gw.gateway.delivery.ManualHandoff;
import eu.eevidence.gw.gateway.routing.NodeIdentity;
import eu.eevidence.gw.gateway.routing.PeerRoutes;
import eu.eevidence.gw.gateway.routing.PeerSpec;
import eu.eevidence.gw.gateway.routing.Platform;
import eu.eevidence.gw.gateway.routing.PlatformRoutes;
import eu.eevidence.gw.gateway.routing.PlatformSpec;
import eu.eevidence.gw.pki.CmsProfile;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.pki.Tls;
import eu.eevidence.gw.pki.TrustAnchors;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import eu.eevidence.gw.gateway.routing.RoutingError;

/**
 * Delivery destinations: the platforms, and every peer node (adapter gateway-node, ADR-0013); the installed adapters
 * (with the built-in peer adapter on a node with a network identity). Checks that every platform's adapter is installed.
 */
public final class DestinationsModule {

    private final KeyMaterial nodeKey;
    private final TrustAnchors trust;
    private final List<Platform> platforms;
    private final PeerRoutes peerRoutes;
    private final CmsProfile networkCms;
    private final PeerAdapter peerAdapter;
    private final PlatformRoutes directory;
    private final AdapterRegistry adapters;

    /** {@code identity}: this node's network identity, or null (then {@code peers} are ignored and there is no peer routing). */
    public DestinationsModule(NodeIdentity identity, List<PeerSpec> peers, List<PlatformSpec> platformSpecs, KeyMaterial nodeKey, TrustAnchors trust,
                              Clock clock) throws Exception {
        this.nodeKey = nodeKey;
        this.trust = trust;
        List<Platform> all = new ArrayList<>();
        for (PlatformSpec spec : platformSpecs) {
            all.add(platform(spec));
        }
        this.peerRoutes = identity == null ? null : new PeerRoutes(identity, peers);
        this.networkCms = new CmsProfile(clock);
        PeerAdapter peerAdapterOrNull = null;
        if (peerRoutes != null) {
            for (PeerSpec p : peerRoutes.all()) {
                if (all.stream().anyMatch(x -> x.id().equals(p.nodeId()))) {
                    throw new IllegalArgumentException(RoutingError.NET_CONFIG.code() + " platform id " + p.nodeId() + " is also the id of a peer node");
                }
            }
            all.addAll(peerRoutes.destinations(Tls.sslContext(nodeKey, trust)));
            peerAdapterOrNull = new PeerAdapter(identity.nodeId(), peerRoutes::byId, networkCms, trust.requiringRole(Role.NODE));
        }
        this.peerAdapter = peerAdapterOrNull;
        this.platforms = all;
        this.directory = new PlatformRoutes(all);
        AdapterRegistry installed = AdapterRegistry.load();
        this.adapters = peerAdapter == null ? installed : installed.withBuiltIn(peerAdapter);
        for (Platform p : all) {
            if (adapters.forKind(p.adapterKind()).isEmpty() && !ManualHandoff.KIND.equals(p.adapterKind())) {
                throw new IllegalArgumentException(NetworkError.CFG_005.code() + " platform " + p.id() + " names adapter '" + p.adapterKind()
                        + "', but only " + adapters.kinds() + " are installed");
            }
        }
    }

    /** A configured platform, reached with the node's key and its own TLS trust (or the node's). */
    public Platform platform(PlatformSpec spec) throws Exception {
        TrustAnchors portalTrust = spec.tlsTrust().isEmpty() ? trust : TrustAnchors.of(spec.tlsTrust());
        return new Platform(spec.id(), spec.adapter(), spec.endpoint(), spec.encryptionCertificate(), Tls.sslContext(nodeKey, portalTrust),
                spec.settings());
    }

    /** The destinations at start (platforms, then peer nodes). */
    public List<Platform> platforms() {
        return platforms;
    }

    /** The peer nodes, or null on a node without a network identity. */
    public PeerRoutes peerRoutes() {
        return peerRoutes;
    }

    /** The CMS profile of node-to-node messages (no time-stamper). */
    public CmsProfile networkCms() {
        return networkCms;
    }

    /** Where requests go: the destinations by id (swapped when a directory version is accepted). */
    public PlatformRoutes directory() {
        return directory;
    }

    /** The built-in adapter that delivers to peer nodes, or null on a node without a network identity. */
    public PeerAdapter peerAdapter() {
        return peerAdapter;
    }

    public AdapterRegistry adapters() {
        return adapters;
    }
}
