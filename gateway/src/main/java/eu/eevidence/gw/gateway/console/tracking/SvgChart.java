package eu.eevidence.gw.gateway.console.tracking;

import java.util.List;
import java.util.Locale;

/**
 * Horizontal bar charts as inline SVG, written in Java on the server (issue 16 item 4; no chart library, no script).
 * Accessible: {@code role="img"} named by its {@code <title>} and described by its {@code <desc>}; the page puts a data
 * table with the same figures beside each chart. No {@code style} attribute (the console's CSP is {@code style-src 'self'}):
 * colours come from classes in console.css; geometry is given by the SVG attributes {@code x}, {@code y}, {@code width},
 * {@code height}, which are attributes, not inline style, so the CSP does not govern them. All text is XML-escaped.
 */
public final class SvgChart {

    /** One bar of a series: its row label, its value (>= 0, or null for "no value"), and the text shown after it. */
    public record Bar(String label, Double value, String shown) {
    }

    /** A series of bars drawn in one CSS class (e.g. {@code chart-met}); several series are grouped per row. */
    public record Series(String name, String cssClass, List<Bar> bars) {
    }

    static final int LABEL_WIDTH = 260;
    static final int PLOT_WIDTH = 360;
    static final int VALUE_WIDTH = 110;
    static final int BAR_HEIGHT = 16;
    static final int GAP = 10;

    private SvgChart() {
    }

    /**
     * A chart of {@code series} (all with the same rows, in the same order), scaled to {@code max} (or to the largest
     * value when {@code max} is null). {@code id} must be unique on the page (it names the title and desc elements).
     */
    public static String bars(String id, String title, String desc, Double max, List<Series> series) {
        if (!id.matches("[a-z][a-z0-9-]{0,40}")) {
            throw new IllegalArgumentException("chart id: lower-case letters, digits and dashes");
        }
        int rows = series.isEmpty() ? 0 : series.get(0).bars().size();
        double top = max != null ? max : series.stream().flatMap(s -> s.bars().stream()).map(Bar::value)
                .filter(v -> v != null).mapToDouble(Double::doubleValue).max().orElse(0);
        int perRow = series.size() * BAR_HEIGHT + GAP;
        int legend = series.size() > 1 ? 24 : 0;
        int width = LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH;
        int height = Math.max(1, rows) * perRow + GAP + legend;
        StringBuilder b = new StringBuilder(512 + rows * series.size() * 200);
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" viewBox=\"0 0 ").append(width).append(' ')
                .append(height).append("\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" aria-labelledby=\"").append(id).append("-title ").append(id).append("-desc\">");
        b.append("<title id=\"").append(id).append("-title\">").append(esc(title)).append("</title>");
        b.append("<desc id=\"").append(id).append("-desc\">").append(esc(desc)).append("</desc>");
        if (series.size() > 1) {
            int x = LABEL_WIDTH;
            for (Series s : series) {
                b.append("<rect class=\"").append(cls(s.cssClass())).append("\" x=\"").append(x).append("\" y=\"4\" width=\"14\" height=\"14\"/>");
                b.append("<text class=\"chart-legend\" x=\"").append(x + 20).append("\" y=\"16\">").append(esc(s.name())).append("</text>");
                x += 150;
            }
        }
        for (int r = 0; r < rows; r++) {
            int y0 = legend + GAP / 2 + r * perRow;
            b.append("<text class=\"chart-label\" x=\"").append(LABEL_WIDTH - 8).append("\" y=\"").append(y0 + series.size() * BAR_HEIGHT / 2 + 5)
                    .append("\" text-anchor=\"end\">").append(esc(clip(series.get(0).bars().get(r).label()))).append("</text>");
            for (int s = 0; s < series.size(); s++) {
                Bar bar = series.get(s).bars().get(r);
                int y = y0 + s * BAR_HEIGHT;
                double v = bar.value() == null ? 0 : Math.max(0, bar.value());
                int w = top <= 0 ? 0 : (int) Math.round(Math.min(1.0, v / top) * PLOT_WIDTH);
                b.append("<rect class=\"").append(cls(series.get(s).cssClass())).append("\" x=\"").append(LABEL_WIDTH).append("\" y=\"").append(y + 1)
                        .append("\" width=\"").append(w).append("\" height=\"").append(BAR_HEIGHT - 2).append("\"/>");
                b.append("<text class=\"chart-value\" x=\"").append(LABEL_WIDTH + w + 6).append("\" y=\"").append(y + BAR_HEIGHT - 3).append("\">")
                        .append(esc(bar.shown())).append("</text>");
            }
        }
        b.append("<line class=\"chart-axis\" x1=\"").append(LABEL_WIDTH).append("\" y1=\"").append(legend).append("\" x2=\"").append(LABEL_WIDTH)
                .append("\" y2=\"").append(height).append("\"/>");
        b.append("</svg>");
        return b.toString();
    }

    /** A duration in seconds as the chart shows it: hours with one decimal ({@code "26.5 h"}), or "-" when absent. */
    public static String hours(Long seconds, Locale locale) {
        return seconds == null ? "-" : String.format(locale, "%.1f h", seconds / 3600.0);
    }

    private static String clip(String s) {
        return s == null ? "" : s.length() > 40 ? s.substring(0, 39) + "\u2026" : s;
    }

    private static String cls(String c) {
        return c.matches("[a-z][a-z0-9-]*") ? c : "chart-bar";
    }

    /** XML text and attribute escaping (the five predefined entities), dropping characters XML 1.0 forbids. */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
