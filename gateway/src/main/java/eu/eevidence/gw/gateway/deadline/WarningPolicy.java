package eu.eevidence.gw.gateway.deadline;

import java.time.Duration;
import java.util.List;

/**
 * When warnings fire before a deadline: at percentages of the period and at fixed times before its end.
 * Default: 50 %, 80 % and one hour before.
 */
public record WarningPolicy(List<Integer> percents, List<Duration> before) {

    public static final WarningPolicy DEFAULT = new WarningPolicy(List.of(50, 80), List.of(Duration.ofHours(1)));

    public WarningPolicy {
        percents = List.copyOf(percents);
        before = List.copyOf(before);
        for (int p : percents) {
            if (p <= 0 || p >= 100) {
                throw new IllegalArgumentException(DeadlineError.DDL_003.code() + " warning percentages must be between 1 and 99, got " + p);
            }
        }
    }

    /** Parses {@code "50%,80%,PT1H"}. */
    public static WarningPolicy parse(String spec) {
        List<Integer> p = new java.util.ArrayList<>();
        List<Duration> b = new java.util.ArrayList<>();
        for (String part : spec.split(",")) {
            String s = part.trim();
            if (s.isEmpty()) {
                continue;
            }
            if (s.endsWith("%")) {
                p.add(Integer.parseInt(s.substring(0, s.length() - 1)));
            } else {
                b.add(Duration.parse(s));
            }
        }
        return new WarningPolicy(p, b);
    }
}
