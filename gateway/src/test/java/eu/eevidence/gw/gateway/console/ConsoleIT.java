package eu.eevidence.gw.gateway.console;

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

/**
 * The web console on a real node (issue 16, ADR-0024), through java.net.http with client certificates as a browser presents
 * them: the edge's and the console's refusals as HTML pages with the API's codes, the security headers, CSRF, and actions
 * that change a request exactly as the API does.
 */
class ConsoleIT {

    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
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
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER);
        b.sslContext(key == null ? eu.eevidence.gw.pki.Tls.sslContext(null, node.trust) : node.forcedContext(key));
        return b.build();
    }

    static HttpResponse<String> get(KeyMaterial key, String path) throws Exception {
        return browser(key).send(HttpRequest.newBuilder(URI.create(node.baseUrl() + path)).header("Accept", "text/html").GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(KeyMaterial key, String path, Map<String, String> form) throws Exception {
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return browser(key).send(HttpRequest.newBuilder(URI.create(node.baseUrl() + path)).header("Accept", "text/html")
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String csrfOf(HttpResponse<String> page) {
        Matcher m = CSRF.matcher(page.body());
        assertThat(m.find()).as("a CSRF field on the page").isTrue();
        return m.group(1);
    }

    static void assertHtmlRefusal(HttpResponse<String> r, int status, String code) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(r.body()).contains(code).doesNotContain("Exception", "\tat ", "problem+json", "<script>alert");
        assertSecurityHeaders(r);
    }

    static void assertSecurityHeaders(HttpResponse<String> r) {
        assertThat(r.headers().firstValue("Content-Security-Policy")).hasValue(CSP);
        assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(r.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    @Test
    void withoutACertificateTheConsoleAnswersAnHtml401ThatExplainsTheCertificate() throws Exception {
        for (String path : new String[] {"/console/", "/console", "/console/requests", "/console/no-such-page"}) {
            HttpResponse<String> r = get(null, path);
            assertHtmlRefusal(r, 401, "EEG-AUTH-NO-CERT");
            assertThat(r.body()).contains("<main", "certificate", "PKCS#12");
        }
        HttpResponse<String> posted = post(null, "/console/preferences", Map.of("lang", "fr"));
        assertHtmlRefusal(posted, 401, "EEG-AUTH-NO-CERT");
        assertThat(posted.headers().allValues("Set-Cookie")).isEmpty();
    }

    @Test
    void theAssetsArePublicAndCacheableAndUnknownOnesAre404Html() throws Exception {
        HttpResponse<String> css = get(null, "/console/assets/console.css");
        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(css.headers().firstValue("Content-Type").orElse("")).startsWith("text/css");
        assertThat(css.headers().firstValue("Cache-Control").orElse("")).contains("max-age");
        assertThat(get(null, "/console/assets/console.js").statusCode()).isEqualTo(200);
        assertThat(get(null, "/console/assets/nothing.js").statusCode()).isEqualTo(404);
        assertThat(get(null, "/console/assets/..%2f..%2fmessages.properties").statusCode()).isIn(400, 404);
    }

    @Test
    void aForgedOrMissingCsrfTokenIsRefusedAndSetsNothing() throws Exception {
        HttpResponse<String> missing = post(node.contactPoint, "/console/preferences", Map.of("lang", "fr", "back", "/console/"));
        assertHtmlRefusal(missing, 403, "EEG-CONSOLE-CSRF");
        assertThat(missing.headers().allValues("Set-Cookie")).isEmpty();
        HttpResponse<String> forged = post(node.contactPoint, "/console/preferences", Map.of("lang", "fr", "csrf", "A".repeat(43)));
        assertHtmlRefusal(forged, 403, "EEG-CONSOLE-CSRF");
        // another person's token: refused for this certificate
        String othersToken = csrfOf(get(node.otherContactPoint, "/console/"));
        HttpResponse<String> stolen = post(node.contactPoint, "/console/preferences", Map.of("lang", "fr", "csrf", othersToken));
        assertHtmlRefusal(stolen, 403, "EEG-CONSOLE-CSRF");
        assertThat(stolen.headers().allValues("Set-Cookie")).isEmpty();
    }

    @Test
    void theSwitcherSetsLanguageAndZoneCookiesWithAValidToken() throws Exception {
        String token = csrfOf(get(node.contactPoint, "/console/"));
        Map<String, String> form = new LinkedHashMap<>();
        form.put("csrf", token);
        form.put("lang", "de");
        form.put("tz", "Europe/Vienna");
        form.put("back", "//evil.example/");
        HttpResponse<String> r = post(node.contactPoint, "/console/preferences", form);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
        assertThat(r.headers().firstValue("Location").orElse("")).isEqualTo("/console/").doesNotContain("evil");
        assertThat(r.headers().allValues("Set-Cookie"))
                .anySatisfy(c -> assertThat(c).startsWith("lang=de;").contains("Secure", "HttpOnly", "SameSite=Strict"))
                .anySatisfy(c -> assertThat(c).startsWith("tz=Europe/Vienna;"));
        HttpResponse<String> german = browser(node.contactPoint).send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/console/"))
                .header("Cookie", "lang=de; tz=Europe/Vienna").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(german.body()).contains("lang=\"de\"", "Angemeldet als", "Europe/Vienna");
    }

    @Test
    void theSignedInPersonIsShownWithRoleAndThePageIsAccessibleMarkup() throws Exception {
        HttpResponse<String> r = get(node.contactPoint, "/console/");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertSecurityHeaders(r);
        assertThat(r.body()).contains("contact point A", "Contact point", "class=\"skip-link\" href=\"#main\"", "<main id=\"main\"",
                "<html lang=\"en\"").doesNotContain("style=", "<script>", "onclick");
    }

    // ----- contact point pages: negative first -----

    @Test
    void aPlatformCertificateGetsAClear403PageOnContactPointPages() throws Exception {
        String id = request();
        for (String path : new String[] {"/console/requests", "/console/requests/" + id, "/console/requests/alarms"}) {
            HttpResponse<String> r = get(node.platformKey, path);
            assertHtmlRefusal(r, 403, "EEG-AUTH-ROLE");
            assertThat(r.body()).contains("Access refused").doesNotContain("Preserved", "BUDAPEST_ART29");
        }
        // the API refuses the same certificate with the same code
        assertThat(node.platform.get("api/v1/requests").body()).contains("EEG-AUTH-ROLE");
    }

    @Test
    void anotherContactPointCannotSeeTheRequestNorActOnIt() throws Exception {
        String id = request();
        HttpResponse<String> r = get(node.otherContactPoint, "/console/requests/" + id);
        assertHtmlRefusal(r, 404, "EEG-REQ-NOT-FOUND");
        assertThat(r.body()).doesNotContain(id + "</");
        Map<String, Long> before = node.snapshot();
        String token = csrfOf(get(node.otherContactPoint, "/console/"));
        HttpResponse<String> act = post(node.otherContactPoint, "/console/requests/" + id + "/actions/hold",
                Map.of("csrf", token, "reason", "not mine", "confirmed", "yes"));
        assertHtmlRefusal(act, 404, "EEG-REQ-NOT-FOUND");
        assertThat(node.snapshot()).isEqualTo(before);
        assertThat(get(node.contactPoint, "/console/requests/x'%22%3E").statusCode()).isEqualTo(404);
    }

    @Test
    void aForgedCsrfTokenOnAnActionIsRefusedAndNothingChanges() throws Exception {
        String id = request();
        Map<String, Long> before = node.snapshot();
        String timeline = node.cp.get("api/v1/requests/" + id + "/timeline").body();
        for (String token : new String[] {"", "A".repeat(43), csrfOf(get(node.otherContactPoint, "/console/"))}) {
            Map<String, String> form = new LinkedHashMap<>();
            if (!token.isEmpty()) {
                form.put("csrf", token);
            }
            form.put("reason", "forged");
            form.put("confirmed", "yes");
            assertHtmlRefusal(post(node.contactPoint, "/console/requests/" + id + "/actions/withdraw", form), 403, "EEG-CONSOLE-CSRF");
        }
        assertThat(node.snapshot()).isEqualTo(before);
        assertThat(node.cp.get("api/v1/requests/" + id + "/timeline").body()).isEqualTo(timeline);
    }

    @Test
    void theConfirmationStepChangesNothingAndARefusedActionShowsTheApisCodeBesideItsField() throws Exception {
        String id = request();
        String token = csrfOf(get(node.contactPoint, "/console/requests/" + id));
        Map<String, Long> before = node.snapshot();
        HttpResponse<String> confirm = post(node.contactPoint, "/console/requests/" + id + "/actions/hold", Map.of("csrf", token, "reason", "case 4711"));
        assertThat(confirm.statusCode()).as(confirm.body()).isEqualTo(200);
        assertSecurityHeaders(confirm);
        assertThat(confirm.body()).contains("name=\"confirmed\" value=\"yes\"", "case 4711", "Confirm");
        assertThat(node.snapshot()).isEqualTo(before);

        HttpResponse<String> refused = post(node.contactPoint, "/console/requests/" + id + "/actions/hold",
                Map.of("csrf", token, "reason", "", "confirmed", "yes"));
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body()).contains("EEG-ACT-HOLD-REASON", "class=\"error-summary\"", "href=\"#f-hold-reason\"",
                "aria-invalid=\"true\"", "aria-describedby=\"f-hold-reason-hint f-hold-reason-error\"");
        assertThat(node.snapshot()).isEqualTo(before);
    }

    @Test
    void anActionThroughTheConsoleChangesTheRequestExactlyAsTheApiDoes() throws Exception {
        String viaConsole = request();
        String viaApi = request();
        int beforeA = timeline(viaConsole).size();
        int beforeB = timeline(viaApi).size();
        String token = csrfOf(get(node.contactPoint, "/console/requests/" + viaConsole));
        HttpResponse<String> done = post(node.contactPoint, "/console/requests/" + viaConsole + "/actions/event",
                Map.of("csrf", token, "event", "MLA_RECEIVED", "occurredAt", "2026-12-01T10:15", "detail", "MLA 12/2026", "confirmed", "yes"));
        assertThat(done.statusCode()).as(done.body()).isEqualTo(303);
        assertThat(done.headers().firstValue("Location").orElse("")).endsWith("/console/requests/" + viaConsole + "?done=event");
        var api = node.cp.post("api/v1/requests/" + viaApi + "/events",
                "{\"event\":\"MLA_RECEIVED\",\"occurredAt\":\"2026-12-01T10:15Z\",\"detail\":\"MLA 12/2026\"}".getBytes(StandardCharsets.UTF_8),
                "application/json", null);
        assertThat(api.status()).as(api.body()).isEqualTo(200);
        var a = timeline(viaConsole);
        var b = timeline(viaApi);
        assertThat(a.size() - beforeA).as("events the action added").isEqualTo(b.size() - beforeB).isPositive();
        for (int i = 0; i < a.size() - beforeA; i++) {
            var x = a.get(beforeA + i);
            var y = b.get(beforeB + i);
            for (String member : new String[] {"event", "from", "to", "actor"}) {
                assertThat(x.get(member)).as(member).isEqualTo(y.get(member));
            }
            if (x.get("event").asText().equals("MLA_RECEIVED")) {
                assertThat(x.get("occurredAt")).isEqualTo(y.get("occurredAt"));
                assertThat(x.get("detail")).isEqualTo(y.get("detail"));
            }
        }
        assertThat(a.get(beforeA).get("event").asText()).isEqualTo("MLA_RECEIVED");
        assertThat(SecurityNode.JSON.readTree(node.cp.get("api/v1/requests/" + viaConsole).body()).get("state"))
                .isEqualTo(SecurityNode.JSON.readTree(node.cp.get("api/v1/requests/" + viaApi).body()).get("state"));
        HttpResponse<String> page = get(node.contactPoint, "/console/requests/" + viaConsole + "?done=event");
        assertThat(page.body()).contains("Done: Record an event", "Mutual legal assistance request received");
    }

    @Test
    void theDashboardAndTheRequestPageShowStateDeadlinesAndTimelineWithUtcOnHover() throws Exception {
        String id = request();
        HttpResponse<String> dash = get(node.contactPoint, "/console/");
        assertThat(dash.statusCode()).isEqualTo(200);
        assertThat(dash.body()).contains(id, "data-live-src=\"/console/requests/alarms\"", "Overdue", "Preserved");
        HttpResponse<String> alarms = get(node.contactPoint, "/console/requests/alarms");
        assertThat(alarms.statusCode()).isEqualTo(200);
        assertThat(alarms.body()).contains("id=\"alarms\"").doesNotContain("<html");
        HttpResponse<String> page = get(node.contactPoint, "/console/requests/" + id);
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertSecurityHeaders(page);
        assertThat(page.body()).contains("Request " + id, "Preserved", "Deadlines", "Timeline", "<time datetime=\"", "Z\" title=\"",
                "action=\"/console/requests/" + id + "/actions/withdraw\"");
        HttpResponse<String> list = get(node.contactPoint, "/console/requests");
        assertThat(list.body()).contains(id);
        assertThat(get(node.contactPoint, "/console/requests?page=-1").statusCode()).isEqualTo(400);
    }

    static com.fasterxml.jackson.databind.JsonNode timeline(String id) throws Exception {
        return SecurityNode.JSON.readTree(node.cp.get("api/v1/requests/" + id + "/timeline").body()).get("events");
    }

    /** A PRESERVED request of contact point A. */
    static String request() throws Exception {
        return node.preservedRequest(node.cp);
    }
}
