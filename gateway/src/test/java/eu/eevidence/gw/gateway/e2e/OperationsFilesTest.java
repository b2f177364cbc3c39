package eu.eevidence.gw.gateway.e2e;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OperationsFilesTest {

    @Test
    void labelsRangesStringsAndFunctionsAreNotMetricNames() {
        assertThat(OperationsFiles.metricNames(
                "histogram_quantile(0.95, sum by (le, destination) (rate(eeg_delivery_attempt_seconds_bucket{queue=\"gw.dlq\",x=~\"a.*\"}[10m]))) > 10"))
                .containsExactly("eeg_delivery_attempt_seconds_bucket");
        assertThat(OperationsFiles.metricNames("label_values(up{job=\"evidence-gateway\"}, instance)")).containsExactly("up");
    }

    @Test
    void everyMetricOfAnExpressionIsFound() {
        assertThat(OperationsFiles.metricNames("eeg_custody_unsigned_entries > 0 and eeg_custody_checkpoint_age_seconds > 600"))
                .containsExactly("eeg_custody_checkpoint_age_seconds", "eeg_custody_unsigned_entries");
        assertThat(OperationsFiles.metricNames("increase(eeg_made_up_total[15m]) > 0 or eeg_broker_queue_messages{queue=\"gw.dlq\"} > 0"))
                .containsExactly("eeg_broker_queue_messages", "eeg_made_up_total");
    }

    @Test
    void theFilesParseAndHaveTheAlertsTheIssueAsksFor() throws Exception {
        assertThat(OperationsFiles.alertExpressions()).hasSizeGreaterThanOrEqualTo(5)
                .anyMatch(e -> e.contains("up{")).anyMatch(e -> e.contains("dead_letters")).anyMatch(e -> e.contains("BREACH"))
                .anyMatch(e -> e.contains("eeg_custody_checkpoint_age_seconds")).anyMatch(e -> e.contains("eeg_delivery_attempt_seconds_bucket"));
        assertThat(OperationsFiles.dashboardExpressions()).hasSizeGreaterThanOrEqualTo(10);
    }

    @Test
    void seriesNamesOfAScrape() {
        assertThat(OperationsFiles.seriesNames("# TYPE a_total counter\na_total{x=\"1\"} 2\nb 3\n\n")).containsExactly("a_total", "b");
    }
}
