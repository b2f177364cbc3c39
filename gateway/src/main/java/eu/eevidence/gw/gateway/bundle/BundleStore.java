package eu.eevidence.gw.gateway.bundle;

import eu.eevidence.gw.gateway.infra.Database;
import eu.eevidence.gw.gateway.infra.SqlTime;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The court bundle's reads that no other store offers: a request's platform answers and its evidence items' metadata. */
public final class BundleStore {

    /** A platform answer or execution report as received (the body as stored). */
    public record Answer(String messageId, String messageType, String senderFingerprint, String bodySha256, byte[] body, Instant receivedAt,
                         String outcome) {
    }

    /** One evidence item's line of the evidence manifest. */
    public record Item(String itemId, String sha256, long size, String mediaType, String supplier, String answerId, Instant storedAt) {
    }

    private final Database db;

    public BundleStore(Database db) {
        this.db = db;
    }

    public List<Answer> answers(String requestId) {
        return db.read(c -> {
            List<Answer> out = new ArrayList<>();
            try (PreparedStatement ps = c.connection().prepareStatement("SELECT message_id, message_type, sender_fingerprint, body_sha256, body, received_at,"
                    + " outcome FROM platform_answer WHERE request_id = ? ORDER BY received_at, message_id")) {
                ps.setString(1, requestId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Answer(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBytes(5),
                                SqlTime.instant(rs, 6), rs.getString(7)));
                    }
                }
            }
            return out;
        });
    }

    public List<Item> items(String requestId) {
        return db.read(c -> {
            List<Item> out = new ArrayList<>();
            try (PreparedStatement ps = c.connection().prepareStatement("SELECT item_id, sha256, size_bytes, media_type, supplier, answer_id, stored_at"
                    + " FROM evidence_item WHERE request_id = ? ORDER BY stored_at, item_id")) {
                ps.setString(1, requestId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Item(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5), rs.getString(6),
                                SqlTime.instant(rs, 7)));
                    }
                }
            }
            return out;
        });
    }
}
