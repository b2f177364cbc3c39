package eu.eevidence.gw.gateway.console.forms;

import eu.eevidence.gw.gateway.api.ClientCertificateFilter;
import eu.eevidence.gw.gateway.console.Console;
import eu.eevidence.gw.gateway.console.ConsolePage;
import eu.eevidence.gw.gateway.console.ConsoleRefusal;
import eu.eevidence.gw.gateway.console.jte.forms.JteformGenerated;
import eu.eevidence.gw.gateway.console.jte.forms.JtetypesGenerated;
import eu.eevidence.gw.schema.MessageType;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import eu.eevidence.gw.gateway.api.ApiError;

/**
 * "New request" (issue 16 item 3, docs/design/console-forms.md): {@code GET /console/requests/new} lists the request types
 * of the catalogue (those the person's role sends first, with their instrument and articles); {@code GET
 * /console/requests/new/{type}} shows the form generated from the catalogue with a fresh idempotency key; {@code POST} of
 * the same path submits it through the API's intake ({@link FormSubmission}): 303 to the request's page when stored or
 * replayed, the form again with each error beside its field (422) when invalid, nothing stored. Roles and codes as the API:
 * CONTACT_POINT or JUDICIAL_AUTHORITY, else 403 EEG-AUTH-ROLE; every POST checks the CSRF token first.
 */
@Path("/console/requests/new")
public final class NewRequestResource {

    /** The request page a stored request is shown at ({@code /console/requests/{id}}). */
    public static final String REQUEST_PAGE = "/console/requests/";

    private final Console console;
    private final FormSubmission forms;

    public NewRequestResource(Console console, FormSubmission forms) {
        this.console = console;
        this.forms = forms;
    }

    /** The types to choose from. */
    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response types() {
        ConsolePage page = console.page("forms.types.title", FormSubmission.SUBMITTERS);
        List<MessageType> mine = FormModel.requestTypesFor(java.util.Set.copyOf(page.who().roles()));
        // a civil court or administrative authority is offered its removal order only (ADR-0036): no other type to pick
        List<MessageType> others = eu.eevidence.gw.gateway.intake.IssuerScope.nonCriminalOnly(java.util.Set.copyOf(page.who().roles())) ? List.of()
                : FormModel.requestTypes().stream().filter(t -> !mine.contains(t)).toList();
        return Console.html(200, out -> JtetypesGenerated.render(out, null, page, mine, others));
    }

    /** A new, empty form of {@code type}; query parameters {@code _n:<group>} ask for more instances of a repeated group. */
    @GET
    @Path("{type}")
    @Produces(MediaType.TEXT_HTML)
    public Response form(@PathParam("type") String type, @Context UriInfo uri) {
        ConsolePage page = console.page("forms.types.title", FormSubmission.SUBMITTERS);
        FormModel model = model(type);
        if (!eu.eevidence.gw.gateway.intake.IssuerScope.allows(java.util.Set.copyOf(page.who().roles()), model.type())) {
            throw new ConsoleRefusal(403, eu.eevidence.gw.gateway.intake.IntakeError.AUTH_ISSUER_SCOPE.code(),
                    "a civil court or an administrative authority sends content removal orders only");
        }
        Map<String, List<String>> counts = new HashMap<>();
        uri.getQueryParameters().forEach((k, v) -> {
            if (k.startsWith(FormValues.COUNT)) {
                counts.put(k, v);
            }
        });
        return render(200, page, FormPage.blank(model, new FormValues(counts)), null);
    }

    /** Submits the form (or adds an instance to a repeated group and shows it again). */
    @POST
    @Path("{type}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response submit(@PathParam("type") String type, MultivaluedMap<String, String> form) {
        console.checkCsrf(form);
        ConsolePage page = console.page("forms.types.title", FormSubmission.SUBMITTERS);
        FormModel model = model(type);
        FormValues values = new FormValues(form == null ? Map.of() : new HashMap<>(form));
        if (values.addTo() != null) {
            return render(200, page, FormPage.withErrors(model, values, List.of()), null);
        }
        FormSubmission.Outcome outcome = forms.submit(ClientCertificateFilter.currentClient(), model, values);
        if (outcome instanceof FormSubmission.Created created) {
            return seeOther(REQUEST_PAGE + created.requestId());
        }
        if (outcome instanceof FormSubmission.Invalid invalid) {
            return render(422, page, FormPage.withErrors(model, values, invalid.violations()), null);
        }
        if (outcome instanceof FormSubmission.Conflict conflict) {
            return render(409, page, FormPage.withErrors(model, values, List.of()), conflict.existingRequestId());
        }
        FormSubmission.Refused refused = (FormSubmission.Refused) outcome;
        throw new ConsoleRefusal(refused.status(), refused.code(), refused.message());
    }

    /**
     * 303 with a relative {@code Location} (RFC 9110 section 10.2.2): the browser stays on the origin it used. (A
     * {@code URI} given to JAX-RS is made absolute from the server's base address, e.g. {@code https://localhost:port}
     * while the person uses {@code https://127.0.0.1:port}: another origin, whose cookies and session storage differ.)
     */
    static Response seeOther(String consolePath) {
        return Response.status(303).header("Location", consolePath).header("Cache-Control", "no-store").build();
    }

    private static FormModel model(String type) {
        return FormModel.named(type).orElseThrow(() -> new ConsoleRefusal(404, ApiError.HTTP_404.code(), "no request type of the catalogue has this name"));
    }

    private static Response render(int status, ConsolePage page, FormPage form, String alreadySentAs) {
        ConsolePage titled = page.titled(page.messages().getOr("type." + form.type().name(), form.type().name()));
        return Console.html(status, out -> JteformGenerated.render(out, null, titled, form, alreadySentAs));
    }
}
