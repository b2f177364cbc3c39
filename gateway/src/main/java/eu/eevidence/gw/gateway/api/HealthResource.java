package eu.eevidence.gw.gateway.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** {@code /health}: readiness (database, broker, routes) and liveness. No client certificate needed. */
@Path("/health")
public final class HealthResource {

    private final Map<String, BooleanSupplier> checks;

    public HealthResource(Map<String, BooleanSupplier> checks) {
        this.checks = Map.copyOf(checks);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response health() {
        return ready();
    }

    @GET
    @Path("ready")
    @Produces(MediaType.APPLICATION_JSON)
    public Response ready() {
        Map<String, Object> result = new LinkedHashMap<>();
        Map<String, String> details = new java.util.TreeMap<>();
        boolean up = true;
        for (Map.Entry<String, BooleanSupplier> c : checks.entrySet()) {
            boolean ok;
            try {
                ok = c.getValue().getAsBoolean();
            } catch (RuntimeException e) {
                ok = false;
            }
            details.put(c.getKey(), ok ? "UP" : "DOWN");
            up &= ok;
        }
        result.put("status", up ? "UP" : "DOWN");
        result.put("checks", details);
        return Json.ok(up ? 200 : 503, result);
    }

    @GET
    @Path("live")
    @Produces(MediaType.APPLICATION_JSON)
    public Response live() {
        return Json.ok(200, Map.of("status", "UP"));
    }
}
