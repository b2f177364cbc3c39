package eu.eevidence.gw.adapter.api;

import java.util.Objects;

/** The HTTP answer the node gives a destination that pushed a message: status, content type (may be null), body. */
public record InboundReply(int status, String contentType, byte[] body) {
    public InboundReply {
        Objects.requireNonNull(body, "body");
    }
}
