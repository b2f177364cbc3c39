package eu.eevidence.gw.gateway.console.requests;

import eu.eevidence.gw.gateway.security.SecurityNode;
import eu.eevidence.gw.pki.KeyMaterial;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** ADR-0039 in the console: the "Archive" action of an ended request, and an archived request's details behind a reason. */
class ArchiveConsoleIT {

    static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([A-Za-z0-9_\\-]+)\"");

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

    static HttpClient browser(KeyMaterial key) throws Exception {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER)
                .sslContext(node.forcedContext(key)).build();
    }

    static HttpResponse<String> get(String path) throws Exception {
        return browser(node.contactPoint).send(HttpRequest.newBuilder(URI.create(node.baseUrl() + path)).header("Accept", "text/html")
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return browser(node.contactPoint).send(HttpRequest.newBuilder(URI.create(node.baseUrl() + path)).header("Accept", "text/html")
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String csrfOf(HttpResponse<String> page) {
        Matcher m = CSRF.matcher(page.body());
        assertThat(m.find()).as("a CSRF field on the page").isTrue();
        return m.group(1);
    }

    static String timeline(String id) throws Exception {
        return node.cp.get("api/v1/requests/" + id + "/timeline").body();
    }

    @Test
    void anEndedRequestIsArchivedFromItsPageAndItsDetailsAreShownOnlyWithARecordedReason() throws Exception {
        String id = node.preservedRequest(node.cp);
        HttpResponse<String> running = get("/console/requests/" + id);
        assertThat(running.body()).doesNotContain("/actions/archive\"");
        assertThat(node.cp.post("api/v1/requests/" + id + "/withdraw", "{}".getBytes(StandardCharsets.UTF_8), "application/json", null)
                .status()).isEqualTo(200);
        HttpResponse<String> ended = get("/console/requests/" + id);
        assertThat(ended.body()).contains("action=\"/console/requests/" + id + "/actions/archive\"");
        String token = csrfOf(ended);

        // no CSRF token, then no reason: refused, nothing archived
        HttpResponse<String> forged = post("/console/requests/" + id + "/actions/archive", Map.of("reason", "closed", "confirmed", "yes"));
        assertThat(forged.statusCode()).isEqualTo(403);
        HttpResponse<String> noReason = post("/console/requests/" + id + "/actions/archive",
                Map.of("csrf", token, "reason", "", "confirmed", "yes"));
        assertThat(noReason.statusCode()).as(noReason.body()).isEqualTo(422);
        assertThat(noReason.body()).contains("EEG-ARCHIVE-REASON");
        assertThat(timeline(id)).doesNotContain("ARCHIVED");

        HttpResponse<String> confirm = post("/console/requests/" + id + "/actions/archive", Map.of("csrf", token, "reason", "case closed"));
        assertThat(confirm.statusCode()).as(confirm.body()).isEqualTo(200);
        assertThat(confirm.body()).contains("name=\"confirmed\" value=\"yes\"", "case closed");
        assertThat(timeline(id)).doesNotContain("ARCHIVED");
        Map<String, String> yes = new LinkedHashMap<>(Map.of("csrf", token, "reason", "case closed", "confirmed", "yes"));
        HttpResponse<String> done = post("/console/requests/" + id + "/actions/archive", yes);
        assertThat(done.statusCode()).as(done.body()).isEqualTo(303);
        assertThat(timeline(id)).contains("ARCHIVED").contains("case closed");

        // the archived request's details: a reason first, nothing shown and nothing recorded without one
        HttpResponse<String> asked = get("/console/requests/" + id);
        assertThat(asked.statusCode()).as(asked.body()).isEqualTo(422);
        assertThat(asked.body()).contains("name=\"reason\"").doesNotContain("Timeline");
        assertThat(timeline(id)).doesNotContain("ARCHIVE_READ");
        HttpResponse<String> shown = get("/console/requests/" + id + "?reason=" + URLEncoder.encode("appeal 3/2026", StandardCharsets.UTF_8));
        assertThat(shown.statusCode()).as(shown.body()).isEqualTo(200);
        assertThat(shown.body()).contains("Request " + id, "Timeline").doesNotContain("/actions/archive\"");
        assertThat(timeline(id)).contains("ARCHIVE_READ").contains("appeal 3/2026");
    }
}
