package eu.eevidence.gw.gateway.cases;

import eu.eevidence.gw.gateway.infra.StorageException;
import eu.eevidence.gw.gateway.infra.Tx;
import eu.eevidence.gw.gateway.transfer.EvidenceSource;
import eu.eevidence.gw.gateway.transfer.OpenedCases;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The transfer's port {@link OpenedCases} over this feature's table {@code inbound_case}: the case a peer's message
 * opened, as far as the release rules of {@link EvidenceSource} need it. Runs in the caller's read (ADR-0026).
 */
public final class OpenedCaseQueries implements OpenedCases {

    /** The case opened by {@code peer}'s message {@code messageId}, or null. */
    @Override
    public EvidenceSource.CaseRow caseOf(Tx c, String peer, String messageId) {
        try (PreparedStatement ps = c.connection().prepareStatement(
                "SELECT id, state, decision, domestic_request_id FROM inbound_case WHERE peer_node_id = ? AND message_id = ?")) {
            ps.setString(1, peer);
            ps.setString(2, messageId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new EvidenceSource.CaseRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)) : null;
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }
}
