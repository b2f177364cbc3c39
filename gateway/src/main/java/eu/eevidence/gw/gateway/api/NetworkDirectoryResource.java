package eu.eevidence.gw.gateway.api;

import eu.eevidence.gw.gateway.http.Problems;
import eu.eevidence.gw.gateway.network.DirectoryStore;
import eu.eevidence.gw.gateway.network.NetworkProtocol;
import eu.eevidence.gw.gateway.network.VerifiedDirectory;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /api/v1/network/directory}: the signed network directory this node uses, exactly as the directory
 * authority signed it ({@code application/pkcs7-mime}, CMS SignedData), with its version in
 * {@value #HEADER_VERSION} and the SHA-256 of its content as ETag. Any authenticated client may read it; it verifies
 * with {@code directory verify}.
 */
@Path("/api/v1/network/directory")
public final class NetworkDirectoryResource {

    /** The version of the directory served. */
    public static final String HEADER_VERSION = "X-EEG-Directory-Version";

    private final DirectoryStore store;

    public NetworkDirectoryResource(DirectoryStore store) {
        this.store = store;
    }

    @GET
    @Produces({NetworkProtocol.MEDIA_TYPE, Problems.MEDIA_TYPE})
    public Response directory(@HeaderParam("If-None-Match") String ifNoneMatch) {
        RequestResource.client(); // authenticated by the certificate filter
        VerifiedDirectory d = store.current();
        String etag = "\"" + d.contentSha256() + "\"";
        if (etag.equals(ifNoneMatch)) { // dir: a fetching node that has this version already gets no body
            return Response.notModified().header(HEADER_VERSION, Long.toString(d.version())).header("ETag", etag).build();
        }
        return Response.ok(d.signedBytes(), NetworkProtocol.MEDIA_TYPE)
                .header(HEADER_VERSION, Long.toString(d.version()))
                .header("ETag", "\"" + d.contentSha256() + "\"")
                .header("Cache-Control", "no-store")
                .build();
    }
}
