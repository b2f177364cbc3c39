package eu.eevidence.gw.gateway.order;

import eu.eevidence.gw.gateway.infra.StorageException;
import eu.eevidence.gw.gateway.infra.Tx;
import eu.eevidence.gw.gateway.infra.SqlTime;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The storage of removal orders (tables {@code removal_order}, {@code removal_hash_outcome}, V21): the terms taken from
 * the order at intake and the platform's CONTENT_REMOVED figures (docs/design/removal-orders.md). Counts only: the
 * order's hashes stay inside the sealed order. Every method runs in the caller's transaction.
 */
public final class RemovalStore {

    /** What the order asks: removal within hours, preservation for days, and how many hashes it carries. */
    public record Terms(int removeWithinHours, int preservationDays, int hashCount) {
    }

    /** What one hash of the order found, by its position in the order. */
    public record HashFigures(int hashIndex, int matches, int removed) {
    }

    /** The platform's answer: when, how many items, how many hash matches (null without hashes), per hash. */
    public record Removed(Instant removedAt, int itemsRemoved, Integer hashMatches, List<HashFigures> perHash, String messageId) {
        public Removed {
            perHash = List.copyOf(perHash == null ? List.of() : perHash);
        }
    }

    /** A removal order as stored: its terms and, once the platform answered, its figures. */
    public record Removal(String requestId, Terms terms, Optional<Removed> removed) {
    }

    public void insert(Tx c, String requestId, Terms t) {
        try {
            try (PreparedStatement ps = c.connection().prepareStatement(
                    "INSERT INTO removal_order (request_id, remove_within_hours, preservation_days, hash_count) VALUES (?, ?, ?, ?)")) {
                ps.setString(1, requestId);
                ps.setInt(2, t.removeWithinHours());
                ps.setInt(3, t.preservationDays());
                ps.setInt(4, t.hashCount());
                ps.executeUpdate();
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    /** Records the platform's figures once: false when the request is no removal order or already has them. */
    public boolean recordRemoved(Tx c, String requestId, Removed r) {
        try {
            try (PreparedStatement ps = c.connection().prepareStatement("UPDATE removal_order SET removed_at = ?, items_removed = ?, hash_matches = ?,"
                    + " answer_message_id = ? WHERE request_id = ? AND removed_at IS NULL")) {
                ps.setObject(1, SqlTime.ts(r.removedAt()));
                ps.setInt(2, r.itemsRemoved());
                if (r.hashMatches() == null) {
                    ps.setNull(3, java.sql.Types.INTEGER);
                } else {
                    ps.setInt(3, r.hashMatches());
                }
                ps.setString(4, r.messageId());
                ps.setString(5, requestId);
                if (ps.executeUpdate() == 0) {
                    return false;
                }
            }
            try (PreparedStatement ps = c.connection().prepareStatement(
                    "INSERT INTO removal_hash_outcome (request_id, hash_index, matches, removed) VALUES (?, ?, ?, ?)")) {
                for (HashFigures h : r.perHash()) {
                    ps.setString(1, requestId);
                    ps.setInt(2, h.hashIndex());
                    ps.setInt(3, h.matches());
                    ps.setInt(4, h.removed());
                    ps.addBatch();
                }
                if (!r.perHash().isEmpty()) {
                    ps.executeBatch();
                }
            }
            return true;
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    /** The removal order of a request, read in a transaction of its own (empty for any other request). */
    public Optional<Removal> find(eu.eevidence.gw.gateway.infra.Database db, String requestId) {
        return db.read(c -> find(c, requestId));
    }

    /** The API's view of a removal order: its terms and the platform's figures (counts only, never a hash). */
    public static java.util.Map<String, Object> view(Removal r) {
        java.util.Map<String, Object> v = new java.util.LinkedHashMap<>();
        v.put("removeWithinHours", r.terms().removeWithinHours());
        v.put("preservationDays", r.terms().preservationDays());
        v.put("hashCount", r.terms().hashCount());
        r.removed().ifPresent(d -> {
            v.put("removedAt", d.removedAt());
            v.put("itemsRemoved", d.itemsRemoved());
            if (d.hashMatches() != null) {
                v.put("hashMatches", d.hashMatches());
            }
            v.put("perHash", d.perHash().stream().map(h -> java.util.Map.of("hashIndex", h.hashIndex(), "matches", h.matches(),
                    "removed", h.removed())).toList());
        });
        return v;
    }

    public Optional<Removal> find(Tx c, String requestId) {
        try {
            try (PreparedStatement ps = c.connection().prepareStatement("SELECT remove_within_hours, preservation_days, hash_count, removed_at, items_removed,"
                    + " hash_matches, answer_message_id FROM removal_order WHERE request_id = ?")) {
                ps.setString(1, requestId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    Terms terms = new Terms(rs.getInt(1), rs.getInt(2), rs.getInt(3));
                    Instant removedAt = SqlTime.instant(rs, 4);
                    if (removedAt == null) {
                        return Optional.of(new Removal(requestId, terms, Optional.empty()));
                    }
                    int items = rs.getInt(5);
                    int matches = rs.getInt(6);
                    Integer hashMatches = rs.wasNull() ? null : matches;
                    String messageId = rs.getString(7);
                    return Optional.of(new Removal(requestId, terms, Optional.of(new Removed(removedAt, items, hashMatches, perHash(c, requestId),
                            messageId))));
                }
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    private static List<HashFigures> perHash(Tx c, String requestId) {
        try {
            List<HashFigures> out = new ArrayList<>();
            try (PreparedStatement ps = c.connection().prepareStatement(
                    "SELECT hash_index, matches, removed FROM removal_hash_outcome WHERE request_id = ? ORDER BY hash_index")) {
                ps.setString(1, requestId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new HashFigures(rs.getInt(1), rs.getInt(2), rs.getInt(3)));
                    }
                }
            }
            return out;
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }
}
