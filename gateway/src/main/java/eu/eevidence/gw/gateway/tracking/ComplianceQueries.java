package eu.eevidence.gw.gateway.tracking;

import eu.eevidence.gw.gateway.infra.Database;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deadline compliance per instrument and platform over a window: how many time limits were met or breached, the
 * share answered in time, and the median and 90th percentile time to answer (start of the period to the event
 * that met it). Only BREACH-type deadlines count (a preservation floor that expires is not a failure of anyone).
 */
public final class ComplianceQueries {

    private final Database db;

    public ComplianceQueries(Database db) {
        this.db = db;
    }

    /** Compliance of one instrument at one platform. Durations in seconds; null when nothing was met. */
    public record Compliance(String instrument, String platform, long met, long breached, long open, double shareInTime,
                             Long medianSeconds, Long p90Seconds) {
    }

    public List<Compliance> since(Instant from) {
        return db.read(c -> {
            Map<String, Acc> groups = new LinkedHashMap<>();
            try (PreparedStatement ps = c.connection().prepareStatement(
                    "SELECT d.instrument, r.platform_id, d.state, d.started_at, d.closed_at FROM deadline d "
                    + "JOIN request r ON r.id = d.request_id WHERE d.on_due = 'BREACH' AND d.started_at >= ? ORDER BY d.instrument, r.platform_id")) {
                ps.setObject(1, OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
                ps.setFetchSize(1000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Acc a = groups.computeIfAbsent(rs.getString(1) + "\u0000" + rs.getString(2), k -> new Acc());
                        String state = rs.getString(3);
                        switch (state) {
                            case "MET" -> {
                                a.met++;
                                OffsetDateTime s = rs.getObject(4, OffsetDateTime.class);
                                OffsetDateTime e = rs.getObject(5, OffsetDateTime.class);
                                if (s != null && e != null) {
                                    a.durations.add(Duration.between(s, e).toSeconds());
                                }
                            }
                            case "BREACHED" -> a.breached++;
                            case "RUNNING", "SUSPENDED", "HELD" -> a.open++;
                            default -> { }
                        }
                    }
                }
            }
            List<Compliance> out = new ArrayList<>();
            groups.forEach((key, a) -> {
                String[] k = key.split("\u0000", 2);
                long[] d = a.durations.stream().mapToLong(Long::longValue).toArray();
                Arrays.sort(d);
                long decided = a.met + a.breached;
                out.add(new Compliance(k[0], k[1], a.met, a.breached, a.open, decided == 0 ? 1.0 : (double) a.met / decided,
                        percentile(d, 50), percentile(d, 90)));
            });
            return out;
        });
    }

    /** Nearest-rank percentile; null for an empty set. */
    static Long percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return null;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    /** Prometheus text exposition (format 0.0.4) of the compliance figures and the request counts. */
    public static String prometheus(List<Compliance> compliance, Map<String, Object> stats) {
        StringBuilder b = new StringBuilder();
        b.append("# HELP eeg_deadlines_total Deadlines that ended, by outcome (met in time or breached).\n");
        b.append("# TYPE eeg_deadlines_total counter\n");
        for (Compliance c : compliance) {
            b.append("eeg_deadlines_total{instrument=\"").append(esc(c.instrument())).append("\",platform=\"").append(esc(c.platform()))
                    .append("\",outcome=\"met\"} ").append(c.met()).append('\n');
            b.append("eeg_deadlines_total{instrument=\"").append(esc(c.instrument())).append("\",platform=\"").append(esc(c.platform()))
                    .append("\",outcome=\"breached\"} ").append(c.breached()).append('\n');
        }
        b.append("# HELP eeg_deadline_compliance_ratio Share of ended deadlines met in time.\n");
        b.append("# TYPE eeg_deadline_compliance_ratio gauge\n");
        for (Compliance c : compliance) {
            b.append("eeg_deadline_compliance_ratio{instrument=\"").append(esc(c.instrument())).append("\",platform=\"").append(esc(c.platform()))
                    .append("\"} ").append(c.shareInTime()).append('\n');
        }
        b.append("# HELP eeg_time_to_answer_seconds Time from the start of a period to the answer that met it.\n");
        b.append("# TYPE eeg_time_to_answer_seconds gauge\n");
        for (Compliance c : compliance) {
            if (c.medianSeconds() != null) {
                b.append("eeg_time_to_answer_seconds{instrument=\"").append(esc(c.instrument())).append("\",platform=\"").append(esc(c.platform()))
                        .append("\",quantile=\"0.5\"} ").append(c.medianSeconds()).append('\n');
                b.append("eeg_time_to_answer_seconds{instrument=\"").append(esc(c.instrument())).append("\",platform=\"").append(esc(c.platform()))
                        .append("\",quantile=\"0.9\"} ").append(c.p90Seconds()).append('\n');
            }
        }
        b.append("# HELP eeg_requests Requests by state.\n");
        b.append("# TYPE eeg_requests gauge\n");
        @SuppressWarnings("unchecked")
        Map<String, Long> byState = (Map<String, Long>) stats.get("byState");
        byState.forEach((state, n) -> b.append("eeg_requests{state=\"").append(state).append("\"} ").append(n).append('\n'));
        b.append("# HELP eeg_requests_by_deadline_band Requests by how soon their next deadline falls.\n");
        b.append("# TYPE eeg_requests_by_deadline_band gauge\n");
        @SuppressWarnings("unchecked")
        Map<String, Long> bands = (Map<String, Long>) stats.get("byDeadlineBand");
        bands.forEach((band, n) -> b.append("eeg_requests_by_deadline_band{band=\"").append(band).append("\"} ").append(n).append('\n'));
        return b.toString();
    }

    private static String esc(String s) {
        return s == null ? "" : s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static final class Acc {
        long met;
        long breached;
        long open;
        final List<Long> durations = new ArrayList<>();
    }
}
