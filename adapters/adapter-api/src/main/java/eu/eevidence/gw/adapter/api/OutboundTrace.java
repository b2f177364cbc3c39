package eu.eevidence.gw.adapter.api;

import java.util.regex.Pattern;

/**
 * The W3C {@code traceparent} (https://www.w3.org/TR/trace-context/) that {@link PortalHttp} adds to the calls made on
 * the current thread, so that a platform's or a peer node's side of a delivery joins the sending node's trace
 * (ADR-0027). The gateway sets it around a delivery attempt; adapters need not know about it. No tracing library
 * here: the SPI stays plain.
 */
public final class OutboundTrace {

    /** The header's name. */
    public static final String HEADER = "traceparent";
    private static final Pattern VALID = Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    private OutboundTrace() {
    }

    /** Sets {@code traceparent} (ignored unless well-formed) for this thread until the returned scope closes. */
    public static Scope with(String traceparent) {
        String previous = CURRENT.get();
        if (traceparent != null && VALID.matcher(traceparent).matches()) {
            CURRENT.set(traceparent);
        }
        return () -> {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        };
    }

    /** The {@code traceparent} of this thread's current call, or null. */
    public static String current() {
        return CURRENT.get();
    }

    /** Ends a {@link #with} without an exception. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
