package eu.eevidence.gw.gateway.order;

import eu.eevidence.gw.gateway.infra.Database;
import eu.eevidence.gw.gateway.infra.SqlTime;
import eu.eevidence.gw.gateway.infra.StorageException;
import eu.eevidence.gw.gateway.infra.Tx;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The storage of hash lists for resurfacing prevention (tables {@code hash_list}, {@code hash_list_outcome}, V24;
 * ADR-0038): what was sent (how many hashes of each algorithm, how many the node computed from evidence, the match
 * distance) and the platform's latest HASH_LIST_APPLIED figures. Counts only: the hash values stay inside the sealed
 * notice. Every method runs in the caller's transaction unless it takes the {@link Database}.
 */
public final class HashListStore {

    /** What a list carries, by count. */
    public record Sent(String noticeId, String requestId, int pdqCount, int sha256Count, int fromEvidence, int matchDistance, Instant sentAt) {
        public int hashCount() {
            return pdqCount + sha256Count;
        }
    }

    /** What one hash of the list found, by its position in the list. */
    public record HashFigures(int hashIndex, int matched, int removed, int reuploadsBlocked) {
    }

    /** The platform's figures. */
    public record Applied(Instant appliedAt, int matched, int removed, int reuploadsBlocked, List<HashFigures> perHash, String messageId) {
        public Applied {
            perHash = List.copyOf(perHash == null ? List.of() : perHash);
        }
    }

    /** A list as stored, with the platform's figures once it answered. */
    public record HashList(Sent sent, Optional<Applied> applied) {
    }

    public void insert(Tx c, Sent s) {
        try (PreparedStatement ps = c.connection().prepareStatement("INSERT INTO hash_list (notice_id, request_id, hash_count, pdq_count,"
                + " sha256_count, from_evidence, match_distance, sent_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, s.noticeId());
            ps.setString(2, s.requestId());
            ps.setInt(3, s.hashCount());
            ps.setInt(4, s.pdqCount());
            ps.setInt(5, s.sha256Count());
            ps.setInt(6, s.fromEvidence());
            ps.setInt(7, s.matchDistance());
            ps.setObject(8, SqlTime.ts(s.sentAt()));
            ps.executeUpdate();
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    /**
     * Records the platform's figures for list {@code noticeId} (a later answer replaces earlier figures); false when the
     * list is unknown or the request's, or a figure names a hash beyond the list.
     */
    public boolean recordApplied(Tx c, String requestId, String noticeId, Applied a) {
        Optional<HashList> list = find(c, requestId, noticeId);
        if (list.isEmpty() || a.perHash().stream().anyMatch(h -> h.hashIndex() >= list.get().sent().hashCount())) {
            return false;
        }
        try {
            update(c, "UPDATE hash_list SET applied_at = ?, matched = ?, removed = ?, reuploads_blocked = ?, answer_message_id = ?"
                    + " WHERE notice_id = ?", SqlTime.ts(a.appliedAt()), a.matched(), a.removed(), a.reuploadsBlocked(), a.messageId(), noticeId);
            update(c, "DELETE FROM hash_list_outcome WHERE notice_id = ?", noticeId);
            try (PreparedStatement ps = c.connection().prepareStatement(
                    "INSERT INTO hash_list_outcome (notice_id, hash_index, matched, removed, reuploads_blocked) VALUES (?, ?, ?, ?, ?)")) {
                for (HashFigures h : a.perHash()) {
                    ps.setString(1, noticeId);
                    ps.setInt(2, h.hashIndex());
                    ps.setInt(3, h.matched());
                    ps.setInt(4, h.removed());
                    ps.setInt(5, h.reuploadsBlocked());
                    ps.addBatch();
                }
                if (!a.perHash().isEmpty()) {
                    ps.executeBatch();
                }
            }
            return true;
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    /** The lists of a request, oldest first, in a transaction of their own. */
    public List<HashList> forRequest(Database db, String requestId) {
        return db.read(c -> forRequest(c, requestId));
    }

    public List<HashList> forRequest(Tx c, String requestId) {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement ps = c.connection().prepareStatement(
                "SELECT notice_id FROM hash_list WHERE request_id = ? ORDER BY sent_at, notice_id")) {
            ps.setString(1, requestId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
        List<HashList> out = new ArrayList<>();
        for (String id : ids) {
            find(c, requestId, id).ifPresent(out::add);
        }
        return out;
    }

    /** The request a list (by its id, the notice id) belongs to. */
    public Optional<String> requestOf(Tx c, String noticeId) {
        try (PreparedStatement ps = c.connection().prepareStatement("SELECT request_id FROM hash_list WHERE notice_id = ?")) {
            ps.setString(1, noticeId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    /** The newest list of a request (the one an answer without a list id is about). */
    public Optional<String> latest(Tx c, String requestId) {
        List<HashList> all = forRequest(c, requestId);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1).sent().noticeId());
    }

    public Optional<HashList> find(Tx c, String requestId, String noticeId) {
        try (PreparedStatement ps = c.connection().prepareStatement("SELECT pdq_count, sha256_count, from_evidence, match_distance, sent_at,"
                + " applied_at, matched, removed, reuploads_blocked, answer_message_id FROM hash_list WHERE notice_id = ? AND request_id = ?")) {
            ps.setString(1, noticeId);
            ps.setString(2, requestId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Sent s = new Sent(noticeId, requestId, rs.getInt(1), rs.getInt(2), rs.getInt(3), rs.getInt(4), SqlTime.instant(rs, 5));
                Instant appliedAt = SqlTime.instant(rs, 6);
                if (appliedAt == null) {
                    return Optional.of(new HashList(s, Optional.empty()));
                }
                Applied a = new Applied(appliedAt, rs.getInt(7), rs.getInt(8), rs.getInt(9), perHash(c, noticeId), rs.getString(10));
                return Optional.of(new HashList(s, Optional.of(a)));
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    private static List<HashFigures> perHash(Tx c, String noticeId) throws SQLException {
        List<HashFigures> out = new ArrayList<>();
        try (PreparedStatement ps = c.connection().prepareStatement("SELECT hash_index, matched, removed, reuploads_blocked FROM hash_list_outcome"
                + " WHERE notice_id = ? ORDER BY hash_index")) {
            ps.setString(1, noticeId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new HashFigures(rs.getInt(1), rs.getInt(2), rs.getInt(3), rs.getInt(4)));
                }
            }
        }
        return out;
    }

    /** The API's view of a list: counts and the platform's figures, never a hash value. */
    public static Map<String, Object> view(HashList l) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("listId", l.sent().noticeId());
        v.put("hashCount", l.sent().hashCount());
        v.put("pdqCount", l.sent().pdqCount());
        v.put("sha256Count", l.sent().sha256Count());
        v.put("computedFromEvidence", l.sent().fromEvidence());
        v.put("matchDistance", l.sent().matchDistance());
        v.put("sentAt", l.sent().sentAt());
        l.applied().ifPresent(a -> {
            v.put("appliedAt", a.appliedAt());
            v.put("matched", a.matched());
            v.put("removed", a.removed());
            v.put("reuploadsBlocked", a.reuploadsBlocked());
            v.put("perHash", a.perHash().stream().map(h -> Map.of("hashIndex", h.hashIndex(), "matched", h.matched(), "removed", h.removed(),
                    "reuploadsBlocked", h.reuploadsBlocked())).toList());
        });
        return v;
    }

    private static void update(Tx c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.connection().prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        }
    }
}
