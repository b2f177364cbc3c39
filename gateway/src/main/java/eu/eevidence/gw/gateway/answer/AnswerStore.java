package eu.eevidence.gw.gateway.answer;

import eu.eevidence.gw.adapter.api.PortalAnswer;
import eu.eevidence.gw.gateway.infra.DataKeys;
import eu.eevidence.gw.gateway.infra.StorageException;
import eu.eevidence.gw.gateway.infra.Tx;
import eu.eevidence.gw.schema.Envelope;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The answer feature's SQL (ADR-0026): stored platform and portal answers, their items, and the preservation period
 * an answer sets on its request. Both answer services write through it inside their unit of work.
 */
final class AnswerStore {

    private final DataKeys keys;

    AnswerStore(DataKeys keys) {
        this.keys = keys;
    }

    Optional<String[]> answerStored(Tx c, String messageId) {
        try {
            try (PreparedStatement ps = c.connection().prepareStatement("SELECT body_sha256, request_id, outcome FROM platform_answer WHERE message_id = ?")) {
                ps.setString(1, messageId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)}) : Optional.empty();
                }
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    void insertAnswer(Tx c, Envelope e, String requestId, String sender, String hash, byte[] body, Instant now, String outcome) {
        try {
            try (PreparedStatement ps = c.connection().prepareStatement(
                    "INSERT INTO platform_answer (message_id, request_id, message_type, sender_fingerprint, "
                    + "body_sha256, body, received_at, outcome) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, e.messageId());
                ps.setString(2, requestId);
                ps.setString(3, e.messageType().name());
                ps.setString(4, sender);
                ps.setString(5, hash);
                ps.setBytes(6, keys.seal(c, requestId, "platform_answer.body:" + e.messageId(), body, now));
                ps.setObject(7, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
                ps.setString(8, outcome.length() > 200 ? outcome.substring(0, 200) : outcome);
                ps.executeUpdate();
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    void setPreservation(Tx c, String requestId, Instant from, Instant until) {
        eu.eevidence.gw.gateway.order.RequestSummaryStore.setPreservation(c, requestId, from, until);
    }

    /** True when, with {@code d}, the parts 1..N are all stored and part N is the last. */
    static boolean complete(Tx c, String requestId, PortalAnswer.DataDelivery d) {
        try {
            TreeSet<Integer> parts = new TreeSet<>();
            Integer last = d.last() ? d.part() : null;
            parts.add(d.part());
            try (PreparedStatement ps = c.connection().prepareStatement(
                    "SELECT part_no, last_part FROM portal_answer WHERE request_id = ? AND part_no IS NOT NULL")) {
                ps.setString(1, requestId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        parts.add(rs.getInt(1));
                        if (rs.getBoolean(2)) {
                            last = last == null ? rs.getInt(1) : Math.min(last, rs.getInt(1));
                        }
                    }
                }
            }
            if (last == null) {
                return false;
            }
            for (int i = 1; i <= last; i++) {
                if (!parts.contains(i)) {
                    return false;
                }
            }
            return true;
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    /** The request of {@code platformId} the answer names: by request id, else by the delivery's receipt id. */
    Optional<String> findRequest(Tx c, String platformId, PortalAnswer a) {
        try {
            if (a.requestId() == null && a.reference() == null) {
                return Optional.empty();
            }
            try (PreparedStatement ps = c.connection().prepareStatement("SELECT id FROM request WHERE platform_id = ? AND (id = ? OR receipt_id = ?)")) {
                ps.setString(1, platformId);
                ps.setString(2, a.requestId() != null ? a.requestId() : a.reference());
                ps.setString(3, a.reference() != null ? a.reference() : a.requestId());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    String id = rs.getString(1);
                    return rs.next() ? Optional.empty() : Optional.of(id); // ambiguous: act on nothing
                }
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    Optional<String> storedOutcome(Tx c, String platformId, String answerId) {
        try {
            try (PreparedStatement ps = c.connection().prepareStatement("SELECT outcome FROM portal_answer WHERE platform_id = ? AND answer_id = ?")) {
                ps.setString(1, platformId);
                ps.setString(2, answerId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    void insertPortalAnswer(Tx c, String platformId, PortalAnswer a, String requestId, String channel, String rawSha, Instant now,
                               String outcome) {
        try {
            try (PreparedStatement ps = c.connection().prepareStatement(
                    "INSERT INTO portal_answer (platform_id, answer_id, request_id, answer_kind, channel, part_no, "
                    + "last_part, occurred_at, received_at, raw_sha256, raw_body, outcome) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, platformId);
                ps.setString(2, a.answerId());
                ps.setString(3, requestId);
                ps.setString(4, PortalAnswerService.kind(a));
                ps.setString(5, channel);
                if (a instanceof PortalAnswer.DataDelivery d) {
                    ps.setInt(6, d.part());
                    ps.setBoolean(7, d.last());
                } else {
                    ps.setNull(6, java.sql.Types.INTEGER);
                    ps.setNull(7, java.sql.Types.BOOLEAN);
                }
                ps.setObject(8, OffsetDateTime.ofInstant(a.occurredAt(), ZoneOffset.UTC));
                ps.setObject(9, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
                ps.setString(10, rawSha);
                ps.setBytes(11, keys.seal(c, requestId, "portal_answer.raw_body:" + platformId + ":" + a.answerId(), a.raw(), now));
                ps.setString(12, outcome.length() > 200 ? outcome.substring(0, 200) : outcome);
                ps.executeUpdate();
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    /** Records an item once per request and SHA-256; true when it is new. */
    boolean insertItem(Tx c, String requestId, PortalAnswer.ManifestItem item, String answerId) {
        try {
            try (PreparedStatement ps = c.connection().prepareStatement("SELECT 1 FROM portal_answer_item WHERE request_id = ? AND sha256 = ?")) {
                ps.setString(1, requestId);
                ps.setString(2, item.sha256());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return false;
                    }
                }
            }
            try (PreparedStatement ps = c.connection().prepareStatement(
                    "INSERT INTO portal_answer_item (request_id, sha256, item_id, media_type, size_bytes, download_uri, "
                    + "answer_id) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, requestId);
                ps.setString(2, item.sha256());
                ps.setString(3, PortalAnswerService.clip(item.itemId(), 200));
                ps.setString(4, PortalAnswerService.clip(item.mediaType(), 200));
                ps.setLong(5, item.size());
                ps.setString(6, item.download() == null ? null : PortalAnswerService.clip(item.download().uri().toString(), 2000));
                ps.setString(7, answerId);
                ps.executeUpdate();
            }
            return true;
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }
}
