package eu.eevidence.gw.gateway.tracking;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The compliance figures and request counts that {@link ComplianceQueries#prometheus} wrote by hand, as meters on the
 * node's registry with the same names and labels (ADR-0027): {@code eeg_deadlines_total{instrument,platform,outcome}},
 * {@code eeg_deadline_compliance_ratio}, {@code eeg_time_to_answer_seconds{quantile}}, {@code eeg_requests{state}},
 * {@code eeg_requests_by_deadline_band{band}}. {@link #refresh} runs the two queries (last 90 days) before a scrape and
 * registers a meter for every label set seen; instruments, platforms, states and bands are bounded sets.
 */
public final class ComplianceMeters {

    private static final Duration WINDOW = Duration.ofDays(90);

    private final ComplianceQueries compliance;
    private final TrackingQueries tracking;
    private final Clock clock;
    private final MeterRegistry meters;
    private final AtomicReference<Map<String, Double>> latest = new AtomicReference<>(Map.of());

    public ComplianceMeters(ComplianceQueries compliance, TrackingQueries tracking, Clock clock, MeterRegistry meters) {
        this.compliance = compliance;
        this.tracking = tracking;
        this.clock = clock;
        this.meters = meters;
    }

    /** Reads the figures now and registers the meters of label sets not seen before. */
    public void refresh() throws Exception {
        Instant now = clock.instant();
        Map<String, Double> values = new HashMap<>();
        for (ComplianceQueries.Compliance c : compliance.since(now.minus(WINDOW))) {
            String i = nz(c.instrument());
            String p = nz(c.platform());
            counter(values, "eeg.deadlines", c.met(), "instrument", i, "platform", p, "outcome", "met");
            counter(values, "eeg.deadlines", c.breached(), "instrument", i, "platform", p, "outcome", "breached");
            gauge(values, "eeg.deadline.compliance.ratio", null, c.shareInTime(), "instrument", i, "platform", p);
            if (c.medianSeconds() != null) {
                gauge(values, "eeg.time.to.answer", "seconds", c.medianSeconds(), "instrument", i, "platform", p, "quantile", "0.5");
                gauge(values, "eeg.time.to.answer", "seconds", c.p90Seconds(), "instrument", i, "platform", p, "quantile", "0.9");
            }
        }
        Map<String, Object> stats = tracking.stats(null, now);
        numbers(stats.get("byState")).forEach((state, n) -> gauge(values, "eeg.requests", null, n, "state", state));
        numbers(stats.get("byDeadlineBand")).forEach((band, n) -> gauge(values, "eeg.requests.by.deadline.band", null, n, "band", band));
        latest.set(values);
    }

    private static Map<String, Double> numbers(Object map) {
        Map<String, Double> out = new HashMap<>();
        if (map instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), v instanceof Number n ? n.doubleValue() : 0.0));
        }
        return out;
    }

    private void counter(Map<String, Double> values, String name, double value, String... tags) {
        String key = key(name, tags);
        values.put(key, value);
        FunctionCounter.builder(name, latest, l -> l.get().getOrDefault(key, 0.0)).tags(tags).register(meters);
    }

    private void gauge(Map<String, Double> values, String name, String unit, double value, String... tags) {
        String key = key(name, tags);
        values.put(key, value);
        Gauge.builder(name, latest, l -> l.get().getOrDefault(key, 0.0)).baseUnit(unit).tags(tags).register(meters);
    }

    private static String key(String name, String... tags) {
        return name + "|" + String.join("|", tags);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
