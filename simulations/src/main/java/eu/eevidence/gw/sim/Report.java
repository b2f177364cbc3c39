package eu.eevidence.gw.sim;

import java.util.List;
import java.util.Map;

/**
 * What a run observed. {@code lost}, {@code duplicated} and {@code unsettled} must be zero, and every platform's
 * accepted count must equal its requests in PRESERVED: that is the proof that nothing was lost or done twice.
 */
public record Report(String scenario, int submitted, int accepted, Map<String, Integer> finalStates, int lost, int duplicated, int unsettled,
                     int portalDeliveries, int retries, Map<String, Integer> acceptedPerPlatform, LatencyMs intakeLatency,
                     LatencyMs endToEndLatency, double acceptedPerSecond, double settledPerSecond, long wallMillis, List<String> violations) {

    public boolean ok() {
        return violations.isEmpty();
    }

    /** Latency percentiles in milliseconds. */
    public record LatencyMs(double p50, double p90, double p99, double max) {
        static LatencyMs of(List<Double> values) {
            if (values.isEmpty()) {
                return new LatencyMs(0, 0, 0, 0);
            }
            double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return new LatencyMs(at(v, 0.50), at(v, 0.90), at(v, 0.99), v[v.length - 1]);
        }

        private static double at(double[] sorted, double q) {
            int i = (int) Math.ceil(q * sorted.length) - 1;
            return Math.round(sorted[Math.max(0, Math.min(i, sorted.length - 1))] * 10) / 10.0;
        }
    }
}
