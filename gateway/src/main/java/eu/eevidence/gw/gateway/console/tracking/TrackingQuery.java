package eu.eevidence.gw.gateway.console.tracking;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tracking form's values, exactly the query parameters of {@code GET /api/v1/requests} (state, type, platform,
 * country, dueBefore, overdue, sort, page, size; docs/api.md), as the person sent them: the console does not parse or check
 * them (the API does, with its {@code EEG-QUERY-*} codes); it only fills the form again and writes the links (pages, CSV)
 * with the same parameters. Filters are not personal data, so they may travel in the URL.
 */
public final class TrackingQuery {

    /** The API's single-valued parameters, in the order the links write them. */
    static final List<String> SINGLE = List.of("platform", "country", "overdue", "dueBefore", "sort", "page", "size");

    private final List<String> states;
    private final List<String> types;
    private final Map<String, String> single;

    private TrackingQuery(List<String> states, List<String> types, Map<String, String> single) {
        this.states = values(states);
        this.types = values(types);
        this.single = single;
    }

    /** From the query parameters of the request (unknown parameters are ignored, as the API ignores them). */
    public static TrackingQuery of(Map<String, List<String>> params) {
        Map<String, String> single = new HashMap<>();
        for (String name : SINGLE) {
            List<String> v = params.get(name);
            String first = v == null || v.isEmpty() ? null : v.get(0);
            if (first != null && !first.isBlank()) {
                single.put(name, first.trim());
            }
        }
        return new TrackingQuery(params.get("state"), params.get("type"), single);
    }

    public List<String> states() {
        return states;
    }

    public List<String> types() {
        return types;
    }

    public String platform() {
        return single.get("platform");
    }

    public String country() {
        return single.get("country");
    }

    public String dueBefore() {
        return single.get("dueBefore");
    }

    public String overdue() {
        return single.get("overdue");
    }

    public String sort() {
        return single.get("sort");
    }

    public String page() {
        return single.get("page");
    }

    public String size() {
        return single.get("size");
    }

    /** The API's parameters as lists (a text field may hold several values separated by commas, as the API accepts). */
    public List<String> platforms() {
        return platform() == null ? List.of() : List.of(platform());
    }

    public List<String> countries() {
        return country() == null ? List.of() : List.of(country());
    }

    public boolean hasState(String s) {
        return states.contains(s);
    }

    public boolean hasType(String t) {
        return types.contains(t);
    }

    public boolean overdueOnly() {
        return "true".equalsIgnoreCase(overdue());
    }

    /** The 0-based page shown (0 when absent or not a number: the API refuses a bad one anyway). */
    public int pageNumber() {
        try {
            return page() == null ? 0 : Math.max(0, Integer.parseInt(page()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The query string of the list at page {@code n} (same filters, same size). */
    public String pageQuery(int n) {
        List<String> p = filterParams();
        add(p, "page", Integer.toString(n));
        add(p, "size", size());
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
        for (String name : List.of("platform", "country", "overdue", "dueBefore", "sort")) {
            add(p, name, single.get(name));
        }
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

}
