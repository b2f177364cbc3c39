package eu.eevidence.gw.gateway.deadline;

import eu.eevidence.gw.gateway.infra.Database;
import eu.eevidence.gw.gateway.order.NewRequest;
import eu.eevidence.gw.gateway.order.RemovalStore;
import eu.eevidence.gw.gateway.order.RequestRecord;
import eu.eevidence.gw.gateway.order.RequestRepository;
import eu.eevidence.gw.gateway.order.RequestState;
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

/**
 * A removal order's two deadlines on a real (in-memory H2) database with a clock moved by hand: the removal deadline
 * from the order's removeWithinHours (warnings, then the breach), the preservation from its preservationDays, counted
 * from the removal and not floored at the 60 days of Art. 29(7).
 */
class RemovalDeadlinesTest {

    private static final AtomicInteger DB = new AtomicInteger();
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final List<DeadlineEvent> published = new ArrayList<>();
    private Database db;
    private RequestRepository repo;
    private DeadlineEngine engine;

    @BeforeEach
    void setUp() {
        db = Database.open("jdbc:h2:mem:removal" + DB.incrementAndGet() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1", "sa", "");
        repo = new RequestRepository(db);
        engine = new DeadlineEngine(repo, DeadlineRules.builtIn(), new DeadlineCalculator(HolidayCalendar.builtIn()), WarningPolicy.DEFAULT,
                (e, id) -> published.add(e), clock);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private String removalOrder(int hours, int days) throws SQLException {
        String id = "REQ-RM-" + DB.incrementAndGet();
        db.inTx(c -> {
            repo.insert(c, new NewRequest(id, "CONTENT_REMOVAL_ORDER", "acme", "IE", "f".repeat(64), "CN=cp", "key-" + id, "0".repeat(64),
                    new byte[] {1}, new byte[] {2}, "1".repeat(64), days, clock.instant()), List.of());
            repo.setClassification(c, id, "REMOVAL", Set.of());
            new RemovalStore().insert(c, id, new RemovalStore.Terms(hours, days, 2));
            return null;
        });
        return id;
    }

    private void event(String id, String event, RequestState state, Instant at) throws SQLException {
        db.inTx(c -> {
            repo.setState(c, id, state, at);
            RequestRecord r = repo.find(c, id, true).orElseThrow();
            engine.onEvent(c, r, event, at, null);
            return null;
        });
    }

    private Deadline deadline(String id, String rule) throws SQLException {
        return engine.deadlines(id).stream().filter(d -> d.ruleId().equals(rule)).findFirst().orElseThrow();
    }

    @Test
    void theRemovalDeadlineWarnsThenBreachesWhenNoRemovalArrives() throws Exception {
        String id = removalOrder(4, 30);
        event(id, "ACCEPTED", RequestState.ACCEPTED, T0);
        assertThat(engine.deadlines(id)).isEmpty(); // the clock runs from receipt by the platform
        event(id, "DELIVERED", RequestState.DELIVERED, T0);
        Deadline d = deadline(id, "REMOVAL_DEADLINE");
        assertThat(d.dueAt()).isEqualTo(T0.plus(Duration.ofHours(4)));
        assertThat(d.source()).contains("CM/Rec(2026)2 para. 33", "2021/784 Art. 3(3)", "https://eur-lex.europa.eu/eli/reg/2021/784/oj");

        clock.advance(Duration.ofMinutes(119));
        assertThat(engine.tick()).isZero();
        clock.advance(Duration.ofMinutes(1));
        assertThat(engine.tick()).isEqualTo(1); // 50 %
        clock.advance(Duration.ofHours(2));
        assertThat(engine.tick()).isEqualTo(3); // 80 %, one hour before, the end
        assertThat(published).extracting(e -> e instanceof DeadlineEvent.Warning w ? w.label() : "END").containsExactly("50%", "80%", "PT1H", "END");
        assertThat(((DeadlineEvent.Due) published.get(3)).action()).isEqualTo(DueAction.BREACH);
        assertThat(deadline(id, "REMOVAL_DEADLINE").state()).isEqualTo(DeadlineState.BREACHED);
        assertThat(repo.find(id).orElseThrow().state()).isEqualTo(RequestState.DELIVERED); // a breach is an alarm, not a state
    }

    @Test
    void withoutAStatedPeriodTheTcoHourApplies() {
        DeadlineRule rule = DeadlineRules.builtIn().find("REMOVAL_DEADLINE").orElseThrow();
        assertThat(DeadlineEngine.amount(rule, new DeadlineEngine.Context(Set.of(), null, null, null))).isEqualTo(1);
        assertThat(DeadlineEngine.amount(rule, new DeadlineEngine.Context(Set.of(), 30, null, 24))).isEqualTo(24);
        DeadlineRule keep = DeadlineRules.builtIn().find("REMOVAL_PRESERVATION").orElseThrow();
        assertThat(DeadlineEngine.amount(keep, new DeadlineEngine.Context(Set.of(), 30, null, 24))).isEqualTo(30);
    }

    @Test
    void theRemovalMeetsItsDeadlineAndStartsThePreservationTheOrderStatesNotSixtyDays() throws Exception {
        String id = removalOrder(1, 30);
        event(id, "DELIVERED", RequestState.DELIVERED, T0);
        Instant removedAt = T0.plus(Duration.ofMinutes(40));
        clock.set(removedAt);
        event(id, "REMOVED", RequestState.REMOVED, removedAt);
        assertThat(deadline(id, "REMOVAL_DEADLINE").state()).isEqualTo(DeadlineState.MET);
        Deadline keep = deadline(id, "REMOVAL_PRESERVATION");
        assertThat(keep.state()).isEqualTo(DeadlineState.RUNNING);
        assertThat(keep.dueAt()).isEqualTo(removedAt.plus(Duration.ofDays(30)));
        assertThat(repo.find(id).orElseThrow().nextDeadlineKind()).isEqualTo("REMOVAL_PRESERVATION");

        clock.set(removedAt.plus(Duration.ofDays(30)));
        engine.tick();
        assertThat(deadline(id, "REMOVAL_PRESERVATION").state()).isEqualTo(DeadlineState.EXPIRED);
        assertThat(repo.find(id).orElseThrow().state()).isEqualTo(RequestState.EXPIRED);
        assertThat(published).filteredOn(e -> e instanceof DeadlineEvent.Warning).extracting(DeadlineEvent::ruleId)
                .containsOnly("REMOVAL_PRESERVATION"); // the removal deadline was met before any of its warnings
    }

    @Test
    void aRemovalOrderPreservedByThePlatformKeepsTheOrderedPeriodNotTheSixtyDayFloor() {
        Instant from = T0;
        assertThat(PreservationDeadline.end("CONTENT_REMOVAL_ORDER", from, 30, null)).isEqualTo(from.plus(Duration.ofDays(30)));
        assertThat(PreservationDeadline.end("BUDAPEST_ART29_PRESERVATION", from, 30, null)).isEqualTo(from.plus(Duration.ofDays(60)));
        Instant longer = from.plus(Duration.ofDays(90));
        assertThat(PreservationDeadline.end("CONTENT_REMOVAL_ORDER", from, 30, longer)).isEqualTo(longer);
    }
}
