package eu.eevidence.gw.gateway.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import eu.eevidence.gw.gateway.infra.InfraError;

/**
 * Stops the node in bounded time: {@code close()} runs on its own thread (intake stops first, in-flight requests drain,
 * the database closes last); if that has not finished within the bound, the process is halted so that a service
 * manager's SIGTERM is never left hanging. Durable state does not depend on a clean stop (the journal and the database
 * are written through), so halting after the bound loses nothing acknowledged.
 */
final class GracefulStop {

    private static final Logger LOG = LoggerFactory.getLogger(GracefulStop.class);

    private GracefulStop() {
    }

    /** Returns true when the node stopped within the bound; halts the JVM (status 1) otherwise, unless {@code halt} is false. */
    static boolean run(AutoCloseable node, Duration bound) {
        return run(node, bound, true);
    }

    static boolean run(AutoCloseable node, Duration bound, boolean halt) {
        long started = System.nanoTime();
        Thread closer = new Thread(() -> {
            try {
                node.close();
            } catch (Exception e) {
                LOG.warn(InfraError.NODE_STOP_ERROR.code() + " {} while stopping the node", e.getClass().getSimpleName());
            }
        }, "eeg-stop");
        closer.setDaemon(true);
        closer.start();
        try {
            closer.join(bound.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (closer.isAlive()) {
            LOG.error(CliError.NODE_STOP_TIMEOUT.code() + " the node did not stop within {} s; halting", bound.toSeconds());
            if (halt) {
                Runtime.getRuntime().halt(1);
            }
            return false;
        }
        LOG.info(CliError.NODE_STOP_DONE.code() + " stopped in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return true;
    }
}
