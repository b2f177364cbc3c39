package eu.eevidence.gw.gateway.console;

import eu.eevidence.gw.pki.Role;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;
import java.util.Locale;

/**
 * Everything the layout and a page template need about the current request: who is signed in (null on the error page of a
 * request without a certificate), the language and the person's zone, the CSRF token of the forms, the navigation, the
 * page's title and path. Templates use {@link #t}, {@link #local}, {@link #utc} and {@link #csrf}; see docs/design/console.md.
 */
public final class ConsolePage {

    private final Who who;
    private final Messages messages;
    private final ZoneId zone;
    private final String csrf;
    private final String path;
    private final String title;
    private final Instant now;

    public ConsolePage(Who who, Messages messages, ZoneId zone, String csrf, String path, String title, Instant now) {
        this.who = who;
        this.messages = messages;
        this.zone = zone;
        this.csrf = csrf;
        this.path = path;
        this.title = title;
        this.now = now;
    }

    /** The same page with another title (already translated). */
    public ConsolePage titled(String newTitle) {
        return new ConsolePage(who, messages, zone, csrf, path, newTitle, now);
    }

    public boolean signedIn() {
        return who != null;
    }

    public Who who() {
        return who;
    }

    public String roles() {
        if (who == null) {
            return "";
        }
        return String.join(", ", who.roles().stream().map(r -> messages.getOr("role." + r.name(), r.name())).toList());
    }

    public boolean has(Role role) {
        return who != null && who.has(role);
    }

    public String t(String key) {
        return messages.get(key);
    }

    public String t(String key, Object... args) {
        return messages.get(key, args);
    }

    /** The translation of {@code prefix + value} (e.g. a state name), or the value itself. */
    public String label(String prefix, String value) {
        return value == null ? "" : messages.getOr(prefix + value, value);
    }

    public Messages messages() {
        return messages;
    }

    public String lang() {
        return messages.locale().getLanguage();
    }

    public List<Locale> languages() {
        return ConsoleLocale.SUPPORTED;
    }

    /** A language's own name ("English", "français", "Deutsch"). */
    public String languageName(Locale l) {
        String n = l.getDisplayLanguage(l);
        return n.substring(0, 1).toUpperCase(l) + n.substring(1);
    }

    public ZoneId zone() {
        return zone;
    }

    /** The zone's name as shown ("UTC" or the IANA id). */
    public String zoneName() {
        return zone.equals(ZoneOffset.UTC) ? "UTC" : zone.getId();
    }

    public List<String> zones() {
        return ConsoleLocale.offeredZones();
    }

    /** {@code at} in the person's zone and language, e.g. "7 Dec 2026, 21:05:00 CET". */
    public String local(Instant at) {
        return at == null ? "" : DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM).withLocale(messages.locale())
                .format(at.atZone(zone)) + " " + zoneShort(zone, at);
    }

    /** {@code at} in another zone (e.g. the requested Party's), in the person's language. */
    public String in(Instant at, ZoneId other) {
        return at == null ? "" : DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM).withLocale(messages.locale())
                .format(at.atZone(other)) + " " + (other.equals(ZoneOffset.UTC) ? "UTC" : other.getId());
    }

    /** {@code at} in UTC, ISO-8601 ({@code <time datetime>} and the {@code title} shown on hover). */
    public String utc(Instant at) {
        return at == null ? "" : DateTimeFormatter.ISO_INSTANT.format(at);
    }

    private String zoneShort(ZoneId z, Instant at) {
        if (z.equals(ZoneOffset.UTC)) {
            return "UTC";
        }
        return DateTimeFormatter.ofPattern("zzz", messages.locale()).format(at.atZone(z));
    }

    public Instant now() {
        return now;
    }

    /** The CSRF token for this person's forms (hidden field {@value CsrfTokens#FIELD}). */
    public String csrf() {
        return csrf;
    }

    public String csrfField() {
        return CsrfTokens.FIELD;
    }

    /** The path of this page (without query), for the language switcher's way back. */
    public String path() {
        return path;
    }

    public String title() {
        return title;
    }

    public List<ConsoleNav.Item> nav() {
        return who == null ? List.of() : ConsoleNav.forRoles(java.util.Set.copyOf(who.roles()));
    }

    /** True for the navigation item of the current page ({@code aria-current="page"}). */
    public boolean current(ConsoleNav.Item item) {
        return item.path().equals(path) || (!item.path().equals("/console/") && path.startsWith(item.path() + "/"));
    }
}
