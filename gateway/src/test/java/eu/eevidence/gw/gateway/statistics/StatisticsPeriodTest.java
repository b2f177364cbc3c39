package eu.eevidence.gw.gateway.statistics;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static eu.eevidence.gw.gateway.statistics.StatisticsSettings.Granularity.MONTH;
import static eu.eevidence.gw.gateway.statistics.StatisticsSettings.Granularity.QUARTER;
import static org.assertj.core.api.Assertions.assertThat;

class StatisticsPeriodTest {

    @Test
    void onlyWholePeriodsOfTheDeploymentsOneLengthAreAccepted() {
        // overlapping periods are impossible: no ranges, no month when quarters are published, no year
        for (String bad : new String[] {"2026-01..2026-03", "2026-Q3,2026-07", "2026-07", "2026", "2026-Q5", "2026-Q0", "26-Q1", "2026-q1", "",
            "2026-Q1 "}) {
            assertThat(StatisticsPeriod.parse(bad, QUARTER)).as(bad).isEmpty();
        }
        assertThat(StatisticsPeriod.parse("2026-Q3", MONTH)).isEmpty();
        assertThat(StatisticsPeriod.parse("2026-13", MONTH)).isEmpty();
        assertThat(StatisticsPeriod.parse(null, MONTH)).isEmpty();
    }

    @Test
    void periodsAreWholeCalendarQuartersOrMonthsInUtc() {
        StatisticsPeriod q = StatisticsPeriod.parse("2026-Q4", QUARTER).orElseThrow();
        assertThat(q.from()).isEqualTo(Instant.parse("2026-10-01T00:00:00Z"));
        assertThat(q.to()).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
        assertThat(q.closed(Instant.parse("2026-12-31T23:59:59Z"))).isFalse();
        assertThat(q.closed(Instant.parse("2027-01-01T00:00:00Z"))).isTrue();
        StatisticsPeriod m = StatisticsPeriod.parse("2028-02", MONTH).orElseThrow();
        assertThat(m.to()).isEqualTo(Instant.parse("2028-03-01T00:00:00Z"));
    }
}
