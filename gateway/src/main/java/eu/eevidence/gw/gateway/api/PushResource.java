package eu.eevidence.gw.gateway.api;

import eu.eevidence.gw.gateway.channel.PushChannel;
import eu.eevidence.gw.gateway.access.ClientIdentity;
import eu.eevidence.gw.gateway.http.Problems;
import eu.eevidence.gw.pki.Certificates;
import eu.eevidence.gw.pki.Role;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.apache.cxf.jaxrs.utils.JAXRSUtils;
import org.apache.cxf.message.Message;
import org.apache.cxf.security.transport.TLSSessionInfo;

import java.io.IOException;
import java.io.InputStream;
import java.security.cert.X509Certificate;

/**
 * The node-side endpoints of TS 104 144 (Table 6.1-1) where platforms push their answers: {@code POST /eevidence/{channel}}.
 * Thin: the client certificate and the body go to {@link PushChannel}; its problems are answered as problem details,
 * everything else with the adapter's own reply (an HI-1 response).
 */
@Path("/eevidence")
public final class PushResource {

    private final PushChannel channel;

    public PushResource(PushChannel channel) {
        this.channel = channel;
    }

    @POST
    @Path("{channel}")
    @Consumes(MediaType.WILDCARD)
    public Response push(@PathParam("channel") String name, @HeaderParam("Content-Type") String contentType,
                         @HeaderParam("Content-Length") Long contentLength, InputStream body) throws IOException {
        PushChannel.Outcome o = channel.push(caller(), name, contentType, contentLength, body);
        if (o.reply() == null) {
            String title = switch (o.status()) {
                case 401 -> "Client certificate required";
                case 404 -> "Not found";
                case 413 -> "Payload too large";
                default -> "Forbidden";
            };
            return Problems.of(o.status(), o.code(), title, o.detail());
        }
        Response.ResponseBuilder b = Response.status(o.reply().status());
        if (o.reply().contentType() != null) {
            b.type(o.reply().contentType());
        }
        return o.reply().body().length == 0 ? b.build() : b.entity(o.reply().body()).build();
    }

    /** The identity of the TLS client certificate, or null when none was presented. */
    private static ClientIdentity caller() {
        Message message = JAXRSUtils.getCurrentMessage();
        TLSSessionInfo tls = message == null ? null : message.get(TLSSessionInfo.class);
        if (tls == null || tls.getPeerCertificates() == null || tls.getPeerCertificates().length == 0
                || !(tls.getPeerCertificates()[0] instanceof X509Certificate cert)) {
            return null;
        }
        return new ClientIdentity(Certificates.sha256Fingerprint(cert), cert.getSubjectX500Principal().getName(), Role.of(cert));
    }
}
