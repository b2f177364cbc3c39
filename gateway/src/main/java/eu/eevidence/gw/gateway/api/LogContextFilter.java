package eu.eevidence.gw.gateway.api;

import eu.eevidence.gw.gateway.observe.LogContext;
import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;
import org.slf4j.MDC;

/**
 * The trace id of a call's W3C {@code traceparent} header in the log lines written while the node handles it
 * ({@code traceId} of the JSON format, ADR-0027); a malformed header is ignored. Cleared when the answer leaves.
 */
@Provider
@PreMatching
@Priority(2)
public final class LogContextFilter implements ContainerRequestFilter, ContainerResponseFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        String traceId = LogContext.traceIdOf(request.getHeaderString("traceparent"));
        if (traceId != null) {
            MDC.put(LogContext.TRACE_ID, traceId);
        } else {
            MDC.remove(LogContext.TRACE_ID);
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        MDC.remove(LogContext.TRACE_ID);
    }
}
