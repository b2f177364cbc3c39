package eu.eevidence.gw.gateway.api;

import eu.eevidence.gw.gateway.access.ClientIdentity;
import eu.eevidence.gw.gateway.observe.NodeMetrics;
import eu.eevidence.gw.pki.Role;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;
import org.apache.cxf.jaxrs.model.OperationResourceInfo;
import org.apache.cxf.jaxrs.utils.JAXRSUtils;
import org.apache.cxf.message.Message;

import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * HTTP server meters (ADR-0027): {@code http_server_requests_seconds} per method, matched route template (never the
 * path as sent: {@code /api/v1/requests/{id}}, not a request id), status and the client's role(s), as a histogram with
 * {@link NodeMetrics#LATENCY_BUCKETS}. A request refused before it matched a resource (no certificate, rate limit,
 * unknown path) has the template {@code none}. Runs first among the request filters and sees every answer the JAX-RS
 * layer gives, aborted ones included.
 */
@Provider
@PreMatching
@Priority(1)
public final class HttpMetricsFilter implements ContainerRequestFilter, ContainerResponseFilter {

    private static final String STARTED = "eeg.metrics.started";

    private final MeterRegistry meters;

    public HttpMetricsFilter(MeterRegistry meters) {
        this.meters = meters;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        request.setProperty(STARTED, System.nanoTime());
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Object started = request.getProperty(STARTED);
        if (!(started instanceof Long t0)) {
            return;
        }
        Timer.builder("http.server.requests").description("HTTP requests answered by the node's API, by route template")
                .tags("method", request.getMethod(), "uri", template(), "status", Integer.toString(response.getStatus()),
                        "role", role(ClientCertificateFilter.currentClient()))
                .serviceLevelObjectives(NodeMetrics.LATENCY_BUCKETS).register(meters).record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
    }

    /** The matched resource's path template (class and method templates joined), or {@code none}. */
    static String template() {
        Message m = JAXRSUtils.getCurrentMessage();
        OperationResourceInfo op = m == null || m.getExchange() == null ? null : m.getExchange().get(OperationResourceInfo.class);
        if (op == null) {
            return "none";
        }
        String base = op.getClassResourceInfo() == null || op.getClassResourceInfo().getURITemplate() == null ? ""
                : op.getClassResourceInfo().getURITemplate().getValue();
        String own = op.getURITemplate() == null ? "" : op.getURITemplate().getValue();
        String joined = (base + "/" + own).replaceAll("/+", "/");
        return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
    }

    /** The client's roles, sorted and joined with {@code +}, or {@code none} (bounded: a handful of roles). */
    static String role(ClientIdentity client) {
        if (client == null || client.roles().isEmpty()) {
            return "none";
        }
        Set<String> names = new TreeSet<>();
        for (Role r : client.roles()) {
            names.add(r.name().toLowerCase(java.util.Locale.ROOT));
        }
        return String.join("+", names);
    }
}
