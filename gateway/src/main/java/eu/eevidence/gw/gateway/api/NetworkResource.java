package eu.eevidence.gw.gateway.api;

import eu.eevidence.gw.gateway.http.Problems;
import eu.eevidence.gw.gateway.access.ClientIdentity;
import eu.eevidence.gw.gateway.network.NetworkInbox;
import eu.eevidence.gw.gateway.network.NetworkProtocol;
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

/** {@code POST /api/v1/network/messages}: one protected message of a peer node; answers its signed receipt (see {@link NetworkInbox}). */
@Path(NetworkProtocol.MESSAGES_PATH)
public final class NetworkResource {

    private final NetworkInbox inbox;
    private final int maxBodyBytes;

    public NetworkResource(NetworkInbox inbox, int maxBodyBytes) {
        this.inbox = inbox;
        this.maxBodyBytes = maxBodyBytes;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces({NetworkProtocol.MEDIA_TYPE, Problems.MEDIA_TYPE})
    public Response receive(@HeaderParam(NetworkProtocol.HEADER_SENDER_NODE) String sender, @HeaderParam(NetworkProtocol.HEADER_MESSAGE_ID) String messageId,
                            InputStream in) throws IOException {
        ClientIdentity client = ClientCertificateFilter.currentClient();
        if (client == null) {
            return Problems.of(403, NetworkError.NET_UNKNOWN_PEER, "Forbidden", "only configured peer nodes may send network messages");
        }
        byte[] bytes = in.readNBytes(maxBodyBytes + 1);
        if (bytes.length > maxBodyBytes) {
            return Problems.of(413, ApiError.NET_TOO_LARGE, "Payload too large", "a network message may have at most " + maxBodyBytes + " bytes");
        }
        NetworkInbox.Reply reply = inbox.receive(client, sender, messageId, bytes);
        if (reply.receipt() != null) {
            return Response.status(reply.status()).type(NetworkProtocol.MEDIA_TYPE).entity(reply.receipt()).build();
        }
        String title = switch (reply.status()) {
            case 400 -> "Bad request";
            case 403 -> "Forbidden";
            default -> "Service unavailable";
        };
        return Problems.of(reply.status(), reply.code(), title, reply.detail());
    }
}
