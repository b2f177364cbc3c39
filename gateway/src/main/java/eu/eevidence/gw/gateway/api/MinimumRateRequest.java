package eu.eevidence.gw.gateway.api;

import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

import java.util.concurrent.TimeoutException;

/**
 * A request whose body must arrive at an average rate of at least {@code minBytesPerSecond} once {@code graceNanos}
 * have passed since the body was first asked for: a client that trickles its body byte by byte is cut off (the read
 * fails, the answer is 408 {@code EEG-HTTP-408}) instead of holding a request thread for as long as it likes. A client that
 * sends nothing at all is closed by the idle timeout. Counted per request (Jetty's own MinimumDataRateHandler counts
 * the bytes of the whole server, which lets a slow client through on a busy node and fails honest ones on a quiet node).
 */
final class MinimumRateRequest extends Request.Wrapper {

    static final String TOO_SLOW = "request body arrived too slowly (minimum data rate)";

    private final long minBytesPerSecond;
    private final long graceNanos;
    private long firstDemand;
    private long bytes;
    private Content.Chunk failure;

    MinimumRateRequest(Request request, long minBytesPerSecond, long graceNanos) {
        super(request);
        this.minBytesPerSecond = minBytesPerSecond;
        this.graceNanos = graceNanos;
    }

    @Override
    public Content.Chunk read() {
        if (failure != null) {
            return failure;
        }
        Content.Chunk chunk = super.read();
        if (chunk != null) {
            bytes += chunk.remaining();
        }
        return chunk;
    }

    @Override
    public void demand(Runnable demandCallback) {
        long now = System.nanoTime();
        if (firstDemand == 0) {
            firstDemand = now;
        }
        if (tooSlow(now - firstDemand, bytes, minBytesPerSecond, graceNanos)) {
            failure = Content.Chunk.from(new TimeoutException(TOO_SLOW), true);
            demandCallback.run();
            return;
        }
        super.demand(demandCallback);
    }

    /** Whether {@code bytes} received in {@code elapsedNanos} are below the minimum average rate, after the grace period. */
    static boolean tooSlow(long elapsedNanos, long bytes, long minBytesPerSecond, long graceNanos) {
        if (minBytesPerSecond <= 0 || elapsedNanos <= graceNanos) {
            return false;
        }
        return bytes * 1_000_000_000.0 / elapsedNanos < minBytesPerSecond;
    }
}
