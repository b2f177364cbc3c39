package eu.eevidence.gw.gateway.console.requests;

import eu.eevidence.gw.gateway.witness.WitnessStore;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** issue 19: the node's witness alarms on the auditor's alarm list, with the peer node, the code and the side. */
class WitnessAlarmsTest {

    static final Instant AT = Instant.parse("2026-12-07T21:00:00Z");

    @Test
    void noWitnessAlarmListsNothing() {
        assertThat(Alarms.witness(List.of())).isEmpty();
    }

    @Test
    void eachWitnessAlarmIsListedWithItsPeerCodeSideAndTime() {
        List<Alarms.Alarm> alarms = Alarms.witness(List.of(
                new WitnessStore.WitnessAlarm("EEG-WIT-FORK", "witness", "be-247", "it.example/be-247/custody", "two trees of size 9", null, AT),
                new WitnessStore.WitnessAlarm("EEG-WIT-REFUSED", "log", "nl-247", "it.example/de-247/custody", "refused", null, AT.plusSeconds(1))));
        assertThat(alarms).extracting(Alarms.Alarm::subjectId).containsExactly("be-247", "nl-247");
        assertThat(alarms).extracting(Alarms.Alarm::label).containsExactly("EEG-WIT-FORK (witness)", "EEG-WIT-REFUSED (log)");
        assertThat(alarms).allSatisfy(a -> {
            assertThat(a.isWitness()).isTrue();
            assertThat(a.isCase()).isFalse();
            assertThat(a.key()).isEqualTo("alarm.witness");
        });
        assertThat(alarms.get(0).at()).isEqualTo(AT);
    }

    @Test
    void aWitnessAlarmSortsBeforeADeadlineBreach() {
        assertThat(Alarms.Kind.WITNESS.ordinal()).isLessThan(Alarms.Kind.BREACH.ordinal());
    }
}
