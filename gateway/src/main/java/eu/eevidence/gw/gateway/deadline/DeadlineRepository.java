package eu.eevidence.gw.gateway.deadline;

import eu.eevidence.gw.gateway.infra.StorageException;
import eu.eevidence.gw.gateway.infra.Tx;
import eu.eevidence.gw.gateway.order.RequestFactQueries;
import static eu.eevidence.gw.gateway.infra.SqlTime.instant;
import static eu.eevidence.gw.gateway.infra.SqlTime.ts;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** JDBC access to deadlines and their alarms. Portable SQL (H2 in PostgreSQL mode, PostgreSQL). */
final class DeadlineRepository {

    static final String DUE_LABEL = "DUE";

    private static final String COLUMNS = "id, request_id, rule_id, instrument, on_due, state, started_at, due_at, remaining_ms, extensions, closed_at, source";

    void insert(Tx c, Deadline d) {
        try {
            try (PreparedStatement ps = c.connection().prepareStatement("INSERT INTO deadline (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, d.id());
                ps.setString(2, d.requestId());
                ps.setString(3, d.ruleId());
                ps.setString(4, d.instrument());
                ps.setString(5, d.onDue().name());
                ps.setString(6, d.state().name());
                ps.setObject(7, ts(d.startedAt()));
                ps.setObject(8, ts(d.dueAt()));
                setLong(ps, 9, d.remainingMillis());
                ps.setInt(10, d.extensions());
                ps.setObject(11, ts(d.closedAt()));
                ps.setString(12, d.source());
                ps.executeUpdate();
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    void update(Tx c, Deadline d) {
        try {
            try (PreparedStatement ps = c.connection().prepareStatement(
                    "UPDATE deadline SET state = ?, due_at = ?, remaining_ms = ?, extensions = ?, closed_at = ? WHERE id = ?")) {
                ps.setString(1, d.state().name());
                ps.setObject(2, ts(d.dueAt()));
                setLong(ps, 3, d.remainingMillis());
                ps.setInt(4, d.extensions());
                ps.setObject(5, ts(d.closedAt()));
                ps.setString(6, d.id());
                ps.executeUpdate();
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    List<Deadline> forRequest(Tx c, String requestId) {
        try {
            try (PreparedStatement ps = c.connection().prepareStatement("SELECT " + COLUMNS
                    + " FROM deadline WHERE request_id = ? ORDER BY started_at, rule_id")) {
                ps.setString(1, requestId);
                try (ResultSet rs = ps.executeQuery()) {
                    List<Deadline> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(map(rs));
                    }
                    return out;
                }
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    Optional<Deadline> find(Tx c, String id) {
        try {
            try (PreparedStatement ps = c.connection().prepareStatement("SELECT " + COLUMNS + " FROM deadline WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(map(rs)) : Optional.empty();
                }
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    /** Replaces the alarms that have not fired yet; alarms that fired stay fired (a label fires at most once). */
    void replaceUnfiredAlarms(Tx c, Deadline d, List<Alarm> alarms) {
        try {
            try (PreparedStatement ps = c.connection().prepareStatement("DELETE FROM deadline_alarm WHERE deadline_id = ? AND fired_at IS NULL")) {
                ps.setString(1, d.id());
                ps.executeUpdate();
            }
            List<String> fired = new ArrayList<>();
            try (PreparedStatement ps = c.connection().prepareStatement("SELECT label FROM deadline_alarm WHERE deadline_id = ?")) {
                ps.setString(1, d.id());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        fired.add(rs.getString(1));
                    }
                }
            }
            try (PreparedStatement ps = c.connection().prepareStatement(
                    "INSERT INTO deadline_alarm (deadline_id, request_id, label, fire_at) VALUES (?, ?, ?, ?)")) {
                for (Alarm a : alarms) {
                    if (fired.contains(a.label())) {
                        continue;
                    }
                    ps.setString(1, d.id());
                    ps.setString(2, d.requestId());
                    ps.setString(3, a.label());
                    ps.setObject(4, ts(a.fireAt()));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    /** Alarms due at {@code now} whose deadline is still running, oldest first. */
    List<PendingAlarm> due(Tx c, Instant now, int limit) {
        try {
            try (PreparedStatement ps = c.connection().prepareStatement("SELECT a.id, a.deadline_id, a.request_id, a.label, a.fire_at FROM deadline_alarm a "
                    + "JOIN deadline d ON d.id = a.deadline_id WHERE a.fired_at IS NULL AND a.fire_at <= ? AND d.state = 'RUNNING' "
                    + "ORDER BY a.fire_at, a.id LIMIT " + limit)) {
                ps.setObject(1, ts(now));
                try (ResultSet rs = ps.executeQuery()) {
                    List<PendingAlarm> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(new PendingAlarm(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), instant(rs, 5)));
                    }
                    return out;
                }
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    /** Marks an alarm fired; false when another transaction fired it first (exactly once). */
    boolean markFired(Tx c, long alarmId, Instant at) {
        try {
            try (PreparedStatement ps = c.connection().prepareStatement("UPDATE deadline_alarm SET fired_at = ? WHERE id = ? AND fired_at IS NULL")) {
                ps.setObject(1, ts(at));
                ps.setLong(2, alarmId);
                return ps.executeUpdate() == 1;
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    /** Fired alarms not yet handed to the broker (the outbox), oldest first. */
    List<FiredAlarm> unpublished(Tx c, int limit) {
        try {
            try (PreparedStatement ps = c.connection().prepareStatement(
                    "SELECT a.id, a.request_id, a.label, a.fired_at, d.rule_id, d.on_due, d.due_at, d.source "
                    + "FROM deadline_alarm a JOIN deadline d ON d.id = a.deadline_id WHERE a.published_at IS NULL AND a.fired_at IS NOT NULL "
                    + "ORDER BY a.fired_at, a.id LIMIT " + limit)) {
                try (ResultSet rs = ps.executeQuery()) {
                    List<FiredAlarm> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(new FiredAlarm(rs.getLong(1), rs.getString(2), rs.getString(3), instant(rs, 4), rs.getString(5),
                                DueAction.valueOf(rs.getString(6)), instant(rs, 7), rs.getString(8)));
                    }
                    return out;
                }
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    void markPublished(Tx c, long alarmId, Instant at) {
        try {
            try (PreparedStatement ps = c.connection().prepareStatement("UPDATE deadline_alarm SET published_at = ? WHERE id = ?")) {
                ps.setObject(1, ts(at));
                ps.setLong(2, alarmId);
                ps.executeUpdate();
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    /** Sets the request's next deadline to the earliest running one (or none). */
    void refreshNextDeadline(Tx c, String requestId) {
        try {
            Instant at = null;
            String kind = null;
            try (PreparedStatement ps = c.connection().prepareStatement("SELECT rule_id, due_at FROM deadline WHERE request_id = ? AND state = 'RUNNING' "
                    + "AND due_at IS NOT NULL ORDER BY due_at, rule_id LIMIT 1")) {
                ps.setString(1, requestId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        kind = rs.getString(1);
                        at = instant(rs, 2);
                    }
                }
            }
            eu.eevidence.gw.gateway.order.RequestSummaryStore.setNextDeadline(c, requestId, at, kind);
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    /** The request's flags and requested period, stored at intake. */
    DeadlineEngine.Context context(Tx c, String requestId, Instant notBefore) {
        return RequestFactQueries.intakeTerms(c, requestId)
                .map(t -> new DeadlineEngine.Context(DeadlineEngine.Context.parseFlags(t.flags()), t.preservationDays(), notBefore,
                        t.removeWithinHours()))
                .orElseGet(() -> new DeadlineEngine.Context(java.util.Set.of(), null, notBefore));
    }

    record Alarm(String label, Instant fireAt) {
    }

    record PendingAlarm(long id, String deadlineId, String requestId, String label, Instant fireAt) {
    }

    record FiredAlarm(long id, String requestId, String label, Instant firedAt, String ruleId, DueAction onDue, Instant dueAt, String source) {
    }

    private static Deadline map(ResultSet rs) {
        try {
            long remaining = rs.getLong("remaining_ms");
            Long rem = rs.wasNull() ? null : remaining;
            return new Deadline(rs.getString("id"), rs.getString("request_id"), rs.getString("rule_id"), rs.getString("instrument"),
                    DueAction.valueOf(rs.getString("on_due")), DeadlineState.valueOf(rs.getString("state")), instant(rs, "started_at"),
                    instant(rs, "due_at"), rem, rs.getInt("extensions"), instant(rs, "closed_at"), rs.getString("source"));
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    private static void setLong(PreparedStatement ps, int i, Long v) {
        try {
            if (v == null) {
                ps.setNull(i, Types.BIGINT);
            } else {
                ps.setLong(i, v);
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }



}
