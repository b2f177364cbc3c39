package eu.eevidence.gw.gateway.api;

import eu.eevidence.gw.gateway.access.ClientIdentity;
import eu.eevidence.gw.gateway.http.Problems;
import eu.eevidence.gw.gateway.tracking.ComplianceQueries;
import eu.eevidence.gw.gateway.tracking.TrackingQueries;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.gateway.observe.NodeMetrics;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Deadline compliance per instrument and platform (share answered in time, median and 90th percentile time to
 * answer) as JSON, and the same figures plus request counts in the Prometheus text format; on a node, the Prometheus
 * endpoint serves the node's meter registry (ADR-0027: JVM, HTTP, routes, broker, pool, delivery, deadlines, custody and
 * these figures), in OpenMetrics when the Accept header asks for it. Aggregates only: no request ids, no personal data.
 * Any authenticated role of the network may read them.
 */
@Path("/api/v1/metrics")
public final class MetricsResource {

    private static final Set<Role> READERS = Set.of(Role.NODE, Role.CONTACT_POINT, Role.JUDICIAL_AUTHORITY, Role.AUDITOR);

    private final ComplianceQueries compliance;
    private final TrackingQueries tracking;
    private final Clock clock;
    private final eu.eevidence.gw.gateway.delivery.DeliveryStatus delivery;
    private final Scrapes scrapes;

    /** Work done before a scrape (figures read from the database and the broker). */
    @FunctionalInterface
    public interface BeforeScrape {
        void run() throws Exception;
    }

    /** The node's meter registry and what to refresh before scraping it (ADR-0027). */
    public record Scrapes(NodeMetrics metrics, BeforeScrape before) {
    }

    public MetricsResource(ComplianceQueries compliance, TrackingQueries tracking, Clock clock) {
        this(compliance, tracking, clock, null);
    }

    /** With the delivery feature's circuits and counters ({@code delivery} may be null). */
    public MetricsResource(ComplianceQueries compliance, TrackingQueries tracking, Clock clock, eu.eevidence.gw.gateway.delivery.DeliveryStatus delivery) {
        this(compliance, tracking, clock, delivery, null);
    }

    /** With the node's meters: the Prometheus endpoint serves them (null: the hand-written figures only). */
    public MetricsResource(ComplianceQueries compliance, TrackingQueries tracking, Clock clock, eu.eevidence.gw.gateway.delivery.DeliveryStatus delivery,
                           Scrapes scrapes) {
        this.scrapes = scrapes;
        this.compliance = compliance;
        this.tracking = tracking;
        this.clock = clock;
        this.delivery = delivery;
    }

    /** Circuit breaker per destination and delivery counters since start (aggregates only). */
    @GET
    @Path("delivery")
    @Produces({MediaType.APPLICATION_JSON, Problems.MEDIA_TYPE})
    public Response delivery() {
        if (!RequestResource.client().hasAnyRole(READERS)) {
            return Problems.of(403, ApiError.AUTH_ROLE, "Forbidden", "needs a role of the network");
        }
        Map<String, Object> body = delivery == null ? Map.of("circuits", List.of(), "counters", Map.of()) : delivery.json();
        return Json.ok(200, body);
    }

    @GET
    @Path("compliance")
    @Produces({MediaType.APPLICATION_JSON, Problems.MEDIA_TYPE})
    public Response compliance(@QueryParam("days") String days) {
        if (!RequestResource.client().hasAnyRole(READERS)) {
            return Problems.of(403, ApiError.AUTH_ROLE, "Forbidden", "needs a role of the network");
        }
        int d;
        try {
            d = days == null || days.isBlank() ? 90 : Integer.parseInt(days.trim());
        } catch (NumberFormatException e) {
            d = -1;
        }
        if (d < 1 || d > 3660) {
            return Problems.of(400, ApiError.QUERY_INVALID, "Invalid query", "days must be an integer between 1 and 3660");
        }
        Instant now = clock.instant();
        List<ComplianceQueries.Compliance> rows = compliance.since(now.minus(Duration.ofDays(d)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("since", now.minus(Duration.ofDays(d)).toString());
        body.put("at", now.toString());
        body.put("rows", rows);
        return Json.ok(200, body);
    }

    @GET
    @Path("prometheus")
    @Produces({"text/plain", "application/openmetrics-text", Problems.MEDIA_TYPE})
    public Response prometheus(@HeaderParam("Accept") String accept) throws Exception {
        ClientIdentity client = RequestResource.client();
        if (!client.hasAnyRole(READERS)) {
            return Problems.of(403, ApiError.AUTH_ROLE, "Forbidden", "needs a role of the network");
        }
        if (scrapes != null) {
            scrapes.before().run();
            NodeMetrics.Scrape scrape = scrapes.metrics().scrape(accept);
            return Response.ok(scrape.text(), scrape.contentType()).build();
        }
        Instant now = clock.instant();
        String text = ComplianceQueries.prometheus(compliance.since(now.minus(Duration.ofDays(90))), tracking.stats(null, now))
                + (delivery == null ? "" : delivery.prometheus());
        return Response.ok(text, "text/plain; version=0.0.4; charset=utf-8").build();
    }
}
