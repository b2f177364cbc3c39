package eu.eevidence.gw.gateway.console.forms;

import eu.eevidence.gw.gateway.security.SecurityNode;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.schema.MessageType;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The new-request forms on a real node over HTTPS with client certificates, as a browser posts them: refused roles and
 * forged CSRF tokens, an invalid form shown again with each error beside its field and nothing stored, a valid form stored
 * through the API's intake (303 to the request page), and the same form sent twice (double click, reload) giving one request.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the cases that store nothing run before those that store (delivery settles late)
class NewRequestFormIT {

    static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([A-Za-z0-9_\\-]+)\"");
    static final Pattern KEY = Pattern.compile("name=\"_idempotencyKey\" value=\"([A-Za-z0-9_\\-]+)\"");
    static final String ART29 = MessageType.BUDAPEST_ART29_PRESERVATION.name();

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

    // ---- refusals first

    @Test
    @Order(1)
    void aPlatformCertificateGetsAClear403PageAndAPostWithoutAValidTokenStoresNothing() throws Exception {
        for (String path : List.of("/console/requests/new", "/console/requests/new/" + ART29)) {
            HttpResponse<String> r = get(node.platformKey, path);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
            assertThat(r.body()).contains("EEG-AUTH-ROLE").doesNotContain("Exception", "\tat ");
        }
        var before = node.snapshot();
        long custody = node.maxCustodyId();
        List<Map.Entry<String, String>> filled = filled("k-nocsrf");
        HttpResponse<String> noToken = post(node.contactPoint, "/console/requests/new/" + ART29, filled);
        assertThat(noToken.statusCode()).as(noToken.body()).isEqualTo(403);
        assertThat(noToken.body()).contains("EEG-CONSOLE-CSRF");
        List<Map.Entry<String, String>> forged = new ArrayList<>(filled);
        forged.add(Map.entry("csrf", "A".repeat(43)));
        assertThat(post(node.contactPoint, "/console/requests/new/" + ART29, forged).statusCode()).isEqualTo(403);
        // a platform with a valid token of its own is still refused by role
        List<Map.Entry<String, String>> asPlatform = new ArrayList<>(filled);
        asPlatform.add(Map.entry("csrf", csrf(get(node.platformKey, "/console/"))));
        HttpResponse<String> platform = post(node.platformKey, "/console/requests/new/" + ART29, asPlatform);
        assertThat(platform.statusCode()).as(platform.body()).isEqualTo(403);
        assertThat(platform.body()).contains("EEG-AUTH-ROLE");
        node.assertNothingStored(before, custody);
        assertThat(node.newCustodyRecords(custody)).isEmpty();
    }

    @Test
    @Order(2)
    void anUnknownTypeOrAnAnswerTypeHasNoForm() throws Exception {
        assertThat(get(node.contactPoint, "/console/requests/new/REFUSAL").statusCode()).isEqualTo(404);
        assertThat(get(node.contactPoint, "/console/requests/new/NO_SUCH_TYPE").statusCode()).isEqualTo(404);
    }

    @Test
    @Order(3)
    void anInvalidFormComesBack422WithEachErrorBesideItsFieldAndNothingIsStored() throws Exception {
        HttpResponse<String> page = get(node.contactPoint, "/console/requests/new/" + ART29);
        String key = key(page);
        var before = node.snapshot();
        long custody = node.maxCustodyId();
        List<Map.Entry<String, String>> form = new ArrayList<>(filled(key));
        form.removeIf(e -> e.getKey().equals("necessity") || e.getKey().equals("preservationDays"));
        form.add(Map.entry("preservationDays", "thirty"));
        form.add(Map.entry("csrf", csrf(page)));
        HttpResponse<String> r = post(node.contactPoint, "/console/requests/new/" + ART29, form);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        String html = r.body();
        // the summary links to each invalid field; each error sits beside its field with the API's code
        assertThat(html).contains("class=\"error-summary\"", "href=\"#f-necessity\"", "href=\"#f-preservationDays\"");
        assertThat(errorOf(html, "f-necessity")).contains("EEG-VAL-REQUIRED");
        assertThat(errorOf(html, "f-preservationDays")).contains("EEG-JSON-TYPE");
        assertThat(html).contains("id=\"f-necessity\"", "aria-describedby=\"f-necessity-help f-necessity-error\"", "aria-invalid=\"true\"");
        // what was posted is shown again, with the same key (nothing was stored under it)
        assertThat(html).contains("value=\"thirty\"", "value=\"" + key + "\"").doesNotContain("Exception");
        node.assertNothingStored(before, custody);
    }

    // ---- the form that works

    @Test
    @Order(4)
    void theFormsAreGeneratedAccessiblePagesForEveryRequestType() throws Exception {
        HttpResponse<String> list = get(node.contactPoint, "/console/requests/new");
        assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
        for (MessageType t : FormModel.requestTypes()) {
            assertThat(list.body()).contains("href=\"/console/requests/new/" + t.name() + "\"");
            HttpResponse<String> form = get(node.contactPoint, "/console/requests/new/" + t.name());
            assertThat(form.statusCode()).as(t.name()).isEqualTo(200);
            assertThat(form.body()).as(t.name()).contains("<form class=\"request-form\" method=\"post\"", "name=\"_idempotencyKey\"",
                    "name=\"csrf\"", "<label for=\"f-").doesNotContain("style=", "<script>", " onclick", "??");
        }
        String art29 = get(node.contactPoint, "/console/requests/new/" + ART29).body();
        assertThat(art29).contains("<label for=\"f-necessity\">", "ETS 185 Art. 29(2)(e)", "id=\"f-necessity-help\"",
                "aria-describedby=\"f-necessity-help\"", "(required)", "<script src=\"/console/assets/forms.js\" defer></script>");
        assertThat(key(get(node.contactPoint, "/console/requests/new/" + ART29))).as("a fresh key per rendering").isNotEqualTo(key(
                get(node.contactPoint, "/console/requests/new/" + ART29)));
        assertThat(get(null, "/console/assets/forms.js").statusCode()).isEqualTo(200);
    }

    @Test
    @Order(5)
    void aValidFormIsStoredOnceEvenWhenSentTwiceAndLeadsToTheRequestPage() throws Exception {
        HttpResponse<String> page = get(node.contactPoint, "/console/requests/new/" + ART29);
        List<Map.Entry<String, String>> form = new ArrayList<>(filled(key(page)));
        form.add(Map.entry("csrf", csrf(page)));
        long before = node.snapshot().get("request");
        HttpResponse<String> first = post(node.contactPoint, "/console/requests/new/" + ART29, form);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(303);
        String location = first.headers().firstValue("Location").orElseThrow();
        // relative: the browser stays on the origin it used (not the server's base address)
        assertThat(location).matches("^/console/requests/REQ-[0-9A-Z]+$");
        // a double click or a reload sends the same form again: the same request, not a second one
        HttpResponse<String> again = post(node.contactPoint, "/console/requests/new/" + ART29, form);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(303);
        assertThat(again.headers().firstValue("Location")).hasValue(location);
        assertThat(node.snapshot().get("request")).isEqualTo(before + 1);
        // the request is the API's: its owner reads it through the API
        String id = location.substring(location.lastIndexOf('/') + 1);
        assertThat(node.cp.get("api/v1/requests/" + id).status()).isEqualTo(200);
        assertThat(node.otherCp.get("api/v1/requests/" + id).status()).isEqualTo(404);
    }

    @Test
    @Order(6)
    void aJudicialAuthoritySendsAnEpocThroughItsForm() throws Exception {
        KeyMaterial judge = node.issue("prosecutor F", eu.eevidence.gw.pki.Role.JUDICIAL_AUTHORITY, false);
        String epoc = "/console/requests/new/" + MessageType.EU_EPOC.name();
        HttpResponse<String> list = get(judge, "/console/requests/new");
        assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
        assertThat(list.body()).contains("href=\"" + epoc + "\"", "Reg. (EU) 2023/1543");
        HttpResponse<String> page = get(judge, epoc);
        assertThat(page.body()).contains("Reg. (EU) 2023/1543 Art. 5(4)(a)", "value=\"EIGHT_HOURS\"");
        List<Map.Entry<String, String>> form = new ArrayList<>();
        FormFixtures.posted(FormFixtures.validBody(MessageType.EU_EPOC), key(page)).forEach((k, vs) -> vs.forEach(v -> form.add(Map.entry(k, v))));
        form.add(Map.entry("csrf", csrf(page)));
        long before = node.snapshot().get("request");
        HttpResponse<String> sent = post(judge, epoc, form);
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(303);
        assertThat(sent.headers().firstValue("Location").orElse("")).matches("^/console/requests/REQ-[0-9A-Z]+$");
        assertThat(node.snapshot().get("request")).isEqualTo(before + 1);
    }

    @Test
    @Order(7)
    void aRegulatorIsOfferedRemovalAndSecuringOrdersOnlyAndItsProductionOrderIsRefusedWithNothingStored() throws Exception {
        KeyMaterial regulator = node.issue("online safety regulator", eu.eevidence.gw.pki.Role.ADMINISTRATIVE_AUTHORITY, false);
        String removal = "/console/requests/new/" + MessageType.CONTENT_REMOVAL_ORDER.name();
        String epoc = "/console/requests/new/" + MessageType.EU_EPOC.name();
        HttpResponse<String> list = get(regulator, "/console/requests/new");
        assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
        assertThat(list.body()).contains("href=\"" + removal + "\"",
                "href=\"/console/requests/new/" + MessageType.CONTENT_PRESERVATION_ORDER.name() + "\"").doesNotContain("href=\"" + epoc + "\"",
                "href=\"/console/requests/new/" + ART29 + "\"", "href=\"/console/requests/new/UNCC_ART42_PRESERVATION\"");
        HttpResponse<String> epocPage = get(regulator, epoc);
        assertThat(epocPage.statusCode()).as(epocPage.body()).isEqualTo(403);
        assertThat(epocPage.body()).contains("EEG-AUTH-ISSUER-SCOPE").doesNotContain("Exception", "\tat ");
        // the form posted anyway (a stale page, a crafted post) is refused by the intake: nothing stored
        HttpResponse<String> page = get(regulator, removal);
        List<Map.Entry<String, String>> form = new ArrayList<>();
        FormFixtures.posted(FormFixtures.validBody(MessageType.EU_EPOC), key(page)).forEach((k, vs) -> vs.forEach(v -> form.add(Map.entry(k, v))));
        form.add(Map.entry("csrf", csrf(page)));
        long before = node.snapshot().get("request");
        HttpResponse<String> sent = post(regulator, epoc, form);
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(403);
        assertThat(sent.body()).contains("EEG-AUTH-ISSUER-SCOPE").doesNotContain("Exception");
        assertThat(node.snapshot().get("request")).isEqualTo(before);
    }

    @Test
    @Order(8)
    void aRegulatorsRemovalOrderUnderAdministrativeLawIsSentThroughItsForm() throws Exception {
        KeyMaterial regulator = node.issue("media regulator", eu.eevidence.gw.pki.Role.ADMINISTRATIVE_AUTHORITY, false);
        String removal = "/console/requests/new/" + MessageType.CONTENT_REMOVAL_ORDER.name();
        HttpResponse<String> page = get(regulator, removal);
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertThat(page.body()).contains("value=\"ADMINISTRATIVE_AUTHORITY\"", "value=\"CIVIL_COURT\"");
        com.fasterxml.jackson.databind.node.ObjectNode body = (com.fasterxml.jackson.databind.node.ObjectNode) FormFixtures.validBody(
                MessageType.CONTENT_REMOVAL_ORDER).deepCopy();
        List<Map.Entry<String, String>> asJudge = new ArrayList<>();
        FormFixtures.posted(body, key(page)).forEach((k, vs) -> vs.forEach(v -> asJudge.add(Map.entry(k, v))));
        asJudge.add(Map.entry("csrf", csrf(page)));
        long before = node.snapshot().get("request");
        // the sample names an investigating judge: not what a regulator is
        HttpResponse<String> wrongKind = post(regulator, removal, asJudge);
        assertThat(wrongKind.statusCode()).as(wrongKind.body()).isIn(403, 422);
        assertThat(wrongKind.body()).contains("EEG-AUTH-ISSUER-KIND");
        assertThat(node.snapshot().get("request")).isEqualTo(before);

        ((com.fasterxml.jackson.databind.node.ObjectNode) body.get("issuingAuthority")).put("kind", "ADMINISTRATIVE_AUTHORITY");
        body.put("legalBasis", "Loi n. 2004-575, art. 6-1 (administrative removal order of the online-safety regulator)");
        HttpResponse<String> fresh = get(regulator, removal);
        List<Map.Entry<String, String>> form = new ArrayList<>();
        FormFixtures.posted(body, key(fresh)).forEach((k, vs) -> vs.forEach(v -> form.add(Map.entry(k, v))));
        form.add(Map.entry("csrf", csrf(fresh)));
        HttpResponse<String> sent = post(regulator, removal, form);
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(303);
        assertThat(sent.headers().firstValue("Location").orElse("")).matches("^/console/requests/REQ-[0-9A-Z]+$");
        assertThat(node.snapshot().get("request")).isEqualTo(before + 1);
    }

    // ---- helpers

    /** The corpus's valid Art. 29 request as the form's fields, with {@code key} as the idempotency key. */
    static List<Map.Entry<String, String>> filled(String key) throws Exception {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        FormFixtures.posted(FormFixtures.validBody(MessageType.BUDAPEST_ART29_PRESERVATION), key)
                .forEach((k, vs) -> vs.forEach(v -> out.add(Map.entry(k, v))));
        return out;
    }

    static String errorOf(String html, String id) {
        Matcher m = Pattern.compile("<p class=\"error\" id=\"" + Pattern.quote(id) + "-error\">(.*?)</p>", Pattern.DOTALL).matcher(html);
        assertThat(m.find()).as("errors beside " + id).isTrue();
        return m.group(1);
    }

    static String csrf(HttpResponse<String> page) {
        Matcher m = CSRF.matcher(page.body());
        assertThat(m.find()).as("a CSRF field").isTrue();
        return m.group(1);
    }

    static String key(HttpResponse<String> page) {
        Matcher m = KEY.matcher(page.body());
        assertThat(m.find()).as("an idempotency key field").isTrue();
        return m.group(1);
    }

    static HttpClient browser(KeyMaterial key) throws Exception {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER)
                .sslContext(key == null ? eu.eevidence.gw.pki.Tls.sslContext(null, node.trust) : node.forcedContext(key)).build();
    }

    static HttpResponse<String> get(KeyMaterial key, String path) throws Exception {
        return browser(key).send(HttpRequest.newBuilder(URI.create(node.baseUrl() + path)).header("Accept", "text/html").GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(KeyMaterial key, String path, List<Map.Entry<String, String>> form) throws Exception {
        String body = form.stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return browser(key).send(HttpRequest.newBuilder(URI.create(node.baseUrl() + path)).header("Accept", "text/html")
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
