package eu.eevidence.gw.gateway.api;

import eu.eevidence.gw.gateway.observe.NodeTracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;

/**
 * A server span per call the node's API accepts (ADR-0027): intake, the receiving side of a node-to-node hop, a
 * platform's answer, ... It continues the caller's trace from a W3C {@code traceparent} header (a malformed one starts a
 * new trace) and is current while the node handles the call, so that what the call queues continues it. Named by
 * method and route template; attributes are the template and the status, never the path as sent.
 */
@Provider
@PreMatching
@Priority(3)
public final class TraceFilter implements ContainerRequestFilter, ContainerResponseFilter {

    private static final String SPAN = "eeg.trace.span";
    private static final String SCOPE = "eeg.trace.scope";

    private final NodeTracing tracing;

    public TraceFilter(NodeTracing tracing) {
        this.tracing = tracing;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        Span span = tracing.start("eeg.http " + request.getMethod(), SpanKind.SERVER,
                NodeTracing.extract(request.getHeaderString(NodeTracing.TRACEPARENT)));
        request.setProperty(SPAN, span);
        request.setProperty(SCOPE, span.makeCurrent());
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Object span = request.getProperty(SPAN);
        Object scope = request.getProperty(SCOPE);
        if (span instanceof Span s) {
            String route = HttpMetricsFilter.template();
            s.updateName(request.getMethod() + " " + route);
            s.setAttribute(NodeTracing.ROUTE, route);
            s.setAttribute(NodeTracing.STATUS, (long) response.getStatus());
            if (response.getStatus() >= 500) {
                s.setStatus(StatusCode.ERROR);
            }
            s.end();
        }
        if (scope instanceof Scope sc) {
            sc.close();
        }
    }
}
