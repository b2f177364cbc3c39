package eu.eevidence.gw.gateway.delivery;

import eu.eevidence.gw.adapter.api.DeliveryOutcome;
import eu.eevidence.gw.adapter.api.DeliveryRequest;
import eu.eevidence.gw.adapter.api.PlatformAdapter;
import eu.eevidence.gw.gateway.alert.AlarmLog;
import eu.eevidence.gw.gateway.custody.CustodyRecorder;
import eu.eevidence.gw.gateway.observe.LogContext;
import eu.eevidence.gw.gateway.order.EventCode;
import eu.eevidence.gw.gateway.order.FollowUpType;
import eu.eevidence.gw.gateway.order.LifecycleListener;
import eu.eevidence.gw.gateway.order.Notice;
import eu.eevidence.gw.gateway.order.RequestRecord;
import eu.eevidence.gw.gateway.order.RequestRepository;
import eu.eevidence.gw.gateway.order.RequestState;
import eu.eevidence.gw.gateway.routing.Platform;
import eu.eevidence.gw.gateway.routing.PlatformRoutes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import eu.eevidence.gw.gateway.routing.RoutingError;
import eu.eevidence.gw.gateway.http.ErrorCode;

/**
 * One delivery attempt of one queued request, and what follows from its outcome. Plain class: the Camel route
 * hands it the queue message and carries out the returned {@link Next}: acknowledge the message, or send it again
 * to the same queue for a later time (in the same broker transaction). Retries are scheduled here, not by the
 * broker: exponential back-off with jitter, the portal's Retry-After as a floor, bounded in attempts and in time
 * since acceptance ({@link DeliveryPolicy}); a {@link CircuitBreaker} per destination holds attempts back while the
 * destination is down. The broker's own redelivery only covers rollbacks (a crash or an unexpected exception).
 * See docs/adr/0009-scheduled-retries-and-circuit-breaker.md. A node has two: one per lane (ADR-0031), the emergency
 * lane's with its own policy (seconds, not minutes) and its own circuit breakers, so that ordinary traffic neither
 * delays nor holds back an emergency.
 */
public final class DeliveryService {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryService.class);
    /** How long a half-open probe may stay out before another one is let through (longer than any adapter time-out). */
    public static final Duration PROBE_LEASE = Duration.ofSeconds(60);

    /** What to do with the queue message after this step. */
    public sealed interface Next permits Next.Done, Next.Retry, Next.DeadLetter {
        /** Nothing more for this message: acknowledge it. */
        record Done() implements Next {
        }

        /** The message cannot be read ({@link QueuedMessage.Unknown}): move it to the dead-letter queue as it is. */
        record DeadLetter() implements Next {
        }

        /** Send the message again, to be delivered after {@code delay} (the message in hand is acknowledged). */
        record Retry(Duration delay) implements Next {
        }

        Next DONE = new Done();
        Next DEAD_LETTER = new DeadLetter();
    }

    /** Fault-injection seam for tests: called after the portal answered and before the outcome is recorded. */
    @FunctionalInterface
    public interface AnswerHook {
        void answered(QueuedMessage message, DeliveryOutcome outcome);
    }

    private final RequestRepository requests;
    private final PlatformRoutes directory;
    private final AdapterRegistry adapters;
    private final Clock clock;
    private final DeliveryPolicy policy;
    private final CircuitBreakers breakers;
    private final DeliveryMetrics metrics;
    private final DoubleSupplier random;
    private volatile AnswerHook answerHook = (id, outcome) -> { };
    private final java.util.function.Supplier<QueuedMessageHandler> networkSends;
    private final DeliveryKeys keys;
    private final ManualHandoff manualHandoff;
    private final RequestOutcomes outcomes;
    private final NoticeOutcomes notices;
    private final DeadLetters deadLetters;

    /** The idempotency key sent to a destination for a request (the request id unless a destination kind needs another). */
    @FunctionalInterface
    public interface DeliveryKeys {
        DeliveryKeys REQUEST_ID = (platform, record) -> record.idempotencyKeyForDelivery();

        String keyFor(Platform platform, RequestRecord record);
    }

    /**
     * Where delivery hands what is not a platform adapter's: {@code networkSends} gives what takes
     * {@link QueuedMessage.NetworkSend} messages (the network outbox, which is built after delivery starts; null or giving
     * null: none), {@code manualHandoff} the platforms of kind {@link ManualHandoff#KIND}
     * (null: none), {@code keys} chooses the idempotency key of a request's delivery (peer nodes: the catalogue message id).
     */
    public record Handlers(java.util.function.Supplier<QueuedMessageHandler> networkSends, ManualHandoff manualHandoff, DeliveryKeys keys) {
        public static final Handlers NONE = new Handlers(null, null, DeliveryKeys.REQUEST_ID);

        public Handlers {
            keys = keys == null ? DeliveryKeys.REQUEST_ID : keys;
            networkSends = networkSends == null ? () -> null : networkSends;
        }
    }

    public DeliveryService(RequestRepository requests, PlatformRoutes directory, AdapterRegistry adapters, Clock clock) {
        this(requests, directory, adapters, clock, LifecycleListener.NONE, CustodyRecorder.NONE);
    }

    public DeliveryService(RequestRepository requests, PlatformRoutes directory, AdapterRegistry adapters, Clock clock, CustodyRecorder custody) {
        this(requests, directory, adapters, clock, LifecycleListener.NONE, custody);
    }

    public DeliveryService(RequestRepository requests, PlatformRoutes directory, AdapterRegistry adapters, Clock clock,
                           LifecycleListener lifecycle, CustodyRecorder custody) {
        this(requests, directory, adapters, clock, lifecycle, custody, DeliveryPolicy.defaults(), new DeliveryMetrics(),
                () -> ThreadLocalRandom.current().nextDouble());
    }

    public DeliveryService(RequestRepository requests, PlatformRoutes directory, AdapterRegistry adapters, Clock clock,
                           LifecycleListener lifecycle, CustodyRecorder custody, DeliveryPolicy policy, DeliveryMetrics metrics, DoubleSupplier random) {
        this(requests, directory, adapters, clock, lifecycle, custody, policy, new Parts(metrics, random, Handlers.NONE));
    }

    /**
     * What a node adds to the delivery of the other constructors: its metrics, the jitter's random source, its handlers,
     * where it raises alarms, and the prefix of its circuit breakers' names ({@code emergency:} for the emergency lane's
     * delivery, ADR-0031; null or empty: none).
     */
    public record Parts(DeliveryMetrics metrics, DoubleSupplier random, Handlers handlers, AlarmLog alarms, String breakerPrefix) {
        public Parts(DeliveryMetrics metrics, DoubleSupplier random, Handlers handlers) {
            this(metrics, random, handlers, AlarmLog.NONE, "");
        }

        public Parts(DeliveryMetrics metrics, DoubleSupplier random, Handlers handlers, AlarmLog alarms) {
            this(metrics, random, handlers, alarms, "");
        }

        public Parts {
            alarms = alarms == null ? AlarmLog.NONE : alarms;
            breakerPrefix = breakerPrefix == null ? "" : breakerPrefix;
        }
    }

    public DeliveryService(RequestRepository requests, PlatformRoutes directory, AdapterRegistry adapters, Clock clock,
                           LifecycleListener lifecycle, CustodyRecorder custody, DeliveryPolicy policy, Parts parts) {
        DoubleSupplier random = parts.random();
        DeliveryMetrics metrics = parts.metrics();
        this.networkSends = parts.handlers().networkSends();
        this.manualHandoff = parts.handlers().manualHandoff();
        this.keys = parts.handlers().keys();
        this.requests = requests;
        this.directory = directory;
        this.adapters = adapters;
        this.clock = clock;
        this.policy = policy;
        this.metrics = metrics;
        this.random = random;
        this.breakers = new CircuitBreakers(clock, policy, PROBE_LEASE, parts.breakerPrefix());
        this.outcomes = new RequestOutcomes(requests, directory, clock, lifecycle, custody, parts.alarms(), metrics);
        this.notices = new NoticeOutcomes(requests, clock, parts.alarms(), metrics);
        this.deadLetters = new DeadLetters(requests, outcomes, notices, networkSends);
    }

    /** The outcome label of an attempt's latency: delivered, rejected or retryable. */
    static String outcomeName(DeliveryOutcome outcome) {
        if (outcome instanceof DeliveryOutcome.Delivered) {
            return "delivered";
        }
        return outcome instanceof DeliveryOutcome.Rejected ? "rejected" : "retryable";
    }

    /** The per-destination circuit breakers (for metrics). */
    public CircuitBreakers breakers() {
        return breakers;
    }

    public DeliveryMetrics metrics() {
        return metrics;
    }

    public DeliveryPolicy policy() {
        return policy;
    }

    /** Installs a fault-injection hook (tests only; null removes it). */
    public void setAnswerHook(AnswerHook hook) {
        this.answerHook = hook == null ? (id, outcome) -> { } : hook;
    }

    /** Handles one queue message (see {@link QueuedMessageCodec} for how it is read from the queue body). */
    public Next deliver(QueuedMessage message) {
        return message.accept(new QueuedMessage.Visitor<Next, RuntimeException>() {
            @Override
            public Next request(QueuedMessage.RequestDelivery m) {
                try (LogContext.Scope ignored = LogContext.enter(null, m.requestId())) {
                    return deliverRequest(m); // ADR-0027: the JSON log lines carry the request id
                }
            }

            @Override
            public Next notice(QueuedMessage.NoticeDelivery m) {
                return deliverNotice(m);
            }

            @Override
            public Next network(QueuedMessage.NetworkSend m) {
                return sendToNetwork(m);
            }

            @Override
            public Next unknown(QueuedMessage.Unknown m) {
                LOG.error(DeliveryError.DLV_UNREADABLE.code() + " queued message not read ({}): {}; moved to the dead-letter queue", m.reason(),
                        QueuedMessageCodec.printable(m.raw()));
                metrics.deadLetters.increment();
                return Next.DEAD_LETTER;
            }
        });
    }

    /** A network outbox entry, through its handler; the delivery policy decides on retries. */
    private Next sendToNetwork(QueuedMessage.NetworkSend m) {
        QueuedMessageHandler handler = networkSends.get();
        String id = m.outboxId();
        if (handler == null) {
            LOG.warn(DeliveryError.DLV_ORPHAN.code() + " queued message for outbox entry {} dropped: this node has no network outbox", id);
            return Next.DONE;
        }
        DeliveryOutcome.RetryableFailure failed = handler.deliver(id);
        if (failed == null) {
            return Next.DONE;
        }
        int attempts = handler.attempts(id);
        if (attempts >= policy.maxAttempts()) {
            handler.deadLettered(id);
            return Next.DONE;
        }
        metrics.retriesScheduled.increment();
        return new Next.Retry(policy.delayBefore(attempts + 1, failed.retryAfter(), random.getAsDouble()));
    }

    private Next deliverRequest(QueuedMessage.RequestDelivery message) {
        String requestId = message.requestId();
        Optional<RequestRecord> found = requests.find(requestId);
        if (found.isEmpty()) {
            LOG.warn(DeliveryError.DLV_ORPHAN.code() + " queued message for unknown request {} dropped", requestId);
            return Next.DONE;
        }
        RequestRecord record = found.get();
        if (!record.state().awaitsDelivery()) {
            LOG.info(DeliveryError.DLV_DONE.code() + " request {} already {}; duplicate queue message dropped", requestId, record.state());
            return Next.DONE;
        }
        Optional<Platform> platform = directory.find(record.platformId());
        if (platform.isPresent() && ManualHandoff.KIND.equals(platform.get().adapterKind()) && manualHandoff != null) {
            manualHandoff.prepare(requestId);
            return Next.DONE;
        }
        if (platform.isEmpty() && directory.wasRemoved(record.platformId())) {
            return removedFromDirectory(requestId, record); // dir: removed by a directory update after acceptance
        }
        Optional<PlatformAdapter> adapter = platform.flatMap(p -> adapters.forKind(p.adapterKind()));
        if (platform.isEmpty() || adapter.isEmpty()) {
            outcomes.finish(requestId, RequestState.FAILED, EventCode.DELIVERY_FAILED, DeliveryError.DLV_NO_ROUTE.code(),
                    "no platform or adapter configured for " + record.platformId(), clock.instant());
            return Next.DONE;
        }
        Instant giveUpAt = record.receivedAt().plus(policy.maxTotal());
        if (!clock.instant().isBefore(giveUpAt)) {
            outcomes.giveUp(requestId, record.platformId(), "delivery gave up: " + policy.maxTotal() + " since acceptance passed after "
                    + record.deliveryAttempts() + " attempt(s)");
            return Next.DONE;
        }
        CircuitBreaker breaker = breakers.forDestination(platform.get().id());
        CircuitBreaker.Permit permit = breaker.tryAcquire();
        if (!permit.allowed()) {
            metrics.heldByOpenCircuit.increment();
            LOG.debug(DeliveryError.CB_HELD.code() + " request {} held back: circuit of {} open", requestId, platform.get().id());
            return new Next.Retry(policy.spread(permit.retryIn(), random.getAsDouble()));
        }
        byte[] payload = requests.sealedPayload(requestId);
        int attempt = record.deliveryAttempts() + 1;
        DeliveryRequest delivery = new DeliveryRequest(requestId, keys.keyFor(platform.get(), record), platform.get().destination(), record.messageType(), payload, record.sealedSha256(), attempt);
        DeliveryOutcome outcome;
        long started = System.nanoTime(); // latency only (metrics); times of record come from the clock
        try {
            metrics.attempts.increment();
            outcome = adapter.get().deliver(delivery);
            metrics.attempt(platform.get().id(), "request", outcomeName(outcome), System.nanoTime() - started);
            answerHook.answered(message, outcome);
        } catch (RuntimeException | Error e) {
            metrics.attempt(platform.get().id(), "request", "error", System.nanoTime() - started);
            breaker.onNeutral(permit.probe());
            throw e;
        }
        if (outcome instanceof DeliveryOutcome.Delivered delivered) {
            breaker.onSuccess();
            outcomes.delivered(requestId, delivered, platform.get().id());
            metrics.delivered.increment();
            return Next.DONE;
        } else if (outcome instanceof DeliveryOutcome.Rejected rejected) {
            if (isOperatorProblem(rejected)) {
                breaker.onNeutral(permit.probe());
                return operatorProblem(requestId, platform.get().id(), rejected, giveUpAt);
            }
            breaker.onSuccess(); // the portal answered with a decision of its own
            LOG.warn(DeliveryError.DLV_REFUSED.code() + " request {} refused by {}: {} {}", requestId, platform.get().id(), rejected.httpStatus(),
                    rejected.code());
            outcomes.finish(requestId, RequestState.REFUSED, EventCode.REFUSED, rejected.code(), rejected.reason(), clock.instant());
            metrics.refused.increment();
            return Next.DONE;
        }
        DeliveryOutcome.RetryableFailure failure = (DeliveryOutcome.RetryableFailure) outcome;
        breaker.onFailure(failure.retryAfter());
        outcomes.attemptFailed(requestId, failure);
        if (attempt >= policy.maxAttempts()) {
            outcomes.giveUp(requestId, platform.get().id(), "delivery gave up after " + attempt + " attempts (last: " + failure.code() + ")");
            return Next.DONE;
        }
        Duration delay = policy.delayBefore(attempt + 1, failure.retryAfter(), random.getAsDouble());
        if (clock.instant().plus(delay).isAfter(giveUpAt)) {
            outcomes.giveUp(requestId, platform.get().id(), "delivery gave up after " + attempt + " attempts: the next one (in " + delay.toSeconds()
                    + " s) would fall after the bound of " + policy.maxTotal() + " since acceptance");
            return Next.DONE;
        }
        LOG.warn(DeliveryError.DLV_RETRY.code() + " request {} attempt {} to {} failed: {}; next in {} ms", requestId, attempt, platform.get().id(),
                failure.code(),
                delay.toMillis());
        metrics.retriesScheduled.increment();
        return new Next.Retry(delay);
    }

    /**
     * dir: the request's platform was removed from the network directory after the request was accepted. Nothing is
     * sent to its last known endpoint (a removal may be a compromised or departed platform); the attempt counts as a
     * failed one ({@code EEG-DIR-PLATFORM-REMOVED}) and is retried per the policy, so a platform that comes back in a
     * later directory version gets the request; at the policy's bound the request fails with that code.
     */
    private Next removedFromDirectory(String requestId, RequestRecord record) {
        String code = directory.removalCode(record.platformId()); // EEG-DIR-PLATFORM-REMOVED, or EEG-DIR-PEER-REMOVED for a peer node
        String reason = (code.equals(RoutingError.DIR_PEER_REMOVED.code()) ? "peer node " : "platform ") + record.platformId()
                + " is no longer in the network directory; nothing sent to its last known endpoint";
        Instant giveUpAt = record.receivedAt().plus(policy.maxTotal());
        int attempt = record.deliveryAttempts() + 1;
        outcomes.attemptFailed(requestId, new DeliveryOutcome.RetryableFailure(code, reason, null));
        Duration delay = policy.delayBefore(attempt + 1, null, random.getAsDouble());
        if (attempt >= policy.maxAttempts() || clock.instant().plus(delay).isAfter(giveUpAt)) {
            metrics.deadLetters.increment();
            LOG.error(DeliveryError.DLV_DEAD_LETTER.code() + " request {} to {}: {} ({} attempt(s))", requestId, record.platformId(), code, attempt);
            outcomes.finish(requestId, RequestState.FAILED, EventCode.DELIVERY_FAILED, code, reason + "; delivery gave up after " + attempt + " attempt(s)",
                    clock.instant());
            return Next.DONE;
        }
        LOG.warn("{} request {} attempt {}: {}; tried again in {} ms", code, requestId, attempt, reason, delay.toMillis());
        metrics.retriesScheduled.increment();
        return new Next.Retry(delay);
    }

    /**
     * A refusal that is this node's problem, not the platform's decision: refused before sending (HTTP status 0:
     * configuration, identifier rules, legal paper), an authentication failure ({@code EEG-AUTH-*}), or the portal
     * not accepting this node's credentials at all (HTTP 401: nobody at the platform decided anything).
     */
    public static boolean isOperatorProblem(DeliveryOutcome.Rejected rejected) {
        return rejected.httpStatus() == 0 || rejected.httpStatus() == 401
                || (rejected.code() != null && rejected.code().startsWith(ErrorCode.PREFIX + "AUTH-"));
    }

    /**
     * A problem of this node: the request stays pending (DISPATCHED, last error EEG-DLV-OPERATOR), an operator is
     * alerted, and it is tried again after the long {@link DeliveryPolicy#operatorDelay()}. Such attempts do not use
     * up the attempt bound; the time bound still applies.
     */
    private Next operatorProblem(String requestId, String platformId, DeliveryOutcome.Rejected rejected, Instant giveUpAt) {
        Instant now = clock.instant();
        String detail = rejected.code() + ": " + rejected.reason();
        metrics.operatorAlerts.increment();
        LOG.error(DeliveryError.DLV_OPERATOR.code() + " request {} to {} not delivered because of this node's configuration or credentials ({}); "
                + "the request stays pending: fix the platform settings (and restart the node); it is tried again every {}",
                requestId, platformId, rejected.code(), policy.operatorDelay());
        outcomes.operatorPending(requestId, detail, now);
        Duration delay = policy.operatorDelay(null, random.getAsDouble());
        if (now.plus(delay).isAfter(giveUpAt)) {
            outcomes.giveUp(requestId, platformId, "delivery gave up: a problem of this node (" + rejected.code() + ") lasted until the bound of "
                    + policy.maxTotal() + " since acceptance");
            return Next.DONE;
        }
        return new Next.Retry(delay);
    }

    /** A message reached the dead-letter queue (the broker gave up after repeated rollbacks, or it was unreadable): see {@link DeadLetters}. */
    public void deadLettered(QueuedMessage message) {
        deadLetters.deadLettered(message);
    }

    /** One attempt to hand a follow-up notice (e.g. a withdrawal) to the request's addressee; same policy as requests. */
    private Next deliverNotice(QueuedMessage.NoticeDelivery message) {
        String noticeId = message.noticeId();
        Notice n = requests.database().read(c -> requests.findNotice(c, noticeId)).orElse(null);
        if (n == null || !"PENDING".equals(n.state())) {
            LOG.info(DeliveryError.DLV_DONE.code() + " notice {} already handled; duplicate queue message dropped", noticeId);
            return Next.DONE;
        }
        RequestRecord r = requests.find(n.requestId()).orElseThrow();
        Optional<Platform> platform = directory.find(r.platformId());
        if (platform.isPresent() && ManualHandoff.KIND.equals(platform.get().adapterKind()) && manualHandoff != null) {
            manualHandoff.prepareFollowUp(noticeId); // ADR-0032: a package of its own, confirmed by its submitter
            return Next.DONE;
        }
        Optional<PlatformAdapter> adapter = platform.flatMap(p -> adapters.forKind(p.adapterKind()));
        if (platform.isEmpty() || adapter.isEmpty()) {
            notices.outcome(n, "FAILED", null, DeliveryError.DLV_NO_ROUTE.code() + ": no platform or adapter for " + r.platformId(),
                    EventCode.FOLLOW_UP_NOT_DELIVERED);
            return Next.DONE;
        }
        Instant giveUpAt = n.createdAt().plus(policy.maxTotal());
        if (!clock.instant().isBefore(giveUpAt)) {
            notices.givenUp(noticeId, "not delivered within " + policy.maxTotal());
            return Next.DONE;
        }
        CircuitBreaker breaker = breakers.forDestination(platform.get().id());
        CircuitBreaker.Permit permit = breaker.tryAcquire();
        if (!permit.allowed()) {
            metrics.heldByOpenCircuit.increment();
            return new Next.Retry(policy.spread(permit.retryIn(), random.getAsDouble()));
        }
        DeliveryOutcome outcome;
        long started = System.nanoTime();
        try {
            metrics.attempts.increment();
            outcome = adapter.get().deliver(new DeliveryRequest(r.id(), n.id(), platform.get().destination(), FollowUpType.messageTypeOf(n.kind()),
                    n.payload(), n.payloadSha256(), n.attempts() + 1, new DeliveryRequest.Context(r.receiptId(), java.util.List.of(), n.dueAt(), null)));
            metrics.attempt(platform.get().id(), "notice", outcomeName(outcome), System.nanoTime() - started);
            answerHook.answered(message, outcome);
        } catch (RuntimeException | Error e) {
            metrics.attempt(platform.get().id(), "notice", "error", System.nanoTime() - started);
            breaker.onNeutral(permit.probe());
            throw e;
        }
        if (outcome instanceof DeliveryOutcome.Delivered d) {
            breaker.onSuccess();
            notices.outcome(n, "SENT", d.receiptId(), null, EventCode.FOLLOW_UP_DELIVERED);
            metrics.delivered.increment();
            LOG.info(DeliveryError.DLV_NOTICE_OK.code() + " {} notice of request {} delivered (receipt {})", n.kind(), r.id(), d.receiptId());
            return Next.DONE;
        } else if (outcome instanceof DeliveryOutcome.Rejected rej) {
            if (isOperatorProblem(rej)) {
                breaker.onNeutral(permit.probe());
                metrics.operatorAlerts.increment();
                LOG.error(DeliveryError.DLV_OPERATOR.code()
                        + " {} notice of request {} to {} not delivered because of this node's configuration or credentials ({}); "
                        + "it stays pending and is tried again every {}", n.kind(), r.id(), platform.get().id(), rej.code(), policy.operatorDelay());
                notices.outcome(n, "PENDING", null, DeliveryError.DLV_OPERATOR.code() + " " + rej.code() + ": " + rej.reason(), null);
                return new Next.Retry(policy.operatorDelay(null, random.getAsDouble()));
            }
            breaker.onSuccess();
            notices.outcome(n, "FAILED", null, rej.code() + ": " + rej.reason(), EventCode.FOLLOW_UP_NOT_DELIVERED);
            metrics.refused.increment();
            return Next.DONE;
        }
        DeliveryOutcome.RetryableFailure f = (DeliveryOutcome.RetryableFailure) outcome;
        breaker.onFailure(f.retryAfter());
        notices.outcome(n, "PENDING", null, f.code() + ": " + f.reason(), null);
        int attempt = n.attempts() + 1;
        Duration delay = policy.delayBefore(attempt + 1, f.retryAfter(), random.getAsDouble());
        if (attempt >= policy.maxAttempts() || clock.instant().plus(delay).isAfter(giveUpAt)) {
            notices.givenUp(noticeId, "could not be delivered after " + attempt + " attempts (last: " + f.code() + ")");
            return Next.DONE;
        }
        LOG.warn(DeliveryError.DLV_RETRY.code() + " {} notice of request {} attempt {} failed: {}; next in {} ms", n.kind(), r.id(), attempt, f.code(),
                delay.toMillis());
        metrics.retriesScheduled.increment();
        return new Next.Retry(delay);
    }
}
