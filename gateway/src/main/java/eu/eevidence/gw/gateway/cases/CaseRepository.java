package eu.eevidence.gw.gateway.cases;

import eu.eevidence.gw.gateway.infra.StorageException;
import eu.eevidence.gw.gateway.infra.Tx;
import eu.eevidence.gw.gateway.infra.Database;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import eu.eevidence.gw.gateway.order.OrderError;
import static eu.eevidence.gw.gateway.infra.SqlTime.instant;
import static eu.eevidence.gw.gateway.infra.SqlTime.ts;

/** JDBC access to cases, their events and messages. Plain SQL for H2 (PostgreSQL mode) and PostgreSQL. */
public final class CaseRepository {

    static final String COLUMNS = "id, peer_node_id, from_country, message_id, correlation_id, message_type, family, flags, state, received_at, "
            + "updated_at, content_sha256, review_rule, review_due_at, retrieved_at, decided_at, decided_by, decided_by_subject, decision, "
            + "reason_code, reason_text, postponed_until, platform_id, domestic_request_id, related_case_id, pending_action, version";

    private final Database db;

    public CaseRepository(Database db) {
        this.db = db;
    }

    public Database database() {
        return db;
    }

    void insert(Tx c, InboundCase k, byte[] content) {
        try {
            try (PreparedStatement ps = c.connection().prepareStatement("INSERT INTO inbound_case (id, peer_node_id, from_country, message_id, correlation_id, "
                    + "message_type, family, flags, state, received_at, updated_at, content, content_sha256, review_rule, review_due_at, related_case_id, "
                    + "version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)")) {
                ps.setString(1, k.id());
                ps.setString(2, k.peerNodeId());
                ps.setString(3, k.fromCountry());
                ps.setString(4, k.messageId());
                ps.setString(5, k.correlationId());
                ps.setString(6, k.messageType());
                ps.setString(7, k.family());
                ps.setString(8, k.flags());
                ps.setString(9, k.state().name());
                ps.setObject(10, ts(k.receivedAt()));
                ps.setObject(11, ts(k.receivedAt()));
                ps.setBytes(12, db.dataKeys().seal(c, k.id(), "inbound_case.content", content, k.receivedAt()));
                ps.setString(13, k.contentSha256());
                ps.setString(14, k.reviewRule());
                ps.setObject(15, ts(k.reviewDueAt()));
                ps.setString(16, k.relatedCaseId());
                ps.executeUpdate();
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    public Optional<InboundCase> find(String id) {
        return db.read(c -> find(c, id, false));
    }

    public Optional<InboundCase> find(Tx c, String id, boolean forUpdate) {
        return one(c, "SELECT " + COLUMNS + " FROM inbound_case WHERE id = ?" + (forUpdate ? " FOR UPDATE" : ""), id);
    }

    Optional<InboundCase> findByDomestic(Tx c, String requestId) {
        return one(c, "SELECT " + COLUMNS + " FROM inbound_case WHERE domestic_request_id = ? FOR UPDATE", requestId);
    }

    Optional<InboundCase> findByPeerMessage(Tx c, String peerNodeId, String messageId) {
        return one(c, "SELECT " + COLUMNS + " FROM inbound_case WHERE peer_node_id = ? AND message_id = ? FOR UPDATE", peerNodeId, messageId);
    }

    /** The case of {@code peerNodeId} one of whose messages (the request, a follow-up or an answer we sent) has this id. */
    Optional<InboundCase> findByAnyMessage(Tx c, String peerNodeId, String messageId) {
        Optional<InboundCase> direct = findByPeerMessage(c, peerNodeId, messageId);
        if (direct.isPresent()) {
            return direct;
        }
        return one(c, "SELECT " + COLUMNS + " FROM inbound_case WHERE peer_node_id = ? AND id IN "
                + "(SELECT case_id FROM inbound_case_message WHERE message_id = ?) FOR UPDATE", peerNodeId, messageId);
    }

    /** Cases with domestic work left after a commit (the sweep). */
    List<String> pending() {
        return db.read(c -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement ps = c.connection().prepareStatement(
                    "SELECT id FROM inbound_case WHERE pending_action IS NOT NULL ORDER BY updated_at, id")) {
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            }
            return ids;
        });
    }

    /** Cases, newest first, optionally in one of {@code states}; at most {@code limit}. */
    public List<InboundCase> list(List<CaseState> states, int limit) {
        return db.read(c -> {
            StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM inbound_case");
            if (!states.isEmpty()) {
                sql.append(" WHERE state IN (").append("?,".repeat(states.size() - 1)).append("?)");
            }
            sql.append(" ORDER BY received_at DESC, id DESC LIMIT ").append(limit);
            try (PreparedStatement ps = c.connection().prepareStatement(sql.toString())) {
                for (int i = 0; i < states.size(); i++) {
                    ps.setString(i + 1, states.get(i).name());
                }
                List<InboundCase> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(map(rs));
                    }
                }
                return out;
            }
        });
    }

    public byte[] content(String id) {
        return db.read(c -> content(c, id));
    }

    byte[] content(Tx c, String id) {
        try {
            try (PreparedStatement ps = c.connection().prepareStatement("SELECT content FROM inbound_case WHERE id = ?")) {
                ps.setString(1, id);
                byte[] blob;
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return null;
                    }
                    blob = rs.getBytes(1);
                }
                return db.dataKeys().open(c, id, "inbound_case.content", blob).orElse(new byte[0]);
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    /** Applies a change of the mutable columns (caller holds the row lock), with optimistic locking on {@code version}. */
    void update(Tx c, InboundCase k) {
        try {
            try (PreparedStatement ps = c.connection().prepareStatement("UPDATE inbound_case SET state = ?, updated_at = ?, retrieved_at = ?, decided_at = ?, "
                    + "decided_by = ?, decided_by_subject = ?, decision = ?, reason_code = ?, reason_text = ?, postponed_until = ?, platform_id = ?, "
                    + "domestic_request_id = ?, pending_action = ?, version = version + 1 WHERE id = ? AND version = ?")) {
                ps.setString(1, k.state().name());
                ps.setObject(2, ts(k.updatedAt()));
                ps.setObject(3, ts(k.retrievedAt()));
                ps.setObject(4, ts(k.decidedAt()));
                ps.setString(5, k.decidedBy());
                ps.setString(6, k.decidedBySubject());
                ps.setString(7, k.decision());
                ps.setString(8, k.reasonCode());
                ps.setString(9, k.reasonText());
                ps.setObject(10, ts(k.postponedUntil()));
                ps.setString(11, k.platformId());
                ps.setString(12, k.domesticRequestId());
                ps.setString(13, k.pendingAction());
                ps.setString(14, k.id());
                ps.setInt(15, k.version());
                if (ps.executeUpdate() != 1) {
                    throw new SQLException(OrderError.DB_CONFLICT.code() + " concurrent update of case " + k.id());
                }
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    void appendEvent(Tx c, String caseId, CaseEvent e) {
        try {
            int seq;
            try (PreparedStatement ps = c.connection().prepareStatement("SELECT COALESCE(MAX(seq), 0) FROM inbound_case_event WHERE case_id = ?")) {
                ps.setString(1, caseId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    seq = rs.getInt(1) + 1;
                }
            }
            try (PreparedStatement ps = c.connection().prepareStatement(
                    "INSERT INTO inbound_case_event (case_id, seq, event_code, state_from, state_to, occurred_at, "
                    + "recorded_at, actor, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, caseId);
                ps.setInt(2, seq);
                ps.setString(3, e.event());
                ps.setString(4, e.from() == null ? null : e.from().name());
                ps.setString(5, e.to() == null ? null : e.to().name());
                ps.setObject(6, ts(e.occurredAt()));
                ps.setObject(7, ts(e.recordedAt()));
                ps.setString(8, e.actor());
                ps.setString(9, e.detail() == null || e.detail().length() <= 2000 ? e.detail() : e.detail().substring(0, 2000));
                ps.executeUpdate();
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    public List<CaseEvent> events(String caseId) {
        return db.read(c -> {
            List<CaseEvent> out = new ArrayList<>();
            try (PreparedStatement ps = c.connection().prepareStatement("SELECT seq, event_code, state_from, state_to, occurred_at, recorded_at, actor, detail "
                    + "FROM inbound_case_event WHERE case_id = ? ORDER BY seq")) {
                ps.setString(1, caseId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new CaseEvent(rs.getInt(1), rs.getString(2), state(rs.getString(3)), state(rs.getString(4)), instant(rs, 5),
                                instant(rs, 6), rs.getString(7), rs.getString(8)));
                    }
                }
            }
            return out;
        });
    }

    /** Records a message of the case; false when this (case, direction, message id) is already recorded. */
    boolean insertMessage(Tx c, String caseId, String direction, String messageId, String messageType, byte[] body, String sha256,
                          Instant at, String outboxId) {
        try {
            try (PreparedStatement ps = c.connection().prepareStatement(
                    "SELECT 1 FROM inbound_case_message WHERE case_id = ? AND direction = ? AND message_id = ?")) {
                ps.setString(1, caseId);
                ps.setString(2, direction);
                ps.setString(3, messageId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return false;
                    }
                }
            }
            try (PreparedStatement ps = c.connection().prepareStatement("INSERT INTO inbound_case_message (message_id, case_id, direction, message_type, body, "
                    + "body_sha256, recorded_at, outbox_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, messageId);
                ps.setString(2, caseId);
                ps.setString(3, direction);
                ps.setString(4, messageType);
                ps.setBytes(5, db.dataKeys().seal(c, caseId, "inbound_case_message.body:" + direction + ":" + messageId, body, at));
                ps.setString(6, sha256);
                ps.setObject(7, ts(at));
                ps.setString(8, outboxId);
                ps.executeUpdate();
            }
            return true;
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    /**
     * Marks the requester's follow-ups of the case (IN messages other than the request {@code requestMessageId}) that were
     * not yet retrieved as retrieved at {@code at}; returns their message ids (ADR-0032).
     */
    List<String> retrieveFollowUps(Tx c, String caseId, String requestMessageId, Instant at) {
        try {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement ps = c.connection().prepareStatement("SELECT message_id FROM inbound_case_message WHERE case_id = ? AND direction = 'IN' "
                    + "AND message_id <> ? AND retrieved_at IS NULL ORDER BY recorded_at, message_id")) {
                ps.setString(1, caseId);
                ps.setString(2, requestMessageId == null ? "" : requestMessageId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            }
            for (String id : ids) {
                try (PreparedStatement ps = c.connection().prepareStatement(
                        "UPDATE inbound_case_message SET retrieved_at = ? WHERE case_id = ? AND direction = 'IN' "
                        + "AND message_id = ?")) {
                    ps.setObject(1, ts(at));
                    ps.setString(2, caseId);
                    ps.setString(3, id);
                    ps.executeUpdate();
                }
            }
            return ids;
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    /** The decrypted body of one recorded message of the case (ADR-0032: a follow-up relayed to the domestic platform). */
    Optional<byte[]> messageBody(String caseId, String direction, String messageId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.connection().prepareStatement(
                    "SELECT body FROM inbound_case_message WHERE case_id = ? AND direction = ? AND message_id = ?")) {
                ps.setString(1, caseId);
                ps.setString(2, direction);
                ps.setString(3, messageId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return db.dataKeys().open(c, caseId, "inbound_case_message.body:" + direction + ":" + messageId, rs.getBytes(1));
                }
            }
        });
    }

    public List<CaseMessage> messages(String caseId) {
        return db.read(c -> messages(c, caseId));
    }

    List<CaseMessage> messages(Tx c, String caseId) {
        try {
            {
                List<CaseMessage> out = new ArrayList<>();
                try (PreparedStatement ps = c.connection().prepareStatement(
                        "SELECT message_id, case_id, direction, message_type, body_sha256, recorded_at, outbox_id "
                        + "FROM inbound_case_message WHERE case_id = ? ORDER BY recorded_at, message_id")) {
                    ps.setString(1, caseId);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.add(new CaseMessage(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), instant(rs, 6),
                                    rs.getString(7)));
                        }
                    }
                }
                return out;
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    /** The body of the latest platform answer of a type for a domestic request (to relay its content), if any. */
    Optional<byte[]> latestPlatformAnswer(Tx c, String requestId, String messageType) {
        try {
            try (PreparedStatement ps = c.connection().prepareStatement(
                    "SELECT body, message_id FROM platform_answer WHERE request_id = ? AND message_type = ? "
                    + "ORDER BY received_at DESC, message_id DESC")) {
                ps.setString(1, requestId);
                ps.setString(2, messageType);
                byte[] blob;
                String id;
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    blob = rs.getBytes(1);
                    id = rs.getString(2);
                }
                return db.dataKeys().open(c, requestId, "platform_answer.body:" + id, blob);
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    private Optional<InboundCase> one(Tx c, String sql, String... args) {
        try {
            try (PreparedStatement ps = c.connection().prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    ps.setString(i + 1, args[i]);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(map(rs)) : Optional.empty();
                }
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    static InboundCase map(ResultSet rs) {
        try {
            return new InboundCase(rs.getString("id"), rs.getString("peer_node_id"), rs.getString("from_country"), rs.getString("message_id"),
                    rs.getString("correlation_id"), rs.getString("message_type"), rs.getString("family"), rs.getString("flags"),
                    CaseState.valueOf(rs.getString("state")), instant(rs, "received_at"), instant(rs, "updated_at"), rs.getString("content_sha256"),
                    rs.getString("review_rule"), instant(rs, "review_due_at"), instant(rs, "retrieved_at"), instant(rs, "decided_at"),
                    rs.getString("decided_by"), rs.getString("decided_by_subject"), rs.getString("decision"), rs.getString("reason_code"),
                    rs.getString("reason_text"), instant(rs, "postponed_until"), rs.getString("platform_id"), rs.getString("domestic_request_id"),
                    rs.getString("related_case_id"), rs.getString("pending_action"), rs.getInt("version"));
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    private static CaseState state(String s) {
        return s == null ? null : CaseState.valueOf(s);
    }
}
