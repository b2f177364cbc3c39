package eu.eevidence.gw.sim;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OpenLoopScheduleTest {

    @Test
    void aRateThatIsNotPositiveIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new OpenLoopSchedule(0, 0));
        assertThrows(IllegalArgumentException.class, () -> new OpenLoopSchedule(0, -5));
        assertThrows(IllegalArgumentException.class, () -> new OpenLoopSchedule(0, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new OpenLoopSchedule(0, Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> new OpenLoopSchedule(0, 100).intendedStart(-1));
    }

    @Test
    void requestsAreDueEvenlyFromTheStartWhateverTheAnswers() {
        OpenLoopSchedule s = new OpenLoopSchedule(5_000_000_000L, 100);
        assertEquals(5_000_000_000L, s.intendedStart(0));
        assertEquals(5_010_000_000L, s.intendedStart(1));
        assertEquals(5_000_000_000L + 999 * 10_000_000L, s.intendedStart(999));
    }

    @Test
    void fractionalRatesRoundToTheNearestNanosecondWithoutDrift() {
        OpenLoopSchedule s = new OpenLoopSchedule(0, 3);
        assertEquals(333_333_333L, s.intendedStart(1));
        assertEquals(3_000_000_000L, s.intendedStart(9));
        assertEquals(1_000_000_000_000L, s.intendedStart(3000));
    }

    @Test
    void delayIsZeroOnceARequestIsLate() {
        OpenLoopSchedule s = new OpenLoopSchedule(1_000, 1000);
        assertEquals(2_000_000L, s.delayNanos(2, 1_000));
        assertEquals(0L, s.delayNanos(2, 1_000 + 2_000_000L));
        assertEquals(0L, s.delayNanos(2, 1_000 + 9_000_000L));
    }

    @Test
    void latencyCountsFromTheIntendedStartSoQueueingIsNotHidden() {
        OpenLoopSchedule s = new OpenLoopSchedule(0, 100);
        // request 10 was due at 100 ms; a sender picked it up late at 400 ms and the answer came at 450 ms
        assertEquals(350.0, s.latencyMillis(10, 450_000_000L), 1e-9);
    }
}
