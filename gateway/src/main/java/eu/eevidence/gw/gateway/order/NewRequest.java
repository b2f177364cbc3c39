package eu.eevidence.gw.gateway.order;

import java.time.Instant;

/** Everything stored when a request is accepted. */
public record NewRequest(
        String id,
        String messageType,
        String platformId,
        String requestedParty,
        String ownerFingerprint,
        String ownerSubject,
        String idempotencyKey,
        String bodySha256,
        byte[] canonicalJson,
        byte[] sealedCms,
        String sealedSha256,
        Integer preservationDays,
        Instant receivedAt) {
}
