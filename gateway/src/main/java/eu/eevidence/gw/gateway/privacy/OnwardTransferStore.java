package eu.eevidence.gw.gateway.privacy;

import eu.eevidence.gw.gateway.infra.StorageException;
import eu.eevidence.gw.gateway.infra.Tx;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import static eu.eevidence.gw.gateway.infra.SqlTime.instant;
import static eu.eevidence.gw.gateway.infra.SqlTime.ts;

/**
 * The recorded onward transfers of requests' data (table {@code onward_transfer}; Second Additional Protocol Art.
 * 14(10)): rows are kept after a purge, as the record an audit needs. Every method runs in the caller's transaction
 * (ADR-0026).
 */
public final class OnwardTransferStore {

    public void insert(Tx c, OnwardTransfers.Transfer t) {
        try (PreparedStatement ps = c.connection().prepareStatement("INSERT INTO onward_transfer (id, request_id, recipient, legal_basis, "
                + "authorisation_reference, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, t.id());
            ps.setString(2, t.requestId());
            ps.setString(3, t.recipient());
            ps.setString(4, t.legalBasis());
            ps.setString(5, t.authorisationReference());
            ps.setString(6, t.recordedBy());
            ps.setObject(7, ts(t.recordedAt()));
            ps.executeUpdate();
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    /** The transfers recorded for a request, oldest first. */
    public List<OnwardTransfers.Transfer> list(Tx c, String requestId) {
        try (PreparedStatement ps = c.connection().prepareStatement("SELECT id, request_id, recipient, legal_basis, authorisation_reference, recorded_by, "
                + "recorded_at FROM onward_transfer WHERE request_id = ? ORDER BY recorded_at, id")) {
            ps.setString(1, requestId);
            try (ResultSet rs = ps.executeQuery()) {
                List<OnwardTransfers.Transfer> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new OnwardTransfers.Transfer(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), instant(rs, 7)));
                }
                return out;
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }
}
