package eu.eevidence.gw.gateway.console;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

/**
 * The person's language and time zone (ADR-0024): the language from the {@code lang} cookie set by the switcher, else the
 * best of {@code Accept-Language} (RFC 9110 section 12.5.4), else English; the zone from the {@code tz} cookie (an IANA
 * zone id), else UTC. Anything else in the cookies is ignored.
 */
public final class ConsoleLocale {

    /** The console's languages; the first is the default. */
    public static final List<Locale> SUPPORTED = List.of(Locale.ENGLISH, Locale.FRENCH, Locale.GERMAN);
    public static final String LANG_COOKIE = "lang";
    public static final String TZ_COOKIE = "tz";

    private ConsoleLocale() {
    }

    public static Locale language(String cookie, String acceptLanguage) {
        Locale fromCookie = supported(cookie);
        if (fromCookie != null) {
            return fromCookie;
        }
        if (acceptLanguage != null && acceptLanguage.length() <= 1000) {
            try {
                for (Locale.LanguageRange range : Locale.LanguageRange.parse(acceptLanguage)) {
                    if (range.getWeight() <= 0) {
                        continue;
                    }
                    String tag = range.getRange();
                    int dash = tag.indexOf('-');
                    Locale l = supported(dash < 0 ? tag : tag.substring(0, dash));
                    if (l != null) {
                        return l;
                    }
                }
            } catch (IllegalArgumentException malformed) {
                // a malformed header: the default
            }
        }
        return SUPPORTED.get(0);
    }

    /** The supported locale whose language is {@code tag} (case-insensitive), or null. */
    public static Locale supported(String tag) {
        if (tag == null) {
            return null;
        }
        for (Locale l : SUPPORTED) {
            if (l.getLanguage().equalsIgnoreCase(tag.trim())) {
                return l;
            }
        }
        return null;
    }

    public static ZoneId zone(String cookie) {
        ZoneId z = zoneOrNull(cookie);
        return z == null ? ZoneOffset.UTC : z;
    }

    /** The IANA region zone named {@code id} ("Europe/Paris", "UTC"), or null for anything else (offsets too). */
    public static ZoneId zoneOrNull(String id) {
        if (id == null || id.isEmpty() || id.length() > 64 || !id.matches("[A-Za-z0-9_+\\-/]+")) {
            return null;
        }
        if (id.equals("UTC")) {
            return ZoneOffset.UTC;
        }
        try {
            ZoneId z = ZoneId.of(id);
            return ZoneId.getAvailableZoneIds().contains(z.getId()) ? z : null;
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The zones offered by the switcher: UTC then the European capitals' zones and a few others, sorted. */
    public static List<String> offeredZones() {
        return List.of("UTC", "Europe/Amsterdam", "Europe/Athens", "Europe/Berlin", "Europe/Bratislava", "Europe/Brussels",
                "Europe/Bucharest", "Europe/Budapest", "Europe/Copenhagen", "Europe/Dublin", "Europe/Helsinki", "Europe/Lisbon",
                "Europe/Ljubljana", "Europe/Luxembourg", "Europe/Madrid", "Europe/Malta", "Europe/Paris", "Europe/Prague",
                "Europe/Riga", "Europe/Rome", "Europe/Sofia", "Europe/Stockholm", "Europe/Tallinn", "Europe/Vienna",
                "Europe/Vilnius", "Europe/Warsaw", "Europe/Zagreb", "Atlantic/Canary", "Europe/London", "America/New_York",
                "America/Los_Angeles");
    }
}
