package eu.eevidence.gw.gateway.statistics;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A published period: a whole calendar quarter ({@code 2026-Q3}) or month ({@code 2026-07}) in UTC, never a range. */
public record StatisticsPeriod(String name, Instant from, Instant to) {

    private static final Pattern QUARTER = Pattern.compile("(20[0-9]{2})-Q([1-4])");
    private static final Pattern MONTH = Pattern.compile("(20[0-9]{2})-(0[1-9]|1[0-2])");

    /** The period named {@code text}, when it is one of {@code granularity}. */
    public static Optional<StatisticsPeriod> parse(String text, StatisticsSettings.Granularity granularity) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = (granularity == StatisticsSettings.Granularity.QUARTER ? QUARTER : MONTH).matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        int year = Integer.parseInt(m.group(1));
        int firstMonth = granularity == StatisticsSettings.Granularity.QUARTER ? (Integer.parseInt(m.group(2)) - 1) * 3 + 1
                : Integer.parseInt(m.group(2));
        int months = granularity == StatisticsSettings.Granularity.QUARTER ? 3 : 1;
        LocalDate start = YearMonth.of(year, firstMonth).atDay(1);
        return Optional.of(new StatisticsPeriod(text, start.atStartOfDay().toInstant(ZoneOffset.UTC),
                start.plusMonths(months).atStartOfDay().toInstant(ZoneOffset.UTC)));
    }

    /** Whether the period has ended at {@code now}. */
    public boolean closed(Instant now) {
        return !now.isBefore(to);
    }
}
