package eu.eevidence.gw.sim;

/**
 * The timetable of an open-loop run: request {@code n} is due {@code n / rate} seconds after the start, whatever the
 * node answered before. Latency is measured from this intended start, not from the moment a sender got round to it,
 * so that a node that falls behind shows its queue in the figures (no coordinated omission).
 */
public record OpenLoopSchedule(long startNanos, double ratePerSecond) {

    public OpenLoopSchedule {
        if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
            throw new IllegalArgumentException(SimError.SIM_001.code() + " a rate must be a positive number of requests per second");
        }
    }

    /** The {@link System#nanoTime()} at which request {@code n} (from 0) is due. */
    public long intendedStart(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("request number " + n + " < 0");
        }
        return startNanos + Math.round(n * 1e9 / ratePerSecond);
    }

    /** Nanoseconds from {@code nowNanos} until request {@code n} is due; 0 when it is already late. */
    public long delayNanos(int n, long nowNanos) {
        return Math.max(0, intendedStart(n) - nowNanos);
    }

    /** Milliseconds from the intended start of request {@code n} to {@code doneNanos}: includes any wait for a sender. */
    public double latencyMillis(int n, long doneNanos) {
        return (doneNanos - intendedStart(n)) / 1e6;
    }
}
