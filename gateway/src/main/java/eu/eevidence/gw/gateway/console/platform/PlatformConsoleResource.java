package eu.eevidence.gw.gateway.console.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.eevidence.gw.gateway.api.PlatformResource;
import eu.eevidence.gw.gateway.console.Console;
import eu.eevidence.gw.gateway.console.ConsolePage;
import eu.eevidence.gw.gateway.console.ConsoleRefusal;
import eu.eevidence.gw.gateway.console.forms.FormModel;
import eu.eevidence.gw.gateway.console.forms.FormPage;
import eu.eevidence.gw.gateway.console.forms.FormSubmission;
import eu.eevidence.gw.gateway.console.forms.FormValues;
import eu.eevidence.gw.gateway.console.jte.platform.JteanswerGenerated;
import eu.eevidence.gw.gateway.console.jte.platform.JteconfirmGenerated;
import eu.eevidence.gw.gateway.console.jte.platform.JteinboxGenerated;
import eu.eevidence.gw.gateway.console.jte.platform.JteorderGenerated;
import eu.eevidence.gw.gateway.console.jte.platform.JteuploadGenerated;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.schema.MessageType;
import eu.eevidence.gw.schema.validation.Violation;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import eu.eevidence.gw.gateway.api.ApiError;

/**
 * The platform legal team's console (issue 16 item 5, docs/design/console.md "Platform legal team"), role PLATFORM:
 * <ul>
 *   <li>{@code GET /console/platform}: the inbox of the requests addressed to the person's platform, soonest deadline first,
 *       overdue ones marked, paged ({@link PlatformResource#requests});</li>
 *   <li>{@code GET /console/platform/requests/{id}}: the order (state, deadlines, its fields with the catalogue's labels), its
 *       legal paper ({@code request.pdf}) and sealed CMS ({@code request.p7m}) for download, the answers and the upload;</li>
 *   <li>{@code GET|POST /console/platform/requests/{id}/answer/{type}}: the answer forms of the catalogue (generated like the
 *       request forms), a review step showing what will be sent, then the API's answer path
 *       ({@link PlatformResource#answer}) with the same validation, codes and idempotency (message id per form);</li>
 *   <li>{@code GET /console/platform/requests/{id}/upload}: evidence upload in parts from the browser
 *       ({@code assets/upload.js} speaks the API's part-upload protocol directly).</li>
 * </ul>
 * Every read and every answer goes through the API's own resource methods with the identity of the current request, so a
 * request of another platform is the API's 404 {@code EEG-REQ-NOT-FOUND} and another role is 403 {@code EEG-AUTH-ROLE}.
 */
@Path("/console/platform")
public final class PlatformConsoleResource {

    public static final Set<Role> PLATFORM = Set.of(Role.PLATFORM);
    static final String PAGE_SIZE = "25";
    static final String CREATED_AT = "_createdAt";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Console console;
    private final PlatformResource api;

    public PlatformConsoleResource(Console console, PlatformResource api) {
        this.console = console;
        this.api = api;
    }

    /** One line of the inbox. */
    public record InboxRow(String id, String type, String state, Instant receivedAt, Instant deadline, String deadlineKind, boolean overdue) {
    }

    /** One page of the inbox. */
    public record Inbox(List<InboxRow> rows, int page, boolean hasMore, List<String> platforms) {
    }

    /** The order page's model. */
    public record Order(String id, String type, Status status, List<OrderFields.Row> fields, List<MessageType> answers, String sent,
                        boolean purged) {
    }

    /** The order's status as the platform API gives it. */
    public record Status(String state, Instant receivedAt, Instant updatedAt, Instant deadline, String deadlineKind, boolean overdue,
                         String payloadSha256) {
    }

    /** The home page of a platform's person: the inbox's first page. */
    public Response home() throws Exception {
        return inbox(null);
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response inbox(@QueryParam("page") String page) throws Exception {
        ConsolePage p = console.page("platform.inbox.title", PLATFORM);
        JsonNode body = ok(api.requests(List.of(), page, PAGE_SIZE));
        List<InboxRow> rows = new ArrayList<>();
        for (JsonNode r : body.path("items")) {
            JsonNode next = r.path("nextDeadline");
            rows.add(new InboxRow(r.path("id").asText(), r.path("type").asText(), r.path("state").asText(), instant(r.path("receivedAt")),
                    instant(next.path("at")), next.path("kind").asText(null), next.path("overdue").asBoolean(false)));
        }
        List<String> platforms = new ArrayList<>();
        body.path("platforms").forEach(x -> platforms.add(x.asText()));
        Inbox inbox = new Inbox(rows, body.path("page").asInt(1), body.path("hasMore").asBoolean(false), platforms);
        return Console.html(200, out -> JteinboxGenerated.render(out, null, p, inbox));
    }

    @GET
    @Path("requests/{id}")
    @Produces(MediaType.TEXT_HTML)
    public Response order(@PathParam("id") String id, @QueryParam("sent") String sent) throws Exception {
        ConsolePage p = console.page("platform.order.title", PLATFORM);
        Order order = order(p, id, sent);
        ConsolePage titled = p.titled(p.t("platform.order.heading", p.messages().getOr("type." + order.type(), order.type())));
        return Console.html(200, out -> JteorderGenerated.render(out, null, titled, order));
    }

    private Order order(ConsolePage p, String id, String sent) throws Exception {
        JsonNode r = ok(api.request(id));
        Response contentAnswer = api.content(id);
        JsonNode content = null;
        boolean purged = false;
        if (contentAnswer.getStatus() == 410) {
            purged = true;
        } else {
            content = ok(contentAnswer);
        }
        JsonNode next = r.path("nextDeadline");
        String sentType = sent != null && FormModel.answerTypes().stream().anyMatch(t -> t.name().equals(sent)) ? sent : null;
        Status status = new Status(r.path("state").asText(), instant(r.path("receivedAt")), instant(r.path("updatedAt")), instant(next.path("at")),
                next.path("kind").asText(null), next.path("overdue").asBoolean(false), r.path("payloadSha256").asText(null));
        return new Order(r.path("id").asText(), r.path("type").asText(), status, OrderFields.rows(content, p.messages()), FormModel.answerTypes(),
                sentType, purged);
    }

    @GET
    @Path("requests/{id}/request.pdf")
    @Produces({"application/pdf", MediaType.TEXT_HTML})
    public Response pdf(@PathParam("id") String id) throws Exception {
        console.page("platform.order.title", PLATFORM);
        return download(api.pdf(id));
    }

    @GET
    @Path("requests/{id}/request.p7m")
    @Produces({"application/pkcs7-mime", MediaType.TEXT_HTML})
    public Response sealed(@PathParam("id") String id) throws Exception {
        console.page("platform.order.title", PLATFORM);
        return download(api.sealed(id));
    }

    private static Response download(Response r) {
        if (r.getStatus() != 200) {
            ok(r); // throws the API's refusal
        }
        return Response.fromResponse(r).header("Cache-Control", "no-store").build();
    }

    @GET
    @Path("requests/{id}/answer/{type}")
    @Produces(MediaType.TEXT_HTML)
    public Response answerForm(@PathParam("id") String id, @PathParam("type") String type, @Context UriInfo uri) throws Exception {
        ConsolePage p = console.page("platform.answer.title", PLATFORM);
        ok(api.request(id)); // the API's 404 for a request of another platform
        FormModel model = model(type);
        Map<String, List<String>> counts = new HashMap<>();
        uri.getQueryParameters().forEach((k, v) -> {
            if (k.startsWith(FormValues.COUNT)) {
                counts.put(k, v);
            }
        });
        return renderForm(200, p, id, FormPage.blank(model, new FormValues(counts)));
    }

    /**
     * The answer form posted: CSRF first; an "add" button shows the form again; then the catalogue's check of the envelope
     * (errors beside their fields, 422, nothing sent); then the review page (nothing sent); with {@code _confirmed} the API's
     * answer path, 303 to the order page.
     */
    @POST
    @Path("requests/{id}/answer/{type}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response answer(@PathParam("id") String id, @PathParam("type") String type, MultivaluedMap<String, String> form)
            throws Exception {
        console.checkCsrf(form);
        ConsolePage p = console.page("platform.answer.title", PLATFORM);
        FormModel model = model(type);
        JsonNode request = ok(api.request(id));
        Map<String, List<String>> posted = form == null ? Map.of() : new HashMap<>(form);
        FormValues values = new FormValues(posted);
        if (values.addTo() != null) {
            return renderForm(200, p, id, FormPage.withErrors(model, values, List.of()));
        }
        String messageId = AnswerEnvelope.messageId(values.idempotencyKey());
        if (messageId == null) {
            return renderForm(200, p, id, FormPage.blank(model, values));
        }
        FormSubmission.Document doc = FormSubmission.documentOf(model, values);
        Response contentAnswer = api.content(id);
        JsonNode content = contentAnswer.getStatus() == 200 ? ok(contentAnswer) : null;
        AnswerEnvelope.Parties parties = AnswerEnvelope.parties(content, request.path("platformId").asText(), request.path("requestedParty").asText(null),
                model.type());
        // createdAt is fixed at the review step and carried by the form, so that a resent form is the same message (a duplicate, not a conflict)
        OffsetDateTime createdAt = AnswerEnvelope.createdAt(values.first(CREATED_AT), console.clock());
        posted.put(CREATED_AT, List.of(createdAt.toString()));
        byte[] envelope = AnswerEnvelope.envelope(doc.json(), id, messageId, parties, createdAt);
        List<Violation> errors = new ArrayList<>(doc.conversionErrors());
        if (errors.isEmpty()) {
            errors.addAll(AnswerEnvelope.check(envelope));
        }
        if (!errors.isEmpty()) {
            return renderForm(422, p, id, FormPage.withErrors(model, values, errors));
        }
        if (!"yes".equals(values.first("_confirmed"))) {
            return review(p, id, model, posted, doc.json());
        }
        Response sent = api.answer("application/json", new ByteArrayInputStream(envelope));
        if (sent.getStatus() == 200 || sent.getStatus() == 201) {
            return seeOther("/console/platform/requests/" + id + "?sent=" + model.type().name());
        }
        JsonNode problem = json(sent);
        if (sent.getStatus() == 422 && problem.has("errors")) {
            List<Violation> apiErrors = new ArrayList<>();
            problem.path("errors").forEach(e -> apiErrors.add(new Violation(e.path("path").asText("$"), e.path("code").asText(), e.path("message").asText())));
            List<Violation> placed = new ArrayList<>(AnswerEnvelope.formPaths(apiErrors));
            if (placed.isEmpty()) {
                placed.add(new Violation("$", problem.path("code").asText(), problem.path("detail").asText("")));
            }
            return renderForm(422, p, id, FormPage.withErrors(model, values, placed));
        }
        throw refusal(sent.getStatus(), problem);
    }

    @GET
    @Path("requests/{id}/upload")
    @Produces(MediaType.TEXT_HTML)
    public Response upload(@PathParam("id") String id) throws Exception {
        ConsolePage p = console.page("platform.upload.title", PLATFORM);
        JsonNode r = ok(api.request(id));
        String requestId = r.path("id").asText();
        return Console.html(200, out -> JteuploadGenerated.render(out, null, p, requestId));
    }

    /**
     * 303 with a relative {@code Location} (RFC 9110 section 10.2.2): {@link Console#seeOther} lets JAX-RS make it absolute
     * from the request's base URI, and a browser refuses to follow a form's redirect to another origin under the CSP's
     * {@code form-action 'self'} when that base is not the origin the person typed.
     */
    static Response seeOther(String consolePath) {
        String path = Console.safeConsolePath(consolePath) ? consolePath : "/console/platform";
        return Response.status(303).header("Location", path).header("Cache-Control", "no-store").build();
    }

    private Response review(ConsolePage p, String id, FormModel model, Map<String, List<String>> posted, ObjectNode body) {
        List<Map.Entry<String, String>> hidden = new ArrayList<>();
        posted.forEach((k, vs) -> {
            if (!k.equals(eu.eevidence.gw.gateway.console.CsrfTokens.FIELD) && !k.equals("_confirmed") && !k.equals(FormValues.ADD) && vs != null) {
                vs.forEach(v -> hidden.add(Map.entry(k, v == null ? "" : v)));
            }
        });
        hidden.sort(Map.Entry.comparingByKey());
        List<OrderFields.Row> shown = OrderFields.rows(body, p.messages());
        ConsolePage titled = p.titled(p.t("platform.review.title", p.messages().getOr("type." + model.type().name(), model.type().name())));
        return Console.html(200, out -> JteconfirmGenerated.render(out, null, titled, id, model.type().name(), hidden, shown));
    }

    private static Response renderForm(int status, ConsolePage p, String id, FormPage form) {
        ConsolePage titled = p.titled(p.messages().getOr("type." + form.type().name(), form.type().name()));
        return Console.html(status, out -> JteanswerGenerated.render(out, null, titled, form, id));
    }

    private static FormModel model(String type) {
        return FormModel.answerTypes().stream().filter(t -> t.name().equals(type)).findFirst().flatMap(FormModel::answer)
                .orElseThrow(() -> new ConsoleRefusal(404, ApiError.HTTP_404.code(), "no answer of the catalogue that a platform sends has this name"));
    }

    /** The API's JSON answer, or its refusal as the console's error page (same status and code). */
    static JsonNode ok(Response r) {
        JsonNode n = json(r);
        if (r.getStatus() >= 400) {
            throw refusal(r.getStatus(), n);
        }
        return n;
    }

    private static ConsoleRefusal refusal(int status, JsonNode problem) {
        return new ConsoleRefusal(status, problem.path("code").asText(ApiError.INTERNAL.code()), problem.path("detail").asText(""));
    }

    static JsonNode json(Response r) {
        Object e = r.getEntity();
        try {
            if (e instanceof String s) {
                return JSON.readTree(s);
            }
            if (e instanceof byte[] b) {
                return JSON.readTree(b);
            }
        } catch (IOException x) {
            // not JSON: an empty node
        }
        return JSON.createObjectNode();
    }

    private static Instant instant(JsonNode n) {
        if (n == null || n.isMissingNode() || n.isNull()) {
            return null;
        }
        if (n.isNumber()) {
            // Jackson without JavaTimeModule writes seconds.nanos
            return Instant.ofEpochSecond(n.asLong(), (long) ((n.asDouble() - n.asLong()) * 1_000_000_000L));
        }
        try {
            return Instant.parse(n.asText());
        } catch (java.time.format.DateTimeParseException x) {
            return null;
        }
    }
}
