package eu.eevidence.gw.gateway.api;

import eu.eevidence.gw.gateway.evidence.EvidenceException;
import eu.eevidence.gw.gateway.evidence.EvidenceService;
import eu.eevidence.gw.gateway.access.ClientIdentity;
import eu.eevidence.gw.gateway.http.Problems;
import eu.eevidence.gw.gateway.order.RequestRepository;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The evidence of a request, for the certificate that submitted it (others get 404): the list, and each item
 * streamed decrypted after its integrity checks. Every read is a timeline and custody event (ADR-0010). An item of an
 * archived request (ADR-0039) is read only with {@code ?reason=} (else 422 {@code EEG-ARCHIVE-REASON}, nothing recorded),
 * and the read is recorded as {@code ARCHIVE_READ} with its reason.
 */
@Path("/api/v1/requests/{id}/evidence")
public final class EvidenceResource {

    private final EvidenceService evidence;
    private final RequestRepository requests;
    private final Clock clock;

    public EvidenceResource(EvidenceService evidence, RequestRepository requests, Clock clock) {
        this.evidence = evidence;
        this.requests = requests;
        this.clock = clock;
    }

    @GET
    @Produces({MediaType.APPLICATION_JSON, Problems.MEDIA_TYPE})
    public Response list(@PathParam("id") String id) {
        ClientIdentity client = RequestResource.client();
        try {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("requestId", id);
            body.put("items", evidence.items(client, id).stream().map(EvidenceResource::view).toList());
            return Json.ok(200, body);
        } catch (EvidenceException e) {
            return EvidenceUploadResource.problem(e);
        }
    }

    /** The item's bytes, decrypted; {@code X-Evidence-SHA256} names what the reader must get. */
    @GET
    @Path("{itemId: .+}")
    @Produces(MediaType.WILDCARD)
    public Response read(@PathParam("id") String id, @PathParam("itemId") String itemId, @QueryParam("reason") String reason) {
        ClientIdentity client = RequestResource.client();
        EvidenceService.Item item;
        try {
            item = evidence.describe(client, id, itemId);
            evidence.checkAtRest(item); // answered with its code before streaming starts
        } catch (EvidenceException e) {
            return EvidenceUploadResource.problem(e);
        }
        Response archived = ArchiveResource.readGate(requests, clock, id, client.fingerprint(), "evidence item " + itemId, reason);
        if (archived != null) {
            return archived;
        }
        StreamingOutput body = out -> {
            try {
                evidence.read(client, item, out, true);
            } catch (EvidenceException e) {
                // nothing was written (the release comes after every check); the status is still 500, the code EEG-INTERNAL
                throw new WebApplicationException(e.getMessage(), e, EvidenceUploadResource.problem(e));
            }
        };
        return Response.ok(body, MediaType.APPLICATION_OCTET_STREAM_TYPE)
                .header("Content-Length", item.size())
                .header("X-Evidence-SHA256", item.sha256())
                .header("X-Evidence-Media-Type", item.mediaType())
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Disposition", "attachment")
                .build();
    }

    static Map<String, Object> view(EvidenceService.Item i) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("requestId", i.requestId());
        v.put("itemId", i.itemId());
        v.put("mediaType", i.mediaType());
        v.put("size", i.size());
        v.put("sha256", i.sha256());
        v.put("source", i.source());
        v.put("supplier", i.supplier());
        v.put("manifestAnswerId", i.answerId());
        v.put("storedAt", i.storedAt());
        v.put("encryptedSha256", i.cmsSha256());
        v.put("nodeSignedRecord", Base64.getEncoder().encodeToString(i.signedRecord()));
        return v;
    }
}
