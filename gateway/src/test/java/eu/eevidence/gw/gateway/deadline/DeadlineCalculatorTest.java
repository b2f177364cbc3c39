package eu.eevidence.gw.gateway.deadline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every rule shape against hand-computed dates, including daylight-saving changes, a leap day and holidays. */
class DeadlineCalculatorTest {

    private final DeadlineCalculator calc = new DeadlineCalculator(HolidayCalendar.builtIn());

    @ParameterizedTest(name = "{0}: {1} + {2} {3} ({4}) = {5}")
    @CsvSource({
            // case, start (UTC), amount, unit, country, expected end (UTC)
            "Art. 29 floor across the EU spring DST change, 2026-03-01T10:00:00Z, 60, CALENDAR_DAYS, DE, 2026-04-30T10:00:00Z",
            "leap year: 20 days over 29 February 2028,       2028-02-10T00:00:00Z, 20, CALENDAR_DAYS, DE, 2028-03-01T00:00:00Z",
            "common year: the same 20 days in 2027,           2027-02-10T00:00:00Z, 20, CALENDAR_DAYS, DE, 2027-03-02T00:00:00Z",
            "EPOC 10 days across the EU autumn DST change,    2026-10-20T15:30:00Z, 10, CALENDAR_DAYS, FR, 2026-10-30T15:30:00Z",
            "EPOC emergency 8 hours across the DST night,     2026-03-29T00:30:00Z, 8,  HOURS,         DE, 2026-03-29T08:30:00Z",
            "EA objection window 96 hours,                    2026-12-30T20:00:00Z, 96, HOURS,         DE, 2027-01-03T20:00:00Z",
            "Protocol Art. 8 subscriber return 20 days,       2026-01-15T08:00:00Z, 20, CALENDAR_DAYS, PL, 2026-02-04T08:00:00Z",
            "Protocol Art. 8 service 45 days,                 2026-01-15T08:00:00Z, 45, CALENDAR_DAYS, PL, 2026-03-01T08:00:00Z",
            "Protocol Art. 7 provider 30 days over 29 Feb,    2028-02-15T12:00:00Z, 30, CALENDAR_DAYS, IE, 2028-03-16T12:00:00Z",
            // Easter 2026 is 5 April: Good Friday 3 April and Easter Monday 6 April are German holidays; CEST from 29 March.
            "5 working days DE over Easter and the DST change, 2026-03-27T14:00:00Z, 5, WORKING_DAYS,  DE, 2026-04-07T22:00:00Z",
            // 17 March (St Patrick's Day) is an Irish holiday; Ireland is on GMT until 29 March.
            "5 working days IE over St Patrick's Day,         2026-03-13T09:00:00Z, 5,  WORKING_DAYS,  IE, 2026-03-24T00:00:00Z",
            // 25 December is a French holiday; the deadline ends at midnight Paris time (UTC+1).
            "5 working days FR over Christmas and new year,   2026-12-23T10:00:00Z, 5,  WORKING_DAYS,  FR, 2026-12-31T23:00:00Z",
            // The trigger's local day counts in the party's zone: 23:30 UTC on Friday is already Saturday in Berlin, so Monday is the first working day.
            "working days start from the local day,           2026-06-05T23:30:00Z, 1,  WORKING_DAYS,  DE, 2026-06-08T22:00:00Z",
            "no calendar: weekends only in UTC,               2026-06-05T12:00:00Z, 1,  WORKING_DAYS,  ZZ, 2026-06-09T00:00:00Z",
    })
    void endOfPeriod(String name, Instant start, long amount, DeadlineUnit unit, String country, Instant expected) {
        assertThat(calc.end(start, amount, unit, country)).as(name).isEqualTo(expected);
    }

    @Test
    void anEndIsShownInEachPartysZoneWithItsOwnOffset() {
        Instant end = calc.end(Instant.parse("2026-10-20T15:30:00Z"), 10, DeadlineUnit.CALENDAR_DAYS, null);
        assertThat(calc.shownIn(Instant.parse("2026-10-20T15:30:00Z"), ZoneId.of("Europe/Paris"))).startsWith("2026-10-20T17:30+02:00");
        assertThat(calc.shownIn(end, ZoneId.of("Europe/Paris"))).startsWith("2026-10-30T16:30+01:00");
        assertThat(calc.shownIn(end, ZoneId.of("America/New_York"))).startsWith("2026-10-30T11:30-04:00");
    }

    @ParameterizedTest
    @CsvSource({"2024, 2024-03-31", "2025, 2025-04-20", "2026, 2026-04-05", "2027, 2027-03-28", "2028, 2028-04-16", "2038, 2038-04-25"})
    void easterSundayFollowsTheGregorianComputus(int year, LocalDate expected) {
        assertThat(HolidayCalendar.easterSunday(year)).isEqualTo(expected);
    }

    @Test
    void workingDaysSkipWeekendsAndHolidays() {
        HolidayCalendar cal = HolidayCalendar.builtIn();
        assertThat(cal.isWorkingDay("DE", LocalDate.parse("2026-04-03"))).isFalse(); // Good Friday
        assertThat(cal.isWorkingDay("FR", LocalDate.parse("2026-04-03"))).isTrue();  // not a holiday in France
        assertThat(cal.isWorkingDay("DE", LocalDate.parse("2026-10-03"))).isFalse(); // Saturday and a holiday
        assertThat(cal.isWorkingDay("DE", LocalDate.parse("2026-05-14"))).isFalse(); // Ascension (Easter + 39)
        assertThat(cal.isWorkingDay("de", LocalDate.parse("2026-05-13"))).isTrue();
        assertThat(cal.zone("IE")).isEqualTo(ZoneId.of("Europe/Dublin"));
    }

    @Test
    void warningsFireAtFiftyAndEightyPercentAndOneHourBefore() {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        Instant end = start.plus(Duration.ofDays(10));
        assertThat(DeadlineCalculator.warnings(start, end, WarningPolicy.DEFAULT)).containsExactly(
                Instant.parse("2026-01-06T00:00:00Z"), Instant.parse("2026-01-09T00:00:00Z"), Instant.parse("2026-01-10T23:00:00Z"));
    }

    @Test
    void aWarningThatWouldFallBeforeTheStartIsDropped() {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        List<Instant> w = DeadlineCalculator.warnings(start, start.plus(Duration.ofMinutes(30)), WarningPolicy.parse("50%, PT1H"));
        assertThat(w).containsExactly(Instant.parse("2026-01-01T00:15:00Z"));
    }

    @Test
    void warningPolicyRejectsNonsense() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> WarningPolicy.parse("100%"))
                .hasMessageStartingWith("EEG-DDL-003");
    }
}
