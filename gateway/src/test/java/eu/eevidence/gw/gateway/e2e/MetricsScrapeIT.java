package eu.eevidence.gw.gateway.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.eevidence.gw.gateway.demo.Demo;
import eu.eevidence.gw.testkit.ContactPointClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * ADR-0027: a running node's scrape after some traffic (a request submitted, delivered and read back): names and types
 * of the JVM, HTTP, route, broker, pool, delivery, deadline, custody and compliance meters; route templates, not paths;
 * no request id and nothing of the request's personal data in it; OpenMetrics when asked for. Negative cases first.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MetricsScrapeIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static TestNetwork net;
    static ContactPointClient cp;
    static String requestId;

    @BeforeAll
    static void start() throws Exception {
        net = new TestNetwork(dir);
        cp = net.client(net.contactPoint);
        ContactPointClient.Answer a = cp.submit(Demo.sample(), "metrics-" + UUID.randomUUID());
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        requestId = JSON.readTree(a.body()).get("id").asText();
        await().atMost(Duration.ofSeconds(60)).until(() -> JSON.readTree(cp.get("api/v1/requests/" + requestId).body()).path("state").asText(),
                s -> !s.equals("ACCEPTED") && !s.equals("QUEUED"));
        assertThat(cp.get("api/v1/requests/" + requestId + "/timeline").status()).isEqualTo(200);
        assertThat(cp.get("api/v1/requests/does-not-exist").status()).isEqualTo(404);
    }

    @AfterAll
    static void stop() {
        if (net != null) {
            net.close();
        }
    }

    private static ContactPointClient.Answer scrape(ContactPointClient c, String accept) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(net.node.baseUrl() + "/api/v1/metrics/prometheus")).timeout(Duration.ofSeconds(30));
        if (accept != null) {
            b.header("Accept", accept);
        }
        return c.send(b.GET().build());
    }

    /** {@code # TYPE name type} lines of a scrape. */
    static Map<String, String> types(String text) {
        Map<String, String> types = new TreeMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                String[] p = line.split(" ");
                types.put(p[2], p[3]);
            }
        }
        return types;
    }

    @Test
    @Order(1)
    void aPlatformMayNotReadTheMetrics() throws Exception {
        ContactPointClient platform = net.client(net.platformKey);
        ContactPointClient.Answer a = scrape(platform, null);
        assertThat(a.status()).as(a.body()).isEqualTo(403);
        assertThat(a.body()).contains("EEG-AUTH-ROLE").doesNotContain("jvm_");
    }

    @Test
    @Order(2)
    void theScrapeHasTheNodesMetersWithTheirTypes() throws Exception {
        ContactPointClient.Answer a = scrape(cp, null);
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        assertThat(a.contentType()).startsWith("text/plain").contains("version=0.0.4");
        java.nio.file.Files.writeString(Path.of("target", "metrics-scrape.txt"), a.body());
        Map<String, String> types = types(a.body());
        assertThat(types).containsEntry("jvm_memory_used_bytes", "gauge").containsEntry("process_uptime_seconds", "gauge")
                .containsEntry("http_server_requests_seconds", "histogram")
                .containsEntry("eeg_delivery_attempt_seconds", "histogram").containsEntry("eeg_delivery_attempts_total", "counter")
                .containsEntry("eeg_delivery_dead_letters_total", "counter").containsEntry("eeg_delivery_circuit_state", "gauge")
                .containsEntry("eeg_broker_queue_messages", "gauge").containsEntry("eeg_broker_queue_dead_lettered_total", "counter")
                .containsEntry("hikaricp_connections_active", "gauge")
                .containsEntry("eeg_deadline_warnings_total", "counter").containsEntry("eeg_deadline_due_total", "counter")
                .containsEntry("eeg_custody_appends_total", "counter").containsEntry("eeg_custody_checkpoint_age_seconds", "gauge")
                .containsEntry("eeg_custody_unsigned_entries", "gauge")
                .containsEntry("eeg_deadlines_total", "counter").containsEntry("eeg_requests", "gauge");
        assertThat(types.keySet()).anyMatch(n -> n.startsWith("camel_exchanges"));
        assertThat(a.body()).contains("eeg_delivery_attempt_seconds_count{destination=\"" + Demo.PLATFORM_ID + "\",kind=\"request\",outcome=\"delivered\"} 1")
                .contains("eeg_broker_queue_messages{queue=\"gw.dlq\"}")
                .contains("uri=\"/api/v1/requests/{id}\"").contains("role=\"contact_point\"").contains("status=\"404\"");
    }

    @Test
    @Order(3)
    void theScrapeHoldsNoRequestIdAndNoPersonalData() throws Exception {
        String text = scrape(cp, null).body();
        JsonNode sample = JSON.readTree(Demo.sample());
        List<String> personal = List.of(requestId, "does-not-exist", sample.get("clientRequestId").asText(),
                sample.get("requestingAuthority").get("contactEmail").asText(), sample.get("requestingAuthority").get("contactPhone").asText(),
                sample.get("identifiers").get(0).get("value").asText(), sample.get("identifiers").get(1).get("value").asText(),
                sample.get("offence").get("summaryOfFacts").asText().substring(0, 20), "test contact point");
        assertThat(personal).allSatisfy(p -> assertThat(text).doesNotContain(p));
        for (String line : text.split("\n")) {
            if (line.startsWith("http_server_requests_seconds_count{")) {
                assertThat(line).as("a route template, not a path").containsPattern("uri=\"(none|/[^\"]*)\"");
            }
        }
    }

    @Test
    @Order(4)
    void theDashboardAndTheAlertRulesUseOnlyMetricsOfTheNode() throws Exception {
        java.util.Set<String> series = OperationsFiles.seriesNames(scrape(cp, null).body());
        List<String> expressions = new java.util.ArrayList<>(OperationsFiles.alertExpressions());
        expressions.addAll(OperationsFiles.dashboardExpressions());
        java.util.Set<String> used = new java.util.TreeSet<>();
        expressions.forEach(e -> used.addAll(OperationsFiles.metricNames(e)));
        used.removeAll(OperationsFiles.PROMETHEUS_OWN);
        assertThat(used).hasSizeGreaterThan(15);
        assertThat(series).containsAll(used);
    }

    @Test
    @Order(5)
    void openMetricsWhenTheScraperAsksForIt() throws Exception {
        ContactPointClient.Answer a = scrape(cp, "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.contentType()).startsWith("application/openmetrics-text");
        assertThat(a.body()).endsWith("# EOF\n").contains("# TYPE eeg_delivery_attempts counter");
    }
}
