package eu.eevidence.gw.gateway.deadline;

import eu.eevidence.gw.gateway.infra.Database;
import eu.eevidence.gw.gateway.order.EventCode;
import eu.eevidence.gw.gateway.order.NewRequest;
import eu.eevidence.gw.gateway.order.RequestRecord;
import eu.eevidence.gw.gateway.order.RequestRepository;
import eu.eevidence.gw.gateway.order.RequestState;
import eu.eevidence.gw.gateway.order.TimelineEvent;
import eu.eevidence.gw.testkit.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The engine on a real (in-memory H2) database with a clock moved by hand: months pass in milliseconds. */
class DeadlineEngineTest {

    private static final AtomicInteger DB = new AtomicInteger();
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final List<DeadlineEvent> published = new ArrayList<>();
    private final List<String> duplicateIds = new ArrayList<>();
    private Database db;
    private RequestRepository repo;
    private DeadlineEngine engine;

    @BeforeEach
    void setUp() {
        db = Database.open("jdbc:h2:mem:deadlines" + DB.incrementAndGet() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1", "sa", "");
        repo = new RequestRepository(db);
        engine = newEngine((e, id) -> {
            published.add(e);
            duplicateIds.add(id);
        });
    }

    private DeadlineEngine newEngine(DeadlineNotifier notifier) {
        return new DeadlineEngine(repo, DeadlineRules.builtIn(), new DeadlineCalculator(HolidayCalendar.builtIn()), WarningPolicy.DEFAULT,
                notifier, clock);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private String request(String type, Set<String> flags, Integer days) throws SQLException {
        String id = "REQ-" + type + "-" + DB.incrementAndGet();
        db.inTx(c -> {
            repo.insert(c, new NewRequest(id, type, "acme", "IE", "f".repeat(64), "CN=cp", "key-" + id, "0".repeat(64), new byte[] {1},
                    new byte[] {2}, "1".repeat(64), days, clock.instant()), List.of());
            repo.setClassification(c, id, "X", flags);
            return null;
        });
        return id;
    }

    private void event(String id, String event, Instant at, Instant notBefore) throws SQLException {
        db.inTx(c -> {
            RequestRecord r = repo.find(c, id, true).orElseThrow();
            engine.onEvent(c, r, event, at, notBefore);
            return null;
        });
    }

    private List<EventCode> timeline(String id) throws SQLException {
        return repo.timeline(id).stream().map(TimelineEvent::event).toList();
    }

    private Deadline deadline(String id, String rule) throws SQLException {
        return engine.deadlines(id).stream().filter(d -> d.ruleId().equals(rule)).findFirst().orElseThrow();
    }

    @Test
    void warningsAndTheBreachFireOnceEachInOrder() throws Exception {
        String id = request("BUDAPEST_ART29_PRESERVATION", Set.of(), 90);
        event(id, "ACCEPTED", T0, null);
        assertThat(repo.find(id).orElseThrow().nextDeadlineKind()).isEqualTo("BUDAPEST_ART29_DELIVERY_TARGET");
        assertThat(repo.find(id).orElseThrow().nextDeadlineAt()).isEqualTo(T0.plus(Duration.ofHours(24)));

        assertThat(engine.tick()).isZero();
        clock.advance(Duration.ofHours(12));
        assertThat(engine.tick()).isEqualTo(1);
        assertThat(engine.tick()).isZero();
        clock.advance(Duration.ofDays(3)); // the node was "down": 80 %, one hour before and the end all fall due at once
        assertThat(engine.tick()).isEqualTo(3);
        assertThat(engine.tick()).isZero();

        assertThat(published).extracting(e -> e instanceof DeadlineEvent.Warning w ? w.label() : "END")
                .containsExactly("50%", "80%", "PT1H", "END");
        assertThat(duplicateIds).doesNotHaveDuplicates();
        assertThat(((DeadlineEvent.Due) published.get(3)).action()).isEqualTo(DueAction.BREACH);
        assertThat(deadline(id, "BUDAPEST_ART29_DELIVERY_TARGET").state()).isEqualTo(DeadlineState.BREACHED);
        assertThat(timeline(id)).containsSubsequence(EventCode.DEADLINE_STARTED, EventCode.DEADLINE_WARNING, EventCode.DEADLINE_WARNING,
                EventCode.DEADLINE_WARNING, EventCode.DEADLINE_BREACHED);
        assertThat(repo.find(id).orElseThrow().nextDeadlineAt()).isNull();
    }

    @Test
    void aClockThatJumpsBackwardNeverFiresAnAlarmTwice() throws Exception {
        String id = request("BUDAPEST_ART29_PRESERVATION", Set.of(), null);
        event(id, "ACCEPTED", T0, null);
        clock.advance(Duration.ofHours(13));
        assertThat(engine.tick()).isEqualTo(1);
        clock.set(T0.minus(Duration.ofDays(1)));
        assertThat(engine.tick()).isZero();
        clock.set(T0.plus(Duration.ofHours(13)));
        assertThat(engine.tick()).isZero();
        assertThat(published).hasSize(1);
    }

    @Test
    void aMetDeadlineStopsFiring() throws Exception {
        String id = request("BUDAPEST_ART29_PRESERVATION", Set.of(), null);
        event(id, "ACCEPTED", T0, null);
        clock.advance(Duration.ofHours(2));
        event(id, "PRESERVED", clock.instant(), null);
        clock.advance(Duration.ofDays(2));
        assertThat(engine.tick()).isZero();
        assertThat(deadline(id, "BUDAPEST_ART29_DELIVERY_TARGET").state()).isEqualTo(DeadlineState.MET);
        assertThat(repo.find(id).orElseThrow().nextDeadlineKind()).isEqualTo("BUDAPEST_ART29_PRESERVATION_MIN");
    }

    @Test
    void withdrawalCancelsEveryOpenDeadline() throws Exception {
        String id = request("BUDAPEST_ART29_PRESERVATION", Set.of(), null);
        event(id, "ACCEPTED", T0, null);
        event(id, "WITHDRAWN", T0.plus(Duration.ofMinutes(5)), null);
        clock.advance(Duration.ofDays(10));
        assertThat(engine.tick()).isZero();
        assertThat(deadline(id, "BUDAPEST_ART29_DELIVERY_TARGET").state()).isEqualTo(DeadlineState.CANCELLED);
        assertThat(timeline(id)).contains(EventCode.DEADLINE_CANCELLED);
    }

    @Test
    void preservationLastsAtLeastSixtyDaysOrWhatWasRequestedOrWhatThePlatformStated() throws Exception {
        String sixty = request("BUDAPEST_ART29_PRESERVATION", Set.of(), null);
        event(sixty, "PRESERVED", T0, null);
        assertThat(deadline(sixty, "BUDAPEST_ART29_PRESERVATION_MIN").dueAt()).isEqualTo(Instant.parse("2026-04-30T10:00:00Z"));
        String ninety = request("BUDAPEST_ART29_PRESERVATION", Set.of(), 90);
        event(ninety, "PRESERVED", T0, null);
        assertThat(deadline(ninety, "BUDAPEST_ART29_PRESERVATION_MIN").dueAt()).isEqualTo(T0.plus(Duration.ofDays(90)));
        String stated = request("BUDAPEST_ART29_PRESERVATION", Set.of(), null);
        event(stated, "PRESERVED", T0, T0.plus(Duration.ofDays(120)));
        assertThat(deadline(stated, "BUDAPEST_ART29_PRESERVATION_MIN").dueAt()).isEqualTo(T0.plus(Duration.ofDays(120)));
    }

    @Test
    void theMutualAssistanceRequestHoldsThePreservationWithNoEndUntilDecided() throws Exception {
        String id = request("BUDAPEST_ART29_PRESERVATION", Set.of(), null);
        event(id, "PRESERVED", T0, null);
        clock.advance(Duration.ofDays(50));
        event(id, "MLA_RECEIVED", clock.instant(), null);
        assertThat(deadline(id, "BUDAPEST_ART29_PRESERVATION_MIN").state()).isEqualTo(DeadlineState.HELD);
        assertThat(repo.find(id).orElseThrow().nextDeadlineAt()).isNull();
        clock.advance(Duration.ofDays(400));
        assertThat(engine.tick()).isZero(); // no expiry while the request is pending
        event(id, "MLA_DECIDED", clock.instant(), null);
        Deadline resumed = deadline(id, "BUDAPEST_ART29_PRESERVATION_MIN");
        assertThat(resumed.state()).isEqualTo(DeadlineState.RUNNING);
        assertThat(resumed.dueAt()).isEqualTo(clock.instant().plus(Duration.ofDays(10)));
        assertThat(timeline(id)).contains(EventCode.DEADLINE_HELD, EventCode.DEADLINE_RESUMED);
    }

    @Test
    void anUnfollowedPreservationExpiresAndTheRequestBecomesExpired() throws Exception {
        String id = request("BUDAPEST_ART29_PRESERVATION", Set.of(), null);
        db.inTx(c -> {
            repo.setState(c, id, RequestState.PRESERVED, T0);
            return null;
        });
        event(id, "PRESERVED", T0, null);
        clock.advance(Duration.ofDays(61));
        assertThat(engine.tick()).isEqualTo(4); // 50 %, 80 %, one hour before, end
        assertThat(repo.find(id).orElseThrow().state()).isEqualTo(RequestState.EXPIRED);
        assertThat(timeline(id)).contains(EventCode.DEADLINE_EXPIRED, EventCode.EXPIRED);
    }

    @Test
    void aClarificationStopsTheEpocClockAndItsAnswerRestartsIt() throws Exception {
        String id = request("EU_EPOC", Set.of(), null);
        event(id, "DELIVERED", T0, null);
        assertThat(engine.deadlines(id)).extracting(Deadline::ruleId).containsExactly("EPOC_PRODUCTION");
        clock.advance(Duration.ofDays(4));
        engine.tick();
        event(id, "CLARIFICATION_REQUESTED", clock.instant(), null);
        assertThat(deadline(id, "EPOC_PRODUCTION").state()).isEqualTo(DeadlineState.SUSPENDED);
        clock.advance(Duration.ofDays(20));
        assertThat(engine.tick()).isZero();
        event(id, "CLARIFICATION_ANSWERED", clock.instant(), null);
        assertThat(deadline(id, "EPOC_PRODUCTION").dueAt()).isEqualTo(clock.instant().plus(Duration.ofDays(6)));
    }

    @Test
    void anEmergencyEpocRunsOnTheEightHourClock() throws Exception {
        String id = request("EU_EPOC", Set.of("emergency"), null);
        event(id, "DELIVERED", T0, null);
        assertThat(engine.deadlines(id)).extracting(Deadline::ruleId, Deadline::dueAt)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("EPOC_EMERGENCY", T0.plus(Duration.ofHours(8))));
    }

    @Test
    void anEpocPrPreservationIsExtendedOnceByThirtyDays() throws Exception {
        String id = request("EU_EPOC_PR", Set.of(), null);
        event(id, "PRESERVED", T0, null);
        RequestRecord r = repo.find(id).orElseThrow();
        DeadlineEngine.Result first = db.inTx(c -> engine.extend(c, r, "EPOC_PR_PRESERVATION", "judge"));
        assertThat(first.isOk()).isTrue();
        assertThat(first.due()).isEqualTo(T0.plus(Duration.ofDays(90)));
        DeadlineEngine.Result second = db.inTx(c -> engine.extend(c, r, "EPOC_PR_PRESERVATION", "judge"));
        assertThat(second.code()).isEqualTo("EEG-DDL-012");
        assertThat(deadline(id, "EPOC_PR_PRESERVATION").extensions()).isEqualTo(1);
    }

    @Test
    void aLegalFloorCannotBeShortenedByADeadlineChange() throws Exception {
        String id = request("BUDAPEST_ART29_PRESERVATION", Set.of(), null);
        event(id, "PRESERVED", T0, null);
        RequestRecord r = repo.find(id).orElseThrow();
        DeadlineEngine.Result shorter = db.inTx(c -> engine.changeDue(c, r, "BUDAPEST_ART29_PRESERVATION_MIN",
                T0.plus(Duration.ofDays(30)), "cp", null));
        assertThat(shorter.code()).isEqualTo("EEG-DDL-004");
        DeadlineEngine.Result longer = db.inTx(c -> engine.changeDue(c, r, "BUDAPEST_ART29_PRESERVATION_MIN",
                T0.plus(Duration.ofDays(100)), "cp", "bilateral request"));
        assertThat(longer.isOk()).isTrue();
        assertThat(repo.find(id).orElseThrow().nextDeadlineAt()).isEqualTo(T0.plus(Duration.ofDays(100)));
    }

    @Test
    void aNewEndMustLieInTheFutureAndARuleMustBeRunning() throws Exception {
        String id = request("BUDAPEST_ART29_PRESERVATION", Set.of(), null);
        event(id, "ACCEPTED", T0, null);
        RequestRecord r = repo.find(id).orElseThrow();
        assertThat(db.inTx(c -> engine.changeDue(c, r, "BUDAPEST_ART29_DELIVERY_TARGET", T0.minusSeconds(1), "cp", null)).code())
                .isEqualTo("EEG-DDL-013");
        assertThat(db.inTx(c -> engine.changeDue(c, r, "EPOC_PRODUCTION", T0.plusSeconds(60), "cp", null)).code()).isEqualTo("EEG-DDL-010");
        assertThat(db.inTx(c -> engine.extend(c, r, "BUDAPEST_ART29_DELIVERY_TARGET", "cp")).code()).isEqualTo("EEG-DDL-011");
        assertThat(repo.find(id).orElseThrow().nextDeadlineAt()).isEqualTo(T0.plus(Duration.ofHours(24)));
    }

        @Test
    void aRestartedEngineFiresWhatFellDueWhileItWasDown() throws Exception {
        String id = request("BUDAPEST_ART29_PRESERVATION", Set.of(), null);
        event(id, "ACCEPTED", T0, null);
        clock.advance(Duration.ofDays(2));
        List<DeadlineEvent> afterRestart = new ArrayList<>();
        DeadlineEngine restarted = newEngine((e, dup) -> afterRestart.add(e));
        assertThat(restarted.tick()).isEqualTo(4);
        assertThat(afterRestart).hasSize(4);
        assertThat(engine.tick()).isZero(); // the first engine (another node on the same database) finds nothing left
    }

    @Test
    void anUnpublishedAlarmStaysInTheOutboxUntilTheBrokerTakesIt() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        List<String> ids = new ArrayList<>();
        DeadlineEngine flaky = newEngine((e, dup) -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("broker down");
            }
            ids.add(dup);
        });
        String id = request("BUDAPEST_ART29_PRESERVATION", Set.of(), null);
        event(id, "ACCEPTED", T0, null);
        clock.advance(Duration.ofHours(13));
        assertThat(flaky.tick()).isEqualTo(1);
        assertThat(ids).isEmpty();
        assertThat(flaky.publishPending()).isEqualTo(1);
        assertThat(flaky.publishPending()).isZero();
        assertThat(ids).hasSize(1);
    }
}
