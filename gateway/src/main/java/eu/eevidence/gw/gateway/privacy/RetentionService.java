package eu.eevidence.gw.gateway.privacy;

import eu.eevidence.gw.gateway.infra.Tx;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.eevidence.gw.gateway.order.EventCode;
import eu.eevidence.gw.gateway.order.RequestRecord;
import eu.eevidence.gw.gateway.order.RequestDataPurge;
import eu.eevidence.gw.gateway.order.RequestRepository;
import eu.eevidence.gw.gateway.order.RequestRetentionStore;
import eu.eevidence.gw.gateway.order.RequestState;
import eu.eevidence.gw.gateway.order.TimelineEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
    private final RequestRetentionStore store;
    private final Clock clock;
    private final long defaultDays;
    private final Map<String, Rule> byType;
    private final eu.eevidence.gw.gateway.privacy.RequestShredder shredder;

    record Rule(long days, String source) {
    }

    /**
     * A retention whose purges reach the stores of the features below privacy (the request's own rows, answers, replay
     * guard, evidence rows without their files, custody records), not those above it (transfers, hand-offs, the network
     * outbox, inbound cases): for tests; the node gives every feature's part.
     */
    public RetentionService(RequestRepository requests, Clock clock) {
        this(requests, new RequestRetentionStore(), clock, List.of(new eu.eevidence.gw.gateway.answer.AnswerPurgeStore(),
                new eu.eevidence.gw.gateway.intake.SubmissionPurgeStore(), new eu.eevidence.gw.gateway.evidence.EvidencePurgeStore(null),
                eu.eevidence.gw.gateway.custody.CustodyRecordStore.forPurge()));
    }

    /**
     * {@code store}: the request's retention columns and its own part of a purge (run first); {@code parts}: the other
     * features' parts of a purge, in order (node/NodeAssembly gives every feature's, ADR-0020).
     */
    public RetentionService(RequestRepository requests, RequestRetentionStore store, Clock clock, List<RequestDataPurge> parts) {
        List<RequestDataPurge> all = new java.util.ArrayList<>();
        all.add(store);
        all.addAll(parts);
        this.shredder = new eu.eevidence.gw.gateway.privacy.RequestShredder(all);
        this.store = store;
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
        List<RequestState> terminal = java.util.Arrays.stream(RequestState.values()).filter(RequestState::isTerminal).toList();
        long minDays = java.util.stream.LongStream.concat(java.util.stream.LongStream.of(defaultDays),
                byType.values().stream().mapToLong(Rule::days)).min().orElse(defaultDays);
        List<RequestRetentionStore.Closed> candidates = requests.database().read(c -> store.closedBefore(c, terminal,
                now.minus(Duration.ofDays(minDays))));
        int purged = 0;
        for (RequestRetentionStore.Closed c : candidates) {
            long days = retentionDays(c.messageType());
            Instant end = c.updatedAt().plus(Duration.ofDays(days));
            java.util.Optional<eu.eevidence.gw.gateway.archive.ArchiveStore.Marker> archived = requests.database().read(
                    tx -> eu.eevidence.gw.gateway.archive.ArchiveStore.find(tx, c.id()));
            if (archived.isPresent()) { // the archive's own retention replaces the normal one (ADR-0039)
                days = archived.get().retentionDays();
                end = archived.get().archivedAt().plus(Duration.ofDays(days));
            }
            if (end.isAfter(now)) {
                continue;
            }
            if (purge(c.id(), days, now)) {
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
            RequestRetentionStore.Hold row = store.hold(c, id);
            if (row.purgedAt() != null) {
                return PurgeOutcome.ALREADY_PURGED;
            }
            if (row.legalHold() != null) {
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
        return requests.database().read(c -> store.hold(c, id).purgedAt() != null);
    }

    private boolean purgeable(Tx c, String id) {
        RequestRetentionStore.Hold row = store.hold(c, id);
        return row.legalHold() == null && row.purgedAt() == null;
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
            if (!store.setLegalHold(c, id, reason)) {
                return false;
            }
            requests.appendEvent(c, id, new TimelineEvent(0, reason == null ? EventCode.LEGAL_HOLD_LIFTED : EventCode.LEGAL_HOLD_PLACED, r.state(),
                    r.state(), now, now, actor, reason));
            return true;
        });
    }
}
