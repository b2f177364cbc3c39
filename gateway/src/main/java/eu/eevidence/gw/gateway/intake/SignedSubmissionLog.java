package eu.eevidence.gw.gateway.intake;

import eu.eevidence.gw.gateway.infra.StorageException;
import eu.eevidence.gw.gateway.infra.Tx;
import eu.eevidence.gw.gateway.infra.SqlTime;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * The table {@code signed_submission} (V14): the signature ids of accepted signed submissions, kept while their signing
 * time is inside the accepted window, so that a signed request is accepted once (ADR-0021).
 */
final class SignedSubmissionLog {

    private SignedSubmissionLog() {
    }

    /** The request a signature was accepted for, if any. */
    static Optional<String> requestOf(Tx c, String signatureSha256) {
        try {
            try (PreparedStatement ps = c.connection().prepareStatement("SELECT request_id FROM signed_submission WHERE signature_sha256 = ?")) {
                ps.setString(1, signatureSha256);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    /** Records an accepted signature (a duplicate violates the primary key) and forgets those older than {@code oldest}. */
    static void record(Tx c, String signatureSha256, String requestId, String client, String signer, Instant signingTime,
            Instant received, Instant oldest) {
        try {
            try (PreparedStatement ps = c.connection().prepareStatement("DELETE FROM signed_submission WHERE signing_time < ?")) {
                ps.setObject(1, SqlTime.ts(oldest));
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.connection().prepareStatement("INSERT INTO signed_submission (signature_sha256, request_id, client_fingerprint,"
                    + " signer_fingerprint, signing_time, received_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, signatureSha256);
                ps.setString(2, requestId);
                ps.setString(3, client);
                ps.setString(4, signer);
                ps.setObject(5, SqlTime.ts(signingTime));
                ps.setObject(6, SqlTime.ts(received));
                ps.executeUpdate();
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    /** Forgets the signature of a request that was removed again (not queued: the client retries with the same key). */
    static void forget(Tx c, String requestId) {
        try {
            try (PreparedStatement ps = c.connection().prepareStatement("DELETE FROM signed_submission WHERE request_id = ?")) {
                ps.setString(1, requestId);
                ps.executeUpdate();
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }
}
