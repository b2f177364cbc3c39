package eu.eevidence.gw.gateway.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** {@code /openapi.json}: the published OpenAPI 3.1 document of this API (no client certificate needed). */
@Path("/openapi.json")
public final class OpenApiResource {

    public static final String RESOURCE = "/openapi/evidence-gateway-api.json";

    @GET
    @Produces("application/json")
    public Response document() {
        return Response.ok(load(), "application/json").build();
    }

    public static byte[] load() {
        try (InputStream in = OpenApiResource.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("OpenAPI document missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
