package eu.eevidence.gw.gateway.console.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.eevidence.gw.gateway.security.SecurityNode;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.testkit.ContactPointClient;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The platform legal team's console on a real node, over HTTPS with java.net.http presenting the certificates as a browser
 * does (issue 16 item 5): other roles and other platforms refused with the API's codes as HTML pages, a forged CSRF token
 * refused with nothing changed, a cross-site state-changing request refused, the order readable (fields, PDF, sealed CMS
 * whose SHA-256 is the request's), and answers sent through the API's answer path with a review step, errors beside their
 * fields, and one answer per form however often it is posted. Negative cases first.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlatformConsoleIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([A-Za-z0-9_\\-]+)\"");
    static final Pattern KEY = Pattern.compile("name=\"_idempotencyKey\" value=\"([A-Za-z0-9_\\-]+)\"");

    @TempDir
    static Path dir;
    static SecurityNode n;
    static String epoc;
    static KeyMaterial otherPlatform;

    @BeforeAll
    static void start() throws Exception {
        n = SecurityNode.start(dir);
        epoc = acknowledgedEpoc(n);
        otherPlatform = n.issue("another platform", Role.PLATFORM, false);
    }

    @AfterAll
    static void stop() {
        if (n != null) {
            n.close();
        }
    }

    /** The corpus's valid EPOC (fresh message id) submitted by the contact point and acknowledged by the platform's portal. */
    static String acknowledgedEpoc(SecurityNode node) throws Exception {
        ObjectNode e = (ObjectNode) JSON.readTree(Files.readString(SecurityNode.CORPUS.resolve("EU_EPOC").resolve("valid.json")));
        e.put("messageId", "msg-epoc-" + UUID.randomUUID());
        ContactPointClient.Answer a = node.cp.post("api/v1/requests", JSON.writeValueAsBytes(e), "application/json", "pc-" + UUID.randomUUID());
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        String id = JSON.readTree(a.body()).get("id").asText();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> JSON.readTree(node.cp.get("api/v1/requests/" + id).body()).path("state").asText(), "ACKNOWLEDGED"::equals);
        return id;
    }

    static HttpClient browser(KeyMaterial key) throws Exception {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER)
                .sslContext(n.forcedContext(key)).build();
    }

    static HttpResponse<String> get(KeyMaterial key, String path) throws Exception {
        return browser(key).send(HttpRequest.newBuilder(URI.create(n.baseUrl() + path)).header("Accept", "text/html").GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<byte[]> bytes(KeyMaterial key, String path) throws Exception {
        return browser(key).send(HttpRequest.newBuilder(URI.create(n.baseUrl() + path)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static HttpResponse<String> post(KeyMaterial key, String path, Map<String, String> form, String... headers) throws Exception {
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(n.baseUrl() + path)).header("Accept", "text/html")
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return browser(key).send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String find(Pattern p, HttpResponse<String> page) {
        Matcher m = p.matcher(page.body());
        assertThat(m.find()).as(p + " on the page").isTrue();
        return m.group(1);
    }

    static void assertHtmlRefusal(HttpResponse<String> r, int status, String code) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(r.body()).contains(code).doesNotContain("Exception", "\tat ", "eu.eevidence");
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(r.headers().firstValue("Content-Security-Policy").orElse("")).contains("frame-ancestors 'none'");
    }

    static String state() throws Exception {
        return JSON.readTree(n.cp.get("api/v1/requests/" + epoc).body()).path("state").asText();
    }

    static long answersStored() throws Exception {
        return n.snapshot().get("platform_answer");
    }

    static String order() {
        return "/console/platform/requests/" + epoc;
    }

    @Test
    @Order(1)
    void otherRolesAndOtherPlatformsAreRefusedWithTheApisCodes() throws Exception {
        assertHtmlRefusal(get(n.contactPoint, "/console/platform"), 403, "EEG-AUTH-ROLE");
        assertHtmlRefusal(get(n.contactPoint, order()), 403, "EEG-AUTH-ROLE");
        assertHtmlRefusal(get(n.auditor, order() + "/request.pdf"), 403, "EEG-AUTH-ROLE");
        // another platform: the API's 404, the same as for an unknown id; nothing of the order on the page
        for (String path : new String[] {order(), order() + "/request.pdf", order() + "/request.p7m", order() + "/upload",
                order() + "/answer/ACKNOWLEDGEMENT"}) {
            HttpResponse<String> r = get(otherPlatform, path);
            assertHtmlRefusal(r, 404, "EEG-REQ-NOT-FOUND");
            assertThat(r.body()).doesNotContain("fr-tj-paris");
        }
        assertHtmlRefusal(get(n.platformKey, "/console/platform/requests/REQ-not-a-request"), 404, "EEG-REQ-NOT-FOUND");
        assertHtmlRefusal(get(n.platformKey, order() + "/answer/EU_EPOC"), 404, "EEG-HTTP-404");
        // the platform on the contact point's pages and API
        assertHtmlRefusal(get(n.platformKey, "/console/requests/" + epoc), 403, "EEG-AUTH-ROLE");
        ContactPointClient.Answer api = n.platform.get("api/v1/requests/" + epoc + "/content");
        assertThat(api.status()).isEqualTo(404);
        // the platform API's new reads: the same rules
        ContactPointClient other = n.client(otherPlatform);
        for (String p : new String[] {"", "/content", "/request.pdf", "/request.p7m"}) {
            assertThat(other.get("api/v1/platform/requests/" + epoc + p).body()).contains("EEG-REQ-NOT-FOUND");
            assertThat(n.cp.get("api/v1/platform/requests/" + epoc + p).body()).contains("EEG-AUTH-ROLE");
        }
    }

    @Test
    @Order(2)
    void aForgedCsrfTokenIsRefusedAndNothingIsSent() throws Exception {
        long before = answersStored();
        Map<String, String> ack = acknowledgement(null, "forged-" + UUID.randomUUID());
        ack.put("_confirmed", "yes");
        assertHtmlRefusal(post(n.platformKey, order() + "/answer/ACKNOWLEDGEMENT", ack), 403, "EEG-CONSOLE-CSRF");
        ack.put("csrf", "A".repeat(43));
        assertHtmlRefusal(post(n.platformKey, order() + "/answer/ACKNOWLEDGEMENT", ack), 403, "EEG-CONSOLE-CSRF");
        // another person's token
        String cpToken = find(CSRF, get(n.contactPoint, "/console/"));
        ack.put("csrf", cpToken);
        assertHtmlRefusal(post(n.platformKey, order() + "/answer/ACKNOWLEDGEMENT", ack), 403, "EEG-CONSOLE-CSRF");
        assertThat(answersStored()).isEqualTo(before);
        assertThat(state()).isEqualTo("ACKNOWLEDGED");
    }

    @Test
    @Order(3)
    void aCrossSiteStateChangingRequestIsRefusedBeforeTheApiReadsIt() throws Exception {
        long before = answersStored();
        HttpRequest put = HttpRequest.newBuilder(URI.create(n.baseUrl() + "/api/v1/platform/requests/" + epoc + "/evidence"))
                .header("Content-Type", "text/plain").header("Sec-Fetch-Site", "cross-site")
                .POST(HttpRequest.BodyPublishers.ofString("{\"itemId\":\"item-1\"}")).build();
        HttpResponse<String> r = browser(n.platformKey).send(put, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
        assertThat(r.body()).contains("EEG-HTTP-CROSS-SITE");
        HttpResponse<String> sameSite = post(n.platformKey, order() + "/answer/ACKNOWLEDGEMENT", Map.of(), "Sec-Fetch-Site", "same-site");
        assertThat(sameSite.statusCode()).isEqualTo(403);
        assertThat(sameSite.body()).contains("EEG-HTTP-CROSS-SITE");
        assertThat(answersStored()).isEqualTo(before);
        // the console's own pages (same-origin) and non-browser clients pass
        HttpResponse<String> page = get(n.platformKey, order());
        assertThat(page.statusCode()).isEqualTo(200);
    }

    @Test
    @Order(4)
    void anInvalidAnswerShowsEveryErrorBesideItsFieldAndSendsNothing() throws Exception {
        long before = answersStored();
        HttpResponse<String> form = get(n.platformKey, order() + "/answer/REFUSAL");
        assertThat(form.statusCode()).isEqualTo(200);
        Map<String, String> f = new LinkedHashMap<>();
        f.put("csrf", find(CSRF, form));
        f.put("_idempotencyKey", find(KEY, form));
        f.put("scope", "PARTIAL");
        HttpResponse<String> r = post(n.platformKey, order() + "/answer/REFUSAL", f);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
        assertThat(r.body()).contains("error-summary", "href=\"#f-explanation\"", "href=\"#f-refusedPart\"", "EEG-VAL-REFUSAL-PARTIAL",
                "aria-invalid=\"true\"");
        assertThat(answersStored()).isEqualTo(before);
        assertThat(state()).isEqualTo("ACKNOWLEDGED");
    }

    @Test
    @Order(5)
    void theOrderIsReadableWithItsLegalPaperAndItsSealedCms() throws Exception {
        HttpResponse<String> inbox = get(n.platformKey, "/console/platform");
        assertThat(inbox.statusCode()).isEqualTo(200);
        assertThat(inbox.body()).contains(epoc, "<th scope=\"col\">");
        assertThat(get(n.platformKey, "/console/").body()).as("the platform's home is its inbox").contains(epoc);

        HttpResponse<String> page = get(n.platformKey, order());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("request.pdf", "request.p7m", "/answer/EXECUTION_REPORT", "/answer/REFUSAL", "/upload");
        JsonNode content = JSON.readTree(n.platform.get("api/v1/platform/requests/" + epoc + "/content").body());
        assertThat(content.path("body").path("type").asText()).isEqualTo("EU_EPOC");

        HttpResponse<byte[]> pdf = bytes(n.platformKey, order() + "/request.pdf");
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(new String(pdf.body(), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        assertThat(pdf.headers().firstValue("Content-Disposition").orElse("")).contains("attachment");
        HttpResponse<byte[]> cms = bytes(n.platformKey, order() + "/request.p7m");
        assertThat(cms.statusCode()).isEqualTo(200);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cms.body()));
        assertThat(sha).isEqualTo(JSON.readTree(n.cp.get("api/v1/requests/" + epoc).body()).path("payloadSha256").asText());
        // every read is on the request's timeline (an access to personal data)
        assertThat(n.cp.get("api/v1/requests/" + epoc + "/timeline").body()).contains("platform read");
    }

    @Test
    @Order(6)
    void anAnswerTheLifecycleRefusesIsTheApisConflictPageAndNothingIsStored() throws Exception {
        long before = answersStored();
        HttpResponse<String> form = get(n.platformKey, order() + "/answer/PRESERVATION_CONFIRMED");
        Map<String, String> f = new LinkedHashMap<>();
        f.put("csrf", find(CSRF, form));
        f.put("_idempotencyKey", find(KEY, form));
        f.put("preservedFrom", "2026-12-07T10:00:00Z");
        f.put("preservedUntil", "2027-03-07T10:00:00Z");
        f.put("_confirmed", "yes");
        assertHtmlRefusal(post(n.platformKey, order() + "/answer/PRESERVATION_CONFIRMED", f), 409, "EEG-LIFE-001");
        assertThat(answersStored()).isEqualTo(before);
        assertThat(state()).isEqualTo("ACKNOWLEDGED");
    }

    @Test
    @Order(7)
    void anAnswerIsReviewedThenSentOnceThroughTheApi() throws Exception {
        long before = answersStored();
        HttpResponse<String> form = get(n.platformKey, order() + "/answer/CLARIFICATION_REQUEST");
        assertThat(form.body()).contains("<textarea id=\"f-questions\"");
        Map<String, String> f = new LinkedHashMap<>();
        f.put("csrf", find(CSRF, form));
        f.put("_idempotencyKey", find(KEY, form));
        f.put("questions", "Which account exactly is meant?\r\n\r\nFrom which date on?");
        HttpResponse<String> review = post(n.platformKey, order() + "/answer/CLARIFICATION_REQUEST", f);
        assertThat(review.statusCode()).as(review.body()).isEqualTo(200);
        assertThat(review.body()).contains("name=\"_confirmed\" value=\"yes\"", "Which account exactly is meant?", "From which date on?");
        assertThat(answersStored()).as("the review sends nothing").isEqualTo(before);

        f.put("_confirmed", "yes");
        // as a browser does: the review's hidden _createdAt travels with "Send" (without it every post is stamped anew, and two
        // posts in different seconds are two different messages under one id: 409 EEG-ANS-CONFLICT)
        f.put("_createdAt", find(Pattern.compile("name=\"_createdAt\" value=\"([^\"]+)\""), review));
        HttpResponse<String> sent = post(n.platformKey, order() + "/answer/CLARIFICATION_REQUEST", f);
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(303);
        assertThat(sent.headers().firstValue("Location").orElse("")).endsWith(order() + "?sent=CLARIFICATION_REQUEST");
        HttpResponse<String> again = post(n.platformKey, order() + "/answer/CLARIFICATION_REQUEST", f);
        assertThat(again.statusCode()).as("a double click: " + again.body()).isEqualTo(303);
        assertThat(answersStored()).as("one answer per form").isEqualTo(before + 1);
        assertThat(get(n.platformKey, order() + "?sent=CLARIFICATION_REQUEST").body()).contains("class=\"notice\"");
        assertThat(n.cp.get("api/v1/requests/" + epoc + "/timeline").body()).contains("CLARIFICATION");
    }

    static Map<String, String> acknowledgement(String csrf, String key) {
        Map<String, String> f = new LinkedHashMap<>();
        if (csrf != null) {
            f.put("csrf", csrf);
        }
        f.put("_idempotencyKey", key);
        f.put("receivedAt", "2026-12-07T10:00:00Z");
        return f;
    }

    @Test
    @Order(8)
    void theAnswerFormsLabelsAndOptionsAreTranslated() throws Exception {
        String path = "/console/platform/requests/" + epoc + "/answer/EXECUTION_REPORT";
        String en = lang("en", path);
        assertThat(en).contains("Completeness", "Size (bytes)", ">Final<");
        String fr = lang("fr", path);
        assertThat(fr).contains("Exhaustivité", "Taille (octets)", "Identifiant de l'élément", ">Définitif<").doesNotContain(">Completeness<");
        String de = lang("de", "/console/platform/requests/" + epoc + "/answer/REFUSAL");
        assertThat(de).contains("Abgelehnter Teil", "Gründe", "Beiderseitige Strafbarkeit").doesNotContain(">DUAL_CRIMINALITY<");
    }

    static String lang(String lang, String path) throws Exception {
        HttpResponse<String> r = browser(n.platformKey).send(HttpRequest.newBuilder(URI.create(n.baseUrl() + path)).header("Accept", "text/html")
                .header("Cookie", "lang=" + lang).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }
}
