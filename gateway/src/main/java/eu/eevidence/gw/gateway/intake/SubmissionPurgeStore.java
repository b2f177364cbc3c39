package eu.eevidence.gw.gateway.intake;

import eu.eevidence.gw.gateway.infra.DataKeys;
import eu.eevidence.gw.gateway.infra.StorageException;
import eu.eevidence.gw.gateway.infra.Tx;
import eu.eevidence.gw.gateway.order.RequestDataPurge;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;

/**
 * The intake's part of a request's purge (ADR-0020, ADR-0026): the replay guard's rows of its signed submission
 * ({@code signed_submission}, ADR-0021: signer fingerprints) go.
 */
public final class SubmissionPurgeStore implements RequestDataPurge {

    @Override
    public Runnable purge(Tx c, DataKeys keys, String requestId, Instant now) {
        try (PreparedStatement ps = c.connection().prepareStatement("DELETE FROM signed_submission WHERE request_id = ?")) {
            ps.setString(1, requestId);
            ps.executeUpdate();
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
        return NOTHING;
    }
}
