package eu.eevidence.gw.gateway.witness;

import eu.eevidence.gw.gateway.infra.StorageException;
import eu.eevidence.gw.custody.CustodyError;
import eu.eevidence.gw.custody.CustodyException;
import eu.eevidence.gw.custody.witness.Witness;
import eu.eevidence.gw.gateway.alert.Alarm;
import eu.eevidence.gw.gateway.alert.AlarmLog;
import eu.eevidence.gw.gateway.infra.Database;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * All SQL of witnessing (tables {@code witness_state} and {@code witness_alarm}, V16): the latest cosigned checkpoint
 * per witnessed log, replaced only by a compare-and-set on the previous size and root (so that two nodes of a cluster,
 * or two concurrent requests, never roll it back), and the alarms of both sides.
 */
public final class WitnessStore implements Witness.State {

    /** One alarm as stored. */
    public record WitnessAlarm(String code, String side, String peerNode, String origin, String detail, String evidence, Instant raisedAt) {
    }

    private final Database db;
    private final Clock clock;
    private final AlarmLog alarmLog;

    /** @param alarmLog where alarms leave the node (ADR-0030), raised in the transaction that stores the witness alarm */
    public WitnessStore(Database db, Clock clock, AlarmLog alarmLog) {
        this.db = db;
        this.clock = clock;
        this.alarmLog = alarmLog;
    }

    @Override
    public Optional<Witness.Seen> latest(String origin) throws CustodyException {
        try {
            return db.read(c -> {
                try (PreparedStatement ps = c.connection().prepareStatement("SELECT tree_size, root_hash, checkpoint FROM witness_state WHERE origin = ?")) {
                    ps.setString(1, origin);
                    try (ResultSet rs = ps.executeQuery()) {
                        return rs.next() ? Optional.of(new Witness.Seen(rs.getLong(1), rs.getBytes(2), rs.getString(3))) : Optional.empty();
                    }
                }
            });
        } catch (StorageException e) {
            throw new CustodyException(CustodyError.STORAGE_IO, "cannot read the witness state: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean replace(String origin, Optional<Witness.Seen> expected, Witness.Seen next) throws CustodyException {
        Timestamp now = Timestamp.from(clock.instant());
        try {
            return db.inTx(c -> {
                if (expected.isEmpty()) {
                    try (PreparedStatement ps = c.connection().prepareStatement(
                            "INSERT INTO witness_state (origin, tree_size, root_hash, checkpoint, updated_at) SELECT ?, ?, ?, ?, ? "
                                    + "WHERE NOT EXISTS (SELECT 1 FROM witness_state WHERE origin = ?)")) {
                        ps.setString(1, origin);
                        ps.setLong(2, next.size());
                        ps.setBytes(3, next.root());
                        ps.setString(4, next.note());
                        ps.setTimestamp(5, now);
                        ps.setString(6, origin);
                        return ps.executeUpdate() == 1;
                    }
                }
                try (PreparedStatement ps = c.connection().prepareStatement(
                        "UPDATE witness_state SET tree_size = ?, root_hash = ?, checkpoint = ?, updated_at = ? "
                        + "WHERE origin = ? AND tree_size = ? AND root_hash = ?")) {
                    ps.setLong(1, next.size());
                    ps.setBytes(2, next.root());
                    ps.setString(3, next.note());
                    ps.setTimestamp(4, now);
                    ps.setString(5, origin);
                    ps.setLong(6, expected.get().size());
                    ps.setBytes(7, expected.get().root());
                    return ps.executeUpdate() == 1;
                }
            });
        } catch (StorageException e) {
            throw new CustodyException(CustodyError.STORAGE_IO, "cannot store the witness state: " + e.getMessage(), e);
        }
    }

    /** Records an alarm (best effort: a failure to store it is reported by the caller's log line, which comes first). */
    public void raise(WitnessAlarm a) throws CustodyException {
        try {
            insert(a);
        } catch (StorageException e) {
            throw new CustodyException(CustodyError.STORAGE_IO, "cannot store the alarm " + a.code() + ": " + e.getMessage(), e);
        }
    }

    private void insert(WitnessAlarm a) {
        db.inTx(c -> {
            try (PreparedStatement ps = c.connection().prepareStatement(
                    "INSERT INTO witness_alarm (code, side, peer_node, origin, detail, evidence, raised_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, a.code());
                ps.setString(2, a.side());
                ps.setString(3, a.peerNode());
                ps.setString(4, a.origin() == null ? null : cut(a.origin(), 300));
                ps.setString(5, cut(a.detail(), 1000));
                ps.setString(6, a.evidence() == null ? null : cut(a.evidence(), 8000));
                ps.setTimestamp(7, Timestamp.from(a.raisedAt()));
                ps.executeUpdate();
            }
            alarmLog.raise(c, outgoing(a));
            return null;
        });
    }

    /** The alarm that reaches operators: about the log (its origin), told apart by code, peer and a hash of the detail; no personal data. */
    static Alarm outgoing(WitnessAlarm a) {
        String origin = a.origin() == null ? "unknown-log" : cut(a.origin(), 80);
        String key = a.code() + "|" + (a.peerNode() == null ? "" : a.peerNode()) + "|" + sha256Prefix(a.evidence() == null ? a.detail() : a.evidence());
        return new Alarm.CustodySplitView(new Alarm.Subject(origin, "custody-log", null, key, null));
    }

    private static String sha256Prefix(String s) {
        try {
            byte[] h = java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(h, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The most recent alarms first (at most {@code limit}). */
    public List<WitnessAlarm> alarms(int limit) throws CustodyException {
        try {
            return select(limit);
        } catch (StorageException e) {
            throw new CustodyException(CustodyError.STORAGE_IO, "cannot read the witness alarms: " + e.getMessage(), e);
        }
    }

    private List<WitnessAlarm> select(int limit) {
        return db.read(c -> {
            try (PreparedStatement ps = c.connection().prepareStatement(
                    "SELECT code, side, peer_node, origin, detail, evidence, raised_at FROM witness_alarm ORDER BY id DESC")) {
                ps.setMaxRows(limit);
                List<WitnessAlarm> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new WitnessAlarm(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                                rs.getTimestamp(7).toInstant()));
                    }
                }
                return out;
            }
        });
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
