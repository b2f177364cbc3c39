package eu.eevidence.gw.gateway.api;

import eu.eevidence.gw.custody.CustodyException;
import eu.eevidence.gw.custody.tiles.TilePath;
import eu.eevidence.gw.custody.tiles.TileWriter;
import eu.eevidence.gw.gateway.custody.CustodyService;
import eu.eevidence.gw.gateway.http.Problems;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * {@code /custody/}: the custody log, read-only, in the C2SP tlog-tiles layout ({@code checkpoint},
 * {@code tile/<L>/<N>[.p/<W>]}, {@code tile/entries/<N>[.p/<W>]}), plus {@code archive} (the whole log as one zip)
 * and {@code vkey} (the node's note verifier key). Public like {@code /health}: the log holds no personal data by
 * design, and auditors mirror it with plain GETs (a client certificate is accepted but not required).
 */
@Path("/custody")
public final class CustodyResource {

    private static final Logger LOG = LoggerFactory.getLogger(CustodyResource.class);
    private final CustodyService custody;

    public CustodyResource(CustodyService custody) {
        this.custody = custody;
    }

    @GET
    @Path("checkpoint")
    @Produces("text/plain; charset=utf-8")
    public Response checkpoint() {
        return read(TileWriter.CHECKPOINT, "text/plain; charset=utf-8", "no-cache, max-age=5");
    }

    @GET
    @Path("vkey")
    @Produces("text/plain; charset=utf-8")
    public Response vkey() {
        return Response.ok(custody.log().verifierKey().encode() + "\n", "text/plain; charset=utf-8").build();
    }

    @GET
    @Path("tile/{path: .+}")
    @Produces("application/octet-stream")
    public Response tile(@PathParam("path") String path) {
        TilePath tp;
        try {
            tp = TilePath.parse("tile/" + path);
        } catch (CustodyException e) {
            return Problems.of(404, ApiError.HTTP_404, "Not found", "not a tlog-tiles path");
        }
        return read(tp.path(), "application/octet-stream", tp.isPartial() ? "public, max-age=60" : "public, max-age=31536000, immutable");
    }

    @GET
    @Path("archive")
    @Produces("application/zip")
    public Response archive() {
        StreamingOutput body = out -> {
            try {
                custody.log().archive(out);
            } catch (CustodyException e) {
                LOG.error(ApiError.CUS_ARCHIVE_FAILED.code() + " {}", e.oneLine());
                throw new java.io.IOException(e.oneLine());
            }
        };
        return Response.ok(body, "application/zip").header("Content-Disposition", "attachment; filename=\"custody-log.zip\"").build();
    }

    private Response read(String path, String type, String cache) {
        try {
            Optional<byte[]> b = custody.log().published().get(path);
            if (b.isEmpty()) {
                return Problems.of(404, ApiError.HTTP_404, "Not found", "no such custody log resource");
            }
            return Response.ok(b.get(), type).header("Cache-Control", cache).build();
        } catch (CustodyException e) {
            LOG.error(ApiError.CUS_SERVE_FAILED.code() + " {}", e.oneLine());
            return Problems.of(503, ApiError.CUS_UNAVAILABLE, "Custody log unavailable", "try again later");
        }
    }
}
