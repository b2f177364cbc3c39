package eu.eevidence.gw.sim.world;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** report.html: one self-contained page, inline SVG charts, no script, nothing fetched from the network. */
final class HtmlReport {

    private static final String[] COLOURS = {"#1f77b4", "#2ca02c", "#d62728", "#ff7f0e", "#9467bd", "#8c564b", "#7f7f7f"};

    private HtmlReport() {
    }

    static String render(WorldReport r) {
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>simulation ").append(esc(r.scenario())).append("</title>")
                .append("<style>body{font:14px system-ui,sans-serif;margin:2em;max-width:1100px}table{border-collapse:collapse;margin:.5em 0 1.5em}")
                .append("td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}")
                .append(".ok{color:#2ca02c;font-weight:bold}.bad{color:#d62728;font-weight:bold}svg{background:#fcfcfc;border:1px solid #ddd}</style></head><body>");
        b.append("<h1>Simulation: ").append(esc(r.scenario())).append(" <span class=\"").append(r.ok() ? "ok\">INVARIANTS OK" : "bad\">INVARIANTS VIOLATED")
                .append("</span></h1><p>").append(esc(r.description())).append("</p>");
        b.append("<p>").append(r.nodes()).append(" nodes, ").append(r.platforms()).append(" platforms; virtual ").append(r.virtualStart()).append(" to ")
                .append(r.virtualEnd()).append(" (").append(r.virtualDays()).append(" days); wall ").append(r.wallMillis() / 1000.0).append(" s; cross-border channel: ")
                .append(esc(r.crossBorder())).append("</p>");

        b.append("<h2>Invariants</h2><table><tr><th>invariant</th><th>held</th><th>detail</th></tr>");
        for (WorldReport.Invariant i : r.invariants()) {
            b.append("<tr><td>").append(esc(i.name())).append("</td><td class=\"").append(i.held() ? "ok\">yes" : "bad\">NO").append("</td><td>")
                    .append(esc(i.detail())).append("</td></tr>");
        }
        b.append("</table>");
        if (!r.violations().isEmpty()) {
            b.append("<h3>Violations</h3><ul>");
            r.violations().stream().limit(200).forEach(v -> b.append("<li>").append(esc(v)).append("</li>"));
            b.append("</ul>");
        }

        b.append("<h2>Traffic per virtual day</h2>");
        List<String> names = List.of("sent", "accepted", "completed", "emergencies");
        List<double[]> series = new ArrayList<>();
        int n = r.days().size();
        for (int k = 0; k < 4; k++) {
            series.add(new double[n]);
        }
        for (int i = 0; i < n; i++) {
            WorldReport.Day d = r.days().get(i);
            series.get(0)[i] = d.sent();
            series.get(1)[i] = d.accepted();
            series.get(2)[i] = d.completed();
            series.get(3)[i] = d.emergencies();
        }
        b.append(lines(names, series, "virtual day", "requests"));

        b.append("<h2>Requests per instrument</h2>").append(countsTable(r.perInstrument()));
        b.append(bars(r.perInstrument(), "accepted / completed / refused / failed / pending"));
        b.append("<h2>Requests per platform</h2>").append(countsTable(r.perPlatform()));

        b.append("<h2>Deadline compliance per instrument</h2><table><tr><th>instrument</th><th>met</th><th>breached</th><th>open</th><th>share in time</th></tr>");
        List<String> labels = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (WorldReport.Compliance c : r.compliance()) {
            b.append("<tr><td>").append(esc(c.instrument())).append("</td><td>").append(c.met()).append("</td><td>").append(c.breached()).append("</td><td>")
                    .append(c.open()).append("</td><td>").append(pct(c.shareInTime())).append("</td></tr>");
            labels.add(c.instrument());
            values.add(c.shareInTime() * 100);
        }
        b.append("</table>").append(hbars(labels, values, 100, "% in time"));

        b.append("<h2>Emergency latency (submitted to final execution report)</h2><table><tr><th>clock</th><th>n</th><th>p50</th><th>p90</th><th>p99</th><th>max</th></tr>");
        latencyRow(b, "virtual minutes", r.emergencyVirtualMinutes());
        latencyRow(b, "wall milliseconds", r.emergencyWallMillis());
        b.append("</table>");
        b.append(hbars(List.of("p50", "p90", "p99", "max"), List.of(r.emergencyVirtualMinutes().p50(), r.emergencyVirtualMinutes().p90(),
                r.emergencyVirtualMinutes().p99(), r.emergencyVirtualMinutes().max()), Math.max(1, r.emergencyVirtualMinutes().max()), "virtual min"));

        b.append("<h2>Delivery</h2><p>retries ").append(r.retries()).append(", dead letters ").append(r.deadLetters()).append("</p>");
        b.append("<h3>Rejections by code</h3>").append(mapTable(r.rejectionsByCode(), "code", "count"));
        b.append("<h3>Recovery after portal outages and slow links</h3><table><tr><th>fault</th><th>platform</th><th>up at (h)</th><th>backlog at up</th><th>drained</th><th>virtual min</th><th>wall ms</th></tr>");
        for (WorldReport.Recovery rc : r.recoveries()) {
            b.append("<tr><td>").append(esc(rc.fault())).append("</td><td>").append(esc(rc.platform())).append("</td><td>").append(rc.upAtHours()).append("</td><td>").append(rc.backlogAtUp())
                    .append("</td><td>").append(rc.drained()).append("</td><td>").append(rc.virtualMinutes()).append("</td><td>").append(rc.wallMillis()).append("</td></tr>");
        }
        b.append("</table><h3>Faults</h3><table><tr><th>kind</th><th>target</th><th>at (h)</th><th>what</th></tr>");
        for (WorldReport.FaultEvent f : r.faults()) {
            b.append("<tr><td>").append(esc(f.kind())).append("</td><td>").append(esc(String.valueOf(f.target()))).append("</td><td>").append(f.atHours())
                    .append("</td><td style=\"text-align:left\">").append(esc(f.what())).append("</td></tr>");
        }
        b.append("</table>");

        WorldReport.CrossBorderStats x = r.crossBorderTraffic();
        b.append("<h2>Country-addressed traffic</h2><p>sent ").append(x.sent()).append(", exchanged ").append(x.exchanged()).append(", not exchanged ")
                .append(x.notExchanged()).append("</p>").append(mapTable(x.reasons(), "reason", "count")).append(mapTable(x.perInstrument(), "instrument", "count"));

        WorldReport.EvidenceStats e = r.evidence() == null ? WorldReport.EvidenceStats.none() : r.evidence();
        b.append("<h2>Evidence items (final execution reports)</h2><table><tr><th>figure</th><th>items</th><th>bytes</th></tr>");
        evidenceRow(b, "declared in " + e.reports() + " reports", e.declared(), -1);
        evidenceRow(b, "uploaded and stored on the requested node", e.storedOnRequestedNode(), e.bytesUploaded());
        evidenceRow(b, "upload pending / refused (retries " + e.uploadRetries() + ")", e.uploadsPending() + e.uploadsRefused(), -1);
        evidenceRow(b, "cross-border: declared", e.crossBorderDeclared(), -1);
        evidenceRow(b, "cross-border: transferred to the requesting node", e.transferred(), e.bytesTransferred());
        evidenceRow(b, "cross-border: pending (persisted job)", e.pending(), -1);
        evidenceRow(b, "cross-border: failed", e.failed(), -1);
        evidenceRow(b, "cross-border: lost (no job, not stored)", e.lost(), -1);
        evidenceRow(b, "custody EVIDENCE_SENT (requested) / EVIDENCE_STORED from node (requesting)", e.custodySent(), e.custodyStoredFromNode());
        b.append("</table><p style=\"font-size:12px\">last row: the two counts (transferred items with the entry on each side), not bytes."
                + " Other fetch jobs (items no platform uploaded, e.g. a desk's Art. 35 answer): ").append(esc(String.valueOf(e.otherFetchJobs()))).append("</p>");

        b.append("<h2>Nodes</h2><table><tr><th>country</th><th>accepted</th><th>stored</th><th>states</th><th>custody entries</th><th>log size</th><th>log verifies</th><th>custody vs timeline</th></tr>");
        for (WorldReport.NodeCheck c : r.nodeChecks()) {
            b.append("<tr><td>").append(esc(c.country())).append("</td><td>").append(c.accepted()).append("</td><td>").append(c.stored()).append("</td><td>")
                    .append(esc(c.states().toString())).append("</td><td>").append(c.custodyEntries()).append("</td><td>").append(c.custodyLogSize())
                    .append("</td><td class=\"").append(c.custodyLogVerified() ? "ok\">yes" : "bad\">NO").append("</td><td style=\"text-align:left;font-size:12px\">")
                    .append(esc(c.custodyAgainstTimeline().toString())).append("</td></tr>");
        }
        b.append("</table></body></html>\n");
        return b.toString();
    }

    private static void evidenceRow(StringBuilder b, String label, long items, long bytes) {
        b.append("<tr><td style=\"text-align:left\">").append(esc(label)).append("</td><td>").append(items).append("</td><td>")
                .append(bytes < 0 ? "" : String.valueOf(bytes)).append("</td></tr>");
    }

    private static void latencyRow(StringBuilder b, String label, WorldReport.Latency l) {
        b.append("<tr><td>").append(label).append("</td><td>").append(l.n()).append("</td><td>").append(l.p50()).append("</td><td>").append(l.p90())
                .append("</td><td>").append(l.p99()).append("</td><td>").append(l.max()).append("</td></tr>");
    }

    private static String countsTable(Map<String, WorldReport.Counts> m) {
        StringBuilder b = new StringBuilder("<table><tr><th></th><th>sent</th><th>accepted</th><th>rejected</th><th>completed</th><th>refused</th><th>failed</th><th>expired/withdrawn</th><th>pending</th></tr>");
        m.forEach((k, c) -> b.append("<tr><td>").append(esc(k)).append("</td><td>").append(c.sent()).append("</td><td>").append(c.accepted()).append("</td><td>")
                .append(c.rejected()).append("</td><td>").append(c.completed()).append("</td><td>").append(c.refused()).append("</td><td>").append(c.failed())
                .append("</td><td>").append(c.ended()).append("</td><td>").append(c.pending()).append("</td></tr>"));
        return b.append("</table>").toString();
    }

    private static String mapTable(Map<String, Integer> m, String k, String v) {
        StringBuilder b = new StringBuilder("<table><tr><th>").append(k).append("</th><th>").append(v).append("</th></tr>");
        m.forEach((a, c) -> b.append("<tr><td>").append(esc(a)).append("</td><td>").append(c).append("</td></tr>"));
        return b.append("</table>").toString();
    }

    /** A stacked horizontal bar per instrument: completed, refused, failed, expired/withdrawn, pending. */
    private static String bars(Map<String, WorldReport.Counts> m, String title) {
        int w = 900;
        int rowH = 22;
        int left = 260;
        int h = 30 + rowH * m.size() + 20;
        double max = m.values().stream().mapToInt(WorldReport.Counts::accepted).max().orElse(1);
        StringBuilder b = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + w + "\" height=\"" + h + "\" role=\"img\"><title>")
                .append(esc(title)).append("</title>");
        String[] legend = {"completed", "refused", "failed", "expired/withdrawn", "pending"};
        for (int i = 0; i < legend.length; i++) {
            b.append("<rect x=\"").append(left + i * 120).append("\" y=\"6\" width=\"10\" height=\"10\" fill=\"").append(COLOURS[i]).append("\"/><text x=\"")
                    .append(left + i * 120 + 14).append("\" y=\"15\" font-size=\"11\">").append(legend[i]).append("</text>");
        }
        int y = 30;
        for (Map.Entry<String, WorldReport.Counts> e : m.entrySet()) {
            WorldReport.Counts c = e.getValue();
            int[] parts = {c.completed(), c.refused(), c.failed(), c.ended(), c.pending()};
            double x = left;
            b.append("<text x=\"4\" y=\"").append(y + 14).append("\" font-size=\"12\">").append(esc(e.getKey())).append("</text>");
            for (int i = 0; i < parts.length; i++) {
                double len = (w - left - 60) * parts[i] / Math.max(1, max);
                b.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"16\" fill=\"%s\"/>", x, y, len, COLOURS[i]));
                x += len;
            }
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\">%d</text>", x + 4, y + 13, c.accepted()));
            y += rowH;
        }
        return b.append("</svg>").toString();
    }

    private static String hbars(List<String> labels, List<Double> values, double max, String unit) {
        int w = 900;
        int left = 260;
        int h = 10 + 22 * labels.size() + 10;
        StringBuilder b = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + w + "\" height=\"" + h + "\" role=\"img\"><title>")
                .append(esc(unit)).append("</title>");
        int y = 10;
        for (int i = 0; i < labels.size(); i++) {
            double len = (w - left - 120) * Math.max(0, values.get(i)) / Math.max(1e-9, max);
            b.append("<text x=\"4\" y=\"").append(y + 13).append("\" font-size=\"12\">").append(esc(labels.get(i))).append("</text>")
                    .append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"16\" fill=\"%s\"/>", left, y, len, COLOURS[0]))
                    .append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\">%.1f %s</text>", left + len + 4, y + 13, values.get(i), esc(unit)));
            y += 22;
        }
        return b.append("</svg>").toString();
    }

    private static String lines(List<String> names, List<double[]> series, String xLabel, String yLabel) {
        int w = 900;
        int h = 260;
        int l = 50;
        int t = 20;
        int pw = w - l - 20;
        int ph = h - t - 40;
        int n = series.get(0).length;
        double max = 1;
        for (double[] s : series) {
            for (double v : s) {
                max = Math.max(max, v);
            }
        }
        StringBuilder b = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + w + "\" height=\"" + h + "\" role=\"img\"><title>")
                .append(esc(yLabel)).append(" per ").append(esc(xLabel)).append("</title>");
        b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>", l, t + ph, l + pw, t + ph));
        b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>", l, t, l, t + ph));
        b.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"%d\" font-size=\"11\">%.0f</text><text x=\"4\" y=\"%d\" font-size=\"11\">0</text>", t + 10, max, t + ph));
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\">%s 0 .. %d</text>", l, h - 8, esc(xLabel), Math.max(0, n - 1)));
        for (int k = 0; k < series.size(); k++) {
            StringBuilder pts = new StringBuilder();
            for (int i = 0; i < n; i++) {
                double x = l + (n == 1 ? pw / 2.0 : pw * i / (double) (n - 1));
                double y = t + ph - ph * series.get(k)[i] / max;
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            b.append("<polyline fill=\"none\" stroke-width=\"1.5\" stroke=\"").append(COLOURS[k]).append("\" points=\"").append(pts).append("\"/>");
            b.append("<rect x=\"").append(l + 200 + k * 120).append("\" y=\"").append(h - 17).append("\" width=\"10\" height=\"10\" fill=\"").append(COLOURS[k])
                    .append("\"/><text x=\"").append(l + 214 + k * 120).append("\" y=\"").append(h - 8).append("\" font-size=\"11\">").append(esc(names.get(k))).append("</text>");
        }
        return b.append("</svg>").toString();
    }

    private static String pct(double share) {
        return String.format(Locale.ROOT, "%.1f %%", share * 100);
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
