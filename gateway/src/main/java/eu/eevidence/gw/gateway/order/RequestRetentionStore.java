package eu.eevidence.gw.gateway.order;

import eu.eevidence.gw.gateway.infra.DataKeys;
import eu.eevidence.gw.gateway.infra.StorageException;
import eu.eevidence.gw.gateway.infra.Tx;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The SQL of a request's retention (ADR-0020, ADR-0026): the requests due for purging, the legal hold, whether a
 * request was purged, and the request's own part of a purge (its content columns, its notices' payloads and its
 * timeline's free text: {@link RequestDataPurge}). {@code privacy.RetentionService} decides; this store reads and writes.
 */
public final class RequestRetentionStore implements RequestDataPurge {

    private static final byte[] ERASED = new byte[0];

    /** A closed request not purged and without a legal hold: its id, message type and last change. */
    public record Closed(String id, String messageType, Instant updatedAt) {
    }

    /** A request's legal hold (null: none) and purge time as text (null: not purged). */
    public record Hold(String legalHold, String purgedAt) {
    }

    /** At most 1000 requests in one of {@code terminal} states, not purged, without a legal hold, unchanged since {@code before}, oldest first. */
    public List<Closed> closedBefore(Tx c, Collection<RequestState> terminal, Instant before) {
        String states = terminal.stream().map(s -> "'" + s.name() + "'").collect(Collectors.joining(", "));
        try (PreparedStatement ps = c.connection().prepareStatement(
                "SELECT id, message_type, updated_at FROM request WHERE purged_at IS NULL AND legal_hold IS NULL "
                + "AND state IN (" + states + ") AND updated_at < ? ORDER BY updated_at LIMIT 1000")) {
            ps.setObject(1, OffsetDateTime.ofInstant(before, ZoneOffset.UTC));
            List<Closed> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Closed(rs.getString(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class).toInstant()));
                }
            }
            return out;
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    /** The legal hold and purge time of request {@code id} (both null when there is no such request). */
    public Hold hold(Tx c, String id) {
        try (PreparedStatement ps = c.connection().prepareStatement("SELECT legal_hold, purged_at FROM request WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return new Hold(null, null);
                }
                Object purged = rs.getObject(2);
                return new Hold(rs.getString(1), purged == null ? null : purged.toString());
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    /** Places ({@code reason} non-null) or lifts a legal hold; false when the request is unknown or purged. */
    public boolean setLegalHold(Tx c, String id, String reason) {
        try (PreparedStatement ps = c.connection().prepareStatement(
                "UPDATE request SET legal_hold = ?, version = version + 1 WHERE id = ? AND purged_at IS NULL")) {
            ps.setString(1, reason);
            ps.setString(2, id);
            return ps.executeUpdate() == 1;
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    /**
     * ADR-0020: the request's content (canonical JSON, sealed CMS, receipt body, failure reason) erased and the request
     * marked purged; its notices' payloads erased; its timeline keeps its events without their free text.
     */
    @Override
    public Runnable purge(Tx c, DataKeys keys, String requestId, Instant now) {
        update(c, "UPDATE request SET canonical_json = ?, sealed_cms = ?, receipt_body = NULL, failure_reason = NULL, purged_at = ?, "
                + "version = version + 1 WHERE id = ?", ERASED, ERASED, OffsetDateTime.ofInstant(now, ZoneOffset.UTC), requestId);
        update(c, "UPDATE outbound_notice SET payload = ?, last_error = NULL WHERE request_id = ?", ERASED, requestId);
        update(c, "UPDATE request_event SET detail = NULL WHERE request_id = ?", requestId);
        return NOTHING;
    }

    static void update(Tx c, String sql, Object... args) {
        try (PreparedStatement ps = c.connection().prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }
}
