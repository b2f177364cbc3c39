package eu.eevidence.gw.gateway.routing;

import java.util.List;

/**
 * What replacing a snapshot of destinations changed (platforms in {@link PlatformRoutes}, peer nodes in
 * {@code network.PeerRoutes}): entries added and changed in the order of the new snapshot, removed ones in the old order.
 */
public record SnapshotChanges<T>(List<T> added, List<T> changed, List<T> removed) {

    public SnapshotChanges {
        added = List.copyOf(added);
        changed = List.copyOf(changed);
        removed = List.copyOf(removed);
    }

    /** Nothing changed. */
    public static <T> SnapshotChanges<T> none() {
        return new SnapshotChanges<>(List.of(), List.of(), List.of());
    }

    public boolean isEmpty() {
        return added.isEmpty() && changed.isEmpty() && removed.isEmpty();
    }
}
