package eu.eevidence.gw.gateway.alert;

import eu.eevidence.gw.gateway.infra.Database;
import eu.eevidence.gw.testkit.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The outbox and its dispatcher on a real (in-memory H2) database with a fixed, moved clock and recording channels:
 * bounded retries and the alarm-failed state, one subscriber's failure not holding up another's, digests by slot,
 * exactly once across a restart of the dispatcher, idempotent raising.
 */
class AlarmDispatcherTest {

    private static final String DESK = "ab12";
    private static final Instant T0 = Instant.parse("2026-12-07T10:05:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final Map<String, List<AlarmChannel.Batch>> received = new ConcurrentHashMap<>();
    private final Set<String> failing = new HashSet<>();
    private Database db;

    @BeforeEach
    void open() {
        db = Database.open("jdbc:h2:mem:alarms-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;"
                + "DB_CLOSE_DELAY=-1", "sa", "");
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static Subscriber hook(String id, Alarm.Role role) {
        return new Subscriber(id, DESK, role, Set.of(), new Subscriber.Webhook(URI.create("https://" + id + ".example/"), new byte[32], null));
    }

    private AlarmsConfig config(List<Subscriber> subscribers, int maxAttempts) {
        return new AlarmsConfig(URI.create("https://gw.example"), Duration.ofHours(1), Duration.ofSeconds(5),
                new AlarmsConfig.Retry(maxAttempts, Duration.ofSeconds(10), Duration.ofMinutes(5), 0.2), null, subscribers);
    }

    private AlarmChannel channel() {
        return (s, b) -> {
            if (failing.contains(s.id())) {
                throw new AlarmChannel.SendFailure(AlertError.ALM_WEBHOOK_STATUS, "HTTP 500", false);
            }
            received.computeIfAbsent(s.id(), k -> new ArrayList<>()).add(b);
        };
    }

    private AlarmDispatcher dispatcher(AlarmStore store, AlarmsConfig config) {
        return new AlarmDispatcher(store, config, s -> channel(), clock, () -> 0.5);
    }

    private static Alarm breach(String request) {
        return new Alarm.DeadlineBreach(new Alarm.Subject(request, "EPOC", T0.plus(Duration.ofDays(1)), request + "/EPOC-10", DESK));
    }

    private static Alarm warning(String request) {
        return new Alarm.DeadlineWarning(new Alarm.Subject(request, "EPOC", T0.plus(Duration.ofDays(1)), request + "/EPOC-10|50%", DESK));
    }

    @Test
    void aReceiverFailingForeverIsRetriedBoundedThenFailedAndOthersStillGetTheirs() {
        AlarmsConfig config = config(List.of(hook("down", Alarm.Role.REQUESTER), hook("up", Alarm.Role.REQUESTER)), 3);
        AlarmStore store = new AlarmStore(db, config.subscribers(), clock);
        AlarmDispatcher d = dispatcher(store, config);
        failing.add("down");
        store.raise(breach("REQ-1"));
        for (int i = 0; i < 20; i++) {
            d.tick();
            clock.advance(Duration.ofMinutes(10));
        }
        assertEquals(1, received.get("up").size());
        assertEquals(null, received.get("down"));
        List<AlarmDelivery> failed = d.deliveries(AlarmStore.FAILED, 10);
        assertEquals(1, failed.size());
        assertEquals("down", failed.get(0).subscriberId());
        assertEquals(3, failed.get(0).attempts());
        assertTrue(failed.get(0).lastError().startsWith("EEG-ALM-WEBHOOK-STATUS"), failed.get(0).lastError());
    }

    @Test
    void retriesWaitForTheirBackOff() throws Exception {
        AlarmsConfig config = config(List.of(hook("down", Alarm.Role.REQUESTER)), 5);
        AlarmStore store = new AlarmStore(db, config.subscribers(), clock);
        AlarmDispatcher d = dispatcher(store, config);
        failing.add("down");
        store.raise(breach("REQ-1"));
        d.tick();
        d.tick(); // the clock did not move: the retry is not due yet
        assertEquals(1, d.deliveries(null, 10).get(0).attempts());
        clock.advance(Duration.ofSeconds(10)); // first back-off: 10 s (jitter 0.5 = none)
        failing.clear();
        d.tick();
        assertEquals(1, received.get("down").size());
        assertEquals(AlarmStore.SENT, d.deliveries(null, 10).get(0).state());
    }

    @Test
    void digestAlarmsWaitForTheirSlotAndGoOutAsOne() throws Exception {
        AlarmsConfig config = config(List.of(hook("desk", Alarm.Role.REQUESTER)), 3);
        AlarmStore store = new AlarmStore(db, config.subscribers(), clock);
        AlarmDispatcher d = dispatcher(store, config);
        store.raise(warning("REQ-1"));
        clock.set(Instant.parse("2026-12-07T10:20:00Z"));
        store.raise(warning("REQ-2"));
        clock.set(Instant.parse("2026-12-07T10:40:00Z"));
        store.raise(warning("REQ-3"));
        store.raise(breach("REQ-4")); // urgent: at once, on its own
        clock.set(Instant.parse("2026-12-07T10:59:59Z"));
        d.tick();
        assertEquals(1, received.get("desk").size());
        assertEquals(false, received.get("desk").get(0).digest());
        clock.set(Instant.parse("2026-12-07T11:00:00Z"));
        store.raise(warning("REQ-5")); // raised in the next slot: the next digest
        d.tick();
        assertEquals(2, received.get("desk").size());
        AlarmChannel.Batch digest = received.get("desk").get(1);
        assertTrue(digest.digest());
        assertEquals(List.of("REQ-1", "REQ-2", "REQ-3"), digest.alarms().stream().map(i -> i.alarm().about().requestId()).toList());
        clock.set(Instant.parse("2026-12-07T12:00:00Z"));
        d.tick();
        assertEquals(3, received.get("desk").size());
        assertEquals(List.of("REQ-5"), received.get("desk").get(2).alarms().stream().map(i -> i.alarm().about().requestId()).toList());
    }

    @Test
    void aSendInterruptedByAStopGoesOutAgainWithTheSameIdAndASentOneNever() throws Exception {
        AlarmsConfig config = config(List.of(hook("desk", Alarm.Role.REQUESTER)), 3);
        AlarmStore store = new AlarmStore(db, config.subscribers(), clock);
        store.raise(breach("REQ-1"));
        store.raise(breach("REQ-2"));
        // a node that recorded REQ-2's send before it and stopped before recording it after
        String interrupted = store.dueBatches(clock.instant(), 10).get(1).batchId();
        assertEquals(1, store.claim(interrupted, clock.instant()));
        AlarmDispatcher first = dispatcher(store, config);
        first.tick();
        assertEquals(1, received.get("desk").size());
        // restart: a new store and dispatcher on the same database
        AlarmStore again = new AlarmStore(db, config.subscribers(), clock);
        AlarmDispatcher second = dispatcher(again, config);
        assertEquals(1, second.resumeInterrupted());
        second.tick();
        second.tick();
        assertEquals(2, received.get("desk").size());
        assertEquals(interrupted, received.get("desk").get(1).id());
        AlarmDispatcher third = dispatcher(new AlarmStore(db, config.subscribers(), clock), config);
        assertEquals(0, third.resumeInterrupted());
        third.tick();
        assertEquals(2, received.get("desk").size());
    }

    @Test
    void theSameAlarmRaisedTwiceIsStoredAndSentOnce() throws Exception {
        AlarmsConfig config = config(List.of(hook("desk", Alarm.Role.REQUESTER), hook("ops", Alarm.Role.OPERATOR)), 3);
        AlarmStore store = new AlarmStore(db, config.subscribers(), clock);
        store.raise(breach("REQ-1"));
        store.raise(breach("REQ-1"));
        dispatcher(store, config).tick();
        assertEquals(1, received.get("desk").size());
        assertEquals(null, received.get("ops"), "a breach reaches requesters and contact points, not operators");
    }

    @Test
    void aSubscriberOnlyGetsItsDesksAlarms() throws Exception {
        Subscriber other = new Subscriber("other", "ffff", Alarm.Role.REQUESTER, Set.of(), hook("x", Alarm.Role.REQUESTER).channel());
        Subscriber all = new Subscriber("all", Subscriber.ANY_DESK, Alarm.Role.OPERATOR, Set.of("deadline-breach"),
                hook("y", Alarm.Role.OPERATOR).channel());
        AlarmsConfig config = config(List.of(other, all), 3);
        AlarmStore store = new AlarmStore(db, config.subscribers(), clock);
        store.raise(breach("REQ-1"));
        dispatcher(store, config).tick();
        assertEquals(null, received.get("other"));
        assertEquals(1, received.get("all").size(), "an explicit list of kinds overrides the role's");
    }
}
