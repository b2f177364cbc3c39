package eu.eevidence.gw.gateway.network;

import eu.eevidence.gw.gateway.routing.PeerRoutes;
import eu.eevidence.gw.gateway.routing.PeerSpec;
import eu.eevidence.gw.gateway.routing.Platform;
import eu.eevidence.gw.gateway.routing.PlatformRoutes;
import eu.eevidence.gw.gateway.routing.SnapshotChanges;
import eu.eevidence.gw.pki.Certificates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import eu.eevidence.gw.gateway.routing.RoutingError;

/**
 * Keeps the node's peer nodes ({@link PeerRoutes}) and their delivery destinations (entries of adapter kind
 * {@link PeerRoutes#ADAPTER_KIND} in the {@link PlatformRoutes}) in step with the accepted network directory, while
 * the node runs. On each accepted version the directory's nodes but this one, plus the configured peers whose id the
 * directory does not list (development additions), become the next peer snapshot, swapped in at once; then the
 * destinations follow (one swap of the platform snapshot, peer entries only).
 * <ul>
 *   <li>added: a delivery destination (its queue consumer is started), intake routes State-addressed requests to it,
 *       the inbox and the evidence endpoints accept its certificates ({@code EEG-DIR-PEER-ADDED});</li>
 *   <li>changed endpoint, certificates (rollover: every listed certificate is accepted, the first is sealed to),
 *       message types, Party or role: the next delivery attempt and the next inbound message use the new values
 *       ({@code EEG-DIR-PEER-CHANGED});</li>
 *   <li>removed: new requests to its Party get the no-route answer, its certificates are refused
 *       ({@code EEG-NET-UNKNOWN-PEER}), pending requests and outbox entries are not sent to its last endpoint: they are
 *       retried per the delivery policy and fail with {@code EEG-DIR-PEER-REMOVED} unless it comes back
 *       ({@code EEG-DIR-PEER-REMOVED} log line).</li>
 * </ul>
 */
public final class DirectoryPeers {

    private static final Logger LOG = LoggerFactory.getLogger(DirectoryPeers.class);

    /** Starts the delivery route (queue consumer) of a peer added while the node runs. */
    @FunctionalInterface
    public interface Routes {
        void start(String nodeId) throws Exception;
    }

    private final PeerRoutes peers;
    private final PlatformRoutes destinations;
    private final List<PeerSpec> configured;
    private final SSLContext tls;
    private final Routes routes;

    /**
     * @param peers        the peers intake, outbox, inbox and adapter read
     * @param destinations the delivery destinations (only the entries of kind {@link PeerRoutes#ADAPTER_KIND} are replaced)
     * @param configured   the configured peers (added when the directory does not list their id)
     * @param tls          how peers are reached (the node's key, the network's trust anchors)
     * @param routes       starts the route of an added peer
     */
    public DirectoryPeers(PeerRoutes peers, PlatformRoutes destinations, List<PeerSpec> configured, SSLContext tls, Routes routes) {
        this.peers = Objects.requireNonNull(peers, "peers");
        this.destinations = Objects.requireNonNull(destinations, "destinations");
        this.configured = List.copyOf(configured);
        this.tls = tls;
        this.routes = Objects.requireNonNull(routes, "routes");
    }

    /** The peers {@code d} gives this node: the directory's nodes but this one, then configured ones it does not list. */
    List<PeerSpec> peersOf(VerifiedDirectory d) {
        Map<String, PeerSpec> next = new LinkedHashMap<>();
        for (PeerSpec p : d.peers(peers.self())) {
            next.put(p.nodeId(), p);
        }
        for (PeerSpec p : configured) {
            if (d.node(p.nodeId()).isEmpty()) {
                next.putIfAbsent(p.nodeId(), p);
            }
        }
        return new ArrayList<>(next.values());
    }

    /**
     * Applies an accepted directory version: the destinations of the next peers are checked against the platforms
     * first (an id clash changes nothing: {@code EEG-DIR-PEERS-NOT-APPLIED}), then the destinations are swapped, then the
     * peer snapshot, then one log line per change and the routes of the added peers.
     */
    public synchronized SnapshotChanges<PeerSpec> apply(VerifiedDirectory d) {
        List<PeerSpec> next = peersOf(d);
        List<Platform> nextDestinations = new ArrayList<>();
        for (PeerSpec p : next) {
            nextDestinations.add(PeerRoutes.destination(p, tls));
        }
        for (Platform other : destinations.all()) {
            if (!PeerRoutes.ADAPTER_KIND.equals(other.adapterKind()) && next.stream().anyMatch(p -> p.nodeId().equals(other.id()))) {
                LOG.error(NetworkError.DIR_PEERS_NOT_APPLIED.code()
                        + " directory version {}: node id {} is also the id of a platform; the node keeps the peers it had",
                        d.version(), other.id());
                return SnapshotChanges.none();
            }
        }
        SnapshotChanges<PeerSpec> changes;
        try {
            // destinations first: an added peer is a destination before intake can route to it
            destinations.replace(p -> PeerRoutes.ADAPTER_KIND.equals(p.adapterKind()), nextDestinations);
            changes = peers.replace(next);
        } catch (IllegalArgumentException e) {
            LOG.error(NetworkError.DIR_PEERS_NOT_APPLIED.code() + " directory version {}: {}; the node keeps the peers it had", d.version(), e.getMessage());
            return SnapshotChanges.none();
        }
        for (PeerSpec p : changes.added()) {
            try {
                routes.start(p.nodeId());
            } catch (Exception e) {
                LOG.error(NetworkError.DIR_PEER_ROUTE.code() + " the delivery route of peer {} could not be started ({}); its messages wait in its queue",
                        p.nodeId(), e.getClass().getSimpleName());
            }
            LOG.info(NetworkError.DIR_PEER_ADDED.code() + " peer node {} ({} {}, {}, certificate {}) from directory version {}", p.nodeId(), p.country(),
                    p.identity().role(), p.endpoint(), fingerprints(p), d.version());
        }
        for (PeerSpec p : changes.changed()) {
            LOG.info(NetworkError.DIR_PEER_CHANGED.code() + " peer node {} ({} {}, {}, certificate {}) from directory version {}; the next delivery and inbound"
                    + " message use it", p.nodeId(), p.country(), p.identity().role(), p.endpoint(), fingerprints(p), d.version());
        }
        for (PeerSpec p : changes.removed()) {
            LOG.warn(RoutingError.DIR_PEER_REMOVED.code() + " peer node {} is not in directory version {}; new requests to it get no route, its certificate is"
                    + " refused, pending messages are not sent to its last endpoint and end per the delivery policy", p.nodeId(), d.version());
        }
        return changes;
    }

    private static String fingerprints(PeerSpec p) {
        List<String> out = new ArrayList<>();
        for (java.security.cert.X509Certificate c : p.certificates()) {
            String f = Certificates.sha256Fingerprint(c);
            out.add(f.length() > 16 ? f.substring(0, 16) : f);
        }
        return String.join(",", out);
    }
}
