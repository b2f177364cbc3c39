package eu.eevidence.gw.gateway.api;

import eu.eevidence.gw.gateway.order.RequestState;
import eu.eevidence.gw.gateway.tracking.TrackingFilter;
import eu.eevidence.gw.schema.validation.Violation;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Parses and checks the tracking query parameters; every problem is a {path, code, message} entry. */
final class QueryParams {

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

    record Parsed(TrackingFilter filter, List<Violation> errors) {
    }

    private QueryParams() {
    }

    static Parsed parse(List<String> states, List<String> types, List<String> platforms, List<String> countries, String dueBefore,
                        String overdue, String sort, String page, String size) {
        List<Violation> errors = new ArrayList<>();
        Set<RequestState> st = new LinkedHashSet<>();
        for (String s : split(states)) {
            try {
                st.add(RequestState.valueOf(s.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                errors.add(new Violation("state", ApiError.QUERY_STATE.code(), "unknown state; one of " + List.of(RequestState.values())));
            }
        }
        Set<String> ty = tokens(types, "type", errors, false);
        Set<String> pl = tokens(platforms, "platform", errors, false);
        Set<String> co = tokens(countries, "country", errors, true);
        Instant due = null;
        if (dueBefore != null && !dueBefore.isBlank()) {
            try {
                due = OffsetDateTime.parse(dueBefore.trim()).toInstant();
            } catch (DateTimeParseException e) {
                errors.add(new Violation("dueBefore", ApiError.QUERY_TIMESTAMP.code(), "an RFC 3339 timestamp with a zone offset, e.g. 2026-12-01T00:00:00Z"));
            }
        }
        boolean od = false;
        if (overdue != null && !overdue.isBlank()) {
            if (overdue.equalsIgnoreCase("true") || overdue.equalsIgnoreCase("false")) {
                od = Boolean.parseBoolean(overdue);
            } else {
                errors.add(new Violation("overdue", ApiError.QUERY_BOOLEAN.code(), "true or false"));
            }
        }
        TrackingFilter.Sort so = TrackingFilter.Sort.NEXT_DEADLINE;
        if (sort != null && !sort.isBlank()) {
            switch (sort.trim()) {
                case "nextDeadline" -> so = TrackingFilter.Sort.NEXT_DEADLINE;
                case "-receivedAt", "receivedAt" -> so = TrackingFilter.Sort.RECEIVED;
                default -> errors.add(new Violation("sort", ApiError.QUERY_SORT.code(), "nextDeadline or -receivedAt"));
            }
        }
        int pg = integer(page, "page", 0, 0, 1_000_000, errors);
        int sz = integer(size, "size", 50, 1, TrackingFilter.MAX_SIZE, errors);
        if (!errors.isEmpty()) {
            return new Parsed(null, errors);
        }
        return new Parsed(new TrackingFilter(st, ty, pl, co, due, od, so, pg, sz), List.of());
    }

    private static List<String> split(List<String> values) {
        List<String> out = new ArrayList<>();
        if (values != null) {
            for (String v : values) {
                for (String part : v.split(",")) {
                    if (!part.isBlank()) {
                        out.add(part.trim());
                    }
                }
            }
        }
        return out;
    }

    private static Set<String> tokens(List<String> values, String name, List<Violation> errors, boolean country) {
        Set<String> out = new LinkedHashSet<>();
        for (String v : split(values)) {
            if (country ? !v.matches("[A-Za-z]{2}") : !TOKEN.matcher(v).matches()) {
                errors.add(new Violation(name, ApiError.QUERY_VALUE.code(), country ? "an ISO 3166 alpha-2 code" : "letters, digits and _.:- (at most 64)"));
            } else {
                out.add(country ? v.toUpperCase(Locale.ROOT) : v);
            }
        }
        return out;
    }

    private static int integer(String value, String name, int dflt, int min, int max, List<Violation> errors) {
        if (value == null || value.isBlank()) {
            return dflt;
        }
        try {
            int v = Integer.parseInt(value.trim());
            if (v < min || v > max) {
                errors.add(new Violation(name, ApiError.QUERY_RANGE.code(), "between " + min + " and " + max));
                return dflt;
            }
            return v;
        } catch (NumberFormatException e) {
            errors.add(new Violation(name, ApiError.QUERY_RANGE.code(), "an integer between " + min + " and " + max));
            return dflt;
        }
    }
}
