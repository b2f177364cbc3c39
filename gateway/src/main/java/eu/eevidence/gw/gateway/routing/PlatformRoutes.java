package eu.eevidence.gw.gateway.routing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The platforms this node delivers to, by id. One immutable snapshot is in use at a time: {@link #replace} (a network
 * directory update) computes the next snapshot and swaps it in at once, so a reader sees either the old set or the new
 * one, never half an update. Ids removed by a replacement are remembered ({@link #wasRemoved}) so that delivery can
 * tell "removed from the directory" from "never known".
 */
public final class PlatformRoutes {

    private record Snapshot(Map<String, Platform> platforms, Map<String, Platform> removed) {
    }

    private volatile Snapshot snapshot;

    public PlatformRoutes(Collection<Platform> platforms) {
        this.snapshot = new Snapshot(index(platforms), Map.of());
    }

    private static Map<String, Platform> index(Collection<Platform> platforms) {
        Map<String, Platform> map = new LinkedHashMap<>();
        for (Platform p : platforms) {
            if (map.put(p.id(), p) != null) {
                throw new IllegalArgumentException(RoutingError.CFG_002.code() + " platform " + p.id() + " is listed twice");
            }
        }
        return java.util.Collections.unmodifiableMap(map);
    }

    public Optional<Platform> find(String id) {
        return Optional.ofNullable(snapshot.platforms().get(id));
    }

    /** The platforms of the snapshot in use (an immutable view: a later {@link #replace} does not change it). */
    public Collection<Platform> all() {
        return snapshot.platforms().values();
    }

    /** True when {@code id} was removed by a {@link #replace} (since this node started) and has not come back. */
    public boolean wasRemoved(String id) {
        return snapshot.removed().containsKey(id);
    }

    /**
     * The code a message pending for a removed destination ends with: {@code EEG-DIR-PEER-REMOVED} for a peer node
     * (adapter kind {@code gateway-node}), else {@code EEG-DIR-PLATFORM-REMOVED}.
     */
    public String removalCode(String id) {
        Platform gone = snapshot.removed().get(id);
        return gone != null && "gateway-node".equals(gone.adapterKind()) ? RoutingError.DIR_PEER_REMOVED.code() : RoutingError.DIR_PLATFORM_REMOVED.code();
    }

    /**
     * Replaces the platforms within {@code scope} by {@code next}; entries outside the scope (e.g. peer nodes) stay.
     * A platform whose id, adapter, endpoint, encryption certificate and settings are unchanged keeps its current
     * instance. The new snapshot is swapped in at once.
     *
     * @throws IllegalArgumentException {@code EEG-CFG-002} when {@code next} lists an id twice or an id of an entry
     *                                  outside the scope (nothing changes then)
     */
    public synchronized SnapshotChanges<Platform> replace(Predicate<Platform> scope, Collection<Platform> next) {
        Objects.requireNonNull(scope, "scope");
        Snapshot old = snapshot;
        Map<String, Platform> nextById = index(next);
        Map<String, Platform> result = new LinkedHashMap<>();
        List<Platform> removed = new ArrayList<>();
        for (Platform p : old.platforms().values()) {
            if (!scope.test(p)) {
                result.put(p.id(), p);
            } else if (!nextById.containsKey(p.id())) {
                removed.add(p);
            }
        }
        List<Platform> added = new ArrayList<>();
        List<Platform> changed = new ArrayList<>();
        for (Platform p : nextById.values()) {
            if (result.containsKey(p.id())) {
                throw new IllegalArgumentException(RoutingError.CFG_002.code() + " platform " + p.id() + " has the id of another destination ("
                        + result.get(p.id()).adapterKind() + ")");
            }
            Platform before = old.platforms().get(p.id());
            if (before == null) {
                added.add(p);
                result.put(p.id(), p);
            } else if (sameDestination(before, p)) {
                result.put(p.id(), before);
            } else {
                changed.add(p);
                result.put(p.id(), p);
            }
        }
        Map<String, Platform> gone = new LinkedHashMap<>(old.removed());
        result.keySet().forEach(gone::remove);
        removed.forEach(p -> gone.put(p.id(), p));
        snapshot = new Snapshot(java.util.Collections.unmodifiableMap(result), Map.copyOf(gone));
        return new SnapshotChanges<>(added, changed, removed);
    }

    /**
     * Same destination: id, adapter, endpoint, encryption certificate and settings. The TLS context is not compared (an
     * instance, built again for the same trust): a directory's platforms are always reached with the node's own trust
     * anchors, and configured platforms do not change while the node runs.
     */
    static boolean sameDestination(Platform a, Platform b) {
        return a.id().equals(b.id()) && a.adapterKind().equals(b.adapterKind()) && a.endpoint().equals(b.endpoint())
                && a.encryptionCertificate().equals(b.encryptionCertificate()) && a.settings().equals(b.settings());
    }
}
