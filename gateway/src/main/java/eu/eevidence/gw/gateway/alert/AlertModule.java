package eu.eevidence.gw.gateway.alert;

import eu.eevidence.gw.gateway.infra.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The alarms that reach people (issue 17 item 5, ADR-0030), composed from the alarms configuration: the outbox the
 * features raise into ({@link #log()}), the dispatcher and its channels (e-mail, webhooks), and the thread that runs
 * the dispatcher every {@code dispatchEvery}. A node without an alarms configuration uses {@link AlarmLog#NONE}.
 */
public final class AlertModule implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AlertModule.class);

    private final AlarmsConfig config;
    private final AlarmStore store;
    private final AlarmDispatcher dispatcher;
    private ScheduledExecutorService executor;

    public AlertModule(AlarmsConfig config, Database db, Clock clock) {
        this.config = config;
        this.store = new AlarmStore(db, config.subscribers(), clock);
        AlarmContent content = new AlarmContent(config.linkBase());
        WebhookChannel webhooks = new WebhookChannel(content, clock);
        MailChannel mail = config.smtp() == null ? null : new MailChannel(config.smtp(), content, clock);
        this.dispatcher = new AlarmDispatcher(store, config, s -> s.channel() instanceof Subscriber.Mail ? mail : webhooks, clock,
                () -> ThreadLocalRandom.current().nextDouble());
    }

    public AlarmLog log() {
        return store;
    }

    public AlarmDispatcher dispatcher() {
        return dispatcher;
    }

    /** Sends again what a stop interrupted, then runs the dispatcher every {@code dispatchEvery} on a daemon thread. */
    public synchronized AlertModule start() {
        dispatcher.resumeInterrupted();
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "eeg-alarms");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(() -> {
            try {
                dispatcher.tick();
            } catch (Exception e) {
                LOG.warn(AlertError.ALM_TICK_FAILED.code() + " {} (retried at the next tick)", e.getClass().getSimpleName());
            }
        }, 0, config.dispatchEvery().toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    public List<AlarmDelivery> failed(int limit) {
        return dispatcher.deliveries(AlarmStore.FAILED, limit);
    }

    @Override
    public synchronized void close() throws InterruptedException {
        if (executor != null) {
            executor.shutdownNow();
            executor.awaitTermination(10, TimeUnit.SECONDS);
        }
    }
}
