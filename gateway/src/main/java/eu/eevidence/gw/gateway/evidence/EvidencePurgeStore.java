package eu.eevidence.gw.gateway.evidence;

import eu.eevidence.gw.gateway.infra.DataKeys;
import eu.eevidence.gw.gateway.infra.StorageException;
import eu.eevidence.gw.gateway.infra.Tx;
import eu.eevidence.gw.gateway.order.RequestDataPurge;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The evidence feature's part of a request's purge (ADR-0020, ADR-0026): its unfinished uploads are marked PURGED and
 * their parts' rows go; the rows of its evidence items stay as metadata (hashes, node-signed record). Once the purge
 * committed, the files go through the {@link EvidenceStore} (upload parts, and the items no other live request shares).
 */
public final class EvidencePurgeStore implements RequestDataPurge {

    private final EvidenceStore files;

    /** {@code files}: the evidence store whose files of a purged request are deleted after the commit (null: none). */
    public EvidencePurgeStore(EvidenceStore files) {
        this.files = files;
    }

    @Override
    public Runnable purge(Tx c, DataKeys keys, String requestId, Instant now) {
        List<String> uploads = strings(c, "SELECT upload_id FROM evidence_upload WHERE request_id = ?", requestId);
        update(c, "DELETE FROM evidence_upload_part WHERE upload_id IN (SELECT upload_id FROM evidence_upload WHERE request_id = ?)", requestId);
        update(c, "UPDATE evidence_upload SET state = 'PURGED' WHERE request_id = ? AND state <> 'COMPLETED'", requestId);
        List<String> itemShas = strings(c, "SELECT sha256 FROM evidence_item WHERE request_id = ?", requestId);
        Set<String> stillReferenced = new HashSet<>(strings(c, "SELECT DISTINCT e.sha256 FROM evidence_item e JOIN evidence_item o "
                + "ON o.sha256 = e.sha256 AND o.request_id <> e.request_id JOIN request q ON q.id = o.request_id "
                + "WHERE e.request_id = ? AND q.purged_at IS NULL", requestId));
        EvidenceStore store = files;
        if (store == null) {
            return NOTHING;
        }
        return () -> {
            for (String u : uploads) {
                store.deleteParts(u);
            }
            store.deleteRequest(requestId, itemShas, stillReferenced::contains);
        };
    }

    private static List<String> strings(Tx c, String sql, String arg) {
        try (PreparedStatement ps = c.connection().prepareStatement(sql)) {
            ps.setString(1, arg);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    private static void update(Tx c, String sql, String arg) {
        try (PreparedStatement ps = c.connection().prepareStatement(sql)) {
            ps.setString(1, arg);
            ps.executeUpdate();
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }
}
