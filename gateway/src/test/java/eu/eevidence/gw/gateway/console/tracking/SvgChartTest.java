package eu.eevidence.gw.gateway.console.tracking;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The server-side SVG charts: well-formed, escaped, accessible, no style attribute, bars to scale; the compliance sums. */
class SvgChartTest {

    static org.w3c.dom.Document parse(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void hostileLabelsAreEscapedAndTheChartStaysWellFormed() throws Exception {
        String svg = SvgChart.bars("c1", "<script>alert(1)</script>", "a \"quoted\" & 'odd' desc\u0001",
                null, List.of(new SvgChart.Series("s", "chart-met", List.of(new SvgChart.Bar("</text><script>x()</script>", 3.0, "3")))));
        assertThat(svg).doesNotContain("<script").contains("&lt;script&gt;").doesNotContain("\u0001");
        org.w3c.dom.Document d = parse(svg);
        assertThat(d.getElementsByTagName("script").getLength()).isZero();
        assertThat(d.getElementsByTagName("title").item(0).getTextContent()).isEqualTo("<script>alert(1)</script>");
    }

    @Test
    void aBadIdOrClassCannotBreakOutOfItsAttribute() {
        assertThatThrownBy(() -> SvgChart.bars("x\" onload=\"y", "t", "d", null, List.of())).isInstanceOf(IllegalArgumentException.class);
        String svg = SvgChart.bars("ok", "t", "d", null, List.of(new SvgChart.Series("s", "\" onclick=\"x", List.of(new SvgChart.Bar("a", 1.0, "1")))));
        assertThat(svg).doesNotContain("onclick").contains("class=\"chart-bar\"");
    }

    @Test
    void accessibleAndWithoutAStyleAttribute() throws Exception {
        String svg = SvgChart.bars("share", "Share", "Bars from 0 to 100", 100.0, List.of(new SvgChart.Series("s", "chart-share",
                List.of(new SvgChart.Bar("EU_EPOC", 50.0, "50 %"), new SvgChart.Bar("EU_EPOC_PR", 100.0, "100 %")))));
        org.w3c.dom.Element root = parse(svg).getDocumentElement();
        assertThat(root.getAttribute("role")).isEqualTo("img");
        assertThat(root.getAttribute("aria-labelledby")).isEqualTo("share-title share-desc");
        assertThat(svg).contains("<title id=\"share-title\">Share</title>", "<desc id=\"share-desc\">").doesNotContain("style=")
                .doesNotContain("fill=");
    }

    @Test
    void barsAreDrawnToScale() throws Exception {
        String svg = SvgChart.bars("scale", "t", "d", 100.0, List.of(new SvgChart.Series("s", "chart-share",
                List.of(new SvgChart.Bar("half", 50.0, "50"), new SvgChart.Bar("full", 100.0, "100"), new SvgChart.Bar("none", null, "-"),
                        new SvgChart.Bar("over", 250.0, "250")))));
        var rects = parse(svg).getElementsByTagName("rect");
        assertThat(rects.getLength()).isEqualTo(4);
        assertThat(rects.item(0).getAttributes().getNamedItem("width").getNodeValue()).isEqualTo(Integer.toString(SvgChart.PLOT_WIDTH / 2));
        assertThat(rects.item(1).getAttributes().getNamedItem("width").getNodeValue()).isEqualTo(Integer.toString(SvgChart.PLOT_WIDTH));
        assertThat(rects.item(2).getAttributes().getNamedItem("width").getNodeValue()).isEqualTo("0");
        assertThat(rects.item(3).getAttributes().getNamedItem("width").getNodeValue()).as("capped at the plot")
                .isEqualTo(Integer.toString(SvgChart.PLOT_WIDTH));
    }

    @Test
    void twoSeriesGetALegendAndTwoBarsPerRow() throws Exception {
        String svg = SvgChart.bars("two", "t", "d", null, List.of(
                new SvgChart.Series("Met", "chart-met", List.of(new SvgChart.Bar("a", 4.0, "4"), new SvgChart.Bar("b", 2.0, "2"))),
                new SvgChart.Series("Breached", "chart-breached", List.of(new SvgChart.Bar("a", 1.0, "1"), new SvgChart.Bar("b", 0.0, "0")))));
        var d = parse(svg);
        assertThat(d.getElementsByTagName("rect").getLength()).isEqualTo(2 + 4);
        assertThat(svg).contains(">Met</text>", ">Breached</text>");
    }

    @Test
    void complianceSumsPerInstrumentAndPlatformRecomputeTheShareAsTheApiDoes() throws Exception {
        var body = new ObjectMapper().readTree("""
                {"since":"2026-09-01T00:00:00Z","at":"2026-12-01T00:00:00Z","rows":[
                 {"instrument":"EU_EPOC","platform":"p1","met":3,"breached":1,"open":2,"shareInTime":0.75,"medianSeconds":7200,"p90Seconds":36000},
                 {"instrument":"EU_EPOC","platform":"p2","met":1,"breached":3,"open":0,"shareInTime":0.25,"medianSeconds":3600,"p90Seconds":3600},
                 {"instrument":"EU_EPOC_PR","platform":"p1","met":0,"breached":0,"open":5,"shareInTime":1.0,"medianSeconds":null,"p90Seconds":null}]}""");
        Compliance c = Compliance.of(body);
        assertThat(c.rows()).hasSize(3);
        assertThat(c.perInstrument()).extracting(Compliance.Line::instrument).containsExactly("EU_EPOC", "EU_EPOC_PR");
        Compliance.Line epoc = c.perInstrument().get(0);
        assertThat(epoc.met()).isEqualTo(4);
        assertThat(epoc.breached()).isEqualTo(4);
        assertThat(epoc.shareInTime()).isEqualTo(0.5);
        assertThat(c.perInstrument().get(1).shareInTime()).as("none ended: 1, as the API").isEqualTo(1.0);
        assertThat(c.perPlatform()).extracting(Compliance.Line::platform).containsExactly("p1", "p2");
        assertThat(c.perPlatform().get(0).met()).isEqualTo(3);
        assertThat(c.rows().get(2).medianSeconds()).isNull();
        assertThat(SvgChart.hours(c.rows().get(0).p90Seconds(), Locale.ROOT)).isEqualTo("10.0 h");
        assertThat(SvgChart.hours(null, Locale.ROOT)).isEqualTo("-");
        parse(Compliance.timeSvg("t", "T", "D", "median", "p90", c.rows(), Locale.GERMAN));
    }
}
