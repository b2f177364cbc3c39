package eu.eevidence.gw.gateway.alert;

import eu.eevidence.gw.gateway.infra.StorageException;
import eu.eevidence.gw.gateway.infra.Tx;
import static eu.eevidence.gw.gateway.infra.SqlTime.instant;
import static eu.eevidence.gw.gateway.infra.SqlTime.ts;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import eu.eevidence.gw.gateway.infra.Database;

/**
 * All SQL of the alarm outbox (tables {@code alarm} and {@code alarm_delivery}, V18). Portable SQL (H2 in PostgreSQL
 * mode, PostgreSQL). Delivery states: PENDING (waiting for its time or its digest), SENDING (recorded before a send),
 * SENT (recorded after it), FAILED (given up: the alarm-failed state operators see). As the {@link AlarmLog}, it
 * writes an alarm and one delivery per subscriber that wants it in the caller's transaction: an urgent delivery gets its
 * own batch id at once (due now), a digest delivery waits for the dispatcher to put it into its subscriber's next
 * digest; the same alarm raised twice is stored once. The other methods run in transactions of their own.
 */
final class AlarmStore implements AlarmLog {

    static final String PENDING = "PENDING";
    static final String SENDING = "SENDING";
    static final String SENT = "SENT";
    static final String FAILED = "FAILED";

    private final Database db;
    private final List<Subscriber> subscribers;
    private final Clock clock;

    AlarmStore(Database db, List<Subscriber> subscribers, Clock clock) {
        this.db = db;
        this.subscribers = List.copyOf(subscribers);
        this.clock = clock;
    }

    @Override
    public void raise(Tx c, Alarm alarm) {
        Instant now = clock.instant();
        Optional<Long> id = insertAlarm(c, alarm, now);
        if (id.isEmpty()) {
            return;
        }
        boolean digest = alarm.severity() == Alarm.Severity.DIGEST;
        for (Subscriber s : subscribers) {
            if (s.wants(alarm)) {
                String deliveryId = UUID.randomUUID().toString();
                insertDelivery(c, deliveryId, id.get(), s, digest, digest ? null : deliveryId, now);
            }
        }
    }

    /** Raises in a transaction of its own (for places that hold none). */
    void raise(Alarm alarm) {
        sql(() -> db.inTx(c -> {
            raise(c, alarm);
            return null;
        }));
    }

    /** Puts every subscriber's digest deliveries raised before {@code before} into one new batch per subscriber. */
    void batchDigests(Instant before) {
        sql(() -> db.inTx(c -> {
            for (String subscriber : digestsWaiting(c, before)) {
                batchDigests(c, subscriber, before, UUID.randomUUID().toString());
            }
            return null;
        }));
    }

    List<DueBatch> dueBatches(Instant now, int limit) {
        return sql(() -> db.read(c -> dueBatches(c, now, limit)));
    }

    List<AlarmChannel.Item> batch(String batchId) {
        return sql(() -> db.read(c -> batch(c, batchId)));
    }

    int claim(String batchId, Instant now) {
        return sql(() -> db.inTx(c -> claim(c, batchId, now)));
    }

    void outcome(String batchId, String state, Instant at, Instant next, String error) {
        sql(() -> db.inTx(c -> {
            outcome(c, batchId, state, at, next, error);
            return null;
        }));
    }

    int resumeInterrupted() {
        return sql(() -> db.inTx(this::resumeInterrupted));
    }

    List<AlarmDelivery> deliveries(String state, int limit) {
        return sql(() -> db.read(c -> deliveries(c, state, limit)));
    }

    /** A database failure of the outbox, unchecked; the dispatcher's round logs it and tries again at the next one. */
    static final class Failure extends RuntimeException {
        Failure(SQLException cause) {
            super(AlertError.ALM_TICK_FAILED.code() + " " + cause.getClass().getSimpleName(), cause);
        }
    }

    @FunctionalInterface
    private interface SqlWork<T> {
        T run() throws SQLException;
    }

    private static <T> T sql(SqlWork<T> work) {
        try {
            return work.run();
        } catch (SQLException e) {
            throw new Failure(e);
        }
    }

    private static final String ALARM_COLUMNS = "a.kind, a.request_id, a.request_type, a.deadline_at, a.deadline_id, a.desk";

    /** A batch due for sending: the id its receiver sees and its subscriber. */
    record DueBatch(String batchId, String subscriberId, boolean digest) {
    }

    /** Inserts the alarm unless one with its natural key exists; returns its new id, or empty when it existed. */
    private Optional<Long> insertAlarm(Tx c, Alarm a, Instant now) {
        try {
            try (PreparedStatement ps = c.connection().prepareStatement("SELECT id FROM alarm WHERE natural_key = ?")) {
                ps.setString(1, a.naturalKey());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return Optional.empty();
                    }
                }
            }
            try (PreparedStatement ps = c.connection().prepareStatement(
                    "INSERT INTO alarm (natural_key, kind, severity, request_id, request_type, deadline_at, "
                    + "deadline_id, desk, raised_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", new String[] {"id"})) {
                Alarm.Subject s = a.about();
                ps.setString(1, a.naturalKey());
                ps.setString(2, a.kind());
                ps.setString(3, a.severity().name());
                ps.setString(4, s.requestId());
                ps.setString(5, s.requestType());
                ps.setObject(6, ts(s.deadline()));
                ps.setString(7, s.deadlineId());
                ps.setString(8, s.desk());
                ps.setObject(9, ts(now));
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    return Optional.of(keys.getLong(1));
                }
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    /** One delivery of an alarm to a subscriber; {@code batchId} null for a digest delivery (batched later). */
    private void insertDelivery(Tx c, String id, long alarmId, Subscriber s, boolean digest, String batchId, Instant now) {
        try {
            try (PreparedStatement ps = c.connection().prepareStatement("INSERT INTO alarm_delivery (id, alarm_id, subscriber_id, channel, digest, batch_id, "
                    + "state, attempts, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?)")) {
                ps.setString(1, id);
                ps.setLong(2, alarmId);
                ps.setString(3, s.id());
                ps.setString(4, s.channelName());
                ps.setBoolean(5, digest);
                ps.setString(6, batchId);
                ps.setString(7, PENDING);
                ps.setObject(8, ts(now));
                ps.setObject(9, ts(now));
                ps.executeUpdate();
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    /** Subscribers with digest deliveries created before {@code before} and not in a batch yet. */
    private List<String> digestsWaiting(Tx c, Instant before) {
        try {
            try (PreparedStatement ps = c.connection().prepareStatement("SELECT DISTINCT subscriber_id FROM alarm_delivery WHERE digest = TRUE "
                    + "AND batch_id IS NULL AND state = ? AND created_at < ? ORDER BY subscriber_id")) {
                ps.setString(1, PENDING);
                ps.setObject(2, ts(before));
                return strings(ps);
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    /** Puts a subscriber's waiting digest deliveries created before {@code before} into batch {@code batchId}. */
    private int batchDigests(Tx c, String subscriberId, Instant before, String batchId) {
        try {
            try (PreparedStatement ps = c.connection().prepareStatement("UPDATE alarm_delivery SET batch_id = ? WHERE subscriber_id = ? AND digest = TRUE "
                    + "AND batch_id IS NULL AND state = ? AND created_at < ?")) {
                ps.setString(1, batchId);
                ps.setString(2, subscriberId);
                ps.setString(3, PENDING);
                ps.setObject(4, ts(before));
                return ps.executeUpdate();
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    /** Batches whose next attempt is due, oldest first. */
    private List<DueBatch> dueBatches(Tx c, Instant now, int limit) {
        try {
            try (PreparedStatement ps = c.connection().prepareStatement("SELECT batch_id, subscriber_id, digest, MIN(next_attempt_at) FROM alarm_delivery "
                    + "WHERE state = ? AND batch_id IS NOT NULL AND next_attempt_at <= ? GROUP BY batch_id, subscriber_id, digest "
                    + "ORDER BY MIN(next_attempt_at), batch_id LIMIT " + limit)) {
                ps.setString(1, PENDING);
                ps.setObject(2, ts(now));
                try (ResultSet rs = ps.executeQuery()) {
                    List<DueBatch> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(new DueBatch(rs.getString(1), rs.getString(2), rs.getBoolean(3)));
                    }
                    return out;
                }
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    /** The alarms of a batch, in the order they were raised. */
    private List<AlarmChannel.Item> batch(Tx c, String batchId) {
        try {
            try (PreparedStatement ps = c.connection().prepareStatement("SELECT " + ALARM_COLUMNS + ", a.raised_at FROM alarm_delivery d "
                    + "JOIN alarm a ON a.id = d.alarm_id WHERE d.batch_id = ? ORDER BY a.raised_at, a.id")) {
                ps.setString(1, batchId);
                try (ResultSet rs = ps.executeQuery()) {
                    List<AlarmChannel.Item> out = new ArrayList<>();
                    while (rs.next()) {
                        Alarm.Subject s = new Alarm.Subject(rs.getString(2), rs.getString(3), instant(rs, 4), rs.getString(5), rs.getString(6));
                        out.add(new AlarmChannel.Item(Alarm.of(rs.getString(1), s), instant(rs, 7)));
                    }
                    return out;
                }
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    /** Records a send before it happens (PENDING to SENDING, one more attempt); returns the attempt number, 0 if not pending. */
    private int claim(Tx c, String batchId, Instant now) {
        try {
            try (PreparedStatement ps = c.connection().prepareStatement("UPDATE alarm_delivery SET state = ?, attempts = attempts + 1, last_attempt_at = ? "
                    + "WHERE batch_id = ? AND state = ?")) {
                ps.setString(1, SENDING);
                ps.setObject(2, ts(now));
                ps.setString(3, batchId);
                ps.setString(4, PENDING);
                if (ps.executeUpdate() == 0) {
                    return 0;
                }
            }
            try (PreparedStatement ps = c.connection().prepareStatement("SELECT MAX(attempts) FROM alarm_delivery WHERE batch_id = ?")) {
                ps.setString(1, batchId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    /** Records the outcome of a send: SENT, PENDING again at {@code next}, or FAILED. */
    private void outcome(Tx c, String batchId, String state, Instant at, Instant next, String error) {
        try {
            try (PreparedStatement ps = c.connection().prepareStatement("UPDATE alarm_delivery SET state = ?, sent_at = ?, next_attempt_at = COALESCE(?, "
                    + "next_attempt_at), last_error = ? WHERE batch_id = ? AND state = ?")) {
                ps.setString(1, state);
                ps.setObject(2, SENT.equals(state) ? ts(at) : null);
                ps.setObject(3, ts(next));
                ps.setString(4, error);
                ps.setString(5, batchId);
                ps.setString(6, SENDING);
                ps.executeUpdate();
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    /** Sends interrupted by a stop (recorded before, never after) become due again; returns how many batches. */
    private int resumeInterrupted(Tx c) {
        try {
            List<String> batches;
            try (PreparedStatement ps = c.connection().prepareStatement("SELECT DISTINCT batch_id FROM alarm_delivery WHERE state = ?")) {
                ps.setString(1, SENDING);
                batches = strings(ps);
            }
            try (PreparedStatement ps = c.connection().prepareStatement("UPDATE alarm_delivery SET state = ? WHERE state = ?")) {
                ps.setString(1, PENDING);
                ps.setString(2, SENDING);
                ps.executeUpdate();
            }
            return batches.size();
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    /** Deliveries in a state (FAILED: the alarm-failed list), newest first; all states when {@code state} is null. */
    private List<AlarmDelivery> deliveries(Tx c, String state, int limit) {
        try {
            try (PreparedStatement ps = c.connection().prepareStatement(
                    "SELECT d.subscriber_id, a.kind, a.request_id, d.state, d.attempts, d.batch_id, d.sent_at, "
                    + "d.last_error FROM alarm_delivery d JOIN alarm a ON a.id = d.alarm_id "
                    + (state == null ? "" : "WHERE d.state = ? ") + "ORDER BY d.created_at DESC, d.id LIMIT " + limit)) {
                if (state != null) {
                    ps.setString(1, state);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    List<AlarmDelivery> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(new AlarmDelivery(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5), rs.getString(6),
                                instant(rs, 7), rs.getString(8)));
                    }
                    return out;
                }
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    private static List<String> strings(PreparedStatement ps) {
        try {
            try (ResultSet rs = ps.executeQuery()) {
                List<String> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
                return out;
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }
}
