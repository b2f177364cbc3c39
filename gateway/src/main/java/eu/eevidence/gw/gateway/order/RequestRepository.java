package eu.eevidence.gw.gateway.order;

import eu.eevidence.gw.gateway.infra.StorageException;
import eu.eevidence.gw.gateway.infra.Tx;
import eu.eevidence.gw.gateway.infra.Database;

import static eu.eevidence.gw.gateway.infra.SqlTime.instant;
import static eu.eevidence.gw.gateway.infra.SqlTime.ts;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * JDBC access to requests and their timelines. Plain SQL that runs on H2 (PostgreSQL mode) and PostgreSQL. The follow-up
 * notices of a request ({@code outbound_notice}) are reached through it; their SQL is {@link NoticeStore}'s.
 */
public final class RequestRepository {

    public static final String COLUMNS = "id, message_type, platform_id, requested_party, state, owner_fingerprint, "
            + "idempotency_key, body_sha256, sealed_sha256, received_at, updated_at, delivery_attempts, receipt_id, "
            + "preservation_start, preservation_end, next_deadline_at, next_deadline_kind, failure_code, failure_reason, version";

    private final Database db;
    private final TimelineListener timelineListener;
    private final NoticeStore noticeStore;

    public RequestRepository(Database db) {
        this(db, TimelineListener.NONE);
    }

    /** {@code listener} sees every timeline entry in its transaction (the node's: the custody log's bridge). */
    public RequestRepository(Database db, TimelineListener listener) {
        this.db = db;
        this.timelineListener = listener == null ? TimelineListener.NONE : listener;
        this.noticeStore = new NoticeStore(db);
    }

    public Database database() {
        return db;
    }

    /** Inserts a new request in state {@link RequestState#ACCEPTED} with its first timeline events. */
    public void insert(Tx c, NewRequest r, List<TimelineEvent> events) {
        try {
            try (PreparedStatement ps = c.connection().prepareStatement("INSERT INTO request (id, message_type, platform_id, requested_party, state, "
                    + "owner_fingerprint, owner_subject, idempotency_key, body_sha256, canonical_json, sealed_cms, sealed_sha256, "
                    + "preservation_days, received_at, updated_at, delivery_attempts, version) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0)")) {
                ps.setString(1, r.id());
                ps.setString(2, r.messageType());
                ps.setString(3, r.platformId());
                ps.setString(4, r.requestedParty());
                ps.setString(5, RequestState.ACCEPTED.name());
                ps.setString(6, r.ownerFingerprint());
                ps.setString(7, r.ownerSubject());
                ps.setString(8, r.idempotencyKey());
                ps.setString(9, r.bodySha256());
                ps.setBytes(10, db.dataKeys().seal(c, r.id(), "request.canonical_json", r.canonicalJson(), r.receivedAt()));
                ps.setBytes(11, db.dataKeys().seal(c, r.id(), "request.sealed_cms", r.sealedCms(), r.receivedAt()));
                ps.setString(12, r.sealedSha256());
                if (r.preservationDays() == null) {
                    ps.setNull(13, Types.INTEGER);
                } else {
                    ps.setInt(13, r.preservationDays());
                }
                ps.setObject(14, ts(r.receivedAt()));
                ps.setObject(15, ts(r.receivedAt()));
                ps.executeUpdate();
            }
            for (TimelineEvent e : events) {
                appendEvent(c, r.id(), e);
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    /** Deletes a request that could not be queued (compensation before answering 503). */
    public void delete(Tx c, String id) {
        try {
            for (String table : new String[] {"deadline_alarm", "deadline", "outbound_notice", "platform_answer", "removal_hash_outcome",
                "removal_order"}) {
                try (PreparedStatement ps = c.connection().prepareStatement("DELETE FROM " + table + " WHERE request_id = ?")) {
                    ps.setString(1, id);
                    ps.executeUpdate();
                }
            }
            try (PreparedStatement ps = c.connection().prepareStatement("DELETE FROM request_event WHERE request_id = ?")) {
                ps.setString(1, id);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.connection().prepareStatement("DELETE FROM request WHERE id = ?")) {
                ps.setString(1, id);
                ps.executeUpdate();
            }
            db.dataKeys().destroy(c, id);
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    public Optional<RequestRecord> find(String id) {
        return db.read(c -> find(c, id, false));
    }

    /** Reads a request, optionally locking its row for the rest of the transaction. */
    public Optional<RequestRecord> find(Tx c, String id, boolean forUpdate) {
        try {
            try (PreparedStatement ps = c.connection().prepareStatement("SELECT " + COLUMNS + " FROM request WHERE id = ?" + (
                    forUpdate ? " FOR UPDATE" : ""))) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(map(rs)) : Optional.empty();
                }
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    public Optional<RequestRecord> findByIdempotencyKey(String ownerFingerprint, String key) {
        return db.read(c -> {
            try (PreparedStatement ps = c.connection().prepareStatement("SELECT " + COLUMNS
                    + " FROM request WHERE owner_fingerprint = ? AND idempotency_key = ?")) {
                ps.setString(1, ownerFingerprint);
                ps.setString(2, key);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(map(rs)) : Optional.empty();
                }
            }
        });
    }

    public byte[] sealedPayload(String id) {
        return bytes("sealed_cms", id);
    }

    /** The receipt of the addressee as received (opened under the request's data key); null if none, empty once purged. */
    public byte[] receiptBody(String id) {
        byte[] b = bytes("receipt_body", id);
        return b == null || b.length == 0 ? (isPurgedOrMissing(id) ? b : null) : b;
    }

    private boolean isPurgedOrMissing(String id) {
        return db.read(c -> {
            try (PreparedStatement ps = c.connection().prepareStatement("SELECT purged_at FROM request WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return !rs.next() || rs.getObject(1) != null;
                }
            }
        });
    }

    public byte[] canonicalJson(String id) {
        return bytes("canonical_json", id);
    }

    public Optional<Integer> preservationDays(Tx c, String id) {
        try {
            try (PreparedStatement ps = c.connection().prepareStatement("SELECT preservation_days FROM request WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    int v = rs.getInt(1);
                    return rs.wasNull() ? Optional.empty() : Optional.of(v);
                }
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    /** A content column, opened under the request's data key; null if no such request, empty once purged (ADR-0020). */
    private byte[] bytes(String column, String id) {
        return db.read(c -> {
            byte[] blob;
            try (PreparedStatement ps = c.connection().prepareStatement("SELECT " + column + " FROM request WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return null;
                    }
                    blob = rs.getBytes(1);
                }
            }
            return db.dataKeys().open(c, id, "request." + column, blob).orElse(new byte[0]);
        });
    }

    /** Ids of requests still waiting for delivery (used by the start-up sweep that re-queues lost messages). */
    public List<String> awaitingDelivery() {
        return db.read(c -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement ps = c.connection().prepareStatement(
                    "SELECT id FROM request WHERE state IN ('ACCEPTED', 'DISPATCHED') ORDER BY received_at")) {
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            }
            return ids;
        });
    }

    public List<TimelineEvent> timeline(String id) {
        return db.read(c -> {
            List<TimelineEvent> out = new ArrayList<>();
            try (PreparedStatement ps = c.connection().prepareStatement("SELECT seq, event_code, state_from, state_to, occurred_at, recorded_at, actor, detail "
                    + "FROM request_event WHERE request_id = ? ORDER BY seq")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new TimelineEvent(rs.getInt(1), EventCode.valueOf(rs.getString(2)), state(rs.getString(3)), state(rs.getString(4)),
                                instant(rs, 5), instant(rs, 6), rs.getString(7), rs.getString(8)));
                    }
                }
            }
            return out;
        });
    }

    /** Appends an event with the next sequence number of the request (caller holds the row lock). */
    public void appendEvent(Tx c, String requestId, TimelineEvent e) {
        try {
            int seq;
            try (PreparedStatement ps = c.connection().prepareStatement("SELECT COALESCE(MAX(seq), 0) FROM request_event WHERE request_id = ?")) {
                ps.setString(1, requestId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    seq = rs.getInt(1) + 1;
                }
            }
            try (PreparedStatement ps = c.connection().prepareStatement(
                    "INSERT INTO request_event (request_id, seq, event_code, state_from, state_to, occurred_at, "
                    + "recorded_at, actor, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, requestId);
                ps.setInt(2, seq);
                ps.setString(3, e.event().name());
                ps.setString(4, e.from() == null ? null : e.from().name());
                ps.setString(5, e.to() == null ? null : e.to().name());
                ps.setObject(6, ts(e.occurredAt()));
                ps.setObject(7, ts(e.recordedAt()));
                ps.setString(8, e.actor());
                ps.setString(9, e.detail());
                ps.executeUpdate();
            }
            timelineListener.appended(c, requestId, e);
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    /** Applies a change of the mutable columns with optimistic locking on {@code version}. */
    public void update(Tx c, RequestRecord r, byte[] receiptBody) {
        try {
            try (PreparedStatement ps = c.connection().prepareStatement("UPDATE request SET state = ?, updated_at = ?, delivery_attempts = ?, receipt_id = ?, "
                    + "receipt_body = COALESCE(?, receipt_body), preservation_start = ?, preservation_end = ?, next_deadline_at = ?, "
                    + "next_deadline_kind = ?, failure_code = ?, failure_reason = ?, version = version + 1 WHERE id = ? AND version = ?")) {
                ps.setString(1, r.state().name());
                ps.setObject(2, ts(r.updatedAt()));
                ps.setInt(3, r.deliveryAttempts());
                ps.setString(4, r.receiptId());
                ps.setBytes(5, receiptBody == null ? null : db.dataKeys().seal(c, r.id(), "request.receipt_body", receiptBody, r.updatedAt()));
                ps.setObject(6, ts(r.preservationStart()));
                ps.setObject(7, ts(r.preservationEnd()));
                ps.setObject(8, ts(r.nextDeadlineAt()));
                ps.setString(9, r.nextDeadlineKind());
                ps.setString(10, r.failureCode());
                ps.setString(11, r.failureReason());
                ps.setString(12, r.id());
                ps.setInt(13, r.version());
                if (ps.executeUpdate() != 1) {
                    throw new SQLException(OrderError.DB_CONFLICT.code() + " concurrent update of request " + r.id());
                }
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    /** The catalogue message id a request was sent with (null when none), read in the caller's transaction. */
    public String messageId(Tx c, String requestId) {
        try {
            try (PreparedStatement ps = c.connection().prepareStatement("SELECT message_id FROM request WHERE id = ?")) {
                ps.setString(1, requestId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    // ------------------------------------------------------------------ follow-up notices (SQL in NoticeStore)

    /** Stores a sealed notice for the request's addressee (state PENDING); false if one of this kind exists. */
    public boolean insertNotice(Tx c, Notice n) {
        return noticeStore.insert(c, n);
    }

    public Optional<Notice> findNotice(Tx c, String id) {
        return noticeStore.find(c, id);
    }

    /** A follow-up notice sent to the peer node {@code peer}: request id, platform id, payload digest (ADR-0032). */
    public Optional<List<String>> noticeSentTo(Tx c, String noticeId, String peer) {
        return noticeStore.sentTo(c, noticeId, peer);
    }

    /**
     * A request of this node sent to the peer node {@code peer} with the catalogue message id {@code messageId}: its id,
     * its platform id and the SHA-256 of its sealed bytes (as {@link #noticeSentTo}); empty when there is none.
     */
    public Optional<List<String>> requestSentTo(Tx c, String messageId, String peer) {
        try (PreparedStatement ps = c.connection().prepareStatement(
                "SELECT id, platform_id, sealed_sha256 FROM request WHERE message_id = ? AND platform_id = ?")) {
            ps.setString(1, messageId);
            ps.setString(2, peer);
            try (ResultSet rs = ps.executeQuery()) {
                // a list that allows a missing digest (a request not sealed yet), which the caller's rules refuse
                return rs.next() ? Optional.of(java.util.Arrays.asList(rs.getString(1), rs.getString(2), rs.getString(3))) : Optional.empty();
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    /** How many notices of {@code kind} the request has (under the request's row lock). */
    public int countNotices(Tx c, String requestId, String kind) {
        return noticeStore.count(c, requestId, kind);
    }

    /** The id of the next notice of {@code kind} of a request (under its row lock): {@link Notice#idOf(String, String, int)}. */
    public String nextNoticeId(Tx c, String requestId, String kind) {
        return Notice.idOf(requestId, kind, countNotices(c, requestId, kind) + 1);
    }

    /** The ids of the requests of {@code ownerFingerprint} (all when null) with a follow-up that will not be delivered. */
    public List<String> requestsWithUndeliveredFollowUps(String ownerFingerprint) {
        return noticeStore.requestsWithUndelivered(ownerFingerprint);
    }

    public List<Notice> notices(String requestId) {
        return noticeStore.ofRequest(requestId);
    }

    /** Records the outcome of a notice attempt: state SENT (with receipt), PENDING (retry) or FAILED. */
    public void updateNotice(Tx c, String id, String state, String receiptId, String error, Instant at) {
        noticeStore.update(c, id, state, receiptId, error, at);
    }

    /** Notices still waiting for delivery (re-queued by the start-up sweep). */
    public List<Notice> pendingNotices() {
        return noticeStore.pending();
    }

    /** A request by the gateway's id or by the catalogue message id it was submitted with. */
    public Optional<RequestRecord> findByIdOrMessageId(String idOrMessageId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.connection().prepareStatement("SELECT " + COLUMNS + " FROM request WHERE id = ? OR message_id = ?")) {
                ps.setString(1, idOrMessageId);
                ps.setString(2, idOrMessageId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(map(rs)) : Optional.empty();
                }
            }
        });
    }

    /** Records the catalogue message id and correlation id of an enveloped submission. */
    public void setMessageIds(Tx c, String id, String messageId, String correlationId) {
        try {
            try (PreparedStatement ps = c.connection().prepareStatement("UPDATE request SET message_id = ?, correlation_id = ? WHERE id = ?")) {
                ps.setString(1, messageId);
                ps.setString(2, correlationId);
                ps.setString(3, id);
                ps.executeUpdate();
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    /** The message type stored under a catalogue message id, if any (for the catalogue's correlation rules). */
    public Optional<String> messageTypeOf(String messageId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.connection().prepareStatement("SELECT message_type FROM request WHERE message_id = ?")) {
                ps.setString(1, messageId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    /** How many stored messages of a type name {@code messageId} as their correlation id. */
    public long countCorrelated(String messageId, String messageType) {
        return db.read(c -> {
            try (PreparedStatement ps = c.connection().prepareStatement("SELECT COUNT(*) FROM request WHERE correlation_id = ? AND message_type = ?")) {
                ps.setString(1, messageId);
                ps.setString(2, messageType);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /** Stores the request's family and the flags that select its deadline rules (e.g. emergency, trafficData). */
    public void setClassification(Tx c, String id, String family, java.util.Set<String> flags) {
        try {
            try (PreparedStatement ps = c.connection().prepareStatement("UPDATE request SET family = ?, flags = ? WHERE id = ?")) {
                ps.setString(1, family);
                ps.setString(2, flags.isEmpty() ? null : String.join(",", new java.util.TreeSet<>(flags)));
                ps.setString(3, id);
                ps.executeUpdate();
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    /** True when the request's flags say emergency (ADR-0031: it travels on the emergency lane). */
    public boolean isEmergency(String id) {
        return database().read(c -> {
            try (PreparedStatement ps = c.connection().prepareStatement("SELECT flags FROM request WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() && rs.getString(1) != null && java.util.Arrays.asList(rs.getString(1).split(",")).contains("emergency");
                }
            }
        });
    }

    /** Sets the state of a request whose row lock the caller holds (the caller appends the timeline event). */
    public void setState(Tx c, String id, RequestState state, Instant now) {
        try {
            try (PreparedStatement ps = c.connection().prepareStatement("UPDATE request SET state = ?, updated_at = ?, version = version + 1 WHERE id = ?")) {
                ps.setString(1, state.name());
                ps.setObject(2, ts(now));
                ps.setString(3, id);
                ps.executeUpdate();
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    public static RequestRecord map(ResultSet rs) {
        try {
            return new RequestRecord(rs.getString("id"), rs.getString("message_type"), rs.getString("platform_id"), rs.getString("requested_party"),
                    RequestState.valueOf(rs.getString("state")), rs.getString("owner_fingerprint"), rs.getString("idempotency_key"),
                    rs.getString("body_sha256"), rs.getString("sealed_sha256"), instant(rs, "received_at"), instant(rs, "updated_at"),
                    rs.getInt("delivery_attempts"), rs.getString("receipt_id"), instant(rs, "preservation_start"), instant(rs, "preservation_end"),
                    instant(rs, "next_deadline_at"), rs.getString("next_deadline_kind"), rs.getString("failure_code"), rs.getString("failure_reason"),
                    rs.getInt("version"));
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    private static RequestState state(String s) {
        return s == null ? null : RequestState.valueOf(s);
    }

    public static boolean existsUnpurged(Tx c, String id) {
        try (PreparedStatement ps = c.connection().prepareStatement("SELECT purged_at FROM request WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getObject(1) == null;
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }
}
