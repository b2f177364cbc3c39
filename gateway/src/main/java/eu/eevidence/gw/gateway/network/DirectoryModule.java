package eu.eevidence.gw.gateway.network;

import eu.eevidence.gw.gateway.delivery.AdapterRegistry;
import eu.eevidence.gw.gateway.delivery.ManualHandoff;
import eu.eevidence.gw.gateway.routing.NodeIdentity;
import eu.eevidence.gw.gateway.routing.PeerRoutes;
import eu.eevidence.gw.gateway.routing.PeerSpec;
import eu.eevidence.gw.gateway.routing.Platform;
import eu.eevidence.gw.gateway.routing.PlatformSpec;
import eu.eevidence.gw.pki.CmsProfile;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.Tls;
import eu.eevidence.gw.pki.TrustAnchors;

import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * dir: the node's signed network directory (ADR-0012/0019), opened at start (this node must be listed): the peers and
 * platforms it lists, with the configured ones added as development additions (the directory wins). {@link #follow}
 * makes later versions change the delivery destinations once delivery runs. Closing it stops the polling.
 */
public final class DirectoryModule implements AutoCloseable {

    private final DirectoryStore store;
    private final DirectorySettings settings;
    private final List<PeerSpec> peers;
    private final List<PlatformSpec> platforms;

    /**
     * @param self              this node's network identity (required: a node with a directory must be listed in it)
     * @param configuredPeers   peers from configuration, kept beside the directory's
     * @param configuredPlatforms platforms from configuration, kept beside the directory's
     */
    public DirectoryModule(DirectorySettings settings, NodeIdentity self, KeyMaterial nodeKey, TrustAnchors trust, Path dataDir, Clock clock,
                           List<PeerSpec> configuredPeers, List<PlatformSpec> configuredPlatforms) throws Exception {
        if (self == null) {
            throw new IllegalArgumentException(NetworkError.DIR_SELF_MISSING.code() + " a node with a network directory needs its own network identity");
        }
        this.settings = settings;
        X509Certificate selfCert = nodeKey.certificate();
        try {
            List<DirectoryStore.Source> sources = new ArrayList<>();
            if (settings.file() != null) {
                sources.add(DirectoryStore.file(settings.file()));
            }
            javax.net.ssl.SSLContext fetchTls = settings.urls().isEmpty() ? null : Tls.sslContext(nodeKey, trust);
            for (URI url : settings.urls()) {
                sources.add(new DirectoryFetcher(url, fetchTls));
            }
            this.store = DirectoryStore.open(sources, dataDir.resolve("network"), trust, new CmsProfile(clock), clock,
                    d -> d.requireSelf(self, selfCert));
        } catch (NetworkException e) {
            throw new IllegalStateException(e.code() + " " + e.getMessage(), e);
        }
        VerifiedDirectory d = store.current();
        Map<String, PeerSpec> peerSpecs = new LinkedHashMap<>();
        d.peers(self).forEach(p -> peerSpecs.put(p.nodeId(), p));
        configuredPeers.forEach(p -> peerSpecs.putIfAbsent(p.nodeId(), p)); // development additions; the directory wins
        Map<String, PlatformSpec> platformSpecs = new LinkedHashMap<>();
        d.platformSpecs().forEach(p -> platformSpecs.put(p.id(), p));
        configuredPlatforms.forEach(p -> platformSpecs.putIfAbsent(p.id(), p));
        this.peers = List.copyOf(peerSpecs.values());
        this.platforms = List.copyOf(platformSpecs.values());
    }

    /** The directory in use (reload it, look peers up). */
    public DirectoryStore store() {
        return store;
    }

    /** The peers at start: the directory's, then configured ones it does not list. */
    public List<PeerSpec> peers() {
        return peers;
    }

    /** The platforms at start: the directory's, then configured ones it does not list. */
    public List<PlatformSpec> platforms() {
        return platforms;
    }

    /**
     * dir: each accepted directory version becomes the delivery platforms and peers (snapshot swaps), then polling starts.
     * {@code fromConfig}: the configured platforms as built at start; {@code configuredPeers}: the configured peers;
     * {@code routes} starts the delivery route of an added destination. Returns what stops the polling (before the routes
     * it may add to).
     */
    public AutoCloseable follow(DestinationsModule destinations, List<Platform> fromConfig, List<PeerSpec> configuredPeers,
                                KeyMaterial nodeKey, TrustAnchors trust, DirectoryPlatforms.Routes routes) throws Exception {
        AdapterRegistry installed = destinations.adapters();
        DirectoryPlatforms live = new DirectoryPlatforms(destinations.directory(), p -> !PeerRoutes.ADAPTER_KIND.equals(p.adapterKind()), fromConfig,
                Tls.sslContext(nodeKey, trust), kind -> installed.forKind(kind).isPresent() || ManualHandoff.KIND.equals(kind), routes);
        store.onChange(live::apply);
        live.apply(store.current()); // nothing changes unless a version was accepted since the start
        PeerRoutes peerRoutes = destinations.peerRoutes();
        if (peerRoutes != null) { // after the platforms, on each version: peer nodes added, changed (key rollover) or removed
            DirectoryPeers livePeers = new DirectoryPeers(peerRoutes, destinations.directory(), configuredPeers, Tls.sslContext(nodeKey, trust),
                    routes::start);
            store.onChange(livePeers::apply);
            livePeers.apply(store.current());
        }
        store.startPolling(settings.checkInterval());
        return store::close;
    }

    @Override
    public void close() throws Exception {
        store.close();
    }
}
