package eu.eevidence.gw.gateway.api;

import eu.eevidence.gw.gateway.alert.AlarmDelivery;
import eu.eevidence.gw.gateway.alert.AlertModule;
import eu.eevidence.gw.gateway.http.Problems;
import eu.eevidence.gw.pki.Role;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ADR-0030: the alarms given up for a subscriber (the alarm-failed state), newest first, for the node's operators:
 * subscriber id, kind, request id, attempts, the batch id receivers would have seen and the code of the last failure.
 * No address, URL or secret. Only on a node started with {@code --alarms-config}.
 */
@Path("/api/v1/alarms")
public final class AlarmsResource {

    private static final Set<Role> READERS = Set.of(Role.NODE, Role.CONTACT_POINT);
    private static final int LIMIT = 200;

    private final AlertModule alerts;

    public AlarmsResource(AlertModule alerts) {
        this.alerts = alerts;
    }

    @GET
    @Path("failed")
    @Produces({MediaType.APPLICATION_JSON, Problems.MEDIA_TYPE})
    public Response failed() {
        if (!RequestResource.client().hasAnyRole(READERS)) {
            return Problems.of(403, ApiError.AUTH_ROLE, "Forbidden", "needs the node or contact-point role");
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (AlarmDelivery d : alerts.failed(LIMIT)) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("subscriber", d.subscriberId());
            row.put("kind", d.kind());
            row.put("requestId", d.requestId());
            row.put("attempts", d.attempts());
            row.put("id", d.batchId());
            row.put("lastError", d.lastError());
            rows.add(row);
        }
        return Json.ok(200, Map.of("failed", rows));
    }
}
