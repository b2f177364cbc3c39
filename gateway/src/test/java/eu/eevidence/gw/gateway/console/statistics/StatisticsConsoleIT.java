package eu.eevidence.gw.gateway.console.statistics;

import eu.eevidence.gw.gateway.security.SecurityNode;
import eu.eevidence.gw.pki.KeyMaterial;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The auditor's statistics page (ADR-0037) on a real node over HTTPS: other roles refused with the API's code, open and
 * malformed periods refused with the API's codes, then an ended quarter's release with every fixed table, the minimum
 * cell size and the export links.
 */
class StatisticsConsoleIT {

    @TempDir
    static Path dir;
    static SecurityNode node;

    @BeforeAll
    static void start() throws Exception {
        node = SecurityNode.start(dir);
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    static HttpResponse<String> get(KeyMaterial key, String path) throws Exception {
        HttpClient c = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER)
                .sslContext(node.forcedContext(key)).build();
        return c.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + path)).header("Accept", "text/html").GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    static String html(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(r.body()).doesNotContain("Exception", "\tat ", "<script>", "style=");
        return r.body();
    }

    @Test
    void otherRolesAndBadPeriodsAreRefusedWithTheApisCodes() throws Exception {
        assertThat(html(get(node.contactPoint, "/console/statistics?period=2020-Q1"), 403)).contains("EEG-STAT-ROLE");
        String current = YearMonth.now(ZoneOffset.UTC).getYear() + "-Q" + ((YearMonth.now(ZoneOffset.UTC).getMonthValue() - 1) / 3 + 1);
        assertThat(html(get(node.auditor, "/console/statistics?period=" + current), 409)).contains("EEG-STAT-PERIOD-OPEN");
        assertThat(html(get(node.auditor, "/console/statistics?period=2020-01..2020-03"), 422)).contains("EEG-STAT-PERIOD");
        assertThat(html(get(node.auditor, "/console/statistics?period=2020-02"), 422)).contains("EEG-STAT-PERIOD");
    }

    @Test
    void theAuditorSeesAnEndedQuartersTablesAndTheExports() throws Exception {
        String form = html(get(node.auditor, "/console/statistics"), 200);
        assertThat(form).contains("<form method=\"get\" action=\"/console/statistics\"", "2026-Q3", "href=\"/console/statistics\"");
        assertThat(form).doesNotContain("data-table=");
        String page = html(get(node.auditor, "/console/statistics?period=2020-Q1"), 200);
        for (String table : new String[] {"instrument-outcome", "platform-outcome", "offence-outcome", "instrument-offence", "offence-sex",
            "offence-age", "offence-minor", "offence-relationship", "offence-disability"}) {
            assertThat(page).contains("data-table=\"" + table + "\"");
        }
        assertThat(page).contains("<strong id=\"min-cell\">5</strong>", "/api/v1/statistics?period=2020-Q1&amp;format=csv");
        assertThat(page).doesNotContain("class=\"suppressed\""); // no request in 2020: nothing to hide
    }
}
