package eu.eevidence.gw.gateway.transfer;

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
 * The requesting node's fetch jobs of the evidence transfer (table {@code network_evidence_fetch}, ADR-0017): one row
 * per item of a peer's manifest, with its state, attempts, waits and next attempt time ({@link FetchPolicy}). Every
 * method runs in the caller's transaction (ADR-0026).
 */
final class FetchJobStore {

    private static final String SELECT_JOB = "SELECT request_id, item_id, peer_node_id, message_id, answer_id, sha256, size_bytes, media_type, "
            + "state, attempts, waits, next_attempt_at, last_code, last_detail, last_duration_ms, created_at FROM network_evidence_fetch ";

    /** Inserts {@code j} (attempts and waits 0, updated when created) unless its request already has a job for the item. */
    boolean addIfAbsent(Tx c, EvidenceTransfers.Job j) {
        try {
            try (PreparedStatement q = c.connection().prepareStatement("SELECT 1 FROM network_evidence_fetch WHERE request_id = ? AND item_id = ?")) {
                q.setString(1, j.requestId());
                q.setString(2, j.itemId());
                try (ResultSet rs = q.executeQuery()) {
                    if (rs.next()) {
                        return false;
                    }
                }
            }
            try (PreparedStatement ps = c.connection().prepareStatement(
                    "INSERT INTO network_evidence_fetch (request_id, item_id, peer_node_id, message_id, answer_id, "
                    + "sha256, size_bytes, media_type, state, attempts, waits, next_attempt_at, created_at, updated_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?, ?, ?)")) {
                ps.setString(1, j.requestId());
                ps.setString(2, j.itemId());
                ps.setString(3, j.peerNodeId());
                ps.setString(4, j.messageId());
                ps.setString(5, j.answerId());
                ps.setString(6, j.sha256());
                ps.setLong(7, j.size());
                ps.setString(8, j.mediaType());
                ps.setString(9, j.state().name());
                ps.setObject(10, SqlTime.ts(j.nextAttemptAt()));
                ps.setObject(11, SqlTime.ts(j.createdAt()));
                ps.setObject(12, SqlTime.ts(j.createdAt()));
                ps.executeUpdate();
            }
            return true;
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    /** The pending jobs due at {@code now}, the most overdue first. */
    List<EvidenceTransfers.Job> due(Tx c, Instant now) {
        return list(c, "WHERE state = ? AND next_attempt_at <= ? ORDER BY next_attempt_at", FetchPolicy.State.PENDING.name(), SqlTime.ts(now));
    }

    /** The jobs of a request by item id. */
    List<EvidenceTransfers.Job> ofRequest(Tx c, String requestId) {
        return list(c, "WHERE request_id = ? ORDER BY item_id", requestId);
    }

    Optional<EvidenceTransfers.Job> find(Tx c, String requestId, String itemId) {
        return list(c, "WHERE request_id = ? AND item_id = ?", requestId, itemId).stream().findFirst();
    }

    /** The jobs of a request from {@code peer} not stored yet. */
    int remaining(Tx c, String requestId, String peer) {
        return countWhere(c, "request_id = ? AND peer_node_id = ? AND state <> 'STORED'", requestId, peer);
    }

    /** The jobs of a request from {@code peer}. */
    int count(Tx c, String requestId, String peer) {
        return countWhere(c, "request_id = ? AND peer_node_id = ?", requestId, peer);
    }

    /** The job's state after an attempt of {@code millis} (its code clipped to 64, its detail to 500 characters). */
    void update(Tx c, EvidenceTransfers.Job j, FetchPolicy.Next next, long millis, Instant now) {
        try (PreparedStatement ps = c.connection().prepareStatement(
                "UPDATE network_evidence_fetch SET state = ?, attempts = ?, waits = ?, next_attempt_at = ?, "
                + "last_code = ?, last_detail = ?, last_duration_ms = ?, updated_at = ? WHERE request_id = ? AND item_id = ?")) {
            ps.setString(1, next.state().name());
            ps.setInt(2, next.attempts());
            ps.setInt(3, next.waits());
            ps.setObject(4, SqlTime.ts(next.nextAttemptAt()));
            ps.setString(5, next.code() == null ? null : clip(next.code(), 64));
            ps.setString(6, next.detail() == null ? null : clip(next.detail(), 500));
            ps.setLong(7, millis);
            ps.setObject(8, SqlTime.ts(now));
            ps.setString(9, j.requestId());
            ps.setString(10, j.itemId());
            ps.executeUpdate();
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    private static int countWhere(Tx c, String where, String requestId, String peer) {
        try (PreparedStatement ps = c.connection().prepareStatement("SELECT COUNT(*) FROM network_evidence_fetch WHERE " + where)) {
            ps.setString(1, requestId);
            ps.setString(2, peer);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    private static List<EvidenceTransfers.Job> list(Tx c, String where, Object... args) {
        try (PreparedStatement ps = c.connection().prepareStatement(SELECT_JOB + where)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                List<EvidenceTransfers.Job> out = new ArrayList<>();
                while (rs.next()) {
                    long d = rs.getLong(15);
                    Long duration = rs.wasNull() ? null : d;
                    out.add(new EvidenceTransfers.Job(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getLong(7), rs.getString(8), FetchPolicy.State.valueOf(rs.getString(9)), rs.getInt(10), rs.getInt(11),
                            SqlTime.instant(rs, 12), rs.getString(13), rs.getString(14), duration, SqlTime.instant(rs, 16)));
                }
                return out;
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    static String clip(String s, int max) {
        return s.length() > max ? s.substring(0, max) : s;
    }
}
