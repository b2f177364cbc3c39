package eu.eevidence.gw.gateway.api;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeoutException;

/**
 * A client that hangs up, resets its stream or is too slow is the client's business, not an incident of the node: it is
 * logged once at INFO with a code and no stack trace (never {@code EEG-INTERNAL}, which anyone could otherwise use to fill
 * the operator's error log).
 */
final class ClientGone {

    private static final Logger LOG = LoggerFactory.getLogger(ClientGone.class);

    private ClientGone() {
    }

    /** Whether {@code e} (or one of its causes) says that the client went away or stalled. */
    static boolean is(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof org.eclipse.jetty.io.EofException || t instanceof ClosedChannelException || t instanceof EOFException) {
                return true;
            }
            if (t instanceof TimeoutException && t.getMessage() != null
                    && (t.getMessage().contains("Idle timeout") || t.getMessage().contains(MinimumRateRequest.TOO_SLOW))) {
                return true; // Jetty's idle timeout or minimum data rate on this request's connection
            }
            if (t instanceof IOException && t.getMessage() != null) {
                String m = t.getMessage();
                if (m.contains("Broken pipe") || m.contains("Connection reset") || m.contains("reset by peer") || m.contains("stream_reset")
                        || m.contains("Closed")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether the request failed because its body was too slow or idle (answered 408 if the client still listens). */
    static boolean tooSlow(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TimeoutException && t.getMessage() != null
                    && (t.getMessage().contains("Idle timeout") || t.getMessage().contains(MinimumRateRequest.TOO_SLOW))) {
                return true;
            }
        }
        return false;
    }

    static void log(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        LOG.info(ApiError.HTTP_CLIENT_GONE.code() + " the client closed the connection or stalled before the answer was written ({})",
                root.getClass().getSimpleName());
    }
}
