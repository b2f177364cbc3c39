package eu.eevidence.gw.adapter.api;

import java.net.URI;
import java.util.Objects;

/**
 * One sealed message to hand to a destination.
 *
 * @param requestId       the gateway's id of the request this message belongs to
 * @param idempotencyKey  identical on every attempt of the same message
 * @param destination     where the destination listens, with its TLS trust
 * @param messageType     the catalogue type of the message (e.g. BUDAPEST_ART29_PRESERVATION)
 * @param payload         the sealed message (CMS, DER)
 * @param payloadSha256   lowercase hex SHA-256 of {@code payload}; the receipt must echo it
 * @param attempt         1 for the first attempt
 */
public record DeliveryRequest(
        String requestId,
        String idempotencyKey,
        Destination destination,
        String messageType,
        byte[] payload,
        String payloadSha256,
        int attempt) {

    public DeliveryRequest {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(messageType, "messageType");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(payloadSha256, "payloadSha256");
    }

    /** A destination: platform id, base URI and the TLS context to reach it. */
    public record Destination(String platformId, URI endpoint, javax.net.ssl.SSLContext tls) {
        public Destination {
            Objects.requireNonNull(platformId, "platformId");
            Objects.requireNonNull(endpoint, "endpoint");
        }
    }
}
