package eu.eevidence.gw.gateway.channel;

import eu.eevidence.gw.adapter.api.PlatformAdapter;
import eu.eevidence.gw.adapter.api.PollOutcome;
import eu.eevidence.gw.adapter.api.PollRequest;
import eu.eevidence.gw.adapter.api.PortalAnswer;
import eu.eevidence.gw.adapter.api.PortalHttp;
import eu.eevidence.gw.gateway.answer.PortalAnswerService;
import eu.eevidence.gw.gateway.delivery.AdapterRegistry;
import eu.eevidence.gw.gateway.routing.Platform;
import eu.eevidence.gw.gateway.observe.NodeTracing;
import eu.eevidence.gw.gateway.routing.PlatformRoutes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Polls every platform whose adapter answers by {@link PlatformAdapter.AnswerChannel#POLL} on one daemon thread (a plain
 * scheduler like the deadline scheduler; no Camel needed). One poll: read the persisted cursor, {@code adapter.poll},
 * store every answer through {@link PortalAnswerService} (once per (platform, answer id), so the overlap of a poll that
 * returns the last instant again changes nothing), and only then persist the adapter's next cursor. A restart resumes
 * from the persisted cursor. A failed poll backs off: {@code retryAfter} when the portal gave one, else the interval
 * doubled per consecutive failure up to {@code poll.maxBackoff}; a failure that is not retryable (configuration) waits
 * the maximum. A full batch polls again at once.
 */
public final class AnswerPoller implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AnswerPoller.class);

    private final ScheduledExecutorService executor;
    private final Map<String, Target> targets = new LinkedHashMap<>();
    private final PortalAnswerService answers;
    private final CursorStore cursors;
    private final Clock clock;
    private final Tracer tracer;

    /** One POLL platform and its back-off state. */
    private static final class Target {
        final Platform platform;
        final PlatformAdapter adapter;
        final ChannelSettings settings;
        int failures;

        Target(Platform platform, PlatformAdapter adapter, ChannelSettings settings) {
            this.platform = platform;
            this.adapter = adapter;
            this.settings = settings;
        }
    }

    /** The result of one poll, for tests and operators. */
    public record PollResult(String platformId, int answers, int stored, int duplicates, int unmatched, String cursor, String failureCode,
                             Duration nextIn) {
    }

    private AnswerPoller(PlatformRoutes directory, AdapterRegistry adapters, PortalAnswerService answers, CursorStore cursors, Clock clock,
            Tracer tracer) {
        this.answers = answers;
        this.tracer = tracer;
        this.cursors = cursors;
        this.clock = clock;
        for (Platform p : directory.all()) {
            adapters.forKind(p.adapterKind()).filter(a -> a.answerChannels().contains(PlatformAdapter.AnswerChannel.POLL))
                    .ifPresent(a -> targets.put(p.id(), new Target(p, a, ChannelSettings.of(p))));
        }
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "eeg-answer-poller");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts polling every POLL platform at once (then per its interval). */
    public static AnswerPoller start(PlatformRoutes directory, AdapterRegistry adapters, PortalAnswerService answers, CursorStore cursors, Clock clock) {
        return start(directory, adapters, answers, cursors, clock, TracerProvider.noop().get("eu.eevidence.gw.gateway"));
    }

    /** As {@link #start(PlatformRoutes, AdapterRegistry, PortalAnswerService, CursorStore, Clock)}, a span per answer taken. */
    public static AnswerPoller start(PlatformRoutes directory, AdapterRegistry adapters, PortalAnswerService answers, CursorStore cursors, Clock clock,
            Tracer tracer) {
        AnswerPoller poller = new AnswerPoller(directory, adapters, answers, cursors, clock, tracer);
        for (String id : poller.targets.keySet()) {
            poller.schedule(id, Duration.ZERO);
        }
        if (!poller.targets.isEmpty()) {
            LOG.info(ChannelError.CHN_POLLING.code() + " {} platform(s): {}", poller.targets.size(), poller.targets.keySet());
        }
        return poller;
    }

    private void schedule(String platformId, Duration in) {
        if (executor.isShutdown()) {
            return;
        }
        executor.schedule(() -> {
            Duration next;
            try {
                next = pollNow(platformId).nextIn();
            } catch (RuntimeException e) {
                LOG.warn(ChannelError.CHN_POLL_FAILED.code() + " platform {}: {} (retried after the interval)", platformId, e.getClass().getSimpleName());
                next = targets.get(platformId).settings.pollInterval();
            }
            schedule(platformId, next);
        }, Math.max(0, in.toMillis()), TimeUnit.MILLISECONDS);
    }

    /** The platforms polled. */
    public java.util.Set<String> platforms() {
        return java.util.Collections.unmodifiableSet(targets.keySet());
    }

    /** One poll of {@code platformId} now (the scheduler calls this too; polls of one platform never overlap). */
    public PollResult pollNow(String platformId) {
        Target t = targets.get(platformId);
        if (t == null) {
            throw new IllegalArgumentException(ChannelError.CHN_NOT_POLLED.code() + " platform " + platformId + " is not polled");
        }
        synchronized (t) {
            return pollOnce(t);
        }
    }

    private PollResult pollOnce(Target t) {
        String id = t.platform.id();
        String cursor;
        try {
            cursor = cursors.read(id).orElse(null);
        } catch (eu.eevidence.gw.gateway.infra.StorageException e) {
            return failed(t, null, ChannelError.CHN_STORE_FAILED.code(), "the cursor could not be read", true, null);
        }
        PollOutcome outcome = t.adapter.poll(new PollRequest(t.platform.destination(), cursor, t.settings.pollMaxAnswers()));
        if (outcome instanceof PollOutcome.Failed f) {
            return failed(t, cursor, f.code(), f.reason(), f.retryable(), f.retryAfter());
        }
        PollOutcome.Answers got = (PollOutcome.Answers) outcome;
        int stored = 0;
        int duplicates = 0;
        int unmatched = 0;
        try {
            for (PortalAnswer a : got.answers()) {
                // ADR-0027: a span per answer taken; attributes the platform id and a fixed outcome word, never the answer's ids
                Span span = tracer.spanBuilder("eeg.platform.answer").setAttribute(NodeTracing.DESTINATION, id).startSpan();
                PortalAnswerService.Result r;
                try (io.opentelemetry.context.Scope ignored = span.makeCurrent()) {
                    r = answers.apply(id, a, "POLL");
                    span.setAttribute(NodeTracing.OUTCOME, outcomeOf(r));
                } catch (RuntimeException e) {
                    span.setAttribute(NodeTracing.OUTCOME, "error").setStatus(StatusCode.ERROR);
                    throw e;
                } finally {
                    span.end();
                }
                if (r instanceof PortalAnswerService.Result.Stored s) {
                    if (s.duplicate()) {
                        duplicates++;
                    } else {
                        stored++;
                    }
                } else {
                    unmatched++;
                }
            }
            if (got.nextCursor() != null && !got.nextCursor().equals(cursor)) {
                cursors.write(id, got.nextCursor(), clock.instant());
            }
        } catch (RuntimeException e) {
            // the cursor stays where it was: the next poll returns these answers again and they are stored once
            return failed(t, cursor, ChannelError.CHN_STORE_FAILED.code(), "storing polled answers failed: " + e.getClass().getSimpleName(), true, null);
        }
        t.failures = 0;
        String next = got.nextCursor() != null ? got.nextCursor() : cursor;
        Duration in = got.answers().size() >= t.settings.pollMaxAnswers() ? Duration.ZERO : t.settings.pollInterval();
        if (stored > 0 || unmatched > 0) {
            LOG.info(ChannelError.CHN_POLLED.code() + " platform {}: {} answer(s), {} new, {} already stored, {} naming no request of the platform", id,
                    got.answers().size(), stored, duplicates, unmatched);
        }
        return new PollResult(id, got.answers().size(), stored, duplicates, unmatched, next, null, in);
    }

    /** The outcome of one answer taken, a fixed word (a span attribute). */
    static String outcomeOf(PortalAnswerService.Result r) {
        if (r instanceof PortalAnswerService.Result.Stored s) {
            return s.duplicate() ? "duplicate" : "stored";
        }
        return "unmatched";
    }

    private PollResult failed(Target t, String cursor, String code, String reason, boolean retryable, Duration retryAfter) {
        t.failures++;
        Duration in;
        if (!retryable) {
            in = t.settings.pollMaxBackoff();
        } else {
            Duration backoff = t.settings.pollInterval().multipliedBy(1L << Math.min(20, t.failures));
            if (backoff.compareTo(t.settings.pollMaxBackoff()) > 0) {
                backoff = t.settings.pollMaxBackoff();
            }
            Duration asked = retryAfter == null ? Duration.ZERO
                    : retryAfter.compareTo(t.settings.pollMaxBackoff()) > 0 ? t.settings.pollMaxBackoff() : retryAfter;
            in = asked.compareTo(backoff) > 0 ? asked : backoff;
        }
        LOG.warn(ChannelError.CHN_POLL_FAILED.code() + " platform {}: {} {} (failure {} in a row; next poll in {})", t.platform.id(), code,
                PortalHttp.sanitize(reason),
                t.failures, in);
        return new PollResult(t.platform.id(), 0, 0, 0, 0, cursor, code, in);
    }

    @Override
    public void close() throws InterruptedException {
        executor.shutdownNow();
        executor.awaitTermination(10, TimeUnit.SECONDS);
    }
}
