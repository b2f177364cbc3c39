package eu.eevidence.gw.gateway.observe;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import org.slf4j.MDC;

import java.util.regex.Pattern;

/**
 * The diagnostic context of log lines (SLF4J MDC keys) that the JSON format writes as fields (ADR-0027): the id of the
 * request a line is about and the W3C trace id of the call it belongs to. Identifiers only: never a name or content.
 */
public final class LogContext {

    /** MDC key: the gateway request id (an opaque identifier, already in the node's text lines). */
    public static final String REQUEST_ID = "requestId";
    /** MDC key: the W3C trace id (32 lower-case hex digits). */
    public static final String TRACE_ID = "traceId";

    private static final Pattern TRACEPARENT = Pattern.compile("[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}");

    private LogContext() {
    }

    /** The trace id of a W3C {@code traceparent} header (RFC-style version-traceid-parentid-flags), or null. */
    public static String traceIdOf(String traceparent) {
        if (traceparent == null) {
            return null;
        }
        var m = TRACEPARENT.matcher(traceparent.trim());
        if (!m.matches() || m.group(1).chars().allMatch(c -> c == '0')) {
            return null;
        }
        return m.group(1);
    }

    /**
     * Puts the trace id of the current span (when it has a valid one) and {@code requestId} (when not null) into the
     * log context until the returned scope is closed, which restores the values that were there before.
     */
    public static Scope enterCurrentSpan(String requestId) {
        SpanContext span = Span.current().getSpanContext();
        return enter(span.isValid() ? span.getTraceId() : null, requestId);
    }

    /** Puts {@code traceId} and {@code requestId} (each when not null) into the log context until the scope closes. */
    public static Scope enter(String traceId, String requestId) {
        Scope scope = new Scope(MDC.get(TRACE_ID), MDC.get(REQUEST_ID));
        if (traceId != null) {
            MDC.put(TRACE_ID, traceId);
        }
        if (requestId != null) {
            MDC.put(REQUEST_ID, requestId);
        }
        return scope;
    }

    /** Restores the log context as it was before {@link #enter}. */
    public static final class Scope implements AutoCloseable {
        private final String traceId;
        private final String requestId;

        private Scope(String traceId, String requestId) {
            this.traceId = traceId;
            this.requestId = requestId;
        }

        @Override
        public void close() {
            restore(TRACE_ID, traceId);
            restore(REQUEST_ID, requestId);
        }

        private static void restore(String key, String value) {
            if (value == null) {
                MDC.remove(key);
            } else {
                MDC.put(key, value);
            }
        }
    }
}
