package eu.eevidence.gw.gateway.api;

import eu.eevidence.gw.gateway.infra.StorageException;
import eu.eevidence.gw.gateway.action.ActionResult;
import eu.eevidence.gw.gateway.action.RequestActions;
import eu.eevidence.gw.gateway.deadline.Deadline;
import eu.eevidence.gw.gateway.deadline.DeadlineEngine;
import eu.eevidence.gw.gateway.http.Problems;
import eu.eevidence.gw.gateway.privacy.RetentionService;
import eu.eevidence.gw.gateway.access.ClientIdentity;
import eu.eevidence.gw.gateway.intake.IntakeService;
import eu.eevidence.gw.gateway.intake.RequestIds;
import eu.eevidence.gw.gateway.order.PayloadFormat;
import eu.eevidence.gw.gateway.order.RequestRecord;
import eu.eevidence.gw.gateway.order.RequestRepository;
import eu.eevidence.gw.gateway.tracking.TrackingQueries;
import eu.eevidence.gw.pki.Role;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.io.InputStream;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import eu.eevidence.gw.gateway.action.ActionError;
import eu.eevidence.gw.gateway.http.CommonError;
import eu.eevidence.gw.gateway.intake.IntakeError;
import eu.eevidence.gw.gateway.privacy.PrivacyError;
import eu.eevidence.gw.gateway.trust.TrustError;

/** {@code /api/v1/requests}: submit a request, read its status and its timeline. */
@Path("/api/v1/requests")
public final class RequestResource {

    /** Who submits: criminal justice and, within their scope (IssuerScope, ADR-0036), civil courts and administrative authorities. */
    static final Set<Role> SUBMITTERS = eu.eevidence.gw.gateway.intake.IssuerScope.SUBMITTERS;

    static final Set<Role> READERS = Set.of(Role.CONTACT_POINT, Role.JUDICIAL_AUTHORITY, Role.CIVIL_COURT, Role.ADMINISTRATIVE_AUTHORITY,
            Role.AUDITOR);

    private final IntakeService intake;
    private final RequestRepository requests;
    private final int maxBodyBytes;
    private final TrackingQueries tracking;
    private final RequestActions actions;
    private final DeadlineEngine deadlines;
    private final RetentionService retention;
    private final Clock clock;
    private final eu.eevidence.gw.gateway.network.ReceiptInbox networkEvidences; // rem
    private final URI publicBase;
    private final RequestRetentionActions retentionActions;

    /**
     * @param publicBase       the node's public base URL ({@code NodeConfig.publicBaseUrl}): {@code Location} is absolute and
     *                         built from it, so that a client's {@code Host} header never ends up in an answer (JAX-RS would
     *                         otherwise resolve a relative {@code Location} against the request's base URI, which comes from
     *                         {@code Host})
     * @param networkEvidences rem: the requests' network evidences (DELIVERED, RETRIEVED of the peer; ADR-0016) on nodes
     *                         with peers, else null
     */
    public RequestResource(IntakeService intake, RequestRepository requests, int maxBodyBytes, TrackingQueries tracking, RequestActions actions,
                           DeadlineEngine deadlines, RetentionService retention, Clock clock, URI publicBase,
                           eu.eevidence.gw.gateway.network.ReceiptInbox networkEvidences) {
        this.publicBase = publicBase;
        this.networkEvidences = networkEvidences;
        this.retention = retention;
        this.intake = intake;
        this.requests = requests;
        this.maxBodyBytes = maxBodyBytes;
        this.tracking = tracking;
        this.actions = actions;
        this.deadlines = deadlines;
        this.clock = clock;
        this.retentionActions = new RequestRetentionActions(requests, retention, maxBodyBytes, clock);
    }

    /**
     * Lists the requests the caller may see (its own; an auditor sees all), filtered, sorted by next deadline
     * (default) or by reception, paged.
     */
    @GET
    @Produces({MediaType.APPLICATION_JSON, Problems.MEDIA_TYPE})
    public Response list(@QueryParam("state") List<String> states, @QueryParam("type") List<String> types,
                         @QueryParam("platform") List<String> platforms, @QueryParam("country") List<String> countries,
                         @QueryParam("dueBefore") String dueBefore, @QueryParam("overdue") String overdue, @QueryParam("sort") String sort,
                         @QueryParam("page") String page, @QueryParam("size") String size) {
        ClientIdentity client = client();
        if (!client.hasAnyRole(READERS)) {
            return Problems.of(403, ApiError.AUTH_ROLE, "Forbidden", "listing requests needs the role CONTACT_POINT, JUDICIAL_AUTHORITY or AUDITOR");
        }
        QueryParams.Parsed q = QueryParams.parse(states, types, platforms, countries, dueBefore, overdue, sort, page, size);
        if (!q.errors().isEmpty()) {
            return Problems.of(400, ApiError.QUERY_INVALID, "Invalid query", "the query parameters listed in errors are not valid", q.errors());
        }
        Instant now = clock.instant();
        TrackingQueries.Page p = tracking.list(q.filter(), RequestVisibility.scope(client), now);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", p.items().stream().map(r -> RequestViews.view(r, now)).toList());
        body.put("page", p.page());
        body.put("size", p.size());
        body.put("hasMore", p.hasMore());
        return Json.ok(200, body);
    }

    /** Counts per state and per deadline band, for the caller's scope. */
    @GET
    @Path("stats")
    @Produces({MediaType.APPLICATION_JSON, Problems.MEDIA_TYPE})
    public Response stats() {
        ClientIdentity client = client();
        if (!client.hasAnyRole(READERS)) {
            return Problems.of(403, ApiError.AUTH_ROLE, "Forbidden", "needs the role CONTACT_POINT, JUDICIAL_AUTHORITY or AUDITOR");
        }
        return Json.ok(200, tracking.stats(RequestVisibility.scope(client), clock.instant()));
    }

    /** Every matching request as CSV (same filters as the list, no paging). */
    @GET
    @Path("export.csv")
    @Produces({"text/csv", Problems.MEDIA_TYPE})
    public Response export(@QueryParam("state") List<String> states, @QueryParam("type") List<String> types,
                           @QueryParam("platform") List<String> platforms, @QueryParam("country") List<String> countries,
                           @QueryParam("dueBefore") String dueBefore, @QueryParam("overdue") String overdue, @QueryParam("sort") String sort) {
        ClientIdentity client = client();
        if (!client.hasAnyRole(READERS)) {
            return Problems.of(403, ApiError.AUTH_ROLE, "Forbidden", "needs the role CONTACT_POINT, JUDICIAL_AUTHORITY or AUDITOR");
        }
        QueryParams.Parsed q = QueryParams.parse(states, types, platforms, countries, dueBefore, overdue, sort, null, null);
        if (!q.errors().isEmpty()) {
            return Problems.of(400, ApiError.QUERY_INVALID, "Invalid query", "the query parameters listed in errors are not valid", q.errors());
        }
        Instant now = clock.instant();
        String scope = RequestVisibility.scope(client);
        StreamingOutput out = os -> {
            Writer w = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8));
            try {
                tracking.exportCsv(q.filter(), scope, now, w);
            } catch (StorageException e) {
                throw new IOException(IntakeError.DB_UNAVAILABLE.code(), e);
            }
            w.flush();
        };
        return Response.ok(out, "text/csv; charset=UTF-8").header("Content-Disposition", "attachment; filename=\"requests.csv\"").build();
    }

    /** The request's deadlines, with their rule, source article, state and end (UTC and in the requested party's zone). */
    @GET
    @Path("{id}/deadlines")
    @Produces({MediaType.APPLICATION_JSON, Problems.MEDIA_TYPE})
    public Response deadlines(@PathParam("id") String id) {
        Optional<RequestRecord> r = visible(id);
        if (r.isEmpty()) {
            return notFound();
        }
        Instant now = clock.instant();
        java.time.ZoneId zone = deadlines.zoneOf(r.get().requestedParty());
        List<Map<String, Object>> list = new java.util.ArrayList<>();
        java.util.Set<String> unconfirmed = new java.util.HashSet<>(); // ADR-0032: changed by a follow-up not yet delivered
        for (eu.eevidence.gw.gateway.order.Notice n : requests.notices(id)) {
            if (n.deadlineRule() != null && !n.sent()) {
                unconfirmed.add(n.deadlineRule());
            }
        }
        for (Deadline d : deadlines.deadlines(id)) {
            list.add(RequestViews.deadline(d, !unconfirmed.contains(d.ruleId()), zone, now));
        }
        return Json.ok(200, Map.of("requestId", id, "deadlines", list));
    }

    /** Withdraws the request: pending retries stop and the addressee is notified if it may have it. */
    @POST
    @Path("{id}/withdraw")
    @Consumes(MediaType.WILDCARD)
    @Produces({MediaType.APPLICATION_JSON, Problems.MEDIA_TYPE})
    public Response withdraw(@PathParam("id") String id, InputStream body) throws IOException {
        return withBody(id, body, (client, b) -> answer(actions.withdraw(client, id, b.text("reason"))));
    }

    /** Extends a running deadline once (e.g. EPOC-PR by 30 days, Annex VI). */
    @POST
    @Path("{id}/deadlines/{rule}/extend")
    @Produces({MediaType.APPLICATION_JSON, Problems.MEDIA_TYPE})
    public Response extend(@PathParam("id") String id, @PathParam("rule") String rule) {
        ClientIdentity client = client();
        if (!client.hasAnyRole(SUBMITTERS) || !RequestIds.looksValid(id)) {
            return notFound();
        }
        return answer(actions.extend(client, id, rule));
    }

    /** Sets a new end for a running deadline: {@code {"dueAt": "2027-01-10T12:00:00+01:00", "reason": "..."}}. */
    @PUT
    @Path("{id}/deadlines/{rule}")
    @Consumes(MediaType.WILDCARD)
    @Produces({MediaType.APPLICATION_JSON, Problems.MEDIA_TYPE})
    public Response changeDeadline(@PathParam("id") String id, @PathParam("rule") String rule, InputStream body) throws IOException {
        return withBody(id, body, (client, b) -> {
            ActionBody.Timestamp due = b.timestamp("dueAt", true);
            return due.error() != null ? due.error() : answer(actions.changeDeadline(client, id, rule, due.value(), b.text("reason")));
        });
    }

    /** Sends formal correspondence to the request's addressee: {@code {"text": "..."}} (ADR-0032). */
    @POST
    @Path("{id}/correspondence")
    @Consumes(MediaType.WILDCARD)
    @Produces({MediaType.APPLICATION_JSON, Problems.MEDIA_TYPE})
    public Response correspondence(@PathParam("id") String id, InputStream body) throws IOException {
        return withBody(id, body, (client, b) -> answer(actions.correspond(client, id, b.text("text"))));
    }

    /**
     * Records a requester-side event: {@code {"event": "MLA_RECEIVED", "occurredAt": "...", "detail": "..."}}
     * (MLA_RECEIVED, MLA_DECIDED, SUBSEQUENT_REQUEST_CONFIRMED, CLARIFICATION_ANSWERED, PRESERVATION_ENDED).
     */
    @POST
    @Path("{id}/events")
    @Consumes(MediaType.WILDCARD)
    @Produces({MediaType.APPLICATION_JSON, Problems.MEDIA_TYPE})
    public Response event(@PathParam("id") String id, InputStream body) throws IOException {
        return withBody(id, body, (client, b) -> {
            String event = b.text("event");
            if (event == null) {
                return Problems.of(422, ActionError.ACT_UNKNOWN_EVENT, "Invalid action", "give the event to record",
                        List.of(new eu.eevidence.gw.schema.validation.Violation("$.event", ActionError.ACT_UNKNOWN_EVENT.code(), "required")));
            }
            ActionBody.Timestamp at = b.timestamp("occurredAt", false);
            return at.error() != null ? at.error() : answer(actions.record(client, id, event, at.value(), b.text("detail")));
        });
    }

    /**
     * The submitted message. Fields that identify victims or witnesses ({@code @Sensitive}) are shown only to the
     * submitting certificate; an auditor gets them redacted. Every read is recorded on the timeline (who, redacted or
     * not), because it is an access to personal data.
     */
    @GET
    @Path("{id}/content")
    @Produces({MediaType.APPLICATION_JSON, Problems.MEDIA_TYPE})
    public Response content(@PathParam("id") String id, @QueryParam("reason") String reason) {
        ClientIdentity client = client();
        Optional<RequestRecord> r = visible(id);
        if (r.isEmpty()) {
            return notFound();
        }
        byte[] stored = requests.canonicalJson(id);
        if (stored == null || stored.length == 0) {
            return Problems.of(410, PrivacyError.RET_PURGED, "Gone", "the personal data of this request were purged at the end of its retention period");
        }
        Response archived = ArchiveResource.readGate(requests, clock, id, client.fingerprint(), "content", reason);
        if (archived != null) {
            return archived;
        }
        boolean full = client.hasAnyRole(SUBMITTERS) && r.get().ownerFingerprint().equals(client.fingerprint());
        Record message = ContentView.decode(stored);
        if (message == null) {
            return Problems.of(500, ApiError.INTERNAL, "Internal error", "the stored message could not be read");
        }
        String json = full ? ContentView.json(message) : eu.eevidence.gw.schema.catalogue.Redactor.redactedJson(message);
        retention.recordAccess(id, "client:" + client.fingerprint(), full ? "full content read" : "redacted content read (sensitive fields hidden)");
        return Response.ok(json, MediaType.APPLICATION_JSON_TYPE.withCharset("UTF-8")).header("X-Content-Redacted", Boolean.toString(!full)).build();
    }

    /** Places a legal hold: the request's personal data are not purged at the end of retention. {@code {"reason": "..."}} */
    @POST
    @Path("{id}/legal-hold")
    @Consumes(MediaType.WILDCARD)
    @Produces({MediaType.APPLICATION_JSON, Problems.MEDIA_TYPE})
    public Response placeHold(@PathParam("id") String id, InputStream body) throws IOException {
        return retentionActions.placeHold(client(), id, body);
    }

    /**
     * Purges the request's personal data now (ADR-0020), on the request of its owner: its data key is destroyed and its
     * content erased in every store, as at the end of retention; recorded on the timeline and in the custody log. Only a
     * closed request without a legal hold can be purged.
     */
    @POST
    @Path("{id}/purge")
    @Consumes(MediaType.WILDCARD)
    @Produces({MediaType.APPLICATION_JSON, Problems.MEDIA_TYPE})
    public Response purge(@PathParam("id") String id) {
        return retentionActions.purge(client(), id);
    }

    /**
     * Records an onward transfer of the request's data to another authority (Protocol Art. 14(10), ADR-0020), by the
     * request's owner: {@code {"recipient": ..., "legalBasis": ..., "authorisationReference": ...}}, all required.
     */
    @POST
    @Path("{id}/onward-transfers")
    @Consumes(MediaType.WILDCARD)
    @Produces({MediaType.APPLICATION_JSON, Problems.MEDIA_TYPE})
    public Response recordOnwardTransfer(@PathParam("id") String id, InputStream body) throws IOException {
        return retentionActions.recordOnwardTransfer(client(), id, body);
    }

    /** The onward transfers recorded for the request (its owner and auditors). */
    @GET
    @Path("{id}/onward-transfers")
    @Produces({MediaType.APPLICATION_JSON, Problems.MEDIA_TYPE})
    public Response onwardTransfers(@PathParam("id") String id) {
        return visible(id).isEmpty() ? notFound() : retentionActions.onwardTransfers(id);
    }

    /** Lifts a legal hold; retention applies again. */
    @DELETE
    @Path("{id}/legal-hold")
    @Produces({MediaType.APPLICATION_JSON, Problems.MEDIA_TYPE})
    public Response liftHold(@PathParam("id") String id) {
        return retentionActions.liftHold(client(), id);
    }

    /** An action of the submitting certificate with a small JSON body: checks the caller and the id, reads the body. */
    private Response withBody(String id, InputStream body, BodyAction action) throws IOException {
        ClientIdentity client = client();
        if (!client.hasAnyRole(SUBMITTERS) || !RequestIds.looksValid(id)) {
            return notFound();
        }
        ActionBody b = ActionBody.read(body, maxBodyBytes);
        return b.error() != null ? b.error() : action.apply(client, b);
    }

    @FunctionalInterface
    private interface BodyAction {
        Response apply(ClientIdentity client, ActionBody body);
    }

    private Response answer(ActionResult result) {
        if (result instanceof ActionResult.Done done) {
            Map<String, Object> v = RequestViews.view(done.request(), clock.instant());
            v.put("result", done.detail());
            return Json.ok(200, v);
        }
        ActionResult.Rejected rej = (ActionResult.Rejected) result;
        String title = switch (rej.status()) {
            case 404 -> "Not found";
            case 409 -> "Conflict";
            default -> "Invalid action";
        };
        return Problems.of(rej.status(), rej.code(), title, rej.message());
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces({MediaType.APPLICATION_JSON, Problems.MEDIA_TYPE})
    public Response submit(@HeaderParam("Content-Type") String contentType, @HeaderParam("Idempotency-Key") String idempotencyKey,
                           InputStream body) throws IOException {
        ClientIdentity client = client();
        if (!client.hasAnyRole(SUBMITTERS)) {
            return Problems.of(403, ApiError.AUTH_ROLE, "Forbidden",
                    "submitting requests needs the role CONTACT_POINT, JUDICIAL_AUTHORITY, CIVIL_COURT or ADMINISTRATIVE_AUTHORITY");
        }
        PayloadFormat format = RequestViews.payloadFormat(contentType);
        if (format == null) {
            return Problems.of(415, ApiError.HTTP_415, "Unsupported Media Type",
                    "send application/json or application/xml in UTF-8, or a CMS SignedData as application/pkcs7-mime");
        }
        byte[] bytes = body.readNBytes(maxBodyBytes + 1);
        if (bytes.length > maxBodyBytes) {
            return Problems.of(413, TrustError.HTTP_413, "Payload too large", "the body exceeds " + maxBodyBytes + " bytes");
        }
        if (format != PayloadFormat.SIGNED_CMS) {
            Response wide = TextBodies.wideRefusal(bytes); // ill-formed UTF-8: the codecs answer EEG-JSON-ENCODING / EEG-XML-ENCODING
            if (wide != null) {
                return wide;
            }
        }
        return IntakeAnswers.response(intake.submit(client, bytes, idempotencyKey, format), publicBase);
    }

    @GET
    @Path("{id}")
    @Produces({MediaType.APPLICATION_JSON, Problems.MEDIA_TYPE})
    public Response status(@PathParam("id") String id) {
        Optional<RequestRecord> r = visible(id);
        Instant now = clock.instant();
        if (r.isEmpty()) {
            return notFound();
        }
        Map<String, Object> v = RequestViews.view(r.get(), now);
        List<eu.eevidence.gw.gateway.order.Notice> notices = requests.notices(id);
        if (!notices.isEmpty()) { // ADR-0032: every follow-up sent to the addressee, delivered or not
            v.put("followUps", notices.stream().map(RequestViews::followUp).toList());
            v.put("followUpsNotDelivered", notices.stream().filter(eu.eevidence.gw.gateway.order.Notice::failed).count());
        }
        if ("CONTENT_REMOVAL_ORDER".equals(r.get().messageType())) { // ADR-0033: the order's terms and the platform's figures
            new eu.eevidence.gw.gateway.order.RemovalStore().find(requests.database(), id)
                    .ifPresent(m -> v.put("removal", eu.eevidence.gw.gateway.order.RemovalStore.view(m)));
            List<eu.eevidence.gw.gateway.order.HashListStore.HashList> lists = new eu.eevidence.gw.gateway.order.HashListStore()
                    .forRequest(requests.database(), id); // ADR-0038: resurfacing prevention, counts only
            if (!lists.isEmpty()) {
                v.put("hashLists", lists.stream().map(eu.eevidence.gw.gateway.order.HashListStore::view).toList());
            }
        }
        eu.eevidence.gw.gateway.network.ReceiptInbox evidences = networkEvidences; // rem: evidences of the peer it was sent to
        if (evidences != null) {
            v.put("networkEvidences", evidences.forRequest(id).stream().map(eu.eevidence.gw.gateway.network.ReceiptInbox.Stored::view).toList());
        }
        return Json.ok(200, v);
    }

    /**
     * The ids of the caller's requests (all, for an auditor) with a follow-up that will not be delivered: the console's
     * alarm list (ADR-0032). Not an API operation.
     */
    public List<String> undeliveredFollowUps() {
        ClientIdentity client = client();
        if (!client.hasAnyRole(READERS)) {
            return List.of();
        }
        return requests.requestsWithUndeliveredFollowUps(RequestVisibility.scope(client));
    }

    /** rem: one network evidence of a request as the peer signed it (CMS SignedData, verifiable with openssl cms -verify). */
    @GET
    @Path("{id}/network-evidences/{receiptId}")
    @Produces({"application/pkcs7-mime", Problems.MEDIA_TYPE})
    public Response networkEvidence(@PathParam("id") String id, @PathParam("receiptId") String receiptId) {
        Optional<RequestRecord> r = visible(id);
        if (r.isEmpty()) {
            return notFound();
        }
        eu.eevidence.gw.gateway.network.ReceiptInbox evidences = networkEvidences;
        Optional<byte[]> signed = evidences == null ? Optional.empty() : evidences.signed(id, receiptId);
        if (signed.isEmpty()) {
            return Problems.of(404, ApiError.REM_NOT_FOUND, "Not found", "the request has no network evidence with this receipt id");
        }
        return Response.ok(signed.get(), "application/pkcs7-mime").build();
    }

    @GET
    @Path("{id}/timeline")
    @Produces({MediaType.APPLICATION_JSON, Problems.MEDIA_TYPE})
    public Response timeline(@PathParam("id") String id) {
        Optional<RequestRecord> r = visible(id);
        if (r.isEmpty()) {
            return notFound();
        }
        List<Map<String, Object>> events = requests.timeline(id).stream().map(RequestViews::event).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("requestId", id);
        body.put("state", r.get().state().name());
        body.put("events", events);
        return Json.ok(200, body);
    }

    /** Only the submitting certificate (or an auditor) sees a request; anyone else gets the same 404 as for an unknown id. */
    private Optional<RequestRecord> visible(String id) {
        ClientIdentity client = client();
        if (!RequestIds.looksValid(id) || !client.hasAnyRole(READERS)) {
            return Optional.empty();
        }
        return requests.find(id).filter(r -> RequestVisibility.visibleTo(client, r));
    }

    static Response notFound() {
        return Problems.of(404, CommonError.REQ_NOT_FOUND, "Not found", "no request with this id is visible to your certificate");
    }

    static ClientIdentity client() {
        ClientIdentity identity = ClientCertificateFilter.currentClient();
        if (identity == null) {
            throw new IllegalStateException("no client identity on an /api request");
        }
        return identity;
    }
}
