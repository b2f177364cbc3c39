package eu.eevidence.gw.gateway.api;

import eu.eevidence.gw.gateway.action.ActionResult;
import eu.eevidence.gw.gateway.handoff.HandoffService;
import eu.eevidence.gw.gateway.access.ClientIdentity;
import eu.eevidence.gw.gateway.http.Problems;
import eu.eevidence.gw.gateway.intake.RequestIds;
import eu.eevidence.gw.gateway.order.RequestRecord;
import eu.eevidence.gw.gateway.order.RequestRepository;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import eu.eevidence.gw.gateway.handoff.HandoffError;
import eu.eevidence.gw.gateway.http.CommonError;

/**
 * The manual hand-off of a request to a platform without a machine interface (adapter kind {@code manual-pdf}), for the
 * submitting certificate: {@code GET /api/v1/requests/{id}/handoff} (where the package is, its hashes, whether and by
 * whom its submission was confirmed) and {@code POST /api/v1/requests/{id}/handoff/confirm}
 * {@code {"platformReference": "...", "handedOverAt": "2026-11-25T10:00:00+01:00"}}.
 */
@Path("/api/v1/requests/{id}/handoff")
public final class HandoffResource {

    private final HandoffService handoffs;
    private final RequestRepository requests;
    private final int maxBodyBytes;
    private final Clock clock;

    public HandoffResource(HandoffService handoffs, RequestRepository requests, int maxBodyBytes, Clock clock) {
        this.handoffs = handoffs;
        this.requests = requests;
        this.maxBodyBytes = maxBodyBytes;
        this.clock = clock;
    }

    @GET
    @Produces({MediaType.APPLICATION_JSON, Problems.MEDIA_TYPE})
    public Response status(@PathParam("id") String id) {
        ClientIdentity client = RequestResource.client();
        Optional<RequestRecord> r = owned(client, id);
        if (r.isEmpty()) {
            return notFound();
        }
        Optional<HandoffService.Handoff> h = handoffs.find(id);
        if (h.isEmpty()) {
            return Problems.of(404, HandoffError.CHN_NO_HANDOFF, "Not found", "this request has no manual hand-off package");
        }
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("requestId", id);
        v.put("platformId", h.get().platformId());
        v.put("state", r.get().state().name());
        v.put("package", h.get().packageDir());
        v.put("files", Map.of("request.pdf", h.get().pdfSha256(), "request.p7m", h.get().cmsSha256(), "manifest.p7s", h.get().manifestSha256()));
        v.put("preparedAt", h.get().preparedAt());
        if (h.get().confirmedAt() != null) {
            v.put("confirmedAt", h.get().confirmedAt());
            v.put("confirmedBy", h.get().confirmedBy());
            v.put("platformReference", h.get().platformReference());
        }
        return Json.ok(200, v);
    }

    @POST
    @Path("confirm")
    @Consumes(MediaType.WILDCARD)
    @Produces({MediaType.APPLICATION_JSON, Problems.MEDIA_TYPE})
    public Response confirm(@PathParam("id") String id, InputStream body) throws IOException {
        return confirmHandover(id, body, (client, reference, at) -> handoffs.confirm(client, id, reference, at));
    }

    /**
     * Confirms the manual hand-over of a follow-up's package (ADR-0032):
     * {@code {"platformReference": "...", "handedOverAt": "..."}}; the follow-up is then delivered and the deadline it
     * changed confirmed.
     */
    @POST
    @Path("follow-ups/{noticeId}/confirm")
    @Consumes(MediaType.WILDCARD)
    @Produces({MediaType.APPLICATION_JSON, Problems.MEDIA_TYPE})
    public Response confirmFollowUp(@PathParam("id") String id, @PathParam("noticeId") String noticeId, InputStream body) throws IOException {
        return confirmHandover(id, body, (client, reference, at) -> handoffs.confirmFollowUp(client, id, noticeId, reference, at));
    }

    /** What a confirmation confirms: the request's package or a follow-up's. */
    @FunctionalInterface
    private interface Handover {
        ActionResult confirm(ClientIdentity client, String platformReference, Instant handedOverAt);
    }

    /**
     * Both confirmations: the owner only (else the same 404 as for an unknown id), a body
     * {@code {"platformReference": "...", "handedOverAt": "..."}}, the request's view with the result, or the refusal.
     */
    private Response confirmHandover(String id, InputStream body, Handover handover) throws IOException {
        ClientIdentity client = RequestResource.client();
        if (owned(client, id).isEmpty()) {
            return notFound();
        }
        ActionBody b = ActionBody.read(body, maxBodyBytes);
        if (b.error() != null) {
            return b.error();
        }
        ActionBody.Timestamp at = b.timestamp("handedOverAt", false);
        if (at.error() != null) {
            return at.error();
        }
        ActionResult result = handover.confirm(client, b.text("platformReference"), at.value());
        if (result instanceof ActionResult.Done done) {
            Map<String, Object> v = RequestViews.view(done.request(), clock.instant());
            v.put("result", done.detail());
            return Json.ok(200, v);
        }
        ActionResult.Rejected rej = (ActionResult.Rejected) result;
        return Problems.of(rej.status(), rej.code(), rej.status() == 409 ? "Conflict" : rej.status() == 404 ? "Not found" : "Invalid action",
                rej.message());
    }

    private Optional<RequestRecord> owned(ClientIdentity client, String id) {
        if (!client.hasAnyRole(RequestResource.SUBMITTERS) || !RequestIds.looksValid(id)) {
            return Optional.empty();
        }
        return requests.find(id).filter(x -> x.ownerFingerprint().equals(client.fingerprint()));
    }

    private static Response notFound() {
        return Problems.of(404, CommonError.REQ_NOT_FOUND, "Not found", "no request with this id was submitted with your certificate");
    }
}
