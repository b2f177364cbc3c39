package eu.eevidence.gw.gateway.deadline;

import eu.eevidence.gw.gateway.infra.Tx;
import eu.eevidence.gw.gateway.alert.Alarm;
import eu.eevidence.gw.gateway.alert.AlarmLog;
import eu.eevidence.gw.gateway.order.EventCode;
import eu.eevidence.gw.gateway.order.LifecycleListener;
import eu.eevidence.gw.gateway.order.RequestRecord;
import eu.eevidence.gw.gateway.order.RequestRepository;
import eu.eevidence.gw.gateway.order.RequestState;
import eu.eevidence.gw.gateway.order.TimelineEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The durable deadline engine. Lifecycle events start, meet, cancel, suspend and resume deadlines inside the
 * caller's transaction; {@link #tick()} fires due alarms (warnings and ends) exactly once each (a conditional
 * update of the alarm row decides who fires), records them on the timeline in the same transaction, and then
 * hands them to the broker through an outbox ({@link #publishPending()}), with the alarm id as duplicate id so
 * a crash between commit and publication neither loses nor doubles a notification. Time comes only from the
 * injected clock, so simulations run months in seconds and a node that was down fires what fell due on start.
 */
public final class DeadlineEngine implements LifecycleListener {

    private static final Logger LOG = LoggerFactory.getLogger(DeadlineEngine.class);
    private static final String ACTOR = "node:deadline-engine";
    private static final int BATCH = 500;

    private final RequestRepository requests;
    private final DeadlineRules rules;
    private final DeadlineCalculator calculator;
    private final WarningPolicy warnings;
    private final DeadlineNotifier notifier;
    private final Clock clock;
    private final AlarmLog alarms;
    private final DeadlineRepository store = new DeadlineRepository();

    public DeadlineEngine(RequestRepository requests, DeadlineRules rules, DeadlineCalculator calculator, WarningPolicy warnings,
                          DeadlineNotifier notifier, Clock clock) {
        this(requests, rules, calculator, warnings, notifier, clock, AlarmLog.NONE);
    }

    /** {@code alarms}: warnings and breaches also become alarms that reach people (ADR-0030), in the firing transaction. */
    public DeadlineEngine(RequestRepository requests, DeadlineRules rules, DeadlineCalculator calculator, WarningPolicy warnings,
                          DeadlineNotifier notifier, Clock clock, AlarmLog alarms) {
        this.alarms = alarms;
        this.requests = requests;
        this.rules = rules;
        this.calculator = calculator;
        this.warnings = warnings;
        this.notifier = notifier;
        this.clock = clock;
    }

    /** The zone of a party (its holiday calendar's), for showing ends in local time. */
    public java.time.ZoneId zoneOf(String country) {
        return calculator.zone(country);
    }

    public DeadlineRules rules() {
        return rules;
    }

    /** What the engine needs to know about a request to start its deadlines. */
    public record Context(Set<String> flags, Integer requestedDays, Instant notBefore, Integer requestedHours) {
        public static final Context NONE = new Context(Set.of(), null, null, null);

        public Context {
            flags = flags == null ? Set.of() : Set.copyOf(flags);
        }

        /** Without a period in hours stated by the order. */
        public Context(Set<String> flags, Integer requestedDays, Instant notBefore) {
            this(flags, requestedDays, notBefore, null);
        }

        public static Set<String> parseFlags(String stored) {
            return stored == null || stored.isBlank() ? Set.of() : new LinkedHashSet<>(Arrays.asList(stored.split(",")));
        }
    }

    @Override
    public void onEvent(Tx c, RequestRecord r, String event, Instant at, Instant notBefore) {
        apply(c, r, event, at, store.context(c, r.id(), notBefore));
    }

    /**
     * Applies a lifecycle event to the request's deadlines, inside the caller's transaction (which should hold
     * the request's row lock). {@code event} is a rule trigger name, e.g. ACCEPTED, DELIVERED, PRESERVED.
     */
    void apply(Tx c, RequestRecord r, String event, Instant at, Context ctx) {
        Instant now = clock.instant();
        List<Deadline> existing = store.forRequest(c, r.id());
        for (Deadline d : existing) {
            if (!d.state().isOpen()) {
                continue;
            }
            DeadlineRule rule = rules.find(d.ruleId(), r.requestedParty()).orElse(null);
            if (rule == null) {
                continue;
            }
            if (rule.metBy().contains(event)) {
                close(c, d, DeadlineState.MET, at, now, EventCode.DEADLINE_MET, "met by " + event);
            } else if (rule.cancelledBy().contains(event)) {
                close(c, d, DeadlineState.CANCELLED, at, now, EventCode.DEADLINE_CANCELLED, "cancelled by " + event);
            } else if (rule.suspendedBy().contains(event) && d.state() == DeadlineState.RUNNING) {
                long remaining = Math.max(0, Duration.between(at, d.dueAt()).toMillis());
                DeadlineState to = rule.holdWhileSuspended() ? DeadlineState.HELD : DeadlineState.SUSPENDED;
                store.update(c, new Deadline(d.id(), d.requestId(), d.ruleId(), d.instrument(), d.onDue(), to, d.startedAt(), null, remaining,
                        d.extensions(), null, d.source()));
                timeline(c, r.id(), to == DeadlineState.HELD ? EventCode.DEADLINE_HELD : EventCode.DEADLINE_SUSPENDED, at, now,
                        d.ruleId() + (to == DeadlineState.HELD ? " held open (no end) by " : " clock stopped by ") + event
                                + "; " + Duration.ofMillis(remaining) + " left");
            } else if (rule.resumedBy().contains(event) && (d.state() == DeadlineState.SUSPENDED || d.state() == DeadlineState.HELD)) {
                Instant due = at.plusMillis(d.remainingMillis() == null ? 0 : d.remainingMillis());
                Deadline resumed = new Deadline(d.id(), d.requestId(), d.ruleId(), d.instrument(), d.onDue(), DeadlineState.RUNNING,
                        d.startedAt(), due, null, d.extensions(), null, d.source());
                store.update(c, resumed);
                store.replaceUnfiredAlarms(c, resumed, alarms(at, due));
                timeline(c, r.id(), EventCode.DEADLINE_RESUMED, at, now, d.ruleId() + " resumed by " + event + "; due " + due);
            }
        }
        for (DeadlineRule rule : rules.startingOn(r.messageType(), ctx.flags(), event, r.requestedParty())) {
            String id = Deadline.idOf(r.id(), rule.id());
            if (existing.stream().anyMatch(d -> d.id().equals(id))) {
                continue; // a rule starts once per request
            }
            long amount = amount(rule, ctx);
            Instant due = calculator.end(at, amount, rule.unit(), r.requestedParty());
            if (ctx.notBefore() != null && rule.onDue() == DueAction.EXPIRY && ctx.notBefore().isAfter(due)) {
                due = ctx.notBefore();
            }
            Deadline d = new Deadline(id, r.id(), rule.id(), rule.instrument(), rule.onDue(), DeadlineState.RUNNING, at, due, null, 0, null,
                    rule.source());
            store.insert(c, d);
            store.replaceUnfiredAlarms(c, d, alarms(at, due));
            timeline(c, r.id(), EventCode.DEADLINE_STARTED, at, now, rule.id() + " due " + due + " (" + amount + " " + rule.unit()
                    + "; " + rule.source() + ")");
        }
        store.refreshNextDeadline(c, r.id());
    }

    /**
     * The period of a rule for this request: a period the order states (days, or hours such as a removal order's
     * {@code removeWithinHours}) lengthens the rule's when the rule lets the order extend it (or is a floor).
     */
    static long amount(DeadlineRule rule, Context ctx) {
        long amount = rule.amount();
        if (ctx.requestedDays() != null && rule.unit() == DeadlineUnit.CALENDAR_DAYS
                && (rule.onDue() == DueAction.EXPIRY || rule.orderMayExtend())) {
            amount = Math.max(amount, ctx.requestedDays());
        }
        if (ctx.requestedHours() != null && rule.unit() == DeadlineUnit.HOURS && rule.orderMayExtend()) {
            amount = Math.max(amount, ctx.requestedHours());
        }
        return amount;
    }

    /**
     * Extends a running deadline once by what its instrument allows (e.g. EPOC-PR by 30 days, Annex VI).
     * Returns the new end, or a stable error code.
     */
    public Result extend(Tx c, RequestRecord r, String ruleId, String actor) {
        Instant now = clock.instant();
        Optional<Deadline> found = store.find(c, Deadline.idOf(r.id(), ruleId));
        if (found.isEmpty() || found.get().state() != DeadlineState.RUNNING) {
            return Result.error(DeadlineError.DDL_010.code(), "no running deadline " + ruleId + " on this request");
        }
        Deadline d = found.get();
        DeadlineRule rule = rules.find(ruleId, r.requestedParty()).orElseThrow();
        if (rule.extension() == null) {
            return Result.error(DeadlineError.DDL_011.code(), ruleId + " cannot be extended (" + rule.source() + ")");
        }
        if (d.extensions() >= rule.extension().max()) {
            return Result.error(DeadlineError.DDL_012.code(), ruleId + " was already extended " + d.extensions() + " time(s); the instrument allows "
                    + rule.extension().max() + " (" + rule.extension().source() + ")");
        }
        Instant due = calculator.end(d.dueAt(), rule.extension().amount(), rule.extension().unit(), r.requestedParty());
        Deadline extended = new Deadline(d.id(), d.requestId(), d.ruleId(), d.instrument(), d.onDue(), d.state(), d.startedAt(), due, null,
                d.extensions() + 1, null, d.source());
        store.update(c, extended);
        store.replaceUnfiredAlarms(c, extended, alarms(now, due));
        timeline(c, r.id(), EventCode.DEADLINE_EXTENDED, now, now, ruleId + " extended by " + rule.extension().amount() + " "
                + rule.extension().unit() + " to " + due + " by " + actor + " (" + rule.extension().source() + ")");
        store.refreshNextDeadline(c, r.id());
        return Result.ok(due);
    }

    /** Sets a new end for a running deadline (a "new deadline" message, or an order that states a longer period). */
    public Result changeDue(Tx c, RequestRecord r, String ruleId, Instant newDue, String actor, String reason) {
        Instant now = clock.instant();
        Optional<Deadline> found = store.find(c, Deadline.idOf(r.id(), ruleId));
        if (found.isEmpty() || found.get().state() != DeadlineState.RUNNING) {
            return Result.error(DeadlineError.DDL_010.code(), "no running deadline " + ruleId + " on this request");
        }
        Deadline d = found.get();
        DeadlineRule rule = rules.find(ruleId, r.requestedParty()).orElseThrow();
        if (rule.onDue() == DueAction.EXPIRY && !rule.deploymentTarget() && newDue.isBefore(d.dueAt())) {
            return Result.error(DeadlineError.DDL_004.code(), ruleId + " is a legal floor (" + rule.source() + "); it may be lengthened, not shortened");
        }
        if (!newDue.isAfter(now)) {
            return Result.error(DeadlineError.DDL_013.code(), "the new end must be in the future");
        }
        Deadline changed = new Deadline(d.id(), d.requestId(), d.ruleId(), d.instrument(), d.onDue(), d.state(), d.startedAt(), newDue, null,
                d.extensions(), null, d.source());
        store.update(c, changed);
        store.replaceUnfiredAlarms(c, changed, alarms(now, newDue));
        timeline(c, r.id(), EventCode.DEADLINE_CHANGED, now, now, ruleId + " now due " + newDue + " (was " + d.dueAt() + ") by " + actor
                + (reason == null ? "" : ": " + reason));
        store.refreshNextDeadline(c, r.id());
        return Result.ok(newDue);
    }

    /** The outcome of an action on a deadline. */
    public record Result(Instant due, String code, String message) {
        static Result ok(Instant due) {
            return new Result(due, null, null);
        }

        static Result error(String code, String message) {
            return new Result(null, code, message);
        }

        public boolean isOk() {
            return code == null;
        }
    }

    public List<Deadline> deadlines(String requestId) {
        return requests.database().read(c -> store.forRequest(c, requestId));
    }

    /**
     * Fires every alarm that is due by the clock, oldest first, each exactly once, then publishes them. Returns the
     * number fired by this call. Safe to call from several threads or nodes sharing one database.
     */
    public synchronized int tick() {
        int fired = 0;
        while (true) {
            Instant now = clock.instant();
            List<DeadlineRepository.PendingAlarm> due = requests.database().read(c -> store.due(c, now, BATCH));
            if (due.isEmpty()) {
                break;
            }
            for (DeadlineRepository.PendingAlarm a : due) {
                if (fire(a, now)) {
                    fired++;
                }
            }
            if (due.size() < BATCH) {
                break;
            }
        }
        publishPending();
        return fired;
    }

    private boolean fire(DeadlineRepository.PendingAlarm a, Instant now) {
        return requests.database().inTx(c -> {
            RequestRecord r = requests.find(c, a.requestId(), true).orElse(null);
            Deadline d = store.find(c, a.deadlineId()).orElse(null);
            if (r == null || d == null || d.state() != DeadlineState.RUNNING || !store.markFired(c, a.id(), now)) {
                return false;
            }
            if (!DeadlineRepository.DUE_LABEL.equals(a.label())) {
                timeline(c, r.id(), EventCode.DEADLINE_WARNING, a.fireAt(), now, d.ruleId() + " " + a.label() + " of the period elapsed; due "
                        + d.dueAt());
                LOG.info(DeadlineError.DDL_WARNING.code() + " request {} {} {} due {}", r.id(), d.ruleId(), a.label(), d.dueAt());
                alarms.raise(c, new Alarm.DeadlineWarning(subject(r, d, d.id() + "|" + a.label())));
                return true;
            }
            DeadlineState closed = switch (d.onDue()) {
                case BREACH -> DeadlineState.BREACHED;
                case EXPIRY -> DeadlineState.EXPIRED;
                case INFORMATIONAL -> DeadlineState.CLOSED;
            };
            EventCode code = switch (d.onDue()) {
                case BREACH -> EventCode.DEADLINE_BREACHED;
                case EXPIRY -> EventCode.DEADLINE_EXPIRED;
                case INFORMATIONAL -> EventCode.DEADLINE_WINDOW_CLOSED;
            };
            store.update(c, new Deadline(d.id(), d.requestId(), d.ruleId(), d.instrument(), d.onDue(), closed, d.startedAt(), d.dueAt(), null,
                    d.extensions(), now, d.source()));
            timeline(c, r.id(), code, d.dueAt(), now, d.ruleId() + " reached its end (" + d.source() + ")");
            if (d.onDue() == DueAction.EXPIRY && r.lifecycle().canMove(r.state(), RequestState.EXPIRED)) {
                requests.appendEvent(c, r.id(), new TimelineEvent(0, EventCode.EXPIRED, r.state(), RequestState.EXPIRED, d.dueAt(), now, ACTOR,
                        d.ruleId() + " ended with no follow-up"));
                requests.setState(c, r.id(), RequestState.EXPIRED, now);
            }
            if (d.onDue() == DueAction.BREACH) {
                LOG.warn(DeadlineError.DDL_BREACH.code() + " request {} {} due {} not met", r.id(), d.ruleId(), d.dueAt());
                alarms.raise(c, new Alarm.DeadlineBreach(subject(r, d, d.id())));
            } else {
                LOG.info(DeadlineError.DDL_END.code() + " request {} {} {} at {}", r.id(), d.ruleId(), d.onDue(), d.dueAt());
            }
            store.refreshNextDeadline(c, r.id());
            return true;
        });
    }

    private static Alarm.Subject subject(RequestRecord r, Deadline d, String deadlineId) {
        return new Alarm.Subject(r.id(), r.messageType(), d.dueAt(), deadlineId, r.ownerFingerprint());
    }

    /** Hands fired alarms to the notifier (outbox); each is marked published after the broker took it. */
    public int publishPending() {
        int published = 0;
        List<DeadlineRepository.FiredAlarm> pending = requests.database().read(c -> store.unpublished(c, BATCH));
        for (DeadlineRepository.FiredAlarm a : pending) {
            DeadlineEvent event = DeadlineRepository.DUE_LABEL.equals(a.label())
                    ? new DeadlineEvent.Due(a.requestId(), a.ruleId(), a.onDue(), a.dueAt(), a.firedAt(), a.source())
                    : new DeadlineEvent.Warning(a.requestId(), a.ruleId(), a.label(), a.dueAt(), a.firedAt(), a.source());
            try {
                notifier.publish(event, "deadline-alarm-" + a.id());
            } catch (Exception e) {
                LOG.warn(DeadlineError.DDL_PUBLISH_RETRY.code() + " alarm {} of request {} not published yet ({}); kept in the outbox", a.id(), a.requestId(),
                        e.getClass().getSimpleName());
                break;
            }
            requests.database().inTx(c -> {
                store.markPublished(c, a.id(), clock.instant());
                return null;
            });
            published++;
        }
        return published;
    }

    private List<DeadlineRepository.Alarm> alarms(Instant start, Instant due) {
        List<DeadlineRepository.Alarm> out = new ArrayList<>();
        DeadlineCalculator.warningTimes(start, due, warnings).forEach((label, at) -> out.add(new DeadlineRepository.Alarm(label, at)));
        out.add(new DeadlineRepository.Alarm(DeadlineRepository.DUE_LABEL, due));
        return out;
    }

    private void close(Tx c, Deadline d, DeadlineState to, Instant at, Instant now, EventCode code, String detail) {
        store.update(c, new Deadline(d.id(), d.requestId(), d.ruleId(), d.instrument(), d.onDue(), to, d.startedAt(), d.dueAt(),
                d.remainingMillis(), d.extensions(), now, d.source()));
        timeline(c, d.requestId(), code, at, now, d.ruleId() + " " + detail);
    }

    private void timeline(Tx c, String requestId, EventCode code, Instant occurred, Instant recorded, String detail) {
        RequestRecord r = requests.find(c, requestId, false).orElseThrow();
        requests.appendEvent(c, requestId, new TimelineEvent(0, code, r.state(), r.state(), occurred, recorded, ACTOR, detail));
    }
}
