package eu.eevidence.gw.gateway.network;

import eu.eevidence.gw.gateway.routing.Platform;
import eu.eevidence.gw.gateway.routing.PlatformRoutes;
import eu.eevidence.gw.gateway.routing.SnapshotChanges;
import eu.eevidence.gw.gateway.routing.PlatformSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import eu.eevidence.gw.gateway.routing.RoutingError;

/**
 * Keeps the node's delivery platforms ({@link PlatformRoutes}) in step with the accepted network directory, while
 * the node runs: on each accepted version the platforms of the directory, plus the configured ones whose id the
 * directory does not list (development additions), become the next snapshot, swapped in at once. Peer nodes (outside
 * {@code scope}) are not touched.
 * <ul>
 *   <li>added: requests to it are accepted from now on, and its delivery route is started
 *       ({@code EEG-DIR-PLATFORM-ADDED});</li>
 *   <li>changed endpoint, certificate, adapter or message types: the next delivery attempt uses the new values
 *       ({@code EEG-DIR-PLATFORM-CHANGED});</li>
 *   <li>removed: new requests are refused ({@code EEG-REQ-UNKNOWN-PLATFORM}); requests accepted before stay pending and
 *       are not sent to the last known endpoint: they are retried per the delivery policy and fail with
 *       {@code EEG-DIR-PLATFORM-REMOVED} unless the platform comes back ({@code EEG-DIR-PLATFORM-REMOVED} log line).</li>
 * </ul>
 * A platform naming an adapter that this node does not have is left out ({@code EEG-DIR-PLATFORM-ADAPTER}).
 */
public final class DirectoryPlatforms {

    private static final Logger LOG = LoggerFactory.getLogger(DirectoryPlatforms.class);

    /** Starts the delivery route of a platform added while the node runs. */
    @FunctionalInterface
    public interface Routes {
        void start(String platformId) throws Exception;
    }

    private final PlatformRoutes target;
    private final Predicate<Platform> scope;
    private final List<Platform> configured;
    private final SSLContext tls;
    private final Predicate<String> adapterInstalled;
    private final Routes routes;
    private final Map<String, List<String>> messageTypes = new LinkedHashMap<>();

    /**
     * @param target           the platforms delivery, intake and answers read
     * @param scope            which entries of {@code target} are platforms (the others, peer nodes, stay)
     * @param configured       the configured platforms, as built at start (added when the directory does not list their id)
     * @param tls              how the directory's platforms are reached (the node's key, the network's trust anchors)
     * @param adapterInstalled whether an adapter kind can be delivered to
     * @param routes           starts the route of an added platform
     */
    public DirectoryPlatforms(PlatformRoutes target, Predicate<Platform> scope, List<Platform> configured, SSLContext tls,
                              Predicate<String> adapterInstalled, Routes routes) {
        this.target = Objects.requireNonNull(target, "target");
        this.scope = Objects.requireNonNull(scope, "scope");
        this.configured = List.copyOf(configured);
        this.tls = tls;
        this.adapterInstalled = Objects.requireNonNull(adapterInstalled, "adapterInstalled");
        this.routes = Objects.requireNonNull(routes, "routes");
    }

    /** The platforms {@code d} makes this node deliver to: the directory's, then configured ones it does not list. */
    List<Platform> platformsOf(VerifiedDirectory d) {
        Map<String, Platform> next = new LinkedHashMap<>();
        for (PlatformSpec spec : d.platformSpecs()) {
            if (!adapterInstalled.test(spec.adapter())) {
                LOG.warn(NetworkError.DIR_PLATFORM_ADAPTER.code()
                        + " directory version {} lists platform {} with adapter '{}' that this node does not have; left out",
                        d.version(), spec.id(), spec.adapter());
                continue;
            }
            next.put(spec.id(), new Platform(spec.id(), spec.adapter(), spec.endpoint(), spec.encryptionCertificate(), tls, spec.settings()));
        }
        for (Platform p : configured) {
            if (!d.directory().platforms().stream().anyMatch(e -> e.id().equals(p.id()))) {
                next.putIfAbsent(p.id(), p);
            }
        }
        return new ArrayList<>(next.values());
    }

    /**
     * Applies an accepted directory version: one snapshot swap, then one log line per change and the routes of the
     * added platforms. A version that cannot be applied (an id clash with a peer node) changes nothing
     * ({@code EEG-DIR-PLATFORMS-NOT-APPLIED}).
     */
    public synchronized SnapshotChanges<Platform> apply(VerifiedDirectory d) {
        SnapshotChanges<Platform> changes;
        Map<String, List<String>> types = new LinkedHashMap<>();
        d.directory().platforms().forEach(e -> types.put(e.id(), List.copyOf(e.messageTypes())));
        try {
            changes = target.replace(scope, platformsOf(d));
        } catch (IllegalArgumentException e) {
            LOG.error(NetworkError.DIR_PLATFORMS_NOT_APPLIED.code() + " directory version {}: {}; delivery keeps the platforms it had", d.version(),
                    e.getMessage());
            return SnapshotChanges.none();
        }
        for (Platform p : changes.added()) {
            try {
                routes.start(p.id());
            } catch (Exception e) {
                LOG.error(NetworkError.DIR_PLATFORM_ROUTE.code()
                        + " the delivery route of platform {} could not be started ({}); its requests wait in its queue",
                        p.id(), e.getClass().getSimpleName());
            }
            LOG.info(NetworkError.DIR_PLATFORM_ADDED.code() + " platform {} ({}, {}) from directory version {}", p.id(), p.adapterKind(), p.endpoint(),
                    d.version());
        }
        for (Platform p : changes.changed()) {
            LOG.info(NetworkError.DIR_PLATFORM_CHANGED.code() + " platform {} ({}, {}) from directory version {}; the next delivery attempt uses it",
                    p.id(), p.adapterKind(), p.endpoint(), d.version());
        }
        for (Platform p : changes.removed()) {
            LOG.warn(RoutingError.DIR_PLATFORM_REMOVED.code() + " platform {} is not in directory version {}; new requests to it are refused, pending ones are"
                    + " not sent to its last endpoint and end per the delivery policy", p.id(), d.version());
        }
        for (Map.Entry<String, List<String>> e : types.entrySet()) {
            List<String> before = messageTypes.get(e.getKey());
            if (before != null && !before.equals(e.getValue()) && changes.changed().stream().noneMatch(p -> p.id().equals(e.getKey()))) {
                LOG.info(NetworkError.DIR_PLATFORM_CHANGED.code() + " platform {} message types {} from directory version {}", e.getKey(), e.getValue(),
                        d.version());
            }
        }
        messageTypes.clear();
        messageTypes.putAll(types);
        return changes;
    }
}
