package eu.eevidence.gw.gateway.alert;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AlarmTest {

    private static final Alarm.Subject ABOUT = new Alarm.Subject("REQ-1", "EPOC", Instant.parse("2026-12-10T12:00:00Z"), "d1", "ab12");

    @Test
    void anUnknownKindIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Alarm.of("coffee-break", ABOUT));
    }

    @Test
    void everyKindHasItsNameSeverityAndRolesFromItsOneLine() {
        assertEquals(List.of("deadline-warning", "deadline-breach", "new-case", "emergency", "dead-letter", "follow-up-not-delivered",
                "custody-split-view"), Alarm.kinds());
        assertEquals(Alarm.Severity.DIGEST, new Alarm.DeadlineWarning(ABOUT).severity());
        assertEquals(Alarm.Severity.DIGEST, new Alarm.NewCase(ABOUT).severity());
        assertEquals(Alarm.Severity.URGENT, new Alarm.DeadlineBreach(ABOUT).severity());
        assertEquals(Alarm.Severity.URGENT, new Alarm.Emergency(ABOUT).severity());
        assertEquals(List.of(Alarm.Role.REQUESTER, Alarm.Role.OPERATOR), new Alarm.DeadLetter(ABOUT).roles());
        assertEquals("follow-up-not-delivered", new Alarm.FollowUpNotDelivered(ABOUT).kind());
    }

    @Test
    void aKindReadBackFromItsNameIsTheSameAlarm() {
        for (String kind : Alarm.kinds()) {
            Alarm a = Alarm.of(kind, ABOUT);
            assertEquals(kind, a.kind());
            assertEquals(ABOUT, a.about());
        }
    }

    @Test
    void theNaturalKeyIsKindRequestAndDeadline() {
        assertEquals("deadline-breach|REQ-1|d1", new Alarm.DeadlineBreach(ABOUT).naturalKey());
        assertNotEquals(new Alarm.DeadlineBreach(ABOUT).naturalKey(), new Alarm.DeadlineWarning(ABOUT).naturalKey());
        assertEquals("new-case|CASE-1|", new Alarm.NewCase(new Alarm.Subject("CASE-1", "EPOC", null, null, "cases")).naturalKey());
    }
}
