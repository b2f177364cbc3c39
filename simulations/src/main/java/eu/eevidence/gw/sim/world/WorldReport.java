package eu.eevidence.gw.sim.world;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a world run observed (written as report.json; report.html is drawn from it). {@link #violations()} empty means
 * every invariant held.
 */
public record WorldReport(String scenario, String description, String crossBorder, Instant virtualStart, Instant virtualEnd, double virtualDays,
                          long wallMillis, int nodes, int platforms,
                          Map<String, Counts> perInstrument, Map<String, Counts> perPlatform, Map<String, Map<String, Integer>> statesPerInstrument,
                          Map<String, Integer> rejectionsByCode, List<Compliance> compliance, Latency emergencyVirtualMinutes,
                          Latency emergencyWallMillis, int emergenciesCompleted, int retries, int deadLetters, List<Recovery> recoveries,
                          List<FaultEvent> faults, CrossBorderStats crossBorderTraffic, List<Day> days, List<NodeCheck> nodeChecks,
                          List<Invariant> invariants, List<String> violations, EvidenceStats evidence) {

    public boolean ok() {
        return violations.isEmpty();
    }

    /**
     * Requests of one instrument or one platform: {@code ended} = expired or withdrawn, {@code pending} = in a non-terminal
     * state (e.g. PRESERVED, ACKNOWLEDGED, CLARIFICATION_REQUESTED).
     */
    public record Counts(int sent, int accepted, int rejected, int completed, int refused, int failed, int ended, int pending) {
    }

    /** Deadline compliance of one instrument over every node (time limits that end in a breach). */
    public record Compliance(String instrument, long met, long breached, long open, double shareInTime) {
    }

    /** Percentiles. */
    public record Latency(int n, double p50, double p90, double p99, double max) {
        static Latency of(List<Double> values) {
            if (values.isEmpty()) {
                return new Latency(0, 0, 0, 0, 0);
            }
            double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return new Latency(v.length, at(v, 0.50), at(v, 0.90), at(v, 0.99), round(v[v.length - 1]));
        }

        private static double at(double[] sorted, double q) {
            int i = (int) Math.ceil(q * sorted.length) - 1;
            return round(sorted[Math.max(0, Math.min(i, sorted.length - 1))]);
        }

        private static double round(double d) {
            return Math.round(d * 10) / 10.0;
        }
    }

    /**
     * After a portal outage or a slow link: from portal-up (or link fast again) to no request for it waiting for delivery.
     * {@code drained} false if it never drained; virtual 0 = within the step in which it came up (resolution: one step).
     */
    public record Recovery(String fault, String platform, double upAtHours, boolean drained, int backlogAtUp, double virtualMinutes, long wallMillis) {
    }

    /** A fault as it happened. */
    public record FaultEvent(String kind, String target, double atHours, String what) {
    }

    /** Country-addressed traffic handed to the cross-border channel. */
    public record CrossBorderStats(int sent, int exchanged, int notExchanged, Map<String, Integer> reasons, Map<String, Integer> perInstrument) {
    }

    /** One virtual day, for the charts. */
    public record Day(int day, int sent, int accepted, int emergencies, int completed) {
    }

    /** Per node: the store against what was accepted, and the custody log. */
    public record NodeCheck(String country, int accepted, int stored, Map<String, Integer> states, long custodyEntries, long custodyLogSize,
                            boolean custodyLogVerified, String custodyVerifyMessage, Map<String, String> custodyAgainstTimeline) {
    }

    /**
     * Evidence items the platforms declared in their final execution reports and uploaded (1-64 KiB each, content from
     * the world's seed). Requested node = the node the platform answered to. Cross-border = items of a domestic order
     * that a requested Party's node made from another Party's case: the requesting node fetches them (ADR-0017).
     * {@code transferred} = stored on the requesting node with the declared SHA-256; {@code pending} = a persisted job
     * still PENDING; {@code failed} = a job FAILED; {@code lost} = neither (must be 0). {@code otherFetchJobs}: fetch jobs
     * for items no platform uploaded (e.g. the {@code answer} item of a desk's Art. 35 answer), by state.
     */
    public record EvidenceStats(int reports, int declared, int storedOnRequestedNode, int uploadsPending, int uploadsRefused, int uploadRetries,
                                long bytesUploaded, int crossBorderDeclared, int transferred, int pending, int failed, int lost,
                                long bytesTransferred, int custodySent, int custodyStoredFromNode, Map<String, Integer> otherFetchJobs) {
        public static EvidenceStats none() {
            return new EvidenceStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, Map.of());
        }
    }

    /** An invariant and whether it held. */
    public record Invariant(String name, boolean held, String detail) {
    }
}
