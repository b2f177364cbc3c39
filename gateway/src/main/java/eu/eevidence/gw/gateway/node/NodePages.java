package eu.eevidence.gw.gateway.node;

import java.time.Clock;
import java.util.List;

/**
 * Pages the node serves beside the API on its HTTPS port (the web console, ADR-0024), found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/eu.eevidence.gw.gateway.node.NodePages}) so that the node does not depend on them: they sit
 * above every feature and call the API's resources in-process.
 */
public interface NodePages {

    /** The API's resources (JAX-RS service beans) as the node built them, and the node's clock. */
    record Api(List<Object> resources, Clock clock) {
        public Api {
            resources = List.copyOf(resources);
        }

        /** The API resource of this class (e.g. {@code RequestResource}); fails at start if the node has none. */
        public <T> T resource(Class<T> type) {
            for (Object r : resources) {
                if (type.isInstance(r)) {
                    return type.cast(r);
                }
            }
            throw new IllegalStateException("the node has no " + type.getSimpleName());
        }
    }

    /** What the pages add to the HTTPS server: JAX-RS resources and providers (filters, exception mappers). */
    record Installed(List<Object> resources, List<Object> providers) {
        public Installed {
            resources = List.copyOf(resources);
            providers = List.copyOf(providers);
        }
    }

    Installed install(Api api);
}
