package eu.eevidence.gw.gateway.order;

import eu.eevidence.gw.gateway.infra.StorageException;
import eu.eevidence.gw.gateway.infra.Tx;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The summary columns of a request that other features keep up to date (ADR-0026, table ownership in
 * docs/design/structure.md): the preservation period a platform confirmed (answer) and the next running deadline
 * (deadline). The {@code request} table belongs to this feature; the others write these columns only through here, in
 * their own transaction.
 */
public final class RequestSummaryStore {

    private RequestSummaryStore() {
    }

    /** Records the preservation period the addressee confirmed. */
    public static void setPreservation(Tx c, String requestId, Instant from, Instant until) {
        try (PreparedStatement ps = c.connection().prepareStatement(
                "UPDATE request SET preservation_start = ?, preservation_end = ? WHERE id = ?")) {
            ps.setObject(1, utc(from));
            ps.setObject(2, utc(until));
            ps.setString(3, requestId);
            ps.executeUpdate();
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    /** Sets the request's next deadline (null for none), which tracking sorts and filters on. */
    public static void setNextDeadline(Tx c, String requestId, Instant at, String kind) {
        try (PreparedStatement ps = c.connection().prepareStatement(
                "UPDATE request SET next_deadline_at = ?, next_deadline_kind = ?, version = version + 1 WHERE id = ?")) {
            ps.setObject(1, at == null ? null : utc(at));
            ps.setString(2, kind);
            ps.setString(3, requestId);
            ps.executeUpdate();
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    private static OffsetDateTime utc(Instant t) {
        return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }
}
