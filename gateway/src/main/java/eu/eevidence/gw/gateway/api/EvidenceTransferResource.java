package eu.eevidence.gw.gateway.api;

import eu.eevidence.gw.gateway.infra.StorageException;
import eu.eevidence.gw.gateway.evidence.EvidenceException;
import eu.eevidence.gw.gateway.access.ClientIdentity;
import eu.eevidence.gw.gateway.http.Problems;
import eu.eevidence.gw.gateway.network.NetworkProtocol;
import eu.eevidence.gw.gateway.transfer.EvidenceSource;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;


/**
 * {@code GET /api/v1/network/evidence/{messageId}/{itemId}}: an evidence item of an accepted case, for the peer node
 * whose request ({@code messageId}) opened the case, signed by this node and encrypted for the peer
 * ({@code application/pkcs7-mime}, streamed). See {@link EvidenceSource} and ADR-0017.
 */
@Path("/api/v1/network/evidence")
public final class EvidenceTransferResource {

    private final EvidenceSource source;

    public EvidenceTransferResource(EvidenceSource source) {
        this.source = source;
    }

    @GET
    @Path("{messageId}/{itemId: .+}")
    @Produces({NetworkProtocol.MEDIA_TYPE, Problems.MEDIA_TYPE})
    public Response item(@PathParam("messageId") String messageId, @PathParam("itemId") String itemId) {
        ClientIdentity caller = RequestResource.client();
        EvidenceSource.Release release;
        try {
            release = source.release(caller, messageId, itemId);
            source.checkAtRest(release);
        } catch (EvidenceSource.Refused r) {
            String title = r.status() == 403 ? "Forbidden" : r.status() == 409 ? "Conflict" : "Not found";
            Response p = Problems.of(r.status(), r.code(), title, r.getMessage());
            return r.status() == 409 ? Response.fromResponse(p).header("Retry-After", "2").build() : p;
        } catch (EvidenceException e) {
            return Problems.of(e.status(), e.code(), "Internal error", e.getMessage());
        }
        StreamingOutput body = out -> {
            try {
                source.send(release, out);
            } catch (EvidenceException | StorageException e) {
                // the stream is cut before its end: the receiving node cannot open it and asks again
                throw new WebApplicationException(e.getMessage(), e, 500);
            }
        };
        return Response.ok(body, NetworkProtocol.MEDIA_TYPE)
                .header("X-Evidence-SHA256", release.sha256())
                .header("X-Evidence-Size", release.size())
                .header("X-Content-Type-Options", "nosniff")
                .build();
    }
}
