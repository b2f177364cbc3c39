package eu.eevidence.gw.gateway.observe;

import io.micrometer.core.instrument.Counter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NodeMetricsTest {

    @Test
    void prometheusTextUnlessTheAcceptHeaderNamesOpenMetrics() {
        assertThat(NodeMetrics.wantsOpenMetrics(null)).isFalse();
        assertThat(NodeMetrics.wantsOpenMetrics("text/plain;version=0.0.4")).isFalse();
        assertThat(NodeMetrics.wantsOpenMetrics("*/*")).isFalse();
        assertThat(NodeMetrics.wantsOpenMetrics("Application/OpenMetrics-Text; version=1.0.0")).isTrue();
    }

    @Test
    void aScrapeHasTheJvmMetersAndWhatFeaturesRecordInBothFormats() {
        try (NodeMetrics m = new NodeMetrics()) {
            Counter.builder("eeg.test.things").register(m.registry()).increment(3);
            NodeMetrics.Scrape text = m.scrape(null);
            assertThat(text.contentType()).isEqualTo(NodeMetrics.PROMETHEUS_TEXT);
            assertThat(text.text()).contains("# TYPE jvm_memory_used_bytes gauge").contains("# TYPE eeg_test_things_total counter")
                    .contains("eeg_test_things_total 3.0").doesNotContain("# EOF");
            NodeMetrics.Scrape open = m.scrape("application/openmetrics-text");
            assertThat(open.contentType()).isEqualTo(NodeMetrics.OPENMETRICS_TEXT);
            assertThat(open.text()).contains("# TYPE eeg_test_things counter").endsWith("# EOF\n");
        }
    }
}
