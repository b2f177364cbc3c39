package eu.eevidence.gw.gateway.console.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import eu.eevidence.gw.gateway.console.ApiAnswer;
import gg.jte.Content;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The compliance page's figures, read from {@code GET /api/v1/metrics/compliance}: the API's rows (one per instrument and
 * platform: met, breached, open, share in time, median and p90 time to answer) and their sums per instrument and per platform
 * (met and breached add up; the share is recomputed from the sums as the API computes it: met / (met + breached), 1 when none
 * ended). Percentiles cannot be added up, so median and p90 are shown per instrument and platform only, as the API gives them.
 */
public record Compliance(String since, String at, List<Line> rows, List<Line> perInstrument, List<Line> perPlatform) {

    /** One line: instrument and/or platform (null when summed over), counts, share, percentiles in seconds (null when none). */
    public record Line(String instrument, String platform, long met, long breached, long open, double shareInTime, Long medianSeconds,
                       Long p90Seconds) {

        public String label() {
            return instrument == null ? platform : platform == null ? instrument : instrument + " / " + platform;
        }

        public String share(Locale locale) {
            return String.format(locale, "%.1f %%", shareInTime * 100);
        }
    }

    public static Compliance empty() {
        return new Compliance("", "", List.of(), List.of(), List.of());
    }

    public static Compliance of(JsonNode body) {
        List<Line> rows = new ArrayList<>();
        for (JsonNode r : body.path("rows")) {
            rows.add(new Line(ApiAnswer.text(r, "instrument"), ApiAnswer.text(r, "platform"), r.path("met").asLong(), r.path("breached").asLong(),
                    r.path("open").asLong(), r.path("shareInTime").asDouble(1.0), longOrNull(r.path("medianSeconds")), longOrNull(r.path("p90Seconds"))));
        }
        return new Compliance(body.path("since").asText(""), body.path("at").asText(""), List.copyOf(rows),
                sum(rows, Line::instrument, true), sum(rows, Line::platform, false));
    }

    static List<Line> sum(List<Line> rows, Function<Line, String> key, boolean byInstrument) {
        Map<String, long[]> acc = new LinkedHashMap<>();
        for (Line l : rows) {
            long[] a = acc.computeIfAbsent(String.valueOf(key.apply(l)), k -> new long[3]);
            a[0] += l.met();
            a[1] += l.breached();
            a[2] += l.open();
        }
        List<Line> out = new ArrayList<>();
        acc.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            long[] a = e.getValue();
            long decided = a[0] + a[1];
            double share = decided == 0 ? 1.0 : (double) a[0] / decided;
            out.add(byInstrument ? new Line(e.getKey(), null, a[0], a[1], a[2], share, null, null)
                    : new Line(null, e.getKey(), a[0], a[1], a[2], share, null, null));
        });
        return List.copyOf(out);
    }

    private static Long longOrNull(JsonNode n) {
        return n.isMissingNode() || n.isNull() ? null : n.asLong();
    }

    /**
     * A chart as jte {@link Content}: the SVG is built and XML-escaped by {@link SvgChart} (SvgChartTest), so a template writes
     * it as markup with {@code ${...}} (jte does not escape a {@code Content}) and no template needs {@code $unsafe}.
     */
    public static Content markup(String svg) {
        return output -> output.writeContent(svg);
    }

    /** Chart: share in time per line (0 to 100 %). */
    public static Content shareChart(String id, String title, String desc, List<Line> lines, Locale locale) {
        return markup(shareSvg(id, title, desc, lines, locale));
    }

    static String shareSvg(String id, String title, String desc, List<Line> lines, Locale locale) {
        List<SvgChart.Bar> bars = lines.stream().map(l -> new SvgChart.Bar(l.label(), l.shareInTime() * 100, l.share(locale))).toList();
        return SvgChart.bars(id, title, desc, 100.0, List.of(new SvgChart.Series(title, "chart-share", bars)));
    }

    /** Chart: met and breached per line, two bars each. */
    public static Content outcomeChart(String id, String title, String desc, String metName, String breachedName, List<Line> lines) {
        return markup(outcomeSvg(id, title, desc, metName, breachedName, lines));
    }

    static String outcomeSvg(String id, String title, String desc, String metName, String breachedName, List<Line> lines) {
        List<SvgChart.Bar> met = lines.stream().map(l -> new SvgChart.Bar(l.label(), (double) l.met(), Long.toString(l.met()))).toList();
        List<SvgChart.Bar> breached = lines.stream().map(l -> new SvgChart.Bar(l.label(), (double) l.breached(), Long.toString(l.breached()))).toList();
        return SvgChart.bars(id, title, desc, null, List.of(new SvgChart.Series(metName, "chart-met", met),
                new SvgChart.Series(breachedName, "chart-breached", breached)));
    }

    /** Chart: median and p90 time to answer (hours) per line. */
    public static Content timeChart(String id, String title, String desc, String medianName, String p90Name, List<Line> lines, Locale locale) {
        return markup(timeSvg(id, title, desc, medianName, p90Name, lines, locale));
    }

    static String timeSvg(String id, String title, String desc, String medianName, String p90Name, List<Line> lines, Locale locale) {
        List<SvgChart.Bar> median = lines.stream().map(l -> new SvgChart.Bar(l.label(), hours(l.medianSeconds()), SvgChart.hours(l.medianSeconds(), locale)))
                .toList();
        List<SvgChart.Bar> p90 = lines.stream().map(l -> new SvgChart.Bar(l.label(), hours(l.p90Seconds()), SvgChart.hours(l.p90Seconds(), locale))).toList();
        return SvgChart.bars(id, title, desc, null, List.of(new SvgChart.Series(medianName, "chart-median", median),
                new SvgChart.Series(p90Name, "chart-p90", p90)));
    }

    private static Double hours(Long seconds) {
        return seconds == null ? null : seconds / 3600.0;
    }
}
