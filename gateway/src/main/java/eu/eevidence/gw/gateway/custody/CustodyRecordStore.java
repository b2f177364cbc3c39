package eu.eevidence.gw.gateway.custody;

import eu.eevidence.gw.gateway.infra.StorageException;
import eu.eevidence.gw.custody.CustodyError;
import eu.eevidence.gw.custody.CustodyException;
import eu.eevidence.gw.custody.entry.ExportedRecord;
import eu.eevidence.gw.gateway.infra.Database;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/**
 * The custody records of one request that already have a log index, read from {@code custody_record} (the durable source)
 * as exported records ({@code eeg-custody-record/1}: origin, index, salt, record), ordered by index. At most
 * {@link #MAX_RECORDS}; a database failure is reported as {@code EEG-CUS-005} (storage I/O).
 */
public final class CustodyRecordStore implements RequestCustody.Records {

    /** The most records of one request returned at once (a request with thousands of evidence items is cut here). */
    public static final int MAX_RECORDS = 2000;

    private final Database db;
    private final String origin;

    CustodyRecordStore(Database db, String origin) {
        this.db = db;
        this.origin = origin;
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
