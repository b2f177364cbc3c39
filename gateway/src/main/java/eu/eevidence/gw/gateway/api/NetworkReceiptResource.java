package eu.eevidence.gw.gateway.api;

import eu.eevidence.gw.gateway.http.Problems;
import eu.eevidence.gw.gateway.access.ClientIdentity;
import eu.eevidence.gw.gateway.network.ReceiptInbox;
import eu.eevidence.gw.gateway.network.NetworkProtocol;
import eu.eevidence.gw.schema.codec.JsonCodec;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.io.InputStream;
import eu.eevidence.gw.gateway.network.NetworkError;

/** {@code POST /api/v1/network/evidences}: a peer's signed DELIVERED or RETRIEVED evidence (see {@link ReceiptInbox}, ADR-0016). */
@Path(ReceiptInbox.PATH)
public final class NetworkReceiptResource {

    private final ReceiptInbox inbox;

    public NetworkReceiptResource(ReceiptInbox inbox) {
        this.inbox = inbox;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces({MediaType.APPLICATION_JSON, Problems.MEDIA_TYPE})
    public Response receive(@HeaderParam(NetworkProtocol.HEADER_SENDER_NODE) String sender, InputStream in) throws IOException {
        ClientIdentity client = ClientCertificateFilter.currentClient();
        if (client == null) {
            return Problems.of(403, NetworkError.REM_UNKNOWN_PEER, "Forbidden", "only configured peer nodes may send evidences");
        }
        byte[] bytes = in.readNBytes(ReceiptInbox.MAX_BYTES + 1);
        if (bytes.length > ReceiptInbox.MAX_BYTES) {
            return Problems.of(413, ApiError.REM_TOO_LARGE, "Payload too large", "an evidence may have at most " + ReceiptInbox.MAX_BYTES + " bytes");
        }
        ReceiptInbox.Reply reply = inbox.receive(client, sender, bytes);
        if (reply.body() != null) {
            return Response.status(reply.status()).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(JsonCodec.canonicalMapper().writeValueAsBytes(reply.body())).build();
        }
        String title = switch (reply.status()) {
            case 400 -> "Bad request";
            case 403 -> "Forbidden";
            case 422 -> "Unprocessable evidence";
            default -> "Service unavailable";
        };
        return Problems.of(reply.status(), reply.code(), title, reply.detail());
    }
}
