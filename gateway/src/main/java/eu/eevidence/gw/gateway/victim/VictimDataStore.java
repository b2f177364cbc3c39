package eu.eevidence.gw.gateway.victim;

import eu.eevidence.gw.gateway.infra.Database;
import eu.eevidence.gw.gateway.infra.StorageException;
import eu.eevidence.gw.gateway.infra.Tx;
import eu.eevidence.gw.gateway.order.RequestRepository;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static eu.eevidence.gw.gateway.infra.SqlTime.ts;

/**
 * {@code request_victim_data} (V23): one row per request, the data sealed under the request's data key (ADR-0020), so that
 * destroying that key at the purge makes them unreadable everywhere (and the purge deletes the row as well).
 */
public final class VictimDataStore {

    static final String COLUMN = "request_victim_data.sealed";

    private final Database db;

    public VictimDataStore(Database db) {
        this.db = db;
    }

    /** Outcome of {@link #put}. */
    public enum Put { RECORDED, REPLACED, PURGED }

    /** Records (or replaces) the data of {@code requestId}; PURGED when the request's personal data are gone. */
    public Put put(String requestId, VictimData data, String actor, Instant now) {
        return db.inTx(c -> {
            if (!RequestRepository.existsUnpurged(c, requestId)) {
                return Put.PURGED;
            }
            byte[] sealed = db.dataKeys().seal(c, requestId, COLUMN, data.toJson(), now);
            boolean existed = delete(c, requestId) > 0;
            try (PreparedStatement ps = c.connection().prepareStatement(
                    "INSERT INTO request_victim_data (request_id, sealed, recorded_by, recorded_at) VALUES (?, ?, ?, ?)")) {
                ps.setString(1, requestId);
                ps.setBytes(2, sealed);
                ps.setString(3, actor);
                ps.setObject(4, ts(now));
                ps.executeUpdate();
            } catch (SQLException failed) {
                throw new StorageException(failed);
            }
            return existed ? Put.REPLACED : Put.RECORDED;
        });
    }

    /** The data of {@code requestId}, if recorded and not purged. */
    public Optional<VictimData> find(String requestId) {
        return db.read(c -> open(c, requestId));
    }

    private Optional<VictimData> open(Tx c, String requestId) {
        try (PreparedStatement ps = c.connection().prepareStatement("SELECT sealed FROM request_victim_data WHERE request_id = ?")) {
            ps.setString(1, requestId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return db.dataKeys().open(c, requestId, COLUMN, rs.getBytes(1)).map(VictimData::fromJson);
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    /**
     * The data of every request received in {@code [from, to)} that has them and is not purged, by request id (for
     * statistics only: opened in memory, never written elsewhere).
     */
    public Map<String, VictimData> receivedBetween(Instant from, Instant to) {
        return db.read(c -> {
            Map<String, VictimData> out = new LinkedHashMap<>();
            try (PreparedStatement ps = c.connection().prepareStatement("SELECT v.request_id, v.sealed FROM request_victim_data v "
                    + "JOIN request r ON r.id = v.request_id WHERE r.received_at >= ? AND r.received_at < ? AND r.purged_at IS NULL")) {
                ps.setObject(1, ts(from));
                ps.setObject(2, ts(to));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String id = rs.getString(1);
                        db.dataKeys().open(c, id, COLUMN, rs.getBytes(2)).map(VictimData::fromJson).ifPresent(d -> out.put(id, d));
                    }
                }
            } catch (SQLException failed) {
                throw new StorageException(failed);
            }
            return out;
        });
    }

    /**
     * This feature's part of a request's purge (ADR-0020, ADR-0037): the row goes (its content was sealed under the data
     * key the purge destroys anyway).
     */
    public static eu.eevidence.gw.gateway.order.RequestDataPurge forPurge() {
        return (tx, keys, requestId, now) -> {
            delete(tx, requestId);
            return eu.eevidence.gw.gateway.order.RequestDataPurge.NOTHING;
        };
    }

    /** Deletes the row of a purged request (called by the purge, inside its transaction). */
    public static int delete(Tx c, String requestId) {
        try (PreparedStatement ps = c.connection().prepareStatement("DELETE FROM request_victim_data WHERE request_id = ?")) {
            ps.setString(1, requestId);
            return ps.executeUpdate();
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }
}
