package eu.eevidence.gw.gateway.network;

import eu.eevidence.gw.gateway.infra.DataKeys;
import eu.eevidence.gw.gateway.infra.SqlTime;
import eu.eevidence.gw.gateway.infra.StorageException;
import eu.eevidence.gw.gateway.infra.Tx;
import eu.eevidence.gw.gateway.order.RequestDataPurge;
import eu.eevidence.gw.gateway.order.RequestFactQueries;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The network outbox's SQL ({@code network_outbox}, ADR-0026): the rows {@link NetworkOutbox} stores, seals, queues and
 * settles, and the erasure of a purged request's follow-ups sent to peers ({@link RequestDataPurge}, ADR-0020). A
 * message row's envelope is sealed under the row's own data key.
 */
public final class OutboxStore implements RequestDataPurge {

    private static final String COLUMNS = "id, peer_node_id, message_id, message_type, correlation_id, envelope, sealed, "
            + "sealed_sha256, state, queued, attempts, receipt_id, receipt, last_error, kind";
    private static final byte[] ERASED = new byte[0];

    private final DataKeys keys;

    public OutboxStore(DataKeys keys) {
        this.keys = keys;
    }

    /** A new PENDING message row {@code id}: the envelope sealed under the row's own data key. */
    void insertMessage(Tx c, String id, String peerNodeId, String messageId, String messageType, String correlationId, byte[] envelope,
                       Instant now) {
        try (PreparedStatement ps = c.connection().prepareStatement(
                "INSERT INTO network_outbox (id, peer_node_id, message_id, message_type, correlation_id, "
                + "envelope, state, queued, attempts, created_at) VALUES (?, ?, ?, ?, ?, ?, 'PENDING', FALSE, 0, ?)")) {
            ps.setString(1, id);
            ps.setString(2, peerNodeId);
            ps.setString(3, messageId);
            ps.setString(4, messageType);
            ps.setString(5, correlationId);
            // the envelope (an answer about a case: personal data) under this outbox message's own data key (ADR-0020)
            ps.setBytes(6, keys.seal(c, id, "network_outbox.envelope", envelope, now));
            ps.setObject(7, SqlTime.ts(now));
            ps.executeUpdate();
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    /** A new PENDING receipt row {@code id} (kind RECEIPT in the code, {@code EVIDENCE} in the table), already signed. */
    void insertReceipt(Tx c, String id, String peerNodeId, NetworkReceipt receipt, byte[] signed, String signedSha256, Instant now) {
        try (PreparedStatement ps = c.connection().prepareStatement(
                "INSERT INTO network_outbox (id, peer_node_id, message_id, message_type, correlation_id, envelope, sealed, sealed_sha256, "
                + "state, queued, attempts, created_at, kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', FALSE, 0, ?, ?)")) {
            ps.setString(1, id);
            ps.setString(2, peerNodeId);
            ps.setString(3, receipt.receiptId());
            ps.setString(4, receipt.evidence().name());
            ps.setString(5, receipt.messageId());
            ps.setBytes(6, receipt.toJson());
            ps.setBytes(7, signed);
            ps.setString(8, signedSha256);
            ps.setObject(9, SqlTime.ts(now));
            ps.setString(10, NetworkOutbox.KIND_RECEIPT);
            ps.executeUpdate();
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    /** A PENDING entry sealed for its peer and marked queued. */
    void markQueued(Tx c, String id, byte[] sealed, String sealedSha256) {
        try (PreparedStatement ps = c.connection().prepareStatement("UPDATE network_outbox SET sealed = ?, sealed_sha256 = ?, queued = TRUE "
                + "WHERE id = ? AND state = 'PENDING'")) {
            ps.setBytes(1, sealed);
            ps.setString(2, sealedSha256);
            ps.setString(3, id);
            ps.executeUpdate();
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    /** The queue did not take the entry: the sweeper queues it again. */
    void markNotQueued(Tx c, String id) {
        update(c, "UPDATE network_outbox SET queued = FALSE WHERE id = ?", id);
    }

    /** One more attempt that failed for now ({@code error}: code and reason, clipped to 300 characters). */
    void recordAttempt(Tx c, String id, String error) {
        update(c, "UPDATE network_outbox SET attempts = attempts + 1, last_error = ? WHERE id = ?", clip(error), id);
    }

    /** A PENDING entry given up for good ({@code error}: code and reason, clipped to 300 characters). */
    void markFailed(Tx c, String id, String error) {
        update(c, "UPDATE network_outbox SET state = 'FAILED', last_error = ? WHERE id = ? AND state = 'PENDING'", clip(error), id);
    }

    /** A PENDING entry sent with the peer's receipt; false when it was no longer PENDING. */
    boolean markSent(Tx c, String id, Instant at, String receiptId, byte[] receipt, String receiptSha256) {
        try (PreparedStatement ps = c.connection().prepareStatement("UPDATE network_outbox SET state = 'SENT', attempts = attempts + 1, sent_at = ?, "
                + "receipt_id = ?, receipt = ?, receipt_sha256 = ?, last_error = NULL WHERE id = ? AND state = 'PENDING'")) {
            ps.setObject(1, SqlTime.ts(at));
            ps.setString(2, receiptId);
            ps.setBytes(3, receipt);
            ps.setString(4, receiptSha256);
            ps.setString(5, id);
            return ps.executeUpdate() != 0;
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    /** The PENDING entries, queued or not yet queued, oldest first. */
    List<NetworkOutbox.Entry> pending(Tx c, boolean queued) {
        return list(c, "state = 'PENDING' AND queued = " + (queued ? "TRUE" : "FALSE"));
    }

    Optional<NetworkOutbox.Entry> find(Tx c, String id) {
        return list(c, "id = ?", id).stream().findFirst();
    }

    Optional<NetworkOutbox.Entry> findByMessageId(Tx c, String messageId) {
        return list(c, "message_id = ?", messageId).stream().findFirst();
    }

    private List<NetworkOutbox.Entry> list(Tx c, String where, String... args) {
        try (PreparedStatement ps = c.connection().prepareStatement("SELECT " + COLUMNS + " FROM network_outbox WHERE " + where + " ORDER BY created_at")) {
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                List<NetworkOutbox.Entry> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(entry(c, rs));
                }
                return out;
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    private NetworkOutbox.Entry entry(Tx c, ResultSet rs) throws SQLException {
        byte[] envelope = rs.getBytes(6);
        if (NetworkOutbox.KIND_MESSAGE.equals(rs.getString(15)) && envelope != null && envelope.length > 0 && envelope[0] == DataKeys.VERSION) {
            envelope = keys.open(c, rs.getString(1), "network_outbox.envelope", envelope).orElse(new byte[0]);
        }
        return new NetworkOutbox.Entry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), envelope,
                rs.getBytes(7), rs.getString(8), rs.getString(9), rs.getBoolean(10), rs.getInt(11), rs.getString(12), rs.getBytes(13),
                rs.getString(14), rs.getString(15));
    }

    /**
     * ADR-0020: the follow-ups about request {@code requestId} sent to a peer node through the outbox lose their data key
     * and their envelope (each message row has its own key).
     */
    @Override
    public Runnable purge(Tx c, DataKeys dataKeys, String requestId, Instant now) {
        Optional<String> messageId = RequestFactQueries.messageId(c, requestId);
        if (messageId.isEmpty()) {
            return NOTHING;
        }
        for (String outbox : strings(c, "SELECT id FROM network_outbox WHERE correlation_id = ? AND kind = 'MESSAGE'", messageId.get())) {
            dataKeys.destroy(c, outbox);
            update(c, "UPDATE network_outbox SET envelope = ? WHERE id = ?", ERASED, outbox);
        }
        return NOTHING;
    }

    /** ADR-0020: a message row (an answer of an inbound case sent to the requesting node) loses its data key and its envelope. */
    public void eraseMessage(Tx c, DataKeys dataKeys, String outboxId) {
        dataKeys.destroy(c, outboxId);
        update(c, "UPDATE network_outbox SET envelope = ? WHERE id = ? AND kind = 'MESSAGE'", ERASED, outboxId);
    }

    private static List<String> strings(Tx c, String sql, String arg) {
        try (PreparedStatement ps = c.connection().prepareStatement(sql)) {
            ps.setString(1, arg);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    private static void update(Tx c, String sql, Object... args) {
        try (PreparedStatement ps = c.connection().prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    private static String clip(String s) {
        return s.length() > 300 ? s.substring(0, 300) : s;
    }
}
