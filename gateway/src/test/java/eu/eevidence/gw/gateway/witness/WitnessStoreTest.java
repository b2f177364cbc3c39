package eu.eevidence.gw.gateway.witness;

import eu.eevidence.gw.custody.CustodyException;
import eu.eevidence.gw.custody.witness.Witness;
import eu.eevidence.gw.gateway.alert.Alarm;
import eu.eevidence.gw.gateway.infra.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import eu.eevidence.gw.gateway.infra.StorageException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The witness state's compare-and-set and the alarms (stored, and raised into the alarm outbox in the same transaction). */
class WitnessStoreTest {

    static final String ORIGIN = "log.example/custody";
    final Clock clock = Clock.fixed(Instant.parse("2026-12-07T22:00:00Z"), ZoneOffset.UTC);
    final List<Alarm> raised = new ArrayList<>();
    Database db;

    @BeforeEach
    void open() {
        db = Database.open("jdbc:h2:mem:witness-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH", "sa", "");
    }

    @AfterEach
    void close() {
        db.close();
    }

    static Witness.Seen seen(long size, int rootByte) {
        byte[] root = new byte[32];
        root[0] = (byte) rootByte;
        return new Witness.Seen(size, root, "note " + size + "\n");
    }

    @Test
    void theStateIsReplacedOnlyFromTheExpectedOne() throws Exception {
        WitnessStore store = new WitnessStore(db, clock, (c, a) -> raised.add(a));
        assertThat(store.latest(ORIGIN)).isEmpty();
        assertThat(store.replace(ORIGIN, Optional.of(seen(1, 1)), seen(2, 2))).as("nothing stored yet").isFalse();
        assertThat(store.replace(ORIGIN, Optional.empty(), seen(5, 5))).isTrue();
        assertThat(store.replace(ORIGIN, Optional.empty(), seen(3, 3))).as("a second first state").isFalse();
        assertThat(store.replace(ORIGIN, Optional.of(seen(5, 6)), seen(8, 8))).as("same size, other root").isFalse();
        assertThat(store.replace(ORIGIN, Optional.of(seen(4, 5)), seen(8, 8))).as("other size").isFalse();
        assertThat(store.replace(ORIGIN, Optional.of(seen(5, 5)), seen(8, 8))).isTrue();
        assertThat(store.latest(ORIGIN).orElseThrow().size()).isEqualTo(8);
        assertThat(store.latest(ORIGIN).orElseThrow().note()).isEqualTo("note 8\n");
        assertThat(store.latest("other.example/custody")).isEmpty();
    }

    @Test
    void anAlarmIsStoredOnlyWithItsOutgoingAlarm() throws Exception {
        WitnessStore failing = new WitnessStore(db, clock, (c, a) -> {
            throw new StorageException(new SQLException("outbox down"));
        });
        WitnessStore.WitnessAlarm fork = new WitnessStore.WitnessAlarm("EEG-WIT-FORK", "witness", "be-247", ORIGIN, "a second root", "signed note\n",
                clock.instant());
        assertThatThrownBy(() -> failing.raise(fork)).isInstanceOf(CustodyException.class).hasMessageContaining("EEG-WIT-FORK");
        assertThat(failing.alarms(10)).isEmpty();

        WitnessStore store = new WitnessStore(db, clock, (c, a) -> raised.add(a));
        store.raise(fork);
        assertThat(store.alarms(10)).containsExactly(fork);
        assertThat(raised).singleElement().satisfies(a -> {
            assertThat(a).isInstanceOf(Alarm.CustodySplitView.class);
            assertThat(a.kind()).isEqualTo("custody-split-view");
            assertThat(a.about().requestId()).isEqualTo(ORIGIN);
            assertThat(a.about().deadlineId()).startsWith("EEG-WIT-FORK|be-247|");
            assertThat(a.roles()).containsExactly(Alarm.Role.OPERATOR);
        });
    }
}
