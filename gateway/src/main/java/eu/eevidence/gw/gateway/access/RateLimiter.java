package eu.eevidence.gw.gateway.access;

import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Token buckets per key (a client certificate's fingerprint, a remote address): each key may spend {@code burst}
 * requests at once and regains {@code perSecond} tokens per second. Time comes from the injected {@link Clock}. Memory
 * is bounded: a bucket that has been full for a while (idle) is dropped (a new one starts full, so nothing changes for
 * its key), and at most {@code maxKeys} buckets are kept (least recently used dropped first). Thread-safe.
 */
public final class RateLimiter {

    /**
     * @param perSecond tokens regained per second; {@code <= 0} disables the limit
     * @param burst     bucket size (requests allowed at once); at least 1 when enabled
     */
    public record Rate(double perSecond, int burst) {
        public Rate {
            if (perSecond > 0 && burst < 1) {
                throw new IllegalArgumentException(AccessError.CFG_RATE.code() + " a rate limit needs a burst of at least 1");
            }
        }

        public static Rate off() {
            return new Rate(0, 0);
        }

        public boolean enabled() {
            return perSecond > 0;
        }
    }

    /** The outcome: allowed, or refused with the whole seconds (at least 1) after which a token is back. */
    public record Decision(boolean allowed, long retryAfterSeconds) {
        static final Decision ALLOWED = new Decision(true, 0);
    }

    private static final class Bucket {
        double tokens;
        long updatedNanos;

        Bucket(double tokens, long updatedNanos) {
            this.tokens = tokens;
            this.updatedNanos = updatedNanos;
        }
    }

    private final Rate rate;
    private final Clock clock;
    private final int maxKeys;
    private final long idleNanos;
    private final Map<String, Bucket> buckets = new LinkedHashMap<>(64, 0.75f, true);
    private long lastSweepNanos;

    public RateLimiter(Rate rate, Clock clock, int maxKeys) {
        this.rate = Objects.requireNonNull(rate, "rate");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (maxKeys < 1) {
            throw new IllegalArgumentException("maxKeys must be positive");
        }
        this.maxKeys = maxKeys;
        // a bucket refills completely in burst/perSecond; idle after that plus a minute
        double refillSeconds = rate.enabled() ? rate.burst() / rate.perSecond() : 0;
        this.idleNanos = (long) (refillSeconds * 1e9) + Duration.ofMinutes(1).toNanos();
    }

    public Rate rate() {
        return rate;
    }

    /** Spends one token of {@code key}'s bucket, or says when to come back. */
    public Decision acquire(String key) {
        if (!rate.enabled()) {
            return Decision.ALLOWED;
        }
        long now = nanos();
        synchronized (this) {
            sweep(now);
            Bucket b = buckets.get(key);
            if (b == null) {
                b = new Bucket(rate.burst(), now);
                buckets.put(key, b);
                if (buckets.size() > maxKeys) {
                    Iterator<String> eldest = buckets.keySet().iterator();
                    eldest.next();
                    eldest.remove();
                }
            } else {
                double elapsed = Math.max(0, now - b.updatedNanos) / 1e9;
                b.tokens = Math.min(rate.burst(), b.tokens + elapsed * rate.perSecond());
                b.updatedNanos = Math.max(b.updatedNanos, now);
            }
            if (b.tokens >= 1) {
                b.tokens -= 1;
                return Decision.ALLOWED;
            }
            double missing = 1 - b.tokens;
            long seconds = (long) Math.ceil(missing / rate.perSecond());
            return new Decision(false, Math.max(1, seconds));
        }
    }

    /** Number of buckets held (for tests and metrics). */
    public synchronized int size() {
        return buckets.size();
    }

    /** Drops idle buckets, at most once per idle period (amortised). */
    private void sweep(long now) {
        if (now - lastSweepNanos < idleNanos) {
            return;
        }
        lastSweepNanos = now;
        buckets.values().removeIf(b -> now - b.updatedNanos > idleNanos);
    }

    private long nanos() {
        java.time.Instant i = clock.instant();
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }
}
