package eu.eevidence.gw.gateway.order;

import eu.eevidence.gw.gateway.infra.Database;
import eu.eevidence.gw.gateway.infra.StorageException;
import eu.eevidence.gw.gateway.infra.Tx;

import static eu.eevidence.gw.gateway.infra.SqlTime.instant;
import static eu.eevidence.gw.gateway.infra.SqlTime.ts;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * JDBC access to the follow-up notices of requests ({@code outbound_notice}, ADR-0032): sealed under the request's data
 * key, one row per notice, state PENDING, SENT or FAILED. Reached through {@link RequestRepository}.
 */
final class NoticeStore {

    private final Database db;

    NoticeStore(Database db) {
        this.db = db;
    }

    /** Stores a sealed notice for the request's addressee (state PENDING); false if one of this kind exists. */
    boolean insert(Tx c, Notice n) {
        try {
            try (PreparedStatement ps = c.connection().prepareStatement("SELECT 1 FROM outbound_notice WHERE id = ?")) {
                ps.setString(1, n.id());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return false;
                    }
                }
            }
            try (PreparedStatement ps = c.connection().prepareStatement("INSERT INTO outbound_notice (id, request_id, kind, payload, payload_sha256, state, "
                    + "attempts, created_at, deadline_rule, due_at) VALUES (?, ?, ?, ?, ?, 'PENDING', 0, ?, ?, ?)")) {
                ps.setString(1, n.id());
                ps.setString(2, n.requestId());
                ps.setString(3, n.kind());
                ps.setBytes(4, db.dataKeys().seal(c, n.requestId(), "outbound_notice.payload:" + n.id(), n.payload(), n.createdAt()));
                ps.setString(5, n.payloadSha256());
                ps.setObject(6, ts(n.createdAt()));
                ps.setString(7, n.deadlineRule());
                ps.setObject(8, n.dueAt() == null ? null : ts(n.dueAt()));
                ps.executeUpdate();
            }
            return true;
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    Optional<Notice> find(Tx c, String id) {
        try {
            try (PreparedStatement ps = c.connection().prepareStatement(
                    "SELECT id, request_id, kind, payload, payload_sha256, state, attempts, created_at, sent_at, "
                    + "receipt_id, deadline_rule, due_at, last_error FROM outbound_notice WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    byte[] payload = db.dataKeys().open(c, rs.getString(2), "outbound_notice.payload:" + rs.getString(1), rs.getBytes(4)).orElse(new byte[0]);
                    return Optional.of(new Notice(rs.getString(1), rs.getString(2), rs.getString(3), payload, rs.getString(5), rs.getString(6),
                            rs.getInt(7), instant(rs, 8), instant(rs, 9), rs.getString(10), rs.getString(11), instant(rs, 12), rs.getString(13)));
                }
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    /**
     * A follow-up notice sent to the peer node {@code peer} (ADR-0032: its id is the catalogue message id): its request id,
     * the request's platform id and the notice's payload digest; empty when there is none.
     */
    Optional<List<String>> sentTo(Tx c, String noticeId, String peer) {
        try {
            try (PreparedStatement ps = c.connection().prepareStatement("SELECT r.id, r.platform_id, n.payload_sha256 FROM outbound_notice n JOIN request r "
                    + "ON r.id = n.request_id WHERE n.id = ? AND r.platform_id = ?")) {
                ps.setString(1, noticeId);
                ps.setString(2, peer);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(List.of(rs.getString(1), rs.getString(2), rs.getString(3))) : Optional.empty();
                }
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    /** How many notices of {@code kind} the request has (under the request's row lock: the next one's number minus one). */
    int count(Tx c, String requestId, String kind) {
        try {
            try (PreparedStatement ps = c.connection().prepareStatement("SELECT COUNT(*) FROM outbound_notice WHERE request_id = ? AND kind = ?")) {
                ps.setString(1, requestId);
                ps.setString(2, kind);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }


    /** The ids of the requests of {@code ownerFingerprint} (all when null) with a follow-up that will not be delivered. */
    List<String> requestsWithUndelivered(String ownerFingerprint) {
        return db.read(c -> {
            String sql = "SELECT DISTINCT n.request_id FROM outbound_notice n JOIN request r ON r.id = n.request_id WHERE n.state = 'FAILED'"
                    + (ownerFingerprint == null ? "" : " AND r.owner_fingerprint = ?") + " ORDER BY n.request_id";
            try (PreparedStatement ps = c.connection().prepareStatement(sql)) {
                if (ownerFingerprint != null) {
                    ps.setString(1, ownerFingerprint);
                }
                List<String> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
                return out;
            }
        });
    }

    /** The notices of a request, oldest first. */
    List<Notice> ofRequest(String requestId) {
        return noticesWhere("request_id = ? ORDER BY created_at, id", requestId);
    }

    /** Records the outcome of a notice attempt: state SENT (with receipt), PENDING (retry) or FAILED. */
    void update(Tx c, String id, String state, String receiptId, String error, Instant at) {
        try {
            try (PreparedStatement ps = c.connection().prepareStatement(
                    "UPDATE outbound_notice SET state = ?, attempts = attempts + 1, receipt_id = COALESCE(?, receipt_id), "
                    + "last_error = ?, sent_at = CASE WHEN ? = 'SENT' THEN ? ELSE sent_at END WHERE id = ?")) {
                ps.setString(1, state);
                ps.setString(2, receiptId);
                ps.setString(3, error);
                ps.setString(4, state);
                ps.setObject(5, ts(at));
                ps.setString(6, id);
                ps.executeUpdate();
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    /** Notices still waiting for delivery (re-queued by the start-up sweep). */
    List<Notice> pending() {
        return noticesWhere("state = ? ORDER BY created_at, id", "PENDING");
    }

    private List<Notice> noticesWhere(String where, String arg) {
        return db.read(c -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement ps = c.connection().prepareStatement("SELECT id FROM outbound_notice WHERE " + where)) {
                ps.setString(1, arg);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            }
            List<Notice> out = new ArrayList<>();
            for (String id : ids) {
                out.add(find(c, id).orElseThrow());
            }
            return out;
        });
    }
}
