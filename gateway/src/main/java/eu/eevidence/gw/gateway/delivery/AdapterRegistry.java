package eu.eevidence.gw.gateway.delivery;

import eu.eevidence.gw.adapter.api.PlatformAdapter;

import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The adapters found on the class path through {@link ServiceLoader}, by kind. */
public final class AdapterRegistry {

    private final Map<String, PlatformAdapter> adapters;

    private AdapterRegistry(Map<String, PlatformAdapter> adapters) {
        this.adapters = Map.copyOf(adapters);
    }

    public static AdapterRegistry load() {
        Map<String, PlatformAdapter> found = new TreeMap<>();
        for (PlatformAdapter adapter : ServiceLoader.load(PlatformAdapter.class)) {
            if (found.putIfAbsent(adapter.kind(), adapter) != null) {
                throw new IllegalStateException(DeliveryError.CFG_003.code() + " two adapters claim the kind " + adapter.kind());
            }
        }
        return new AdapterRegistry(found);
    }

    public static AdapterRegistry of(PlatformAdapter... adapters) {
        Map<String, PlatformAdapter> map = new TreeMap<>();
        for (PlatformAdapter a : adapters) {
            map.put(a.kind(), a);
        }
        return new AdapterRegistry(map);
    }

    /** This registry plus a built-in adapter of the gateway itself (e.g. the peer-node adapter); its kind must be new. */
    public AdapterRegistry withBuiltIn(PlatformAdapter adapter) {
        Map<String, PlatformAdapter> map = new TreeMap<>(adapters);
        if (map.putIfAbsent(adapter.kind(), adapter) != null) {
            throw new IllegalStateException(DeliveryError.CFG_003.code() + " two adapters claim the kind " + adapter.kind());
        }
        return new AdapterRegistry(map);
    }

    public Optional<PlatformAdapter> forKind(String kind) {
        return Optional.ofNullable(adapters.get(kind));
    }

    public java.util.Set<String> kinds() {
        return adapters.keySet();
    }
}
