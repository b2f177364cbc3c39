package eu.eevidence.gw.gateway.statistics;

import eu.eevidence.gw.gateway.infra.Database;
import eu.eevidence.gw.gateway.infra.StorageException;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static eu.eevidence.gw.gateway.infra.SqlTime.ts;

/** The requests counted by the statistics and the frozen releases ({@code statistics_release}, V23). */
public final class StatisticsStore {

    private final Database db;

    public StatisticsStore(Database db) {
        this.db = db;
    }

    /** What the statistics count of one request (never its content). */
    public record Counted(String id, String messageType, String platformId, String state, boolean breached) {
    }

    /** The requests received in {@code [from, to)}. */
    public List<Counted> received(Instant from, Instant to) {
        return db.read(c -> {
            List<Counted> out = new ArrayList<>();
            try (PreparedStatement ps = c.connection().prepareStatement("SELECT r.id, r.message_type, r.platform_id, r.state, "
                    + "(SELECT COUNT(*) FROM deadline d WHERE d.request_id = r.id AND d.state = 'BREACHED') FROM request r "
                    + "WHERE r.received_at >= ? AND r.received_at < ? ORDER BY r.id")) {
                ps.setObject(1, ts(from));
                ps.setObject(2, ts(to));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Counted(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5) > 0));
                    }
                }
            } catch (SQLException failed) {
                throw new StorageException(failed);
            }
            return out;
        });
    }

    /** The frozen release of {@code period}, if computed. */
    public Optional<byte[]> release(String period) {
        return db.read(c -> {
            try (PreparedStatement ps = c.connection().prepareStatement("SELECT body FROM statistics_release WHERE period = ?")) {
                ps.setString(1, period);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.<byte[]>empty();
                }
            } catch (SQLException failed) {
                throw new StorageException(failed);
            }
        });
    }

    /** Freezes a release; false when another one was stored first (the caller then reads that one). */
    public boolean freeze(String period, int minCell, byte[] body, Instant now) {
        return db.inTx(c -> {
            try (PreparedStatement q = c.connection().prepareStatement("SELECT 1 FROM statistics_release WHERE period = ?")) {
                q.setString(1, period);
                try (ResultSet rs = q.executeQuery()) {
                    if (rs.next()) {
                        return false;
                    }
                }
                try (PreparedStatement ps = c.connection().prepareStatement(
                        "INSERT INTO statistics_release (period, min_cell, computed_at, body) VALUES (?, ?, ?, ?)")) {
                    ps.setString(1, period);
                    ps.setInt(2, minCell);
                    ps.setObject(3, ts(now));
                    ps.setBytes(4, body);
                    ps.executeUpdate();
                }
                return true;
            } catch (SQLException failed) {
                throw new StorageException(failed);
            }
        });
    }
}
