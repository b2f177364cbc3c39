package eu.eevidence.gw.gateway.deadline;

import eu.eevidence.gw.gateway.alert.Alarm;
import eu.eevidence.gw.gateway.alert.AlarmLog;
import eu.eevidence.gw.gateway.infra.Database;
import eu.eevidence.gw.gateway.order.NewRequest;
import eu.eevidence.gw.gateway.order.RequestRecord;
import eu.eevidence.gw.gateway.order.RequestRepository;
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
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** ADR-0030: the engine raises deadline warnings and breaches into the alarm log, in the transaction that fires them. */
class DeadlineAlarmsTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final String OWNER = "f".repeat(64);

    private final MutableClock clock = new MutableClock(T0);
    private final List<Alarm> raised = new ArrayList<>();
    private Database db;
    private RequestRepository repo;

    @BeforeEach
    void setUp() {
        db = Database.open("jdbc:h2:mem:dl-alarms-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1", "sa", "");
        repo = new RequestRepository(db);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private DeadlineEngine engine(AlarmLog alarms) {
        return new DeadlineEngine(repo, DeadlineRules.builtIn(), new DeadlineCalculator(HolidayCalendar.builtIn()), WarningPolicy.DEFAULT,
                (e, id) -> { }, clock, alarms);
    }

    private String accepted(DeadlineEngine engine) throws SQLException {
        String id = "REQ-A-1";
        db.inTx(c -> {
            repo.insert(c, new NewRequest(id, "BUDAPEST_ART29_PRESERVATION", "acme", "IE", OWNER, "CN=cp", "key-" + id, "0".repeat(64),
                    new byte[] {1}, new byte[] {2}, "1".repeat(64), 90, clock.instant()), List.of());
            repo.setClassification(c, id, "X", Set.of());
            RequestRecord r = repo.find(c, id, true).orElseThrow();
            engine.onEvent(c, r, "ACCEPTED", T0, null);
            return null;
        });
        return id;
    }

    @Test
    void anAlarmLogThatFailsRollsTheFiringBackSoTheAlarmFiresAgainLater() throws Exception {
        boolean[] down = {true};
        DeadlineEngine engine = engine((c, a) -> {
            if (down[0]) {
                throw new eu.eevidence.gw.gateway.infra.StorageException(new SQLException("outbox unavailable"));
            }
            raised.add(a);
        });
        accepted(engine);
        clock.advance(Duration.ofHours(12));
        try {
            engine.tick();
        } catch (eu.eevidence.gw.gateway.infra.StorageException expected) {
            // the firing transaction rolled back with the failed outbox write
        }
        assertThat(raised).isEmpty();
        down[0] = false;
        assertThat(engine.tick()).isEqualTo(1);
        assertThat(raised).hasSize(1);
    }

    @Test
    void warningsAndTheBreachAreRaisedOnceEachWithTheRequestsDeskAndDeadline() throws Exception {
        DeadlineEngine engine = engine((c, a) -> raised.add(a));
        String id = accepted(engine);
        clock.advance(Duration.ofHours(12));
        engine.tick();
        clock.advance(Duration.ofDays(3));
        engine.tick();
        engine.tick();
        assertThat(raised).extracting(Alarm::kind)
                .containsExactly("deadline-warning", "deadline-warning", "deadline-warning", "deadline-breach");
        assertThat(raised).extracting(Alarm::naturalKey).doesNotHaveDuplicates();
        Alarm breach = raised.get(3);
        assertThat(breach.about().requestId()).isEqualTo(id);
        assertThat(breach.about().requestType()).isEqualTo("BUDAPEST_ART29_PRESERVATION");
        assertThat(breach.about().deadline()).isEqualTo(T0.plus(Duration.ofHours(24)));
        assertThat(breach.about().desk()).isEqualTo(OWNER);
    }
}
