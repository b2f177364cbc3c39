package eu.eevidence.gw.gateway.answer;

import eu.eevidence.gw.adapter.api.PortalAnswer;
import eu.eevidence.gw.adapter.api.PortalHttp;
import eu.eevidence.gw.custody.entry.CustodyEventType;
import eu.eevidence.gw.gateway.custody.CustodyEvent;
import eu.eevidence.gw.gateway.custody.CustodyRecorder;
import eu.eevidence.gw.gateway.deadline.PreservationDeadline;
import eu.eevidence.gw.gateway.order.Digests;
import eu.eevidence.gw.gateway.order.EventCode;
import eu.eevidence.gw.gateway.order.LifecycleListener;
import eu.eevidence.gw.gateway.order.RequestRecord;
import eu.eevidence.gw.gateway.order.RequestRepository;
import eu.eevidence.gw.gateway.order.RequestState;
import eu.eevidence.gw.gateway.order.TimelineEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Answers that a platform gives through its own channel (an adapter's {@link PortalAnswer}, pushed to the node or
 * polled), applied like the answers of the platform API ({@link AnswerService}): in one transaction the answer is
 * stored, the lifecycle and the deadlines move, and every step is a timeline and a custody event.
 *
 * <ul>
 *   <li>Stored once per (platform, answer id): a resent or re-polled answer is recognised and changes nothing.</li>
 *   <li>The answer must name a request of <em>this</em> platform: by {@code requestId}, or by {@code reference} (the receipt
 *       id of the delivery, e.g. the HI-1 authorisation object id). Otherwise it is not stored and changes nothing
 *       ({@code EEG-CHN-UNKNOWN-REFERENCE}).</li>
 *   <li>An answer the lifecycle cannot follow (a late acknowledgement, anything after a terminal state) is stored as
 *       evidence with a timeline event, without moving the state.</li>
 *   <li>Data deliveries: each item is recorded once per request by SHA-256 (a custody entry per new item); the request
 *       completes once the part marked last and every part below it are stored, whatever the arrival order.</li>
 * </ul>
 */
public final class PortalAnswerService {

    private static final Logger LOG = LoggerFactory.getLogger(PortalAnswerService.class);

    private final RequestRepository requests;
    private final LifecycleListener lifecycle;
    private final CustodyRecorder custody;
    private final Clock clock;

    public PortalAnswerService(RequestRepository requests, LifecycleListener lifecycle, CustodyRecorder custody, Clock clock) {
        this(requests, lifecycle, custody, clock, null);
    }

    /** Data deliveries are handed to {@code evidenceIntake} after their answer committed (null: recorded by hash only). */
    public PortalAnswerService(RequestRepository requests, LifecycleListener lifecycle, CustodyRecorder custody, Clock clock,
                               EvidenceIntake evidenceIntake) {
        this.evidenceIntake = evidenceIntake;
        this.requests = requests;
        this.lifecycle = lifecycle;
        this.custody = custody;
        this.clock = clock;
    }

    /** What one answer came to. */
    public sealed interface Result {
        /** Stored now ({@code duplicate} false) or already stored before ({@code duplicate} true). */
        record Stored(String requestId, RequestState state, String outcome, boolean duplicate) implements Result {
        }

        /** Names no request of the platform: nothing stored, nothing changed. */
        record Unmatched(String code, String reason) implements Result {
        }
    }

    /** Where the bytes of a data delivery go once its answer is stored (the evidence store: inline items, downloads). */
    @FunctionalInterface
    public interface EvidenceIntake {
        void accept(String requestId, String platformId, PortalAnswer.DataDelivery delivery) throws Exception;
    }

    private final EvidenceIntake evidenceIntake;

    /** Applies one answer of {@code platformId} received through {@code channel} ({@code PUSH} or {@code POLL}). */
    public Result apply(String platformId, PortalAnswer answer, String channel) throws SQLException {
        Optional<String> found = requests.database().read(c -> findRequest(c, platformId, answer));
        if (found.isEmpty()) {
            LOG.warn(AnswerError.CHN_UNKNOWN_REFERENCE.code() + " platform {} sent answer {} naming no request of that platform (reference {}, request {})",
                    platformId,
                    PortalHttp.sanitize(answer.answerId()), PortalHttp.sanitize(String.valueOf(answer.reference())),
                    PortalHttp.sanitize(String.valueOf(answer.requestId())));
            return new Result.Unmatched(AnswerError.CHN_UNKNOWN_REFERENCE.code(), "the answer names no request of this platform");
        }
        String requestId = found.get();
        String rawSha = Digests.sha256(answer.raw());
        Instant now = clock.instant();
        String answerId = PortalHttp.sanitize(answer.answerId());
        Result result = requests.database().inTransaction(c -> {
            RequestRecord r = requests.find(c, requestId, true).orElseThrow();
            Optional<String> earlier = storedOutcome(c, platformId, answer.answerId());
            if (earlier.isPresent()) {
                return new Result.Stored(requestId, r.state(), earlier.get(), true);
            }
            Effect effect = effect(c, r, answer);
            RequestState from = r.state();
            RequestState to = from;
            String outcome = effect.outcome();
            if (effect.target() != null && effect.target() != from) {
                if (r.lifecycle().canMove(from, effect.target())) {
                    to = effect.target();
                } else {
                    outcome = outcome + " (stored; state stays " + from + ")";
                }
            }
            Instant occurred = answer.occurredAt();
            insert(c, platformId, answer, requestId, channel, rawSha, now, outcome);
            if (to != from) {
                requests.setState(c, requestId, to, now);
            }
            String actor = "platform:" + platformId;
            requests.appendEvent(c, requestId, new TimelineEvent(0, effect.event(), from, to, occurred, now, actor,
                    kind(answer) + " " + answerId + " (" + channel + "): " + outcome));
            Instant notBefore = null;
            if (answer instanceof PortalAnswer.PreservationConfirmed pc && to == RequestState.PRESERVED) {
                int days = requests.preservationDays(c, requestId).orElse(PreservationDeadline.LEGAL_MINIMUM_DAYS);
                notBefore = PreservationDeadline.end(r.messageType(), occurred, days, pc.until());
                setPreservation(c, requestId, occurred, notBefore);
            }
            if (answer instanceof PortalAnswer.DataDelivery dd) {
                for (PortalAnswer.ManifestItem item : dd.items()) {
                    if (insertItem(c, requestId, item, answer.answerId())) {
                        custody.stage(c, new CustodyEvent(CustodyEventType.EVIDENCE_RECEIVED, requestId, occurred, actor, null, from, to, item.sha256(),
                                "item " + PortalHttp.sanitize(item.itemId()) + " of answer " + answerId + " part " + dd.part()));
                    }
                }
            } else {
                custody.stage(c, new CustodyEvent(effect.custody(), requestId, occurred, actor, null, from, to, rawSha,
                        kind(answer) + " " + answerId + ": " + outcome));
            }
            if (to != from && effect.deadlineEvent() != null) {
                lifecycle.onEvent(c, requests.find(c, requestId, true).orElseThrow(), effect.deadlineEvent(), occurred, notBefore);
            }
            return new Result.Stored(requestId, to, outcome, false);
        });
        custody.committed();
        EvidenceIntake intake = evidenceIntake;
        if (intake != null && answer instanceof PortalAnswer.DataDelivery dd && result instanceof Result.Stored st && !st.duplicate()) {
            try {
                intake.accept(requestId, platformId, dd); // streamed, hashed, checked, stored encrypted; one custody entry per stored item
            } catch (Exception e) {
                // the answer and its item hashes are recorded; the bytes can be fetched again from the portal
                LOG.error(AnswerError.CHN_EVIDENCE_FAILED.code() + " request {} data delivery {} from {}: items not stored ({})", requestId, answerId,
                        platformId,
                        e.getClass().getSimpleName());
            }
        }
        if (result instanceof Result.Stored s && !s.duplicate()) {
            LOG.info(AnswerError.CHN_APPLIED.code() + " request {} {} {} from {} via {}: {}", requestId, kind(answer), answerId, platformId, channel,
                    s.outcome());
        }
        return result;
    }

    /** What an answer does: timeline event, target state (null: none), deadline event, custody type, words. */
    record Effect(EventCode event, RequestState target, String deadlineEvent, CustodyEventType custody, String outcome) {
    }

    private static Effect effect(Connection c, RequestRecord r, PortalAnswer a) throws SQLException {
        if (a instanceof PortalAnswer.Acknowledged) {
            return new Effect(EventCode.ACKNOWLEDGED, RequestState.ACKNOWLEDGED, "ACKNOWLEDGED", CustodyEventType.ACKNOWLEDGED, "acknowledged");
        }
        if (a instanceof PortalAnswer.ClarificationRequested q) {
            return new Effect(EventCode.CLARIFICATION_REQUESTED, RequestState.CLARIFICATION_REQUESTED, "CLARIFICATION_REQUESTED",
                    CustodyEventType.CLARIFICATION, "clarification requested: " + PortalHttp.sanitize(q.question()));
        }
        if (a instanceof PortalAnswer.Refused f) {
            return new Effect(EventCode.REFUSED, RequestState.REFUSED, "REFUSED", CustodyEventType.REQUEST_REFUSED,
                    "Form 3: " + f.reason().name() + (f.text() == null || f.text().isBlank() ? "" : " " + PortalHttp.sanitize(f.text())));
        }
        if (a instanceof PortalAnswer.PreservationConfirmed p) {
            return new Effect(EventCode.PRESERVED, RequestState.PRESERVED, "PRESERVED", CustodyEventType.PRESERVATION_CONFIRMED,
                    p.until() == null ? "preserved (no end stated)" : "preserved until " + p.until());
        }
        if (a instanceof PortalAnswer.DataDelivery d) {
            boolean complete = complete(c, r.id(), d);
            if (r.state() == RequestState.COMPLETED) {
                return new Effect(EventCode.ANSWER_RECEIVED, null, null, CustodyEventType.EVIDENCE_RECEIVED,
                        "data part " + d.part() + " after completion");
            }
            return new Effect(complete ? EventCode.COMPLETED : EventCode.PARTIALLY_EXECUTED,
                    complete ? RequestState.COMPLETED : RequestState.PARTIALLY_EXECUTED, complete ? "COMPLETED" : "PARTIALLY_EXECUTED",
                    CustodyEventType.EVIDENCE_RECEIVED, "data part " + d.part() + (d.last() ? " (last)" : "") + ", " + d.items().size() + " item(s)"
                    + (complete ? "; every part received" : ""));
        }
        if (a instanceof PortalAnswer.WithdrawalConfirmed) {
            return new Effect(EventCode.ANSWER_RECEIVED, null, null, CustodyEventType.WITHDRAWAL, "withdrawal confirmed");
        }
        PortalAnswer.Correspondence m = (PortalAnswer.Correspondence) a;
        return new Effect(EventCode.ANSWER_RECEIVED, null, null, CustodyEventType.CLARIFICATION,
                "correspondence" + (m.subject() == null ? "" : " '" + PortalHttp.sanitize(m.subject()) + "'"));
    }

    /** True when, with {@code d}, the parts 1..N are all stored and part N is the last. */
    private static boolean complete(Connection c, String requestId, PortalAnswer.DataDelivery d) throws SQLException {
        TreeSet<Integer> parts = new TreeSet<>();
        Integer last = d.last() ? d.part() : null;
        parts.add(d.part());
        try (PreparedStatement ps = c.prepareStatement("SELECT part_no, last_part FROM portal_answer WHERE request_id = ? AND part_no IS NOT NULL")) {
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
    }

    static String kind(PortalAnswer a) {
        return a.getClass().getSimpleName();
    }

    /** The request of {@code platformId} the answer names: by request id, else by the delivery's receipt id. */
    private static Optional<String> findRequest(Connection c, String platformId, PortalAnswer a) throws SQLException {
        if (a.requestId() == null && a.reference() == null) {
            return Optional.empty();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM request WHERE platform_id = ? AND (id = ? OR receipt_id = ?)")) {
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
    }

    private static Optional<String> storedOutcome(Connection c, String platformId, String answerId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT outcome FROM portal_answer WHERE platform_id = ? AND answer_id = ?")) {
            ps.setString(1, platformId);
            ps.setString(2, answerId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    private void insert(Connection c, String platformId, PortalAnswer a, String requestId, String channel, String rawSha, Instant now,
                               String outcome) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO portal_answer (platform_id, answer_id, request_id, answer_kind, channel, part_no, "
                + "last_part, occurred_at, received_at, raw_sha256, raw_body, outcome) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, platformId);
            ps.setString(2, a.answerId());
            ps.setString(3, requestId);
            ps.setString(4, kind(a));
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
            ps.setBytes(11, requests.database().dataKeys().seal(c, requestId, "portal_answer.raw_body:" + platformId + ":" + a.answerId(), a.raw(), now));
            ps.setString(12, outcome.length() > 200 ? outcome.substring(0, 200) : outcome);
            ps.executeUpdate();
        }
    }

    /** Records an item once per request and SHA-256; true when it is new. */
    private static boolean insertItem(Connection c, String requestId, PortalAnswer.ManifestItem item, String answerId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM portal_answer_item WHERE request_id = ? AND sha256 = ?")) {
            ps.setString(1, requestId);
            ps.setString(2, item.sha256());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return false;
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO portal_answer_item (request_id, sha256, item_id, media_type, size_bytes, download_uri, "
                + "answer_id) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, requestId);
            ps.setString(2, item.sha256());
            ps.setString(3, clip(item.itemId(), 200));
            ps.setString(4, clip(item.mediaType(), 200));
            ps.setLong(5, item.size());
            ps.setString(6, item.download() == null ? null : clip(item.download().uri().toString(), 2000));
            ps.setString(7, answerId);
            ps.executeUpdate();
        }
        return true;
    }

    private static String clip(String s, int max) {
        return s.length() > max ? s.substring(0, max) : s;
    }

    private static void setPreservation(Connection c, String requestId, Instant from, Instant until) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE request SET preservation_start = ?, preservation_end = ? WHERE id = ?")) {
            ps.setObject(1, OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
            ps.setObject(2, OffsetDateTime.ofInstant(until, ZoneOffset.UTC));
            ps.setString(3, requestId);
            ps.executeUpdate();
        }
    }
}
