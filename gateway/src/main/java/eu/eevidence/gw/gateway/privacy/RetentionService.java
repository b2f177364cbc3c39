package eu.eevidence.gw.gateway.privacy;

import eu.eevidence.gw.gateway.infra.StorageException;
import eu.eevidence.gw.gateway.infra.Tx;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.eevidence.gw.gateway.order.EventCode;
import eu.eevidence.gw.gateway.order.RequestRecord;
import eu.eevidence.gw.gateway.order.RequestRepository;
import eu.eevidence.gw.gateway.order.RequestState;
import eu.eevidence.gw.gateway.order.TimelineEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Purges the personal data of closed requests at the end of their retention period (rules as data in
 * {@code deadlines/retention.json}), unless a legal hold is recorded: the request's data key is destroyed and its
 * content erased in every store ({@link eu.eevidence.gw.gateway.privacy.RequestShredder}, ADR-0020); the metadata and
 * the timeline (without free text) stay for audit; each purge is a timeline event (and so a custody event). Placing and lifting a hold are timeline events too.
 */
public final class RetentionService {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionService.class);
    private static final String ACTOR = "node:retention";

    private final RequestRepository requests;
    private final Clock clock;
    private final long defaultDays;
    private final Map<String, Rule> byType;
    private final eu.eevidence.gw.gateway.privacy.RequestShredder shredder;

    record Rule(long days, String source) {
    }

    public RetentionService(RequestRepository requests, Clock clock) {
        this(requests, clock, null);
    }

    /** {@code evidence}: the store whose files of a purged request the shredder deletes (null: none). */
    public RetentionService(RequestRepository requests, Clock clock, eu.eevidence.gw.gateway.evidence.EvidenceStore evidence) {
        this.shredder = new eu.eevidence.gw.gateway.privacy.RequestShredder(evidence);
        this.requests = requests;
        this.clock = clock;
        try (InputStream in = RetentionService.class.getResourceAsStream("/deadlines/retention.json")) {
            JsonNode root = new ObjectMapper().readTree(in);
            this.defaultDays = root.path("defaultDaysAfterClosure").asLong(45);
            Map<String, Rule> m = new HashMap<>();
            for (JsonNode r : root.path("rules")) {
                for (JsonNode t : r.path("messageTypes")) {
                    m.put(t.asText(), new Rule(r.path("daysAfterClosure").asLong(), r.path("source").asText()));
                }
            }
            this.byType = Map.copyOf(m);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Days after closure for a message type. */
    public long retentionDays(String messageType) {
        Rule r = byType.get(messageType);
        return r == null ? defaultDays : r.days();
    }

    /** Purges every closed request whose retention ended and that has no legal hold. Returns how many. */
    public int purgeDue() {
        Instant now = clock.instant();
        String terminal = java.util.Arrays.stream(RequestState.values()).filter(RequestState::isTerminal)
                .map(s -> "'" + s.name() + "'").collect(Collectors.joining(", "));
        long minDays = java.util.stream.LongStream.concat(java.util.stream.LongStream.of(defaultDays),
                byType.values().stream().mapToLong(Rule::days)).min().orElse(defaultDays);
        List<String[]> candidates = requests.database().read(c -> {
            List<String[]> out = new ArrayList<>();
            try (PreparedStatement ps = c.connection().prepareStatement(
                    "SELECT id, message_type, updated_at FROM request WHERE purged_at IS NULL AND legal_hold IS NULL "
                    + "AND state IN (" + terminal + ") AND updated_at < ? ORDER BY updated_at LIMIT 1000")) {
                ps.setObject(1, OffsetDateTime.ofInstant(now.minus(Duration.ofDays(minDays)), ZoneOffset.UTC));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new String[] {rs.getString(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class).toInstant().toString()});
                    }
                }
            }
            return out;
        });
        int purged = 0;
        for (String[] c : candidates) {
            long days = retentionDays(c[1]);
            if (Instant.parse(c[2]).plus(Duration.ofDays(days)).isAfter(now)) {
                continue;
            }
            if (purge(c[0], days, now)) {
                purged++;
            }
        }
        return purged;
    }

    private volatile eu.eevidence.gw.gateway.privacy.OnwardTransfers onward;

    /** Onward transfers of requests' data (Protocol Art. 14(10)), recorded beside retention (ADR-0020). */
    public eu.eevidence.gw.gateway.privacy.OnwardTransfers onwardTransfers() {
        if (onward == null) {
            onward = new eu.eevidence.gw.gateway.privacy.OnwardTransfers(requests, clock);
        }
        return onward;
    }

    /** The shredder that purges use. */
    public eu.eevidence.gw.gateway.privacy.RequestShredder shredder() {
        return shredder;
    }

    private boolean purge(String id, long days, Instant now) {
        eu.eevidence.gw.gateway.privacy.RequestShredder.Shredded[] done = {null};
        boolean purged = requests.database().inTx(c -> {
            RequestRecord r = requests.find(c, id, true).orElse(null);
            if (r == null || !r.state().isTerminal() || !purgeable(c, id)) {
                return false;
            }
            done[0] = shredder.shred(c, requests.database().dataKeys(), id, now);
            requests.appendEvent(c, id, new TimelineEvent(0, EventCode.RETENTION_PURGED, r.state(), r.state(), now, now, ACTOR,
                    "personal data destroyed " + days + " days after closure (data key, content, evidence, answers, notices); metadata and timeline kept"));
            LOG.info(PrivacyError.RET_PURGED.code() + " request {} ({} days after closure)", id, days);
            return true;
        });
        if (purged) {
            done[0].deleteFiles();
        }
        return purged;
    }

    /** What an operator purge answered. */
    public enum PurgeOutcome { PURGED, UNKNOWN, ALREADY_PURGED, LEGAL_HOLD, NOT_CLOSED }

    /**
     * Purges a closed request now, on the request of its owner ({@code actor}): the same destruction as at the end of
     * retention, recorded on the timeline and in the custody log. A legal hold or a request still in progress refuses it.
     */
    public PurgeOutcome purgeNow(String id, String actor, String reason) {
        Instant now = clock.instant();
        eu.eevidence.gw.gateway.privacy.RequestShredder.Shredded[] done = {null};
        PurgeOutcome o = requests.database().inTx(c -> {
            RequestRecord r = requests.find(c, id, true).orElse(null);
            if (r == null) {
                return PurgeOutcome.UNKNOWN;
            }
            String[] row = holdAndPurged(c, id);
            if (row[1] != null) {
                return PurgeOutcome.ALREADY_PURGED;
            }
            if (row[0] != null) {
                return PurgeOutcome.LEGAL_HOLD;
            }
            if (!r.state().isTerminal()) {
                return PurgeOutcome.NOT_CLOSED;
            }
            done[0] = shredder.shred(c, requests.database().dataKeys(), id, now);
            requests.appendEvent(c, id, new TimelineEvent(0, EventCode.RETENTION_PURGED, r.state(), r.state(), now, now, actor,
                    "personal data destroyed on request of the owner (data key, content, evidence, answers, notices)"
                            + (reason == null ? "" : "; reason given: " + reason)));
            return PurgeOutcome.PURGED;
        });
        if (o == PurgeOutcome.PURGED) {
            done[0].deleteFiles();
            LOG.info(PrivacyError.RET_PURGED.code() + " request {} on request of {}", id, actor);
        }
        return o;
    }

    /** True once the request's personal data were purged. */
    public boolean isPurged(String id) {
        return requests.database().read(c -> holdAndPurged(c, id)[1] != null);
    }

    private static boolean purgeable(Tx c, String id) {
        String[] row = holdAndPurged(c, id);
        return row[0] == null && row[1] == null;
    }

    private static String[] holdAndPurged(Tx c, String id) {
        try {
            try (PreparedStatement ps = c.connection().prepareStatement("SELECT legal_hold, purged_at FROM request WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return new String[] {null, null};
                    }
                    Object purged = rs.getObject(2);
                    return new String[] {rs.getString(1), purged == null ? null : purged.toString()};
                }
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    /** Records an access to the request's personal data on its timeline (and so in the custody log). */
    public void recordAccess(String id, String actor, String what) {
        Instant now = clock.instant();
        requests.database().inTx(c -> {
            RequestRecord r = requests.find(c, id, true).orElse(null);
            if (r != null) {
                requests.appendEvent(c, id, new TimelineEvent(0, EventCode.PERSONAL_DATA_ACCESSED, r.state(), r.state(), now, now, actor, what));
            }
            return null;
        });
    }

    /** Places (reason non-null) or lifts (reason null) a legal hold. Returns false if the request is unknown or already purged. */
    public boolean setLegalHold(String id, String reason, String actor) {
        Instant now = clock.instant();
        return requests.database().inTx(c -> {
            RequestRecord r = requests.find(c, id, true).orElse(null);
            if (r == null) {
                return false;
            }
            try (PreparedStatement ps = c.connection().prepareStatement(
                    "UPDATE request SET legal_hold = ?, version = version + 1 WHERE id = ? AND purged_at IS NULL")) {
                ps.setString(1, reason);
                ps.setString(2, id);
                if (ps.executeUpdate() != 1) {
                    return false;
                }
            }
            requests.appendEvent(c, id, new TimelineEvent(0, reason == null ? EventCode.LEGAL_HOLD_LIFTED : EventCode.LEGAL_HOLD_PLACED, r.state(),
                    r.state(), now, now, actor, reason));
            return true;
        });
    }
}
