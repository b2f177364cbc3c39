package eu.eevidence.gw.gateway.archive;

import eu.eevidence.gw.gateway.order.EventCode;
import eu.eevidence.gw.gateway.order.RequestRecord;
import eu.eevidence.gw.gateway.order.RequestRepository;
import eu.eevidence.gw.gateway.order.TimelineEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Secure archiving of ended requests (CM/Rec(2026)2 para 29.2, ADR-0039): the submitter moves a request in a terminal
 * state to the archive (a marker beside it, the state stays); an archived request is read only ({@link #readOnly}) and
 * every read of its content or evidence needs a reason and is recorded ({@link #recordRead}) as a timeline event (and so
 * a custody event) naming the reader's fingerprint and the reason. Nothing is recorded for a refused call. The archive's
 * retention ({@code retentionDays}, from the archiving) replaces the normal one in the retention.
 */
public final class Archives {

    private static final Logger LOG = LoggerFactory.getLogger(Archives.class);
    /** The longest reason recorded (the column's width). */
    public static final int MAX_REASON = 500;
    /** The archive's retention unless the deployment sets one: ten years. */
    public static final int DEFAULT_RETENTION_DAYS = 3650;

    private final RequestRepository requests;
    private final Clock clock;
    private final int retentionDays;

    public Archives(RequestRepository requests, Clock clock, int retentionDays) {
        if (retentionDays < 1) {
            throw new IllegalArgumentException("the archive's retention is at least one day");
        }
        this.requests = requests;
        this.clock = clock;
        this.retentionDays = retentionDays;
    }

    /** Outcome of {@link #archive} and {@link #recordRead}: the error to answer with, or none. */
    public enum Outcome {
        DONE(null), NOT_FOUND(null), NOT_ENDED(ArchiveError.NOT_ENDED), ALREADY(ArchiveError.ALREADY),
        NOT_ARCHIVED(null), REASON(ArchiveError.REASON);

        private final ArchiveError error;

        Outcome(ArchiveError error) {
            this.error = error;
        }

        public ArchiveError error() {
            return error;
        }
    }

    /** Archives a request of {@code ownerFingerprint} that has ended; another owner's request is NOT_FOUND. */
    public Outcome archive(String id, String ownerFingerprint, String reason) {
        if (blank(reason)) {
            return Outcome.REASON;
        }
        Instant now = clock.instant();
        Outcome o = requests.database().inTx(c -> {
            Optional<RequestRecord> r = requests.find(c, id, true).filter(x -> x.ownerFingerprint().equals(ownerFingerprint));
            if (r.isEmpty()) {
                return Outcome.NOT_FOUND;
            }
            if (!r.get().state().isTerminal()) {
                return Outcome.NOT_ENDED;
            }
            if (ArchiveStore.find(c, id).isPresent()) {
                return Outcome.ALREADY;
            }
            String actor = "client:" + ownerFingerprint;
            ArchiveStore.insert(c, new ArchiveStore.Marker(id, actor, now, clip(reason), retentionDays));
            requests.appendEvent(c, id, new TimelineEvent(0, EventCode.ARCHIVED, r.get().state(), r.get().state(), now, now,
                    actor, "archived, read only, retention " + retentionDays + " days; reason: " + clip(reason)));
            return Outcome.DONE;
        });
        if (o == Outcome.DONE) {
            LOG.info(ArchiveError.ARCHIVED.code() + " request {} archived", id);
        }
        return o;
    }

    /** Whether {@code id} is archived, so that every action, follow-up and upload on it is refused (409 READ_ONLY). */
    public boolean readOnly(String id) {
        return marker(id).isPresent();
    }

    /** The archive marker of {@code id}, if archived. */
    public Optional<ArchiveStore.Marker> marker(String id) {
        return requests.database().read(c -> ArchiveStore.find(c, id));
    }

    /**
     * Records a read of an archived request's {@code what} (content, evidence item, details) by {@code readerFingerprint}
     * with its reason: REASON (nothing recorded) without one, NOT_ARCHIVED when the request is not archived (no reason
     * needed, nothing recorded here), DONE once recorded. The caller checked that the reader may see the request.
     */
    public Outcome recordRead(String id, String readerFingerprint, String what, String reason) {
        Instant now = clock.instant();
        return requests.database().inTx(c -> {
            Optional<RequestRecord> r = requests.find(c, id, true);
            if (r.isEmpty() || ArchiveStore.find(c, id).isEmpty()) {
                return r.isEmpty() ? Outcome.NOT_FOUND : Outcome.NOT_ARCHIVED;
            }
            if (blank(reason)) {
                return Outcome.REASON;
            }
            requests.appendEvent(c, id, new TimelineEvent(0, EventCode.ARCHIVE_READ, r.get().state(), r.get().state(), now, now,
                    "client:" + readerFingerprint, "read of " + what + "; reason: " + clip(reason)));
            return Outcome.DONE;
        });
    }

    private static boolean blank(String reason) {
        return reason == null || reason.isBlank();
    }

    private static String clip(String reason) {
        String t = reason.strip();
        return t.length() <= MAX_REASON ? t : t.substring(0, MAX_REASON);
    }
}
