package eu.eevidence.gw.gateway.order;

import eu.eevidence.gw.gateway.infra.StorageException;
import eu.eevidence.gw.gateway.infra.Tx;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Reads of a request's stored facts that other features need inside their own transaction (ADR-0026, table ownership
 * in docs/design/structure.md): the {@code request} and {@code removal_order} tables belong to this feature, so the
 * network outbox and the deadline engine ask here instead of naming them in their SQL.
 */
public final class RequestFactQueries {

    private RequestFactQueries() {
    }

    /** What intake stored that the deadline rules need: flags, requested preservation days, removal hours. */
    public record IntakeTerms(String flags, Integer preservationDays, Integer removeWithinHours) {
    }

    /** The message id of request {@code requestId}, if the request exists. */
    public static Optional<String> messageId(Tx c, String requestId) {
        try (PreparedStatement ps = c.connection().prepareStatement("SELECT message_id FROM request WHERE id = ?")) {
            ps.setString(1, requestId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    /** The intake terms of request {@code requestId}, if the request exists. */
    public static Optional<IntakeTerms> intakeTerms(Tx c, String requestId) {
        try (PreparedStatement ps = c.connection().prepareStatement("SELECT r.flags, r.preservation_days, m.remove_within_hours FROM request r"
                + " LEFT JOIN removal_order m ON m.request_id = r.id WHERE r.id = ?")) {
            ps.setString(1, requestId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String flags = rs.getString(1);
                int days = rs.getInt(2);
                Integer requested = rs.wasNull() ? null : days;
                int hours = rs.getInt(3);
                Integer requestedHours = rs.wasNull() ? null : hours;
                return Optional.of(new IntakeTerms(flags, requested, requestedHours));
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }
}
