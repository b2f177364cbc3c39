package eu.eevidence.gw.pki;

import java.time.Instant;

/**
 * Replay protection hook. {@link CmsProfile} calls {@link #checkAndRecord} after a message verified, with the
 * lowercase hex SHA-256 of the signature value as message id (one signature = one message) and the signed
 * signing time; the gateway may call it again with its own business message id. Implementations must be
 * atomic: of two concurrent calls with the same id, exactly one succeeds. {@link InMemoryReplayGuard} is the
 * reference; the gateway backs the same contract by a database table with a unique key.
 */
@FunctionalInterface
public interface ReplayGuard {

    /**
     * Accepts and records the id, or rejects.
     *
     * @throws PkiException {@link PkiError#REPLAY} when the id was seen before or the signing time lies outside
     *                      the accepted window
     */
    void checkAndRecord(String messageId, Instant signingTime) throws PkiException;

    /** A guard that accepts everything (the default of {@link CmsProfile}). */
    ReplayGuard NONE = (id, t) -> { };
}
