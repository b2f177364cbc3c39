package eu.eevidence.gw.gateway.console.tracking;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The tracking form's values, exactly the query parameters of {@code GET /api/v1/requests} (state, type, platform,
 * country, dueBefore, overdue, sort, page, size; docs/api.md), as the person sent them: the console does not parse or check
 * them (the API does, with its {@code EEG-QUERY-*} codes); it only fills the form again and writes the links (pages, CSV)
 * with the same parameters. Filters are not personal data, so they may travel in the URL.
 */
public record TrackingQuery(List<String> states, List<String> types, String platform, String country, String dueBefore, String overdue,
                            String sort, String page, String size) {

    public TrackingQuery {
        states = values(states);
        types = values(types);
        platform = blankToNull(platform);
        country = blankToNull(country);
        dueBefore = blankToNull(dueBefore);
        overdue = blankToNull(overdue);
        sort = blankToNull(sort);
        page = blankToNull(page);
        size = blankToNull(size);
    }

    /** The API's parameters as lists (a text field may hold several values separated by commas, as the API accepts). */
    public List<String> platforms() {
        return platform == null ? List.of() : List.of(platform);
    }

    public List<String> countries() {
        return country == null ? List.of() : List.of(country);
    }

    public boolean hasState(String s) {
        return states.contains(s);
    }

    public boolean hasType(String t) {
        return types.contains(t);
    }

    public boolean overdueOnly() {
        return "true".equalsIgnoreCase(overdue);
    }

    /** The 0-based page shown (0 when absent or not a number: the API refuses a bad one anyway). */
    public int pageNumber() {
        try {
            return page == null ? 0 : Math.max(0, Integer.parseInt(page.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The query string of the list at page {@code n} (same filters, same size). */
    public String pageQuery(int n) {
        List<String> p = filterParams();
        add(p, "page", Integer.toString(n));
        add(p, "size", size);
        return String.join("&", p);
    }

    /** The query string of the CSV export of the current filter (the API's export takes no paging). */
    public String csvQuery() {
        return String.join("&", filterParams());
    }

    private List<String> filterParams() {
        List<String> p = new ArrayList<>();
        states.forEach(s -> add(p, "state", s));
        types.forEach(t -> add(p, "type", t));
        add(p, "platform", platform);
        add(p, "country", country);
        add(p, "overdue", overdue);
        add(p, "dueBefore", dueBefore);
        add(p, "sort", sort);
        return p;
    }

    private static void add(List<String> out, String name, String value) {
        if (value != null) {
            out.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
    }

    private static List<String> values(List<String> in) {
        Set<String> out = new LinkedHashSet<>();
        if (in != null) {
            for (String v : in) {
                if (v != null && !v.isBlank()) {
                    out.add(v.trim());
                }
            }
        }
        return List.copyOf(out);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
