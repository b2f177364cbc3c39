package eu.eevidence.gw.gateway.observe;

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
}
