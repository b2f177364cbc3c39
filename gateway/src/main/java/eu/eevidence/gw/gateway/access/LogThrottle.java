package eu.eevidence.gw.gateway.access;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** At most one log line per key and period (no log flooding by one client); bounded memory. Thread-safe. */
public final class LogThrottle {

    private final Clock clock;
    private final Duration period;
    private final Map<String, Instant> last;

    public LogThrottle(Clock clock, Duration period, int maxKeys) {
        this.clock = clock;
        this.period = period;
        this.last = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
                return size() > maxKeys;
            }
        };
    }

    public synchronized boolean shouldLog(String key) {
        Instant now = clock.instant();
        Instant before = last.get(key);
        if (before != null && now.isBefore(before.plus(period))) {
            return false;
        }
        last.put(key, now);
        return true;
    }
}
