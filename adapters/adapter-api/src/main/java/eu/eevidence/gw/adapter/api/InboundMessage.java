package eu.eevidence.gw.adapter.api;

import java.util.Objects;

/**
 * A message a destination pushed to the node (e.g. TS 104 144 {@code POST /eevidence/outcome}), handed to the
 * adapter as received: the gateway terminates TLS, authenticates the destination (its client certificate), bounds
 * the body, then calls {@link PlatformAdapter#receive(InboundMessage)}, persists the answers, and only then sends
 * {@link PlatformAdapter#reply(InboundMessage, PollOutcome)}.
 *
 * @param destination  the authenticated destination, as in the platform directory (its settings included)
 * @param channel      the last path segment it posted to (e.g. {@code outcome}, {@code nonexecution})
 * @param contentType  the Content-Type header (may be null)
 * @param body         the body as received
 */
public record InboundMessage(DeliveryRequest.Destination destination, String channel, String contentType, byte[] body) {
    public InboundMessage {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(body, "body");
    }
}
