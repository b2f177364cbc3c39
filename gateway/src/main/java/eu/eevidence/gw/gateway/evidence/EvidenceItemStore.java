package eu.eevidence.gw.gateway.evidence;

import eu.eevidence.gw.gateway.infra.SqlTime;
import eu.eevidence.gw.gateway.infra.StorageException;
import eu.eevidence.gw.gateway.infra.Tx;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The evidence items' rows (table {@code evidence_item}, ADR-0010): one row per item of a request, written once after
 * its bytes are durable in the {@link EvidenceStore}, with the node's signed record of what it verified. Every method
 * runs in the caller's transaction (ADR-0026); other features (the evidence transfer) read items through it.
 */
public final class EvidenceItemStore {

    private static final String SELECT_ITEM = "SELECT request_id, item_id, sha256, size_bytes, media_type, source, supplier, answer_id, cms_sha256, "
            + "stored_at, signed_record FROM evidence_item";

    /** The item {@code itemId} of a request, if stored. */
    public Optional<EvidenceService.Item> find(Tx c, String requestId, String itemId) {
        try (PreparedStatement ps = c.connection().prepareStatement(SELECT_ITEM + " WHERE request_id = ? AND item_id = ?")) {
            ps.setString(1, requestId);
            ps.setString(2, itemId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(item(rs)) : Optional.empty();
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    /** The items of a request in the order they were stored. */
    public List<EvidenceService.Item> list(Tx c, String requestId) {
        try (PreparedStatement ps = c.connection().prepareStatement(SELECT_ITEM + " WHERE request_id = ? ORDER BY stored_at, item_id")) {
            ps.setString(1, requestId);
            try (ResultSet rs = ps.executeQuery()) {
                List<EvidenceService.Item> list = new ArrayList<>();
                while (rs.next()) {
                    list.add(item(rs));
                }
                return list;
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    /** Inserts the row of a verified item; {@code supplierFingerprint} is the supplier's certificate (null if none). */
    void insert(Tx c, EvidenceService.Item i, String supplierFingerprint) {
        try (PreparedStatement ps = c.connection().prepareStatement(
                "INSERT INTO evidence_item (request_id, item_id, sha256, size_bytes, media_type, source, "
                + "supplier, supplier_fingerprint, answer_id, cms_sha256, stored_at, signed_record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, i.requestId());
            ps.setString(2, i.itemId());
            ps.setString(3, i.sha256());
            ps.setLong(4, i.size());
            ps.setString(5, i.mediaType());
            ps.setString(6, i.source());
            ps.setString(7, i.supplier());
            ps.setString(8, supplierFingerprint);
            ps.setString(9, i.answerId());
            ps.setString(10, i.cmsSha256());
            ps.setObject(11, SqlTime.ts(i.storedAt()));
            ps.setBytes(12, i.signedRecord());
            ps.executeUpdate();
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    /**
     * The SHA-256 of the encrypted file of content {@code sha256} already stored: of any request ({@code requestId}
     * null, the shared layout) or of that request (the per-request layout, ADR-0020); null if there is none.
     */
    String knownCms(Tx c, String sha256, String requestId) {
        try (PreparedStatement ps = c.connection().prepareStatement("SELECT cms_sha256 FROM evidence_item WHERE sha256 = ?" + (
                requestId != null ? " AND request_id = ?" : ""))) {
            ps.setString(1, sha256);
            if (requestId != null) {
                ps.setString(2, requestId);
            }
            ps.setMaxRows(1);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    private static EvidenceService.Item item(ResultSet rs) throws SQLException {
        return new EvidenceService.Item(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5), rs.getString(6),
                rs.getString(7), rs.getString(8), rs.getString(9), SqlTime.instant(rs, 10), rs.getBytes(11));
    }
}
