package eu.eevidence.gw.gateway.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.eevidence.gw.gateway.api.ClientCertificateFilter;
import eu.eevidence.gw.gateway.api.ConsoleEdgePage;
import eu.eevidence.gw.gateway.http.Problems;
import eu.eevidence.gw.gateway.console.jte.JteerrorGenerated;
import eu.eevidence.gw.gateway.access.ClientIdentity;
import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import java.lang.annotation.Annotation;
import eu.eevidence.gw.gateway.api.ApiError;

/**
 * Every answer under {@code /console/} (ADR-0024): the security headers (CSP without inline script or style,
 * {@code frame-ancestors 'none'}, nosniff, no referrer), {@code Cache-Control: no-store} on everything but the static
 * assets, and any problem+json (from the filters the console shares with the API: certificate checks, rate limits, strict
 * input; from a {@link ConsoleRefusal}; from the error mappers) turned into the console's HTML error page with the same
 * status and {@code EEG-*} code, never a stack trace.
 */
@Provider
@Priority(10)
public final class ConsoleResponses implements ContainerResponseFilter {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Console console;

    public ConsoleResponses(Console console) {
        this.console = console;
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        String path = request.getUriInfo().getPath();
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (!p.equals("console") && !p.startsWith("console/")) {
            return;
        }
        ConsoleEdgePage.securityHeaders((name, value) -> response.getHeaders().putSingle(name, value));
        if (p.startsWith("console/assets/") && response.getStatus() < 400) {
            return; // a found asset is public and cacheable; a refusal on an asset path is a page like any other
        }
        response.getHeaders().putSingle("Cache-Control", "no-store");
        MediaType type = response.getMediaType();
        if (type != null && (type.getType() + "/" + type.getSubtype()).equals(Problems.MEDIA_TYPE)) {
            Response page = errorPage(response.getStatus(), response.getEntity());
            response.setEntity(page.getEntity(), new Annotation[0], Console.HTML);
            response.getHeaders().putSingle("Content-Type", Console.HTML.toString());
        }
    }

    private Response errorPage(int status, Object problem) {
        String code = ApiError.HTTP.withStatus(status);
        String detail = null;
        try {
            JsonNode n = JSON.readTree(String.valueOf(problem));
            code = n.path("code").asText(code);
            detail = n.hasNonNull("detail") ? n.get("detail").asText() : null;
        } catch (Exception unreadable) {
            // keep the status's code
        }
        return render(status, code, detail);
    }

    Response render(int status, String code, String detail) {
        ClientIdentity id = ClientCertificateFilter.currentClient();
        ConsolePage page = console.pageFor(id == null ? null : Who.of(id), Console.RequestInfo.current());
        String title = page.messages().getOr("error.title." + status, page.t("error.title"));
        ConsolePage titled = page.titled(title);
        String explanation = page.messages().getOr("error." + code, null);
        return Console.html(status, out -> JteerrorGenerated.render(out, null, titled, status, code, explanation, detail));
    }

    /** A {@link ConsoleRefusal} as problem+json: the filter above renders it as the HTML error page. */
    @Provider
    public static final class Refusals implements ExceptionMapper<ConsoleRefusal> {
        @Override
        public Response toResponse(ConsoleRefusal e) {
            return Problems.of(e.status(), e.code(), "Refused", e.detail());
        }
    }
}
