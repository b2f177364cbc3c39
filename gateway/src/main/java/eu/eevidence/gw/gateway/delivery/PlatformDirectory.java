package eu.eevidence.gw.gateway.delivery;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The platforms this node delivers to, by id. Immutable once the node runs. */
public final class PlatformDirectory {

    private final Map<String, Platform> platforms;

    public PlatformDirectory(Collection<Platform> platforms) {
        Map<String, Platform> map = new LinkedHashMap<>();
        for (Platform p : platforms) {
            if (map.put(p.id(), p) != null) {
                throw new IllegalArgumentException("EEG-CFG-002 platform " + p.id() + " is listed twice");
            }
        }
        this.platforms = Map.copyOf(map);
    }

    public Optional<Platform> find(String id) {
        return Optional.ofNullable(platforms.get(id));
    }

    public Collection<Platform> all() {
        return platforms.values();
    }
}
