package eu.eevidence.gw.gateway.console.requests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.eevidence.gw.gateway.api.CaseResource;
import eu.eevidence.gw.gateway.api.EvidenceResource;
import eu.eevidence.gw.gateway.api.HandoffResource;
import eu.eevidence.gw.gateway.api.RequestResource;
import eu.eevidence.gw.gateway.console.ApiAnswer;
import eu.eevidence.gw.gateway.console.Console;
import eu.eevidence.gw.gateway.console.ConsoleNav;
import eu.eevidence.gw.gateway.console.ConsolePage;
import eu.eevidence.gw.gateway.console.ConsoleRefusal;
import eu.eevidence.gw.gateway.console.ConsoleResource;
import eu.eevidence.gw.gateway.console.jte.requests.JtearchivedGenerated;
import eu.eevidence.gw.gateway.console.jte.requests.JteconfirmGenerated;
import eu.eevidence.gw.gateway.console.jte.requests.JtedashboardGenerated;
import eu.eevidence.gw.gateway.console.jte.requests.JtelistGenerated;
import eu.eevidence.gw.gateway.console.jte.requests.JterequestGenerated;
import eu.eevidence.gw.gateway.intake.RequestIds;
import eu.eevidence.gw.pki.Role;
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
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import eu.eevidence.gw.gateway.api.ApiError;

/**
 * The contact point's and judicial authority's pages (issue 16, item 3): the requests list, the request page with its
 * state, timeline, deadlines, receipts and network evidences, evidence items and the API's actions (each a POST form with
 * a confirmation step), and the evidence downloads. Every read and action is the API resource's own method called
 * in-process (ADR-0024), so the API's role, ownership and validation rules and its {@code EEG-*} codes apply unchanged.
 */
@Path("/console/requests")
public final class RequestPages {

    static final Set<Role> SUBMITTERS = ConsoleNav.SUBMITTERS;
    static final int LIST_SIZE = 25;
    static final int DASHBOARD_SIZE = 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Console console;
    private final RequestResource requests;
    private final HandoffResource handoffs;
    private final EvidenceResource evidence;
    private final CaseResource cases;
    private final eu.eevidence.gw.gateway.api.HashListResource hashLists;
    private final eu.eevidence.gw.gateway.api.ArchiveResource archive;

    public RequestPages(Console console, RequestResource requests, HandoffResource handoffs, EvidenceResource evidence, CaseResource cases,
                        eu.eevidence.gw.gateway.api.HashListResource hashLists, eu.eevidence.gw.gateway.api.ArchiveResource archive) {
        this.console = console;
        this.archive = archive;
        this.hashLists = hashLists;
        this.requests = requests;
        this.handoffs = handoffs;
        this.evidence = evidence;
        this.cases = cases;
    }

    /** The dashboard as the home page of contact points and judicial authorities. */
    public ConsoleResource.RoleHome home() {
        return new ConsoleResource.RoleHome(SUBMITTERS, this::dashboard);
    }

    /** {@code /console/}: my requests by next deadline, counts per state and deadline band, the live alarm list. */
    Response dashboard() throws Exception {
        ConsolePage page = console.page("dash.title", SUBMITTERS);
        JsonNode list = ApiAnswer.of(requests.list(null, null, null, null, null, null, null, "0", Integer.toString(DASHBOARD_SIZE))).orRefuse();
        JsonNode stats = ApiAnswer.of(requests.stats()).orRefuse();
        List<RequestViews.Row> rows = RequestViews.rows(list);
        List<Alarms.Alarm> alarms = alarms(page, rows);
        Map<String, Long> byState = RequestViews.counts(stats, "byState", true);
        Map<String, Long> bands = RequestViews.bands(stats);
        return Console.html(200, out -> JtedashboardGenerated.render(out, null, page, rows, byState, bands, alarms,
                stats.path("total").asLong()));
    }

    /** The alarm list alone (an HTML fragment the dashboard's script polls). */
    @GET
    @Path("alarms")
    @Produces(MediaType.TEXT_HTML)
    public Response alarmsFragment() throws Exception {
        ConsolePage page = console.page("dash.title", SUBMITTERS);
        JsonNode list = ApiAnswer.of(requests.list(null, null, null, null, null, null, null, "0", Integer.toString(DASHBOARD_SIZE))).orRefuse();
        List<Alarms.Alarm> alarms = alarms(page, RequestViews.rows(list));
        return Console.html(200, out -> eu.eevidence.gw.gateway.console.jte.requests.JtealarmsGenerated.render(out, null, page, alarms));
    }

    private List<Alarms.Alarm> alarms(ConsolePage page, List<RequestViews.Row> rows) throws Exception {
        List<RequestViews.CaseRow> inbound = List.of();
        if (page.has(Role.CONTACT_POINT)) { // the requested Party's desk: the API lets contact points list cases
            ApiAnswer a = ApiAnswer.of(cases.list(List.of("RECEIVED")));
            inbound = a.ok() ? RequestViews.cases(a.body()) : List.of();
        }
        return Alarms.of(rows, inbound, requests.undeliveredFollowUps(), page.now());
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response list(@QueryParam("page") String pageNumber) throws Exception {
        ConsolePage page = console.page("reqs.title", SUBMITTERS);
        String pg = pageNumber == null || pageNumber.isBlank() ? "0" : pageNumber;
        JsonNode list = ApiAnswer.of(requests.list(null, null, null, null, null, null, null, pg, Integer.toString(LIST_SIZE))).orRefuse();
        List<RequestViews.Row> rows = RequestViews.rows(list);
        int current = list.path("page").asInt();
        boolean more = list.path("hasMore").asBoolean();
        return Console.html(200, out -> JtelistGenerated.render(out, null, page, rows, current, more));
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.TEXT_HTML)
    public Response request(@PathParam("id") String id, @QueryParam("done") String done, @QueryParam("reason") String reason)
            throws Exception {
        ConsolePage page = console.page("req.title", SUBMITTERS);
        ApiAnswer.of(requests.status(id)).orRefuse(); // visibility first: another person's request is 404, nothing recorded
        if (archive != null && archive.readDetails(id, reason) != null) { // ADR-0039: an archived request's read needs a reason
            return Console.html(422, out -> JtearchivedGenerated.render(out, null, page, id));
        }
        RequestAction doneAction = done == null ? null : RequestAction.byId(done);
        RequestModel model = model(id, page, archive != null && archive.isArchived(id) ? reason : null);
        return Console.html(200, out -> JterequestGenerated.render(out, null, page, model, doneAction));
    }

    /** Everything the request page shows, from the API's answers (404 page if the request is not this person's). */
    RequestModel model(String id, ConsolePage page) throws Exception {
        return model(id, page, null);
    }

    /** As {@link #model(String, ConsolePage)}; {@code readReason} is the reason given to read an archived request. */
    RequestModel model(String id, ConsolePage page, String readReason) throws Exception {
        JsonNode status = ApiAnswer.of(requests.status(id)).orRefuse();
        RequestViews.Row row = RequestViews.row(status);
        List<RequestViews.DeadlineView> deadlines = RequestViews.deadlines(ApiAnswer.of(requests.deadlines(id)).orRefuse());
        List<RequestViews.Event> events = RequestViews.events(ApiAnswer.of(requests.timeline(id)).orRefuse());
        ApiAnswer items = ApiAnswer.of(evidence.list(id));
        ApiAnswer handoff = ApiAnswer.of(handoffs.status(id));
        JsonNode h = handoff.ok() ? handoff.body() : null;
        Map<String, List<ActionForm.Option>> options = options(page, deadlines);
        List<ActionForm> forms = new ArrayList<>();
        for (RequestAction a : RequestAction.values()) {
            if (a == RequestAction.HANDOFF && (h == null || h.has("confirmedAt"))) {
                continue; // offered only while a manual hand-off package waits for its confirmation
            }
            if ((a == RequestAction.EXTEND || a == RequestAction.DEADLINE) && options.get("rule").isEmpty()) {
                continue; // no running deadline
            }
            if (a == RequestAction.ARCHIVE && (archive == null || !row.terminal()
                    || events.stream().anyMatch(e -> "ARCHIVED".equals(e.event())))) {
                continue; // an ended request, once (ADR-0039)
            }
            if (a == RequestAction.HASH_LIST && (hashLists == null || !"CONTENT_REMOVAL_ORDER".equals(row.type()))) {
                continue; // resurfacing prevention follows a removal order (ADR-0038)
            }
            forms.add(ActionForm.empty(row.id(), a, options));
        }
        Handoff handed = h == null ? null : new Handoff(RequestViews.instant(h.path("preparedAt")), RequestViews.instant(h.path("confirmedAt")),
                RequestViews.text(h, "platformReference"));
        return new RequestModel(row, deadlines, events, items.ok() ? RequestViews.items(items.body()) : List.of(),
                RequestViews.networkEvidences(status), handed, forms, new Marks(RequestViews.removal(status),
                        RequestViews.unconfirmed(ApiAnswer.of(requests.deadlines(id)).orRefuse()), RequestViews.hashLists(status),
                        readReason));
    }

    private static Map<String, List<ActionForm.Option>> options(ConsolePage page, List<RequestViews.DeadlineView> deadlines) {
        Map<String, List<ActionForm.Option>> options = new LinkedHashMap<>();
        options.put("rule", deadlines.stream().filter(RequestViews.DeadlineView::open)
                .map(d -> new ActionForm.Option(d.rule(), d.rule() + " (" + page.local(d.dueAt()) + ")")).toList());
        options.put("event", RequestAction.EVENTS.stream().map(e -> new ActionForm.Option(e, page.label("event.", e))).toList());
        options.put("source", RequestAction.HASH_SOURCES.stream().map(e -> new ActionForm.Option(e, page.label("hashList.source.", e))).toList());
        return options;
    }

    /**
     * An action's form: without {@code confirmed=yes} the confirmation step (nothing changes), with it the API's action.
     * The CSRF token is checked first, before any service call.
     */
    @POST
    @Path("{id}/actions/{action}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response act(@PathParam("id") String id, @PathParam("action") String actionId, MultivaluedMap<String, String> form)
            throws Exception {
        console.checkCsrf(form);
        ConsolePage page = console.page("req.title", SUBMITTERS);
        RequestAction action = RequestAction.byId(actionId);
        if (action == null || !RequestIds.looksValid(id)) {
            throw new ConsoleRefusal(404, ApiError.HTTP_404.code(), "no such action");
        }
        RequestModel model = model(id, page); // the request must be this person's (404 otherwise), and gives the options
        ActionForm blank = ActionForm.empty(id, action, options(page, model.deadlines()));
        Map<String, String> entered = new LinkedHashMap<>();
        for (RequestAction.Field f : action.fields()) {
            String v = form.getFirst(f.name());
            entered.put(f.name(), v == null ? "" : v.strip());
        }
        ConsolePage titled = page.titled(page.t("confirm.title", page.t("action." + action.id())));
        if (!"yes".equals(form.getFirst("confirmed"))) {
            ActionForm confirming = blank.confirming(entered);
            return Console.html(200, out -> JteconfirmGenerated.render(out, null, titled, model.request(), confirming));
        }
        ApiAnswer answer = execute(id, action, entered, page);
        if (answer.ok()) {
            return Console.seeOther("/console/requests/" + id + "?done=" + action.id());
        }
        Map<String, String> fieldErrors = new LinkedHashMap<>();
        List<String> formErrors = new ArrayList<>();
        for (ApiAnswer.Violation v : answer.violations()) {
            if (entered.containsKey(v.field())) {
                fieldErrors.putIfAbsent(v.field(), v.code() + ": " + v.message());
            } else {
                formErrors.add(v.code() + ": " + v.message());
            }
        }
        if (fieldErrors.isEmpty()) {
            formErrors.add(0, answer.code() + (answer.detail() == null ? "" : ": " + answer.detail()));
        }
        ActionForm refused = blank.refused(entered, fieldErrors, formErrors);
        return Console.html(answer.status(), out -> JteconfirmGenerated.render(out, null, titled, model.request(), refused));
    }

    private ApiAnswer execute(String id, RequestAction action, Map<String, String> v, ConsolePage page) throws Exception {
        return ApiAnswer.of(switch (action) {
            case WITHDRAW -> requests.withdraw(id, body(v, page, "reason"));
            case CORRESPOND -> requests.correspondence(id, body(v, page, "text"));
            case EXTEND -> requests.extend(id, v.get("rule"));
            case DEADLINE -> requests.changeDeadline(id, v.get("rule"), body(v, page, "dueAt", "reason"));
            case EVENT -> requests.event(id, body(v, page, "event", "occurredAt", "detail"));
            case HOLD -> requests.placeHold(id, body(v, page, "reason"));
            case UNHOLD -> requests.liftHold(id);
            case HANDOFF -> handoffs.confirm(id, body(v, page, "platformReference", "handedOverAt"));
            case HASH_LIST -> hashLists.send(id, hashListBody(v));
            case ARCHIVE -> archive.archive(id, v.get("reason"));
        });
    }

    /**
     * The API's hash-list body from the form: one hash a line, {@code PDQ <hex>} or {@code SHA256 <hex>} (a bare value is
     * taken as PDQ); anything else goes to the API as typed and is refused there with its code.
     */
    static ByteArrayInputStream hashListBody(Map<String, String> v) {
        ObjectNode o = JSON.createObjectNode();
        String source = v.getOrDefault("source", "");
        o.put("fromOrder", source.startsWith("order"));
        o.put("fromEvidence", source.equals("order-evidence"));
        com.fasterxml.jackson.databind.node.ArrayNode hashes = o.putArray("hashes");
        for (String line : v.getOrDefault("hashes", "").split("\\R")) {
            String[] parts = line.strip().split("\\s+");
            if (parts.length == 1 && !parts[0].isEmpty()) {
                hashes.addObject().put("algorithm", "PDQ").put("value", parts[0]);
            } else if (parts.length >= 2) {
                hashes.addObject().put("algorithm", parts[0].toUpperCase(java.util.Locale.ROOT).replace("-", "")).put("value", parts[1]);
            }
        }
        String distance = v.getOrDefault("matchDistance", "");
        if (distance.matches("[0-9]{1,3}")) {
            o.put("matchDistance", Integer.parseInt(distance));
        } else if (!distance.isEmpty()) {
            o.put("matchDistance", distance);
        }
        return new ByteArrayInputStream(o.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The API's JSON body from the form: empty fields left out; a {@code datetime-local} value (no offset) is read in the
     * person's zone and sent with its offset; anything else goes to the API as typed (and is refused there with its code).
     */
    static ByteArrayInputStream body(Map<String, String> values, ConsolePage page, String... members) {
        ObjectNode o = JSON.createObjectNode();
        for (String m : members) {
            String v = values.get(m);
            if (v == null || v.isEmpty()) {
                continue;
            }
            if (m.equals("dueAt") || m.equals("occurredAt") || m.equals("handedOverAt")) {
                v = withOffset(v, page.zone());
            }
            o.put(m, v);
        }
        return new ByteArrayInputStream(o.toString().getBytes(StandardCharsets.UTF_8));
    }

    static String withOffset(String local, java.time.ZoneId zone) {
        try {
            return LocalDateTime.parse(local).atZone(zone).toOffsetDateTime().toString();
        } catch (DateTimeParseException e) {
            return local;
        }
    }

    /** An evidence item's bytes, through the API's own read (same checks, same recorded access). */
    @GET
    @Path("{id}/evidence/{itemId: .+}")
    public Response evidenceItem(@PathParam("id") String id, @PathParam("itemId") String itemId,
                                 @QueryParam("reason") String reason) throws Exception {
        console.page("req.title", SUBMITTERS);
        return evidence.read(id, itemId, reason);
    }

    /** A network evidence as the peer signed it (CMS), through the API's own read. */
    @GET
    @Path("{id}/network-evidences/{receiptId}")
    public Response networkEvidence(@PathParam("id") String id, @PathParam("receiptId") String receiptId) throws Exception {
        console.page("req.title", SUBMITTERS);
        Response r = requests.networkEvidence(id, receiptId);
        return r.getStatus() == 200 ? Response.fromResponse(r).header("Content-Disposition", "attachment; filename=\"evidence.p7m\"").build() : r;
    }

    /** The request page's content. */
    public record RequestModel(RequestViews.Row request, List<RequestViews.DeadlineView> deadlines, List<RequestViews.Event> events,
                               List<RequestViews.Item> items, List<RequestViews.NetworkEvidence> networkEvidences, Handoff handoff,
                               List<ActionForm> forms, Marks marks) {

        /** The removal deadline of a removal order (REMOVAL_DEADLINE), if it started. */
        public RequestViews.DeadlineView removalDeadline() {
            return deadlines.stream().filter(d -> "REMOVAL_DEADLINE".equals(d.rule())).findFirst().orElse(null);
        }

        /** The removal order's terms and the platform's figures (ADR-0033), or null. */
        public RequestViews.Removal removal() {
            return marks.removal();
        }

        /** The rules of the deadlines a follow-up changed that the addressee has not confirmed yet (ADR-0032). */
        public java.util.Set<String> unconfirmed() {
            return marks.unconfirmed();
        }

        /** The hash lists sent after a removal order and the platform's figures (ADR-0038); empty for other requests. */
        public List<RequestViews.HashList> hashLists() {
            return marks.hashLists();
        }

        /**
         * The query that carries an archived request's read reason to its evidence downloads (ADR-0039: each download
         * is a read of its own, recorded with the reason); empty for a request that is not archived.
         */
        public String readQuery() {
            return marks.readReason() == null ? ""
                    : "?reason=" + java.net.URLEncoder.encode(marks.readReason(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** What the request page marks besides the API's request view: a removal order's figures, unconfirmed deadlines. */
    public record Marks(RequestViews.Removal removal, java.util.Set<String> unconfirmed, List<RequestViews.HashList> hashLists,
                        String readReason) {
    }

    /** The request's manual hand-off package: when it was prepared, when and under which platform reference confirmed. */
    public record Handoff(java.time.Instant preparedAt, java.time.Instant confirmedAt, String reference) {
    }
}
