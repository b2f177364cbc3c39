package eu.eevidence.gw.gateway.transfer;

import eu.eevidence.gw.gateway.infra.DataKeys;
import eu.eevidence.gw.gateway.infra.StorageException;
import eu.eevidence.gw.gateway.infra.Tx;
import eu.eevidence.gw.gateway.order.RequestDataPurge;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;

/** The transfer feature's part of a request's purge (ADR-0020, ADR-0026): its evidence fetches from peer nodes go. */
public final class TransferPurgeStore implements RequestDataPurge {

    @Override
    public Runnable purge(Tx c, DataKeys keys, String requestId, Instant now) {
        try (PreparedStatement ps = c.connection().prepareStatement("DELETE FROM network_evidence_fetch WHERE request_id = ?")) {
            ps.setString(1, requestId);
            ps.executeUpdate();
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
        return NOTHING;
    }
}
