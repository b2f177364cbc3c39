package eu.eevidence.gw.gateway.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.eevidence.gw.gateway.demo.Demo;
import eu.eevidence.gw.gateway.security.SecurityNode;
import eu.eevidence.gw.pki.KeyMaterial;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The prosecutor's tracking pages and the requested Party's cases desk on a real node over HTTPS (issue 16 items 3 and 4),
 * through java.net.http with the persons' client certificates: the API's refusals as HTML with its codes (negative cases
 * first), CSRF, the filters passed to the API unchanged, the CSV equal to the API's, the compliance charts, and decisions
 * that change a case exactly as the API does.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TrackingAndCasesConsoleIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([A-Za-z0-9_\\-]+)\"");

    @TempDir
    static Path dir;
    static SecurityNode n;
    static String preserved;
    static String overdue;
    static String caseToAccept;
    static String caseToRefuse;
    static DeskFixtures fixtures;
    static List<String> SENT;

    @BeforeAll
    static void start() throws Exception {
        n = SecurityNode.start(dir);
        fixtures = new DeskFixtures(n);
        preserved = n.preservedRequest(n.cp);
        overdue = n.preservedRequest(n.cp);
        fixtures.makeOverdue(overdue);
        caseToAccept = fixtures.receive("BUDAPEST_ART29_PRESERVATION");
        caseToRefuse = fixtures.receive("BUDAPEST_ART29_PRESERVATION");
        SENT = fixtures.sent;
    }

    @AfterAll
    static void stop() {
        if (n != null) {
            n.close();
        }
    }

    static HttpClient browser(KeyMaterial key) throws Exception {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER)
                .sslContext(n.forcedContext(key)).build();
    }

    static HttpResponse<String> get(KeyMaterial key, String path) throws Exception {
        return browser(key).send(HttpRequest.newBuilder(URI.create(n.baseUrl() + path)).header("Accept", "text/html").GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(KeyMaterial key, String path, Map<String, String> form) throws Exception {
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return browser(key).send(HttpRequest.newBuilder(URI.create(n.baseUrl() + path)).header("Accept", "text/html")
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
        assertThat(r.body()).contains(code).doesNotContain("Exception").doesNotContain("at eu.eevidence");
        assertThat(r.headers().firstValue("Content-Security-Policy").orElse("")).contains("frame-ancestors 'none'");
    }

    static JsonNode apiCase(String id) throws Exception {
        return JSON.readTree(n.cp.get("api/v1/cases/" + id).body());
    }

    static Map<String, String> form(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    // ------------------------------------------------------------------ negative first

    @Test
    @Order(1)
    void aPlatformCertificateCannotOpenTrackingComplianceCsvOrACase() throws Exception {
        for (String path : List.of("/console/tracking", "/console/tracking/export.csv?overdue=true", "/console/tracking/compliance",
                "/console/cases", "/console/cases/" + caseToAccept)) {
            HttpResponse<String> r = get(n.platformKey, path);
            assertHtmlRefusal(r, 403, "EEG-AUTH-ROLE");
            // (the page names the path it was asked for, in the language switcher's way back; nothing of the case or request)
            assertThat(r.body()).as(path).doesNotContain(overdue).doesNotContain("BUDAPEST_ART29").doesNotContain("body.type")
                    .doesNotContain("Ireland");
        }
        // the auditor may track (as the API lets it) but not review cases (the API's CONTACT_POINT only)
        assertHtmlRefusal(get(n.auditor, "/console/cases/" + caseToAccept), 403, "EEG-AUTH-ROLE");
    }

    @Test
    @Order(2)
    void unknownOrMalformedCasesAreTheApisNotFound() throws Exception {
        assertHtmlRefusal(get(n.contactPoint, "/console/cases/CASE-01JDZZZZZZZZZZZZZZZZZZZZZZ"), 404, "EEG-CASE-NOT-FOUND");
        assertHtmlRefusal(get(n.contactPoint, "/console/cases/not-a-case"), 404, "EEG-CASE-NOT-FOUND");
    }

    @Test
    @Order(3)
    void aForgedOrForeignCsrfTokenOnADecisionIsRefusedAndNothingChanges() throws Exception {
        int sent = SENT.size();
        String foreign = csrfOf(get(n.otherContactPoint, "/console/cases"));
        for (String token : new String[] {"forged", foreign, ""}) {
            HttpResponse<String> r = post(n.contactPoint, "/console/cases/" + caseToRefuse + "/decision",
                    form("csrf", token, "decision", "REFUSE", "code", "OTHER", "reason", "forged", "confirm", "yes"));
            assertHtmlRefusal(r, 403, "EEG-CONSOLE-CSRF");
        }
        HttpResponse<String> none = post(n.contactPoint, "/console/cases/" + caseToRefuse + "/decision",
                form("decision", "REFUSE", "code", "OTHER", "reason", "no token", "confirm", "yes"));
        assertHtmlRefusal(none, 403, "EEG-CONSOLE-CSRF");
        assertThat(apiCase(caseToRefuse).path("state").asText()).isEqualTo("RECEIVED");
        assertThat(apiCase(caseToRefuse).has("decision")).isFalse();
        assertThat(SENT).hasSize(sent);
    }

    @Test
    @Order(4)
    void anInvalidFilterShowsTheApisCodesBesideTheFieldsAndKeepsTheForm() throws Exception {
        HttpResponse<String> r = get(n.contactPoint, "/console/tracking?state=BOGUS&country=IRL&dueBefore=tomorrow&overdue=true");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("EEG-QUERY-INVALID", "id=\"e-state\"", "EEG-QUERY-STATE", "id=\"e-country\"", "EEG-QUERY-VALUE",
                "id=\"e-dueBefore\"", "EEG-QUERY-TIMESTAMP", "href=\"#f-dueBefore\"", "value=\"IRL\"", "value=\"tomorrow\"")
                .doesNotContain("id=\"tracking-table\"");
        assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
        // the same query at the API: the same code, so the console added no rule of its own
        assertThat(n.cp.get("api/v1/requests?state=BOGUS&country=IRL&dueBefore=tomorrow").body()).contains("EEG-QUERY-STATE", "EEG-QUERY-VALUE",
                "EEG-QUERY-TIMESTAMP");
        HttpResponse<String> days = get(n.contactPoint, "/console/tracking/compliance?days=0");
        assertThat(days.statusCode()).isEqualTo(400);
        assertThat(days.body()).contains("EEG-QUERY-INVALID", "id=\"e-days\"", "href=\"#f-days\"").doesNotContain("<svg");
    }

    // ------------------------------------------------------------------ tracking

    @Test
    @Order(10)
    void theOverdueFilterListsTheOverdueRequestOnlyAndTheCsvIsTheApisOwn() throws Exception {
        HttpResponse<String> all = get(n.contactPoint, "/console/tracking");
        assertThat(all.statusCode()).isEqualTo(200);
        assertThat(all.body()).contains(preserved, overdue, "<th scope=\"col\">");
        assertThat(all.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(all.headers().firstValue("Content-Security-Policy").orElse("")).contains("style-src 'self'");

        HttpResponse<String> r = get(n.contactPoint, "/console/tracking?overdue=true&type=BUDAPEST_ART29_PRESERVATION&sort=nextDeadline&size=25");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains(overdue, "class=\"overdue\"", "TEST_OVERDUE").doesNotContain(preserved)
                .contains("value=\"true\" checked", "<option value=\"25\" selected>");
        Matcher link = Pattern.compile("id=\"csv-link\" href=\"([^\"]+)\"").matcher(r.body());
        assertThat(link.find()).isTrue();
        String href = link.group(1).replace("&amp;", "&");
        assertThat(href).isEqualTo("/console/tracking/export.csv?type=BUDAPEST_ART29_PRESERVATION&overdue=true&sort=nextDeadline");

        HttpResponse<String> csv = get(n.contactPoint, href);
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(csv.headers().firstValue("Content-Disposition").orElse("")).contains("attachment");
        assertThat(csv.headers().firstValue("Cache-Control")).contains("no-store");
        String[] lines = csv.body().split("\r\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).startsWith("id,type,platform,requestedParty,state");
        assertThat(lines[1]).startsWith(overdue + ",BUDAPEST_ART29_PRESERVATION,").contains(",TEST_OVERDUE,", ",true,");
        assertThat(csv.body()).isEqualTo(n.cp.get("api/v1/requests/export.csv?type=BUDAPEST_ART29_PRESERVATION&overdue=true&sort=nextDeadline").body());

        // another contact point sees none of them: the API's scope
        HttpResponse<String> other = get(n.otherContactPoint, "/console/tracking");
        assertThat(other.body()).doesNotContain(overdue).doesNotContain(preserved);
        assertThat(get(n.otherContactPoint, href).body().split("\r\n")).hasSize(1);
    }

    @Test
    @Order(11)
    void pagingLinksCarryTheFilter() throws Exception {
        HttpResponse<String> r = get(n.contactPoint, "/console/tracking?type=BUDAPEST_ART29_PRESERVATION&size=1");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("rel=\"next\" href=\"/console/tracking?type=BUDAPEST_ART29_PRESERVATION&amp;page=1&amp;size=1\"")
                .doesNotContain("rel=\"prev\"");
        HttpResponse<String> second = get(n.contactPoint, "/console/tracking?type=BUDAPEST_ART29_PRESERVATION&page=1&size=1");
        assertThat(second.body()).contains("rel=\"prev\"");
    }

    @Test
    @Order(12)
    void theCompliancePageDrawsAccessibleChartsBesideTablesWithoutInlineStyle() throws Exception {
        HttpResponse<String> r = get(n.auditor, "/console/tracking/compliance?days=30");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).doesNotContain("style=").doesNotContain("<script>");
        String api = n.client(n.auditor).get("api/v1/metrics/compliance?days=30").body();
        if (JSON.readTree(api).path("rows").isEmpty()) {
            assertThat(r.body()).contains("id=\"f-days\"").doesNotContain("<svg");
        } else {
            assertThat(r.body()).contains("<svg", "role=\"img\"", "<title id=\"chart-share-instrument-title\">", "<desc id=",
                    "id=\"compliance-table\"");
        }
    }

    // ------------------------------------------------------------------ cases desk

    @Test
    @Order(20)
    void theInboxShowsTheCasesWithTheirReviewDeadline() throws Exception {
        HttpResponse<String> r = get(n.contactPoint, "/console/cases");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains(caseToAccept, caseToRefuse, "BUDAPEST_ART29_PRESERVATION", "<time datetime=");
        assertHtmlRefusal(get(n.contactPoint, "/console/cases?state=NOPE"), 400, "EEG-CASE-QUERY");
    }

    @Test
    @Order(21)
    void aDecisionWithoutItsFieldsShowsTheApisErrorsBesideTheFieldAndChangesNothing() throws Exception {
        HttpResponse<String> page = get(n.contactPoint, "/console/cases/" + caseToRefuse);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("body.type", "BUDAPEST_ART29_PRESERVATION", "id=\"form-refuse\"", "id=\"form-disclose\"",
                "<option value=\"" + Demo.PLATFORM_ID + "\"", "<option value=\"FUNDAMENTAL_RIGHTS\"");
        String token = csrfOf(page);
        HttpResponse<String> r = post(n.contactPoint, "/console/cases/" + caseToRefuse + "/decision",
                form("csrf", token, "decision", "REFUSE", "code", "", "reason", "", "confirm", "yes"));
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(r.body()).contains("EEG-CASE-FIELD", "id=\"refuse-code-error\"", "id=\"refuse-reason-error\"", "href=\"#refuse-code\"");
        assertThat(apiCase(caseToRefuse).path("state").asText()).isEqualTo("RECEIVED");
        HttpResponse<String> platform = post(n.contactPoint, "/console/cases/" + caseToAccept + "/decision",
                form("csrf", token, "decision", "ACCEPT", "platformId", "no-such-platform", "confirm", "yes"));
        assertThat(platform.statusCode()).isEqualTo(422);
        assertThat(platform.body()).contains("EEG-CASE-UNKNOWN-PLATFORM", "id=\"accept-platformId-error\"");
        assertThat(apiCase(caseToAccept).path("state").asText()).isEqualTo("RECEIVED");
    }

    @Test
    @Order(22)
    void refuseAsksForConfirmationThenSendsTheRefusal() throws Exception {
        String token = csrfOf(get(n.contactPoint, "/console/cases/" + caseToRefuse));
        int sent = SENT.size();
        HttpResponse<String> confirm = post(n.contactPoint, "/console/cases/" + caseToRefuse + "/decision",
                form("csrf", token, "decision", "REFUSE", "code", "ESSENTIAL_INTERESTS", "reason", "Art. 29(5)(b): essential interests"));
        assertThat(confirm.statusCode()).isEqualTo(200);
        assertThat(confirm.body()).contains("name=\"confirm\" value=\"yes\"", "value=\"ESSENTIAL_INTERESTS\"", "id=\"confirm-button\"");
        assertThat(apiCase(caseToRefuse).path("state").asText()).as("nothing before the confirmation").isEqualTo("RECEIVED");
        assertThat(SENT).hasSize(sent);

        HttpResponse<String> done = post(n.contactPoint, "/console/cases/" + caseToRefuse + "/decision",
                form("csrf", csrfOf(confirm), "decision", "REFUSE", "code", "ESSENTIAL_INTERESTS", "reason", "Art. 29(5)(b): essential interests",
                        "confirm", "yes"));
        assertThat(done.statusCode()).isEqualTo(303);
        // relative, so never the http scheme of CXF's endpoint address (a browser would block that redirect under form-action 'self')
        assertThat(done.headers().firstValue("Location").orElse("")).isEqualTo("/console/cases/" + caseToRefuse + "?done=REFUSE");
        JsonNode k = apiCase(caseToRefuse);
        assertThat(k.path("state").asText()).isEqualTo("REFUSED");
        assertThat(k.path("decision").path("code").asText()).isEqualTo("ESSENTIAL_INTERESTS");
        assertThat(SENT).hasSize(sent + 1);
        assertThat(SENT.get(sent)).contains("ESSENTIAL_INTERESTS");
        HttpResponse<String> after = get(n.contactPoint, "/console/cases/" + caseToRefuse + "?done=REFUSE");
        assertThat(after.body()).contains("id=\"notice\"", "ESSENTIAL_INTERESTS").doesNotContain("id=\"form-refuse\"");
        // the same decision again: the API's 409, shown on the page
        HttpResponse<String> again = post(n.contactPoint, "/console/cases/" + caseToRefuse + "/decision",
                form("csrf", token, "decision", "REFUSE", "code", "OTHER", "reason", "again", "confirm", "yes"));
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("EEG-CASE-ILLEGAL");
    }

    @Test
    @Order(23)
    void acceptToAPlatformOfThisNodeMakesTheDomesticOrder() throws Exception {
        String token = csrfOf(get(n.contactPoint, "/console/cases/" + caseToAccept));
        HttpResponse<String> confirm = post(n.contactPoint, "/console/cases/" + caseToAccept + "/decision",
                form("csrf", token, "decision", "ACCEPT", "platformId", Demo.PLATFORM_ID));
        assertThat(confirm.statusCode()).isEqualTo(200);
        assertThat(confirm.body()).contains(Demo.PLATFORM_ID, "name=\"confirm\" value=\"yes\"");
        HttpResponse<String> done = post(n.contactPoint, "/console/cases/" + caseToAccept + "/decision",
                form("csrf", token, "decision", "ACCEPT", "platformId", Demo.PLATFORM_ID, "confirm", "yes"));
        assertThat(done.statusCode()).as(done.body()).isEqualTo(303);
        JsonNode k = await().atMost(Duration.ofSeconds(60)).until(() -> apiCase(caseToAccept),
                c -> Set.of("ORDERED", "EXECUTING", "PRESERVED").contains(c.path("state").asText()));
        assertThat(k.path("platformId").asText()).isEqualTo(Demo.PLATFORM_ID);
        assertThat(get(n.contactPoint, "/console/cases/" + caseToAccept).body()).contains(k.path("domesticRequestId").asText());
    }

    @Test
    @Order(24)
    void theCasesDeskSpeaksFrenchAndGermanNotRawCodes() throws Exception {
        // English: the refused case's state, decision and ground as words (the ground's code kept beside it)
        String en = lang("en", "/console/cases/" + caseToRefuse);
        assertThat(en).contains("id=\"case-state\">Refused<", "Sovereignty, security, ordre public", "<code>ESSENTIAL_INTERESTS</code>")
                .doesNotContain("id=\"case-state\">REFUSED<");
        String fr = lang("fr", "/console/cases/" + caseToRefuse);
        assertThat(fr).contains("id=\"case-state\">Refusée<", "Souveraineté, sécurité", "Conservation rapide (Convention de Budapest, art. 29)");
        String de = lang("de", "/console/cases/" + caseToAccept);
        assertThat(de).contains("Angenommen", "Bei einer Plattform angeordnet", "Umgehende Sicherung");
        // the refusal grounds offered on a case still to decide are not raw codes either
        String inbox = lang("de", "/console/cases?state=REFUSED&state=ACCEPTED&state=ORDERED&state=EXECUTING&state=PRESERVED");
        assertThat(inbox).contains("Abgelehnt").doesNotContain(">REFUSED<");
    }

    static String lang(String lang, String path) throws Exception {
        HttpResponse<String> r = browser(n.contactPoint).send(HttpRequest.newBuilder(URI.create(n.baseUrl() + path)).header("Accept", "text/html")
                .header("Cookie", "lang=" + lang).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }
}
