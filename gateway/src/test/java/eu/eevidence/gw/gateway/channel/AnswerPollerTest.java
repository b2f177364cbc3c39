package eu.eevidence.gw.gateway.channel;

import eu.eevidence.gw.adapter.api.DeliveryOutcome;
import eu.eevidence.gw.adapter.api.DeliveryRequest;
import eu.eevidence.gw.adapter.api.PlatformAdapter;
import eu.eevidence.gw.adapter.api.PollOutcome;
import eu.eevidence.gw.adapter.api.PollRequest;
import eu.eevidence.gw.adapter.api.PortalAnswer;
import eu.eevidence.gw.gateway.answer.PortalAnswerService;
import eu.eevidence.gw.gateway.custody.CustodyRecorder;
import eu.eevidence.gw.gateway.delivery.AdapterRegistry;
import eu.eevidence.gw.gateway.routing.Platform;
import eu.eevidence.gw.gateway.routing.PlatformRoutes;
import eu.eevidence.gw.gateway.infra.Database;
import eu.eevidence.gw.gateway.order.LifecycleListener;
import eu.eevidence.gw.gateway.order.RequestRepository;
import eu.eevidence.gw.pki.DevPki;
import eu.eevidence.gw.pki.IssueRequest;
import eu.eevidence.gw.pki.KeyKind;
import eu.eevidence.gw.pki.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The poller's rules on a real (embedded) database with a scripted POLL adapter: cursor only after answers, back-off. */
class AnswerPollerTest {

    @TempDir
    static java.nio.file.Path dir;
    static Database db;
    static X509Certificate cert;

    /** A POLL adapter that plays back outcomes and records the cursors it was asked with. */
    static final class Scripted implements PlatformAdapter {
        final Deque<PollOutcome> outcomes = new ArrayDeque<>();
        final List<String> cursors = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public String kind() {
            return "scripted";
        }

        @Override
        public DeliveryOutcome deliver(DeliveryRequest request) {
            return new DeliveryOutcome.Rejected("X", "x", 0);
        }

        @Override
        public Set<AnswerChannel> answerChannels() {
            return Set.of(AnswerChannel.POLL);
        }

        @Override
        public PollOutcome poll(PollRequest request) {
            cursors.add(request.cursor());
            PollOutcome next = outcomes.pollFirst();
            return next != null ? next : new PollOutcome.Answers(List.of(), request.cursor());
        }
    }

    @BeforeAll
    static void open() throws Exception {
        db = Database.open(Database.embeddedUrl(dir), "sa", "");
        cert = DevPki.loadOrCreate(dir.resolve("pki"), Clock.systemUTC())
                .issue(new IssueRequest("p", Role.PLATFORM, List.of(), KeyKind.EC_P256, Duration.ofDays(1), false, true)).certificate();
    }

    @AfterAll
    static void close() {
        db.close();
    }

    private static AnswerPoller poller(Scripted adapter, String id, Map<String, String> settings) {
        Platform p = new Platform(id, "scripted", URI.create("https://portal.example/"), cert, null, settings);
        PortalAnswerService answers = new PortalAnswerService(new RequestRepository(db), LifecycleListener.NONE, CustodyRecorder.NONE, Clock.systemUTC());
        return AnswerPoller.start(new PlatformRoutes(List.of(p)), AdapterRegistry.of(adapter), answers, new CursorStore(db), Clock.systemUTC());
    }

    private static PortalAnswer answer(String id) {
        return new PortalAnswer.Acknowledged(id, null, "unknown-order", Instant.parse("2026-11-25T10:00:00Z"), "x".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void backsOffAsAskedAndDoublingUpToTheBoundAndResetsAfterASuccess() throws Exception {
        Scripted a = new Scripted();
        a.outcomes.add(new PollOutcome.Answers(List.of(), null)); // the poll at start
        try (AnswerPoller poller = poller(a, "backoff", Map.of("poll.interval", "PT100S", "poll.maxBackoff", "PT10M"))) {
            org.awaitility.Awaitility.await().until(() -> a.cursors.size() == 1);
            a.outcomes.add(new PollOutcome.Failed("EEG-POLL-HTTP-503", "down", true, null));
            a.outcomes.add(new PollOutcome.Failed("EEG-POLL-HTTP-503", "down", true, null));
            a.outcomes.add(new PollOutcome.Failed("EEG-POLL-HTTP-429", "slow down", true, Duration.ofSeconds(50)));
            a.outcomes.add(new PollOutcome.Failed("EEG-POLL-HTTP-503", "down", true, null));
            a.outcomes.add(new PollOutcome.Failed("EEG-POLL-HTTP-503", "down", true, Duration.ofDays(1)));
            a.outcomes.add(new PollOutcome.Answers(List.of(), null));
            a.outcomes.add(new PollOutcome.Failed("EEG-ADP-CONFIG", "no settings", false, null));
            assertThat(poller.pollNow("backoff").nextIn()).isEqualTo(Duration.ofSeconds(200));
            assertThat(poller.pollNow("backoff").nextIn()).isEqualTo(Duration.ofSeconds(400));
            assertThat(poller.pollNow("backoff").nextIn()).isEqualTo(Duration.ofSeconds(600)); // 800 s capped; 50 s asked
            assertThat(poller.pollNow("backoff").nextIn()).isEqualTo(Duration.ofSeconds(600));
            assertThat(poller.pollNow("backoff").nextIn()).isEqualTo(Duration.ofSeconds(600)); // a day asked: capped by poll.maxBackoff
            AnswerPoller.PollResult ok = poller.pollNow("backoff");
            assertThat(ok.failureCode()).isNull();
            assertThat(ok.nextIn()).isEqualTo(Duration.ofSeconds(100));
            assertThat(poller.pollNow("backoff").nextIn()).isEqualTo(Duration.ofSeconds(600)); // not retryable: the maximum
        }
    }

    @Test
    void theCursorMovesOnlyAfterTheAnswersAndAFullBatchPollsAgainAtOnce() throws Exception {
        Scripted a = new Scripted();
        a.outcomes.add(new PollOutcome.Answers(List.of(answer("a1"), answer("a2")), "c1")); // the poll at start: a full batch
        try (AnswerPoller poller = poller(a, "cursor", Map.of("poll.interval", "PT1H", "poll.maxAnswers", "2"))) {
            // the poll at start, then at once another (the batch was full), which finds nothing new
            org.awaitility.Awaitility.await().until(() -> a.cursors.size() >= 2);
            assertThat(new CursorStore(db).read("cursor")).contains("c1");
            a.outcomes.add(new PollOutcome.Failed("EEG-POLL-IO", "reset", true, null));
            assertThat(poller.pollNow("cursor").cursor()).isEqualTo("c1");
            a.outcomes.add(new PollOutcome.Answers(List.of(answer("a3")), "c2"));
            AnswerPoller.PollResult r = poller.pollNow("cursor");
            assertThat(r.unmatched()).isEqualTo(1); // names no request: nothing stored, but the cursor moves past it
            assertThat(r.nextIn()).isEqualTo(Duration.ofHours(1));
            assertThat(new CursorStore(db).read("cursor")).contains("c2");
            assertThat(a.cursors).containsExactly(null, "c1", "c1", "c1");
        }
        assertThatThrownBy(() -> poller(new Scripted(), "bad", Map.of("poll.interval", "soon")))
                .hasMessageStartingWith("EEG-CHN-BAD-SETTINGS");
    }

    @Test
    void eachAnswerTakenIsASpanWithThePlatformAndTheOutcomeNeverTheAnswersIds() throws Exception {
        io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter out = io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter.create();
        Scripted a = new Scripted();
        a.outcomes.add(new PollOutcome.Answers(List.of(), null)); // the poll at start
        Platform p = new Platform("traced", "scripted", URI.create("https://portal.example/"), cert, null, Map.of("poll.interval", "PT1H"));
        PortalAnswerService answers = new PortalAnswerService(new RequestRepository(db), LifecycleListener.NONE, CustodyRecorder.NONE, Clock.systemUTC());
        try (eu.eevidence.gw.gateway.observe.NodeTracing tracing = new eu.eevidence.gw.gateway.observe.NodeTracing(
                eu.eevidence.gw.gateway.observe.TraceSettings.exportingTo(out), "fr-247");
             AnswerPoller poller = AnswerPoller.start(new PlatformRoutes(List.of(p)), AdapterRegistry.of(a), answers, new CursorStore(db),
                     Clock.systemUTC(), tracing.tracer())) {
            org.awaitility.Awaitility.await().until(() -> a.cursors.size() == 1);
            assertThat(out.getFinishedSpanItems()).isEmpty(); // no answer, no span
            a.outcomes.add(new PollOutcome.Answers(List.of(answer("a-secret-1"), answer("a-secret-2")), "t1"));
            assertThat(poller.pollNow("traced").unmatched()).isEqualTo(2);
            assertThat(out.getFinishedSpanItems()).hasSize(2).allSatisfy(s -> {
                assertThat(s.getName()).isEqualTo("eeg.platform.answer");
                assertThat(s.getAttributes().asMap()).isEqualTo(Map.of(eu.eevidence.gw.gateway.observe.NodeTracing.DESTINATION, "traced",
                        eu.eevidence.gw.gateway.observe.NodeTracing.OUTCOME, "unmatched"));
            });
        }
    }
}
