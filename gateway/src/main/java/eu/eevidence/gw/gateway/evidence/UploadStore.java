package eu.eevidence.gw.gateway.evidence;

import eu.eevidence.gw.gateway.infra.SqlTime;
import eu.eevidence.gw.gateway.infra.StorageException;
import eu.eevidence.gw.gateway.infra.Tx;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The uploads in parts and their stored parts (tables {@code evidence_upload}, {@code evidence_upload_part}, ADR-0010):
 * an upload is {@link #OPEN} until its item is stored, then {@link #COMPLETED} and its part rows are gone. The part
 * files themselves are in the {@link EvidenceStore}. Every method runs in the caller's transaction (ADR-0026).
 */
final class UploadStore {

    static final String OPEN = "OPEN";
    static final String COMPLETED = "COMPLETED";

    /** The id of the open upload of the same item, content, uploader and part size, if there is one (to resume it). */
    Optional<String> findOpen(Tx c, String requestId, String itemId, String sha256, String uploader, long partSize) {
        try (PreparedStatement q = c.connection().prepareStatement(
                "SELECT upload_id FROM evidence_upload WHERE request_id = ? AND item_id = ? AND sha256 = ? "
                + "AND uploader_fingerprint = ? AND state = ? AND part_size = ?")) {
            q.setString(1, requestId);
            q.setString(2, itemId);
            q.setString(3, sha256);
            q.setString(4, uploader);
            q.setString(5, OPEN);
            q.setLong(6, partSize);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    /** Inserts a new upload (its parts, if any, are not written). */
    void insert(Tx c, EvidenceService.Upload u) {
        try (PreparedStatement ins = c.connection().prepareStatement(
                "INSERT INTO evidence_upload (upload_id, request_id, item_id, sha256, size_bytes, media_type, "
                + "part_size, part_count, answer_id, uploader_fingerprint, state, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ins.setString(1, u.uploadId());
            ins.setString(2, u.requestId());
            ins.setString(3, u.itemId());
            ins.setString(4, u.sha256());
            ins.setLong(5, u.size());
            ins.setString(6, u.mediaType());
            ins.setLong(7, u.partSize());
            ins.setInt(8, u.partCount());
            ins.setString(9, u.answerId());
            ins.setString(10, u.uploader());
            ins.setString(11, u.state());
            ins.setObject(12, SqlTime.ts(u.createdAt()));
            ins.executeUpdate();
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    /** The upload and its stored parts in order. */
    Optional<EvidenceService.Upload> find(Tx c, String uploadId) {
        try {
            EvidenceService.Upload u;
            try (PreparedStatement ps = c.connection().prepareStatement(
                    "SELECT upload_id, request_id, item_id, sha256, size_bytes, media_type, part_size, part_count, "
                    + "answer_id, uploader_fingerprint, state, created_at FROM evidence_upload WHERE upload_id = ?")) {
                ps.setString(1, uploadId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    u = new EvidenceService.Upload(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5), rs.getString(6),
                            rs.getLong(7), rs.getInt(8), rs.getString(9), rs.getString(10), rs.getString(11), SqlTime.instant(rs, 12), List.of());
                }
            }
            return Optional.of(new EvidenceService.Upload(u.uploadId(), u.requestId(), u.itemId(), u.sha256(), u.size(), u.mediaType(), u.partSize(),
                    u.partCount(), u.answerId(), u.uploader(), u.state(), u.createdAt(), parts(c, uploadId)));
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    private static List<EvidenceService.Part> parts(Tx c, String uploadId) throws SQLException {
        List<EvidenceService.Part> parts = new ArrayList<>();
        try (PreparedStatement ps = c.connection().prepareStatement(
                "SELECT part_no, size_bytes, sha256 FROM evidence_upload_part WHERE upload_id = ? ORDER BY part_no")) {
            ps.setString(1, uploadId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    parts.add(new EvidenceService.Part(rs.getInt(1), rs.getLong(2), rs.getString(3)));
                }
            }
        }
        return List.copyOf(parts);
    }

    /** Records part {@code p} of an upload, replacing an earlier version of the same part. */
    void putPart(Tx c, String uploadId, EvidenceService.Part p, Instant at) {
        try {
            try (PreparedStatement del = c.connection().prepareStatement("DELETE FROM evidence_upload_part WHERE upload_id = ? AND part_no = ?")) {
                del.setString(1, uploadId);
                del.setInt(2, p.n());
                del.executeUpdate();
            }
            try (PreparedStatement ins = c.connection().prepareStatement("INSERT INTO evidence_upload_part (upload_id, part_no, size_bytes, sha256, "
                    + "stored_at) VALUES (?, ?, ?, ?, ?)")) {
                ins.setString(1, uploadId);
                ins.setInt(2, p.n());
                ins.setLong(3, p.size());
                ins.setString(4, p.sha256());
                ins.setObject(5, SqlTime.ts(at));
                ins.executeUpdate();
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    /** Marks an open upload completed and forgets its parts' rows. */
    void complete(Tx c, String uploadId, Instant at) {
        try {
            try (PreparedStatement up = c.connection().prepareStatement(
                    "UPDATE evidence_upload SET state = ?, completed_at = ? WHERE upload_id = ? AND state = ?")) {
                up.setString(1, COMPLETED);
                up.setObject(2, SqlTime.ts(at));
                up.setString(3, uploadId);
                up.setString(4, OPEN);
                up.executeUpdate();
            }
            try (PreparedStatement del = c.connection().prepareStatement("DELETE FROM evidence_upload_part WHERE upload_id = ?")) {
                del.setString(1, uploadId);
                del.executeUpdate();
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }
}
