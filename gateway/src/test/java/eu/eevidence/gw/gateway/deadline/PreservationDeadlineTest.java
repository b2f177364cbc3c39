package eu.eevidence.gw.gateway.deadline;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Art. 29(7) ETS 185, hand-computed: days are 24-hour periods in UTC, whatever the parties' zones do. */
class PreservationDeadlineTest {

    @ParameterizedTest(name = "{0} + {1} d (platform says {2}) = {3}")
    @CsvSource({
            // the legal floor of 60 days
            "2026-11-24T02:00:00Z, 60, , 2027-01-23T02:00:00Z",
            // requests below the floor still get 60 days
            "2026-11-24T02:00:00Z, 10, , 2027-01-23T02:00:00Z",
            // a longer request is honoured
            "2026-11-24T02:00:00Z, 90, , 2027-02-22T02:00:00Z",
            // across the leap day of 2028: 2028-01-15 + 60 d = 2028-03-15 (Jan 16 d + Feb 29 d + Mar 15 d)
            "2028-01-15T12:00:00Z, 60, , 2028-03-15T12:00:00Z",
            // across the EU spring DST change (2027-03-28): still 60 x 24 h in UTC; 03:00 Paris stays 02:00 UTC
            "2027-02-10T02:00:00Z, 60, , 2027-04-11T02:00:00Z",
            // a platform stating a shorter period cannot shorten the legal floor
            "2026-11-24T02:00:00Z, 60, 2026-12-24T02:00:00Z, 2027-01-23T02:00:00Z",
            // a platform stating a longer period (e.g. 90 days under 18 U.S.C. 2703(f)) extends it
            "2026-11-24T02:00:00Z, 60, 2027-02-22T02:00:00Z, 2027-02-22T02:00:00Z"
    })
    void computesTheEndOfPreservation(String start, int days, String platformSays, String expected) {
        Instant end = PreservationDeadline.end(Instant.parse(start), days, platformSays == null ? null : Instant.parse(platformSays));
        assertThat(end).isEqualTo(Instant.parse(expected));
    }
}
