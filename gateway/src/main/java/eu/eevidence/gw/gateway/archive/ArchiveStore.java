package eu.eevidence.gw.gateway.archive;

import eu.eevidence.gw.gateway.infra.StorageException;
import eu.eevidence.gw.gateway.infra.Tx;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;

import static eu.eevidence.gw.gateway.infra.SqlTime.ts;

/** {@code request_archive} (V26): the archive marker of an ended request (ADR-0039). */
public final class ArchiveStore {

    private ArchiveStore() {
    }

    /** The marker of an archived request: when, and the archive's own retention in days from then. */
    public record Marker(String requestId, String archivedBy, Instant archivedAt, String reason, int retentionDays) {
    }

    /** Records the marker (once; the caller checked that none exists). */
    public static void insert(Tx c, Marker m) {
        try (PreparedStatement ps = c.connection().prepareStatement("INSERT INTO request_archive "
                + "(request_id, archived_by, archived_at, reason, retention_days) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, m.requestId());
            ps.setString(2, m.archivedBy());
            ps.setObject(3, ts(m.archivedAt()));
            ps.setString(4, m.reason());
            ps.setInt(5, m.retentionDays());
            ps.executeUpdate();
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    /** The marker of {@code requestId}, if archived. */
    public static Optional<Marker> find(Tx c, String requestId) {
        try (PreparedStatement ps = c.connection().prepareStatement("SELECT archived_by, archived_at, reason, retention_days "
                + "FROM request_archive WHERE request_id = ?")) {
            ps.setString(1, requestId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Instant at = rs.getObject(2, OffsetDateTime.class).toInstant();
                return Optional.of(new Marker(requestId, rs.getString(1), at, rs.getString(3), rs.getInt(4)));
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }
}
