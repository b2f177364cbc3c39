package eu.eevidence.gw.gateway.custody;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.eevidence.gw.gateway.infra.DataKeys;
import eu.eevidence.gw.gateway.infra.StorageException;
import eu.eevidence.gw.gateway.infra.Tx;
import eu.eevidence.gw.custody.CustodyError;
import eu.eevidence.gw.custody.CustodyException;
import eu.eevidence.gw.custody.entry.ExportedRecord;
import eu.eevidence.gw.gateway.infra.Database;
import eu.eevidence.gw.gateway.order.RequestDataPurge;

import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The SQL of the custody records ({@code custody_record}, the durable source of the custody log; ADR-0026): staging a
 * record, giving staged records their log indices, the entries a log lacks at start-up, an exported record, and the
 * redaction of a purged request's records ({@link RequestDataPurge}, ADR-0020). As {@link RequestCustody.Records}: the
 * custody records of one request that already have a log index, as exported records ({@code eeg-custody-record/1}:
 * origin, index, salt, record), ordered by index. At most {@link #MAX_RECORDS}; a database failure is reported as
 * {@code EEG-CUS-005} (storage I/O).
 */
public final class CustodyRecordStore implements RequestCustody.Records, RequestDataPurge {

    private static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    private static final byte[] ERASED = new byte[0];

    /** A record's row id (or log index) and its encoded log entry. */
    record Row(long key, byte[] entry) {
    }

    /** The most records of one request returned at once (a request with thousands of evidence items is cut here). */
    public static final int MAX_RECORDS = 2000;

    private final Database db;
    private final String origin;

    CustodyRecordStore(Database db, String origin) {
        this.db = db;
        this.origin = origin;
    }

    /** A custody store for the purge only (its records' origin is not needed there). */
    public static CustodyRecordStore forPurge() {
        return new CustodyRecordStore(null, null);
    }

    /** Stages one record (no log index yet) in the caller's transaction. */
    void insert(Tx c, CustodyEvent e, byte[] entry, String record, byte[] salt, Instant recorded) {
        try (PreparedStatement ps = c.connection().prepareStatement(
                "INSERT INTO custody_record (request_id, event_type, entry, record_text, salt, staged_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, e.requestId());
            ps.setString(2, e.type().name());
            ps.setBytes(3, entry);
            ps.setString(4, record);
            ps.setBytes(5, salt);
            ps.setTimestamp(6, Timestamp.from(recorded));
            ps.executeUpdate();
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    /** The entries with a log index from {@code fromIndex} on, by index ({@link Row#key()}: the index). */
    List<Row> loggedFrom(Tx c, long fromIndex) {
        try (PreparedStatement ps = c.connection().prepareStatement(
                "SELECT log_index, entry FROM custody_record WHERE log_index >= ? ORDER BY log_index")) {
            ps.setLong(1, fromIndex);
            return rows(ps);
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    /** The number of log entries the database knows (the highest log index plus one; 0 when none). */
    long loggedSize(Tx c) {
        try (PreparedStatement ps = c.connection().prepareStatement("SELECT MAX(log_index) FROM custody_record"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            long max = rs.getLong(1);
            return rs.wasNull() ? 0L : max + 1;
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    /** At most {@code max} staged records without a log index, by row id ({@link Row#key()}: the row id). */
    List<Row> unindexed(Tx c, int max) {
        try (PreparedStatement ps = c.connection().prepareStatement("SELECT id, entry FROM custody_record WHERE log_index IS NULL ORDER BY id")) {
            ps.setMaxRows(max);
            return rows(ps);
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    /** Gives the records {@code ids} the log indices {@code next}, {@code next + 1}, ... (unless one has an index already). */
    void assignIndices(Tx c, long next, List<Long> ids) {
        try (PreparedStatement ps = c.connection().prepareStatement("UPDATE custody_record SET log_index = ? WHERE id = ? AND log_index IS NULL")) {
            for (int i = 0; i < ids.size(); i++) {
                ps.setLong(1, next + i);
                ps.setLong(2, ids.get(i));
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    /** The exported record of log entry {@code index}. */
    Optional<ExportedRecord> export(Tx c, long index) {
        try (PreparedStatement ps = c.connection().prepareStatement("SELECT record_text, salt FROM custody_record WHERE log_index = ?")) {
            ps.setLong(1, index);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new ExportedRecord(origin, index, rs.getBytes(2), rs.getString(1))) : Optional.empty();
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    private static List<Row> rows(PreparedStatement ps) throws SQLException {
        List<Row> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Row(rs.getLong(1), rs.getBytes(2)));
            }
        }
        return out;
    }

    /**
     * ADR-0020: the custody log is append-only: its entries hold only salted commitments to the full records. The
     * records of a purged request (kept in the database for auditors) lose their free text and their salt, so the
     * commitment can no longer be opened or linked to any content; type, times, actors and request id stay.
     */
    @Override
    public Runnable purge(Tx c, DataKeys keys, String requestId, Instant now) {
        try {
            List<Object[]> rows = new ArrayList<>();
            try (PreparedStatement ps = c.connection().prepareStatement("SELECT id, record_text FROM custody_record WHERE request_id = ?")) {
                ps.setString(1, requestId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new Object[] {rs.getLong(1), rs.getString(2)});
                    }
                }
            }
            for (Object[] r : rows) {
                try (PreparedStatement ps = c.connection().prepareStatement("UPDATE custody_record SET record_text = ?, salt = ? WHERE id = ?")) {
                    ps.setString(1, redacted((String) r[1]));
                    ps.setBytes(2, ERASED);
                    ps.setLong(3, (Long) r[0]);
                    ps.executeUpdate();
                }
            }
            return NOTHING;
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    /** A record's text without its free text ({@code detail}) and marked purged. */
    static String redacted(String record) {
        try {
            ObjectNode rec = (ObjectNode) JSON.readTree(record);
            rec.remove("detail");
            rec.put("purged", true);
            return JSON.writeValueAsString(JSON.treeToValue(rec, java.util.TreeMap.class));
        } catch (IOException | ClassCastException e) {
            return "{\"purged\":true}";
        }
    }

    @Override
    public List<ExportedRecord> ofRequest(String requestId) throws CustodyException {
        try {
            return db.read(c -> {
                try (PreparedStatement ps = c.connection().prepareStatement(
                        "SELECT log_index, salt, record_text FROM custody_record WHERE request_id = ? AND log_index IS NOT NULL ORDER BY log_index")) {
                    ps.setString(1, requestId);
                    ps.setMaxRows(MAX_RECORDS);
                    List<ExportedRecord> out = new ArrayList<>();
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.add(new ExportedRecord(origin, rs.getLong(1), rs.getBytes(2), rs.getString(3)));
                        }
                    }
                    return out;
                }
            });
        } catch (StorageException e) {
            throw new CustodyException(CustodyError.STORAGE_IO, "cannot read the custody records of a request: " + e.getMessage(), e);
        }
    }

    /** Stages {@code e} with {@code recorder} in a transaction of its own (an export's event, not part of another change). */
    void stageAlone(CustodyRecorder recorder, CustodyEvent e) throws CustodyException {
        try {
            db.inTx(c -> {
                recorder.stage(c, e);
                return null;
            });
        } catch (StorageException x) {
            throw new CustodyException(CustodyError.STORAGE_IO, "cannot record a custody event: " + x.getMessage(), x);
        }
    }
}
