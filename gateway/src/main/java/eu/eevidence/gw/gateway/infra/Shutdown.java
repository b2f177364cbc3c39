package eu.eevidence.gw.gateway.infra;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/** Stops what was started, last first; a part that fails to stop is logged and the others still stop. */
public final class Shutdown {

    private static final Logger LOG = LoggerFactory.getLogger("eu.eevidence.gw.gateway.node.GatewayNode");

    private Shutdown() {
    }

    /** Closes {@code started} in reverse order; logs {@code EEG-NODE-STOP-ERROR} for each part that throws. */
    public static void inReverse(List<? extends AutoCloseable> started) {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                LOG.warn(InfraError.NODE_STOP_ERROR.code() + " {} while stopping {}", e.getClass().getSimpleName(), started.get(i).getClass().getSimpleName());
            }
        }
    }
}
