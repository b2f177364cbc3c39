package eu.eevidence.gw.gateway.api;

import eu.eevidence.gw.gateway.access.ClientIdentity;
import eu.eevidence.gw.gateway.archive.ArchiveStore;
import eu.eevidence.gw.gateway.archive.Archives;
import eu.eevidence.gw.gateway.http.CommonError;
import eu.eevidence.gw.gateway.http.Problems;
import eu.eevidence.gw.gateway.order.RequestRepository;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /api/v1/requests/{id}/archive?reason=...} (ADR-0039): the submitter moves an ended request to the archive
 * (read only, every read recorded with its reason, the archive's own retention). Another owner's request is 404.
 */
@Path("/api/v1/requests/{id}/archive")
public final class ArchiveResource {

    private final Archives archives;

    public ArchiveResource(Archives archives) {
        this.archives = archives;
    }

    /** The resource with the archive's default retention ({@link Archives#DEFAULT_RETENTION_DAYS}). */
    public static ArchiveResource withDefaultRetention(RequestRepository requests, Clock clock) {
        return withDefaultRetention(requests, clock, Archives.DEFAULT_RETENTION_DAYS);
    }

    /** The resource archiving with the deployment's retention ({@code archive.retention-days}, ADR-0039). */
    public static ArchiveResource withDefaultRetention(RequestRepository requests, Clock clock, int retentionDays) {
        return new ArchiveResource(new Archives(requests, clock, retentionDays));
    }

    /** 201 archived; 404 not visible; 409 not ended or already archived; 422 without a reason. */
    @POST
    @Produces({MediaType.APPLICATION_JSON, Problems.MEDIA_TYPE})
    public Response archive(@PathParam("id") String id, @QueryParam("reason") String reason) {
        ClientIdentity client = RequestResource.client();
        Archives.Outcome o = archives.archive(id, client.fingerprint(), reason);
        if (o == Archives.Outcome.NOT_FOUND) {
            return notFound();
        }
        if (o != Archives.Outcome.DONE) {
            return Problems.of(o.error().spec().status(), o.error(), o.error().spec().title(), detail(o));
        }
        ArchiveStore.Marker m = archives.marker(id).orElseThrow();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("requestId", id);
        body.put("archivedAt", m.archivedAt().toString());
        body.put("retentionDays", m.retentionDays());
        return Json.ok(201, body);
    }

    /**
     * The gate of every read of an archived request's content or evidence: null when the read may go on (not archived,
     * or archived and recorded with its reason), else the 422 refusal (nothing recorded). The caller checked visibility.
     */
    static Response readGate(RequestRepository requests, Clock clock, String id, String reader, String what, String reason) {
        Archives.Outcome o = new Archives(requests, clock, Archives.DEFAULT_RETENTION_DAYS).recordRead(id, reader, what, reason);
        if (o == Archives.Outcome.REASON) {
            return Problems.of(422, o.error(), o.error().spec().title(),
                    "the request is archived: give the reason of this read (query parameter reason); it is recorded");
        }
        return null;
    }

    /**
     * The console's gate on an archived request's details (ADR-0039): null when they may be shown (not archived, or the
     * read recorded with its reason), else the 422 refusal (nothing recorded). The caller checked visibility.
     */
    public Response readDetails(String id, String reason) {
        Archives.Outcome o = archives.recordRead(id, RequestResource.client().fingerprint(), "details (console)", reason);
        if (o == Archives.Outcome.REASON) {
            return Problems.of(422, o.error(), o.error().spec().title(), "the request is archived: give the reason of this read");
        }
        return null;
    }

    /** Whether the request is archived (read only, ADR-0039). */
    public boolean isArchived(String id) {
        return archives.readOnly(id);
    }

    private static String detail(Archives.Outcome o) {
        return switch (o) {
            case NOT_ENDED -> "only a request in a terminal state can be archived; nothing was recorded";
            case ALREADY -> "the request is already archived";
            default -> "give the reason of the archiving (query parameter reason); nothing was recorded";
        };
    }

    private static Response notFound() {
        return Problems.of(404, CommonError.REQ_NOT_FOUND, "Not found", "no request with this id is visible to your certificate");
    }
}
