package eu.eevidence.gw.gateway.api;

import eu.eevidence.gw.gateway.access.ClientIdentity;
import eu.eevidence.gw.gateway.http.Problems;
import eu.eevidence.gw.gateway.witness.WitnessError;
import eu.eevidence.gw.gateway.witness.WitnessProtocol;
import eu.eevidence.gw.gateway.witness.WitnessService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.io.InputStream;

/**
 * The node's witness (C2SP tlog-witness, ADR-0028) under {@code /api/v1/witness}: {@code POST add-checkpoint} for peer
 * nodes (mutual TLS with a listed node certificate), answering 200 with cosignature lines, 409 with the last cosigned
 * size ({@code text/x.tlog.size}), or 400/403/404/422 as problem+json with an {@code EEG-WIT-*} code; {@code GET vkey}
 * gives the witness's cosigner key.
 */
@Path(WitnessProtocol.PREFIX)
public final class WitnessResource {

    /** An add-checkpoint body: the old size, at most 63 proof lines and a checkpoint of a few signatures. */
    static final int MAX_BODY = 64 * 1024;
    /** On a 409 (whose body must be the size alone): the gateway code, EEG-WIT-OLD-SIZE, -FORK or -ROLLBACK. */
    public static final String CODE_HEADER = "X-EEG-Error-Code";

    private final WitnessService witness;

    public WitnessResource(WitnessService witness) {
        this.witness = witness;
    }

    @POST
    @Path("add-checkpoint")
    @Consumes(MediaType.WILDCARD)
    @Produces({MediaType.TEXT_PLAIN, "text/x.tlog.size", Problems.MEDIA_TYPE})
    public Response addCheckpoint(InputStream in) throws IOException {
        ClientIdentity caller = ClientCertificateFilter.currentClient();
        byte[] body = in.readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            return Problems.of(400, WitnessError.WIT_MALFORMED, "Malformed add-checkpoint request", "the body exceeds " + MAX_BODY + " bytes");
        }
        WitnessService.Reply r = witness.addCheckpoint(caller, body);
        if (r.contentType() != null) {
            Response.ResponseBuilder b = Response.status(r.status()).type(r.contentType()).entity(r.body());
            return (r.code() == null ? b : b.header(CODE_HEADER, r.code().code())).build();
        }
        return Problems.of(r.status(), r.code(), r.code().title(), r.body());
    }

    @GET
    @Path("vkey")
    @Produces("text/plain; charset=utf-8")
    public Response vkey() {
        return Response.ok(witness.key().encode() + "\n", "text/plain; charset=utf-8").build();
    }
}
