package eu.eevidence.gw.gateway.deadline;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@link DeadlineEngine#tick()} at a fixed delay on one daemon thread. The first tick runs at once, so a node
 * that was down over a due time fires on start. The engine reads time from its injected clock; this class only
 * decides how often to look.
 */
public final class DeadlineScheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeadlineScheduler.class);

    private final ScheduledExecutorService executor;

    private DeadlineScheduler(ScheduledExecutorService executor) {
        this.executor = executor;
    }

    public static DeadlineScheduler start(DeadlineEngine engine, Duration every) {
        return start(engine, null, every);
    }

    /** Also runs the retention purge (the privacy feature's {@code RetentionService::purgeDue}) at start and then hourly. */
    public static DeadlineScheduler start(DeadlineEngine engine, Callable<Integer> retention, Duration every) {
        ScheduledExecutorService ex = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "eeg-deadlines");
            t.setDaemon(true);
            return t;
        });
        ex.scheduleWithFixedDelay(() -> {
            try {
                engine.tick();
            } catch (Exception e) {
                LOG.warn(DeadlineError.DDL_TICK_FAILED.code() + " {} (retried at the next tick)", e.getClass().getSimpleName());
            }
        }, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        if (retention != null) {
            ex.scheduleWithFixedDelay(() -> {
                try {
                    retention.call();
                } catch (Exception e) {
                    LOG.warn(DeadlineError.RET_PURGE_FAILED.code() + " {} (retried in an hour)", e.getClass().getSimpleName());
                }
            }, 0, 1, TimeUnit.HOURS);
        }
        return new DeadlineScheduler(ex);
    }

    @Override
    public void close() throws InterruptedException {
        executor.shutdownNow();
        executor.awaitTermination(10, TimeUnit.SECONDS);
    }
}
