package eu.eevidence.gw.pki;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;

/**
 * {@link ReplayGuard} in memory: a message is accepted when its signing time lies within
 * {@code [now - window, now + futureSkew]} and its id was not seen in the window. Ids are forgotten once their
 * signing time left the window (a replay of them is then rejected by the time check), so memory is bounded by
 * the traffic of one window. Thread-safe.
 */
public final class InMemoryReplayGuard implements ReplayGuard {

    private final Clock clock;
    private final Duration window;
    private final Duration futureSkew;
    private final Map<String, Instant> seen = new HashMap<>();

    public InMemoryReplayGuard(Clock clock, Duration window, Duration futureSkew) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.window = Objects.requireNonNull(window, "window");
        this.futureSkew = Objects.requireNonNull(futureSkew, "futureSkew");
        if (window.isNegative() || window.isZero() || futureSkew.isNegative()) {
            throw new IllegalArgumentException("window must be positive and skew non-negative");
        }
    }

    @Override
    public synchronized void checkAndRecord(String messageId, Instant signingTime) throws PkiException {
        if (messageId == null || messageId.isEmpty() || signingTime == null) {
            throw new PkiException(PkiError.REPLAY, "message id and signing time are required");
        }
        Instant now = clock.instant();
        Instant oldest = now.minus(window);
        for (Iterator<Instant> it = seen.values().iterator(); it.hasNext();) {
            if (it.next().isBefore(oldest)) {
                it.remove();
            }
        }
        if (signingTime.isBefore(oldest)) {
            throw new PkiException(PkiError.REPLAY, "signing time " + signingTime + " is older than the accepted window of "
                    + window);
        }
        if (signingTime.isAfter(now.plus(futureSkew))) {
            throw new PkiException(PkiError.REPLAY, "signing time " + signingTime + " is in the future");
        }
        if (seen.putIfAbsent(messageId, signingTime) != null) {
            throw new PkiException(PkiError.REPLAY, "message " + messageId + " was already received");
        }
    }

    /** Number of ids currently remembered (for tests and metrics). */
    public synchronized int size() {
        return seen.size();
    }
}
