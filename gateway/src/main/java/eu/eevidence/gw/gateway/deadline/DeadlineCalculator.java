package eu.eevidence.gw.gateway.deadline;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Computes when a period ends. All arithmetic is on instants (UTC) except working days, which are counted on
 * the deciding party's local calendar and converted back to an instant with its zone rules (so a daylight-saving
 * change inside the period gives the right UTC end).
 */
public final class DeadlineCalculator {

    private final HolidayCalendar calendar;

    public DeadlineCalculator(HolidayCalendar calendar) {
        this.calendar = calendar;
    }

    /**
     * The end of a period of {@code amount} {@code unit}s that starts at {@code start}.
     *
     * @param country the party whose working days count (ISO 3166 alpha-2); ignored for hours and calendar days
     */
    public Instant end(Instant start, long amount, DeadlineUnit unit, String country) {
        return switch (unit) {
            case HOURS -> start.plus(Duration.ofHours(amount));
            case CALENDAR_DAYS -> start.plus(Duration.ofDays(amount));
            case WORKING_DAYS -> endOfWorkingDays(start, amount, country);
        };
    }

    private Instant endOfWorkingDays(Instant start, long amount, String country) {
        ZoneId zone = calendar.zone(country);
        LocalDate day = start.atZone(zone).toLocalDate();
        long counted = 0;
        int guard = 0;
        while (counted < amount) {
            day = day.plusDays(1);
            if (calendar.isWorkingDay(country, day)) {
                counted++;
            }
            if (++guard > 3660) {
                throw new IllegalStateException(DeadlineError.DDL_002.code() + " no working day found in ten years for " + country);
            }
        }
        return day.plusDays(1).atStartOfDay(zone).toInstant();
    }

    /** The instants at which warnings fire for a period, in order, each strictly between start and end. */
    public static List<Instant> warnings(Instant start, Instant end, WarningPolicy policy) {
        List<Instant> out = new ArrayList<>(warningTimes(start, end, policy).values());
        out.sort(null);
        return out;
    }

    /** Warning instants by label ("50%", "80%", "PT1H"), each strictly between start and end. */
    public static Map<String, Instant> warningTimes(Instant start, Instant end, WarningPolicy policy) {
        Map<String, Instant> out = new LinkedHashMap<>();
        Duration total = Duration.between(start, end);
        if (total.isNegative() || total.isZero()) {
            return out;
        }
        for (int percent : policy.percents()) {
            Instant at = start.plusMillis(total.toMillis() * percent / 100);
            if (at.isAfter(start) && at.isBefore(end)) {
                out.put(percent + "%", at);
            }
        }
        for (Duration before : policy.before()) {
            Instant at = end.minus(before);
            if (at.isAfter(start) && at.isBefore(end)) {
                out.put(before.toString(), at);
            }
        }
        return out;
    }

    /** The zone in which a party's working days are counted and its deadlines shown. */
    public ZoneId zone(String country) {
        return calendar.zone(country);
    }

    /** The end shown in a party's zone (ISO with offset and zone id). */
    public String shownIn(Instant instant, ZoneId zone) {
        return ZonedDateTime.ofInstant(instant, zone).toString();
    }
}
