package eu.eevidence.gw.gateway.network;

import eu.eevidence.gw.gateway.infra.SqlTime;
import eu.eevidence.gw.gateway.infra.StorageException;
import eu.eevidence.gw.gateway.infra.Tx;
import eu.eevidence.gw.schema.Envelope;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * The network inbox's SQL ({@code network_inbox}, ADR-0026): the messages of peers this node accepted, one row per
 * (peer, message id) with the signed receipt it answered. Stateless: the {@link NetworkInbox} and the
 * {@link ReceiptIssuer} call it inside their unit of work.
 */
final class InboxStore {

    /** An accepted message of a peer. */
    record Stored(String sha256, byte[] receipt, String handledAs) {
    }

    /** The signed receipt this node answered: its id, its bytes and their SHA-256. */
    record Receipt(String receiptId, byte[] signed, String sha256) {
    }

    private InboxStore() {
    }

    /** The SHA-256 of the protected bytes of a message of {@code peer} as this node received them (its inbox row). */
    static Optional<String> receivedSha256(Tx c, String peer, String messageId) {
        return stored(c, peer, messageId).map(Stored::sha256);
    }

    static Optional<Stored> stored(Tx c, String peer, String messageId) {
        try (PreparedStatement ps = c.connection().prepareStatement(
                "SELECT sha256, receipt, handled_as FROM network_inbox WHERE peer_node_id = ? AND message_id = ?")) {
            ps.setString(1, peer);
            ps.setString(2, messageId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Stored(rs.getString(1), rs.getBytes(2), rs.getString(3))) : Optional.empty();
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    static void insert(Tx c, String peer, Envelope e, String sha, Receipt receipt, Instant at, String handled) {
        try (PreparedStatement ps = c.connection().prepareStatement(
                "INSERT INTO network_inbox (peer_node_id, message_id, message_type, correlation_id, sha256, "
                + "receipt_id, receipt, receipt_sha256, received_at, handled_as) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, peer);
            ps.setString(2, e.messageId());
            ps.setString(3, e.messageType().name());
            ps.setString(4, e.correlationId());
            ps.setString(5, sha);
            ps.setString(6, receipt.receiptId());
            ps.setBytes(7, receipt.signed());
            ps.setString(8, receipt.sha256());
            ps.setObject(9, SqlTime.ts(at));
            ps.setString(10, handled);
            ps.executeUpdate();
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    static void setHandled(Tx c, String peer, String messageId, String how) {
        try (PreparedStatement ps = c.connection().prepareStatement("UPDATE network_inbox SET handled_as = ? WHERE peer_node_id = ? AND message_id = ?")) {
            ps.setString(1, how.length() > 200 ? how.substring(0, 200) : how);
            ps.setString(2, peer);
            ps.setString(3, messageId);
            ps.executeUpdate();
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    static int acceptedFrom(Tx c, String peer) {
        try (PreparedStatement ps = c.connection().prepareStatement("SELECT COUNT(*) FROM network_inbox WHERE peer_node_id = ?")) {
            ps.setString(1, peer);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }
}
