package eu.eevidence.gw.gateway.api;

import eu.eevidence.gw.gateway.intake.ClientIdentity;
import eu.eevidence.gw.gateway.intake.IntakeResult;
import eu.eevidence.gw.gateway.intake.IntakeService;
import eu.eevidence.gw.gateway.intake.RequestIds;
import eu.eevidence.gw.gateway.order.RequestRecord;
import eu.eevidence.gw.gateway.order.RequestRepository;
import eu.eevidence.gw.gateway.order.TimelineEvent;
import eu.eevidence.gw.pki.Role;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.apache.cxf.jaxrs.utils.JAXRSUtils;
import org.apache.cxf.message.Message;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code /api/v1/requests}: submit a request, read its status and its timeline. */
@Path("/api/v1/requests")
public final class RequestResource {

    static final Set<Role> SUBMITTERS = Set.of(Role.CONTACT_POINT, Role.JUDICIAL_AUTHORITY);

    private final IntakeService intake;
    private final RequestRepository requests;
    private final int maxBodyBytes;

    public RequestResource(IntakeService intake, RequestRepository requests, int maxBodyBytes) {
        this.intake = intake;
        this.requests = requests;
        this.maxBodyBytes = maxBodyBytes;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces({MediaType.APPLICATION_JSON, Problems.MEDIA_TYPE})
    public Response submit(@HeaderParam("Content-Type") String contentType, @HeaderParam("Idempotency-Key") String idempotencyKey,
                           InputStream body) throws IOException {
        ClientIdentity client = client();
        if (!client.hasAnyRole(SUBMITTERS)) {
            return Problems.of(403, "EEG-AUTH-ROLE", "Forbidden", "submitting requests needs the role CONTACT_POINT or JUDICIAL_AUTHORITY");
        }
        if (!isJson(contentType)) {
            return Problems.of(415, "EEG-HTTP-415", "Unsupported Media Type", "send application/json in UTF-8");
        }
        byte[] bytes = body.readNBytes(maxBodyBytes + 1);
        if (bytes.length > maxBodyBytes) {
            return Problems.of(413, "EEG-HTTP-413", "Payload too large", "the body exceeds " + maxBodyBytes + " bytes");
        }
        IntakeResult result = intake.submit(client, bytes, idempotencyKey);
        if (result instanceof IntakeResult.Created created) {
            return Response.fromResponse(Json.ok(201, view(created.request())))
                    .location(URI.create("/api/v1/requests/" + created.request().id())).build();
        }
        if (result instanceof IntakeResult.Replayed replayed) {
            return Response.fromResponse(Json.ok(200, view(replayed.request())))
                    .location(URI.create("/api/v1/requests/" + replayed.request().id()))
                    .header("Idempotent-Replayed", "true").build();
        }
        if (result instanceof IntakeResult.Conflict conflict) {
            return Problems.of(409, "EEG-REQ-IDEMPOTENCY-CONFLICT", "Conflict",
                    "this Idempotency-Key was used before with a different body (request " + conflict.existingRequestId() + ")");
        }
        if (result instanceof IntakeResult.Invalid invalid) {
            return invalid.syntactic()
                    ? Problems.of(400, "EEG-REQ-MALFORMED", "Malformed request", "the body could not be read as a message", invalid.violations())
                    : Problems.of(422, "EEG-REQ-INVALID", "Invalid request", "the request breaks the rules listed in errors", invalid.violations());
        }
        IntakeResult.Unavailable unavailable = (IntakeResult.Unavailable) result;
        return Response.fromResponse(Problems.of(503, unavailable.code(), "Service unavailable", unavailable.reason()))
                .header("Retry-After", "5").build();
    }

    @GET
    @Path("{id}")
    @Produces({MediaType.APPLICATION_JSON, Problems.MEDIA_TYPE})
    public Response status(@PathParam("id") String id) throws SQLException {
        Optional<RequestRecord> r = visible(id);
        return r.map(rec -> Json.ok(200, view(rec))).orElseGet(RequestResource::notFound);
    }

    @GET
    @Path("{id}/timeline")
    @Produces({MediaType.APPLICATION_JSON, Problems.MEDIA_TYPE})
    public Response timeline(@PathParam("id") String id) throws SQLException {
        Optional<RequestRecord> r = visible(id);
        if (r.isEmpty()) {
            return notFound();
        }
        List<Map<String, Object>> events = requests.timeline(id).stream().map(RequestResource::event).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("requestId", id);
        body.put("state", r.get().state().name());
        body.put("events", events);
        return Json.ok(200, body);
    }

    /** Only the submitting certificate sees a request; anyone else gets the same 404 as for an unknown id. */
    private Optional<RequestRecord> visible(String id) throws SQLException {
        ClientIdentity client = client();
        if (!RequestIds.looksValid(id) || !client.hasAnyRole(SUBMITTERS)) {
            return Optional.empty();
        }
        return requests.find(id).filter(r -> r.ownerFingerprint().equals(client.fingerprint()));
    }

    private static Response notFound() {
        return Problems.of(404, "EEG-REQ-NOT-FOUND", "Not found", "no request with this id is visible to your certificate");
    }

    static Map<String, Object> view(RequestRecord r) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", r.id());
        v.put("type", r.messageType());
        v.put("platformId", r.platformId());
        v.put("requestedParty", r.requestedParty());
        v.put("state", r.state().name());
        v.put("terminal", r.state().isTerminal());
        v.put("receivedAt", r.receivedAt());
        v.put("updatedAt", r.updatedAt());
        v.put("deliveryAttempts", r.deliveryAttempts());
        v.put("payloadSha256", r.sealedSha256());
        if (r.receiptId() != null) {
            v.put("receiptId", r.receiptId());
        }
        if (r.nextDeadlineAt() != null) {
            v.put("nextDeadline", Map.of("at", r.nextDeadlineAt(), "kind", r.nextDeadlineKind()));
        }
        if (r.preservationStart() != null) {
            v.put("preservation", Map.of("start", r.preservationStart(), "end", r.preservationEnd()));
        }
        if (r.failureCode() != null) {
            v.put("lastError", Map.of("code", r.failureCode(), "reason", r.failureReason() == null ? "" : r.failureReason()));
        }
        v.put("links", Map.of("self", "/api/v1/requests/" + r.id(), "timeline", "/api/v1/requests/" + r.id() + "/timeline"));
        return v;
    }

    private static Map<String, Object> event(TimelineEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seq", e.seq());
        m.put("event", e.event().name());
        if (e.from() != null) {
            m.put("from", e.from().name());
        }
        if (e.to() != null) {
            m.put("to", e.to().name());
        }
        m.put("occurredAt", e.occurredAt());
        m.put("recordedAt", e.recordedAt());
        if (e.actor() != null) {
            m.put("actor", e.actor());
        }
        if (e.detail() != null) {
            m.put("detail", e.detail());
        }
        return m;
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String[] parts = contentType.toLowerCase(Locale.ROOT).split(";");
        if (!parts[0].trim().equals("application/json")) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            if (p.startsWith("charset=") && !p.substring(8).replace("\"", "").equals("utf-8")) {
                return false;
            }
        }
        return true;
    }

    static ClientIdentity client() {
        Message m = JAXRSUtils.getCurrentMessage();
        Object c = m == null ? null : m.get(ClientCertificateFilter.CLIENT);
        if (c == null && m != null && m.getExchange() != null && m.getExchange().getInMessage() != null) {
            c = m.getExchange().getInMessage().get(ClientCertificateFilter.CLIENT);
        }
        if (!(c instanceof ClientIdentity identity)) {
            throw new IllegalStateException("no client identity on an /api request");
        }
        return identity;
    }
}
