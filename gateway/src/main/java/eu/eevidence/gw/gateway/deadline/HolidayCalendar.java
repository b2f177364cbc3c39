package eu.eevidence.gw.gateway.deadline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Working days per country: weekends and public holidays (fixed dates, Easter-relative dates, one-off dates),
 * loaded from data (deadlines/holidays.json). A country without a calendar counts only weekends, in UTC.
 */
public final class HolidayCalendar {

    private final Map<String, Country> countries;

    private HolidayCalendar(Map<String, Country> countries) {
        this.countries = Map.copyOf(countries);
    }

    /** The calendar shipped with the gateway. */
    public static HolidayCalendar builtIn() {
        try (InputStream in = HolidayCalendar.class.getResourceAsStream("/deadlines/holidays.json")) {
            return load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static HolidayCalendar load(InputStream json) throws IOException {
        JsonNode root = new ObjectMapper().readTree(json);
        Map<String, Country> out = new HashMap<>();
        root.path("countries").fields().forEachRemaining(e -> {
            JsonNode c = e.getValue();
            List<MonthDay> fixed = new ArrayList<>();
            c.path("fixed").forEach(n -> fixed.add(MonthDay.parse("--" + n.asText())));
            List<Integer> easter = new ArrayList<>();
            c.path("easter").forEach(n -> easter.add(n.asInt()));
            Set<LocalDate> dates = new HashSet<>();
            c.path("dates").forEach(n -> dates.add(LocalDate.parse(n.asText())));
            out.put(e.getKey().toUpperCase(Locale.ROOT), new Country(ZoneId.of(c.path("zone").asText("UTC")), fixed, easter, dates));
        });
        return new HolidayCalendar(out);
    }

    /** The zone in which the country's working days are counted. */
    public ZoneId zone(String country) {
        Country c = country == null ? null : countries.get(country.toUpperCase(Locale.ROOT));
        return c == null ? ZoneOffset.UTC : c.zone();
    }

    public boolean knows(String country) {
        return country != null && countries.containsKey(country.toUpperCase(Locale.ROOT));
    }

    public boolean isWorkingDay(String country, LocalDate day) {
        if (day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY) {
            return false;
        }
        Country c = country == null ? null : countries.get(country.toUpperCase(Locale.ROOT));
        return c == null || !c.isHoliday(day);
    }

    /** Western (Gregorian) Easter Sunday: the anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
    static LocalDate easterSunday(int year) {
        int a = year % 19;
        int b = year / 100;
        int c = year % 100;
        int d = b / 4;
        int e = b % 4;
        int f = (b + 8) / 25;
        int g = (b - f + 1) / 3;
        int h = (19 * a + b - d - g + 15) % 30;
        int i = c / 4;
        int k = c % 4;
        int l = (32 + 2 * e + 2 * i - h - k) % 7;
        int m = (a + 11 * h + 22 * l) / 451;
        int month = (h + l - 7 * m + 114) / 31;
        int day = ((h + l - 7 * m + 114) % 31) + 1;
        return LocalDate.of(year, month, day);
    }

    private record Country(ZoneId zone, List<MonthDay> fixed, List<Integer> easterOffsets, Set<LocalDate> dates) {
        boolean isHoliday(LocalDate day) {
            if (dates.contains(day) || fixed.contains(MonthDay.from(day))) {
                return true;
            }
            LocalDate easter = easterSunday(day.getYear());
            for (int offset : easterOffsets) {
                if (easter.plusDays(offset).equals(day)) {
                    return true;
                }
            }
            return false;
        }
    }
}
