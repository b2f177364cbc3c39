package eu.eevidence.gw.gateway.console.cases;

import eu.eevidence.gw.gateway.api.CaseResource;
import eu.eevidence.gw.gateway.cases.CaseState;
import eu.eevidence.gw.gateway.console.Console;
import eu.eevidence.gw.gateway.console.ConsolePage;
import eu.eevidence.gw.gateway.console.jte.cases.JtecaseGenerated;
import eu.eevidence.gw.gateway.console.jte.cases.JteconfirmGenerated;
import eu.eevidence.gw.gateway.console.jte.cases.JteinboxGenerated;
import eu.eevidence.gw.gateway.console.ApiAnswer;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.schema.Refusal;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The requested Party's desk (issue 16 item 3, "Cases"): {@code /console/cases} is {@code GET /api/v1/cases} (inbox with the
 * review deadlines, overdue ones highlighted), {@code /console/cases/{id}} is {@code GET /api/v1/cases/{id}} (the received
 * request's fields, its timeline and deadlines; a recorded read, as through the API) with the decision forms; each decision
 * (accept to one of this node's platforms, refuse with a ground and a reason, postpone, ask for clarification, answer, Art. 30
 * partial disclosure) is a POST with a confirmation step, then {@code POST /api/v1/cases/{id}/decision} (or
 * {@code /disclosure}) in-process with the identity of the current request. Errors are the API's {@code EEG-CASE-*} codes,
 * beside the field and in a summary at the top.
 */
@Path("/console/cases")
public final class CasePages {

    /** The API's reviewers ({@code CaseResource}). */
    public static final Set<Role> REVIEWERS = Set.of(Role.CONTACT_POINT);

    private final Console console;
    private final CaseResource cases;
    public CasePages(Console console, CaseResource cases) {
        this.console = console;
        this.cases = cases;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response inbox(@QueryParam("state") List<String> states) throws Exception {
        ConsolePage p = console.page("case.inbox.title", REVIEWERS);
        List<String> wanted = states == null ? List.of() : states.stream().filter(s -> s != null && !s.isBlank()).toList();
        ApiAnswer a = ApiAnswer.of(cases.list(wanted));
        if (!a.ok() && a.status() != 400) {
            return a.raw();
        }
        List<CaseView> rows = a.ok() ? ApiAnswer.list(a.body().path("items")).stream().map(CaseView::of).toList() : List.of();
        String code = a.ok() ? null : a.code();
        String detail = a.ok() ? null : java.util.Objects.requireNonNullElse(a.detail(), "");
        return Console.html(a.ok() ? 200 : 400, out -> JteinboxGenerated.render(out, null, p, rows, wanted, caseStates(), code, detail));
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.TEXT_HTML)
    public Response show(@PathParam("id") String id, @QueryParam("done") String done) throws Exception {
        ConsolePage p = console.page("case.title", REVIEWERS);
        return casePage(p, id, 200, null, null, CaseForm.FIELDS.containsKey(String.valueOf(done)) ? done : null);
    }

    /**
     * A decision: first the confirmation page (the form's values shown, sent again with {@code confirm=yes}), then the API
     * call; 303 back to the case when it is done, the case page with the API's errors beside the fields when not.
     */
    @POST
    @Path("{id}/decision")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response decide(@PathParam("id") String id, MultivaluedMap<String, String> form) throws Exception {
        console.checkCsrf(form);
        ConsolePage p = console.page("case.confirm.title", REVIEWERS);
        CaseForm f = CaseForm.of(form);
        if (f == null) {
            // the API's own answer to a decision it does not know (422 EEG-CASE-DECISION), as the case page shows it
            ApiAnswer a = ApiAnswer.of(cases.decide(id, new ByteArrayInputStream("{\"decision\":\"\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8))));
            return a.status() == 422 ? casePage(p.titled(p.t("case.title")), id, 422, null, a, null) : a.raw();
        }
        if (!"yes".equals(form.getFirst("confirm"))) {
            return Console.html(200, out -> JteconfirmGenerated.render(out, null, p, id, f));
        }
        ApiAnswer a = ApiAnswer.of(f.disclosure() ? cases.disclose(id, new ByteArrayInputStream(f.body()))
                : cases.decide(id, new ByteArrayInputStream(f.body())));
        if (a.ok()) {
            return Console.seeOther("/console/cases/" + id + "?done=" + f.action());
        }
        if (a.status() == 403 || a.status() == 404 || a.status() == 413 || a.status() >= 500) {
            return a.raw();
        }
        return casePage(p.titled(p.t("case.title")), id, a.status(), f, a, null);
    }

    private Response casePage(ConsolePage p, String id, int status, CaseForm form, ApiAnswer error, String done)
            throws Exception {
        ApiAnswer a = ApiAnswer.of(cases.get(id));
        if (!a.ok()) {
            return a.raw();
        }
        CaseView k = CaseView.of(a.body());
        String failed = form == null ? null : form.action();
        Map<String, String> errors = error == null ? Map.of() : error.fieldErrors();
        String code = error == null ? null : error.code();
        String detail = error == null ? null : java.util.Objects.requireNonNullElse(error.detail(), "");
        return Console.html(status, out -> JtecaseGenerated.render(out, null, p, k, platformIds(), refusalGrounds(), failed, form, code, detail,
                errors, done));
    }

    /** The platforms of this node, the ones the API accepts for ACCEPT ({@code EEG-CASE-UNKNOWN-PLATFORM} otherwise). */
    List<String> platformIds() {
        return cases.platformIds();
    }

    /** The refusal grounds of the catalogue ({@code Refusal.Ground}). */
    static List<String> refusalGrounds() {
        return Arrays.stream(Refusal.Ground.values()).map(Enum::name).toList();
    }

    static List<String> caseStates() {
        return Arrays.stream(CaseState.values()).map(Enum::name).toList();
    }
}
