package eu.eevidence.gw.gateway.console.forms;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fields of a posted form ({@code application/x-www-form-urlencoded}, one list of values per name) as the form machinery
 * reads them. Names are the request's JSON paths with indices ({@code identifiers[1].value}); names starting with
 * {@code _} belong to the machinery: {@value #KEY} (the form's idempotency key), {@value #ZONE}{@code <path>} (the time zone of
 * a date-time field), {@value #COUNT}{@code <group path>} (instances of a repeated group to show) and {@value #ADD} (the
 * repeated group to add an instance to, instead of submitting).
 */
public record FormValues(Map<String, List<String>> posted) {

    /** Hidden field: the idempotency key of this rendering of the form. */
    public static final String KEY = "_idempotencyKey";
    /** Prefix of the time-zone companion of a date-time field. */
    public static final String ZONE = "_zone:";
    /** Prefix of the instance count of a repeated group (also accepted as a query parameter of the form page). */
    public static final String COUNT = "_n:";
    /** Button: add an instance to the named repeated group and show the form again (no submission). */
    public static final String ADD = "_add";

    private static final int MAX_INSTANCES = 100;

    public FormValues {
        posted = Map.copyOf(posted);
    }

    public static FormValues empty() {
        return new FormValues(Map.of());
    }

    /** The first value of {@code name}, or "" when absent. */
    public String first(String name) {
        List<String> v = posted.get(name);
        return v == null || v.isEmpty() || v.get(0) == null ? "" : v.get(0);
    }

    /** Every value of {@code name} (check boxes). */
    public List<String> all(String name) {
        List<String> v = posted.get(name);
        return v == null ? List.of() : v.stream().filter(s -> s != null && !s.isEmpty()).toList();
    }

    /** The idempotency key posted with the form, or null. */
    public String idempotencyKey() {
        String k = first(KEY);
        return k.isEmpty() ? null : k;
    }

    /** The group the person asked to add an instance to, or null. */
    public String addTo() {
        String a = first(ADD);
        return a.isEmpty() ? null : a;
    }

    /**
     * How many instances of the repeated group at {@code path} (with its ancestors' indices) to read and show: at least one,
     * the requested count, and enough for every posted index; at most {@value #MAX_INSTANCES}.
     */
    public int instances(String path) {
        int n = 1;
        try {
            String c = first(COUNT + path);
            if (!c.isEmpty()) {
                n = Math.max(n, Integer.parseInt(c.trim()));
            }
        } catch (NumberFormatException e) {
            // ignored: a count is only a display hint
        }
        Pattern indexed = Pattern.compile("^" + Pattern.quote(path) + "\\[([0-9]{1,3})]");
        for (String name : posted.keySet()) {
            Matcher m = indexed.matcher(name);
            if (m.find()) {
                n = Math.max(n, Integer.parseInt(m.group(1)) + 1);
            }
        }
        if (path.equals(addTo())) {
            n++;
        }
        return Math.min(n, MAX_INSTANCES);
    }
}
