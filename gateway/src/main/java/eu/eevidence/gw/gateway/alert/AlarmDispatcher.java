package eu.eevidence.gw.gateway.alert;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.function.Function;

/**
 * Sends what the outbox holds (ADR-0030). Each {@link #tick()}: (1) puts the digest deliveries raised before the start of
 * the current digest slot (slots of {@code digestEvery} from the epoch, by the injected clock) into one batch per
 * subscriber; (2) sends every due batch once: recorded SENDING (one more attempt) before the send, SENT after it, or
 * PENDING again with an exponential back-off with jitter, or FAILED when the attempts are used up or the failure is
 * permanent. A batch is one message to one subscriber, so one subscriber's failures never hold up another's.
 */
public final class AlarmDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(AlarmDispatcher.class);
    private static final int BATCH = 200;

    private final AlarmsConfig config;
    private final Map<String, Subscriber> subscribers = new LinkedHashMap<>();
    private final Function<Subscriber, AlarmChannel> channels;
    private final Clock clock;
    private final DoubleSupplier random;
    private final AlarmStore store;

    AlarmDispatcher(AlarmStore store, AlarmsConfig config, Function<Subscriber, AlarmChannel> channels, Clock clock, DoubleSupplier random) {
        this.store = store;
        this.config = config;
        config.subscribers().forEach(s -> subscribers.put(s.id(), s));
        this.channels = channels;
        this.clock = clock;
        this.random = random;
    }

    /** At start: sends recorded before a stop but not after are due again, under the same id (receivers deduplicate). */
    public int resumeInterrupted() {
        int n = store.resumeInterrupted();
        if (n > 0) {
            LOG.warn(AlertError.ALM_RESUMED.code() + " {} alarm send(s) interrupted by a stop are sent again with the same id", n);
        }
        return n;
    }

    /** One round: batch the due digests, then send every due batch once. Returns the number of batches sent. */
    public synchronized int tick() {
        Instant now = clock.instant();
        batchDigests(now);
        int sent = 0;
        for (AlarmStore.DueBatch b : store.dueBatches(now, BATCH)) {
            if (send(b)) {
                sent++;
            }
        }
        return sent;
    }

    /** The start of the digest slot that holds {@code now}. */
    static Instant slotStart(Instant now, Duration every) {
        long ms = every.toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), ms) * ms);
    }

    private void batchDigests(Instant now) {
        store.batchDigests(slotStart(now, config.digestEvery()));
    }

    private boolean send(AlarmStore.DueBatch due) {
        Instant start = clock.instant();
        int attempt = store.claim(due.batchId(), start); // recorded before the send
        if (attempt == 0) {
            return false;
        }
        Subscriber s = subscribers.get(due.subscriberId());
        if (s == null) {
            record(due, AlarmStore.FAILED, null, "subscriber no longer configured");
            LOG.error(AlertError.ALM_FAILED.code() + " batch {} for subscriber {}: no longer configured", due.batchId(), due.subscriberId());
            return false;
        }
        AlarmChannel.Batch batch = new AlarmChannel.Batch(due.batchId(), due.digest(), store.batch(due.batchId()));
        try {
            channels.apply(s).send(s, batch);
        } catch (AlarmChannel.SendFailure f) {
            failed(due, s, attempt, f);
            return false;
        }
        record(due, AlarmStore.SENT, null, null); // recorded after the send
        LOG.info(AlertError.ALM_SENT.code() + " {} {} ({} alarm(s)) to subscriber {} by {}, attempt {}", due.digest() ? "digest" : "alarm",
                due.batchId(), batch.alarms().size(), s.id(), s.channelName(), attempt);
        return true;
    }

    private void failed(AlarmStore.DueBatch due, Subscriber s, int attempt, AlarmChannel.SendFailure f) {
        AlarmsConfig.Retry retry = config.retry();
        if (f.permanent() || attempt >= retry.maxAttempts()) {
            record(due, AlarmStore.FAILED, null, f.getMessage());
            LOG.error(AlertError.ALM_FAILED.code() + " batch {} for subscriber {} given up after {} attempt(s): {}", due.batchId(), s.id(), attempt,
                    f.getMessage());
            return;
        }
        Duration delay = retry.delayAfter(attempt, random.getAsDouble());
        record(due, AlarmStore.PENDING, clock.instant().plus(delay), f.getMessage());
        LOG.warn(AlertError.ALM_RETRY.code() + " batch {} for subscriber {} attempt {} failed: {}; next in {} ms", due.batchId(), s.id(), attempt,
                f.getMessage(), delay.toMillis());
    }

    private void record(AlarmStore.DueBatch due, String state, Instant next, String error) {
        store.outcome(due.batchId(), state, clock.instant(), next, error);
    }

    /** Deliveries for operators: FAILED ones (the alarm-failed state), or all when {@code state} is null. */
    public List<AlarmDelivery> deliveries(String state, int limit) {
        return store.deliveries(state, limit);
    }
}
