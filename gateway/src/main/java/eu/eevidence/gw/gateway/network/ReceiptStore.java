package eu.eevidence.gw.gateway.network;

import eu.eevidence.gw.gateway.infra.SqlTime;
import eu.eevidence.gw.gateway.infra.StorageException;
import eu.eevidence.gw.gateway.infra.Tx;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The SQL of the signed receipts peers sent on their own after the hop (DELIVERED, RETRIEVED; ADR-0016, ADR-0026),
 * stored once per (peer, receipt id) in the table {@code network_evidence} (its name predates the rename to
 * "receipts"). Stateless: {@link ReceiptInbox} calls it inside its unit of work.
 */
final class ReceiptStore {

    private static final String COLUMNS = "peer_node_id, receipt_id, evidence, message_id, request_id, issued_at, received_at, recipient, sha256";

    /** How a receipt arrived: from which peer, about which request of this node, when, its recipient, its signed bytes and digest. */
    record Received(String peerNodeId, String requestId, Instant at, String recipient, byte[] signed, String sha256) {
    }

    private ReceiptStore() {
    }

    static void insert(Tx c, NetworkReceipt r, Received how) {
        try (PreparedStatement ps = c.connection().prepareStatement(
                "INSERT INTO network_evidence (peer_node_id, receipt_id, evidence, message_id, request_id, "
                + "issued_at, received_at, recipient, signed, sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, how.peerNodeId());
            ps.setString(2, r.receiptId());
            ps.setString(3, r.evidence().name());
            ps.setString(4, r.messageId());
            ps.setString(5, how.requestId());
            ps.setObject(6, SqlTime.ts(r.issuedAt()));
            ps.setObject(7, SqlTime.ts(how.at()));
            ps.setString(8, how.recipient());
            ps.setBytes(9, how.signed());
            ps.setString(10, how.sha256());
            ps.executeUpdate();
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    static Optional<ReceiptInbox.Stored> find(Tx c, String peer, String receiptId) {
        try (PreparedStatement ps = c.connection().prepareStatement("SELECT " + COLUMNS
                + " FROM network_evidence WHERE peer_node_id = ? AND receipt_id = ?")) {
            ps.setString(1, peer);
            ps.setString(2, receiptId);
            return rows(ps).stream().findFirst();
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    /** The receipts of a request of this node, oldest issued first. */
    static List<ReceiptInbox.Stored> forRequest(Tx c, String requestId) {
        try (PreparedStatement ps = c.connection().prepareStatement("SELECT " + COLUMNS
                + " FROM network_evidence WHERE request_id = ? ORDER BY issued_at, receipt_id")) {
            ps.setString(1, requestId);
            return rows(ps);
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    /** The signed bytes of one receipt of a request, as the peer sent them. */
    static Optional<byte[]> signed(Tx c, String requestId, String receiptId) {
        try (PreparedStatement ps = c.connection().prepareStatement("SELECT signed FROM network_evidence WHERE request_id = ? AND receipt_id = ?")) {
            ps.setString(1, requestId);
            ps.setString(2, receiptId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty();
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    private static List<ReceiptInbox.Stored> rows(PreparedStatement ps) throws SQLException {
        List<ReceiptInbox.Stored> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new ReceiptInbox.Stored(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        SqlTime.instant(rs, 6), SqlTime.instant(rs, 7), rs.getString(8), rs.getString(9)));
            }
        }
        return out;
    }
}
