package eu.eevidence.gw.gateway.console;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import eu.eevidence.gw.gateway.console.platform.PlatformConsoleResource;
import eu.eevidence.gw.gateway.security.SecurityNode;
import eu.eevidence.gw.pki.KeyMaterial;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Method;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static eu.eevidence.gw.gateway.console.ConsoleIT.assertHtmlRefusal;
import static eu.eevidence.gw.gateway.console.ConsoleIT.browser;
import static eu.eevidence.gw.gateway.console.ConsoleIT.get;
import static eu.eevidence.gw.gateway.console.ConsoleIT.post;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's security review (2026-12-07, docs/design/console.md "Security review"): every state-changing route refused
 * without a CSRF token, hostile values escaped wherever they are shown, redirects that stay on the console, and the security
 * headers on every kind of answer.
 */
class ConsoleSecurityReviewIT {

    static final String XSS = "\"><img src=x onerror=alert(1)><script>alert(2)</script><svg onload=alert(3)>";

    @TempDir
    static Path dir;
    static SecurityNode node;
    /** Every log event of the node while this class runs (the node runs in this JVM). */
    static final ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> LOG = new ch.qos.logback.core.read.ListAppender<>();

    @BeforeAll
    static void start() throws Exception {
        LOG.start();
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(LOG);
        node = SecurityNode.start(dir);
        ConsoleIT.node = node;
    }

    @AfterAll
    static void stop() {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(LOG);
        if (node != null) {
            node.close();
        }
    }

    /** The console's JAX-RS root classes, as ConsoleModule constructs them (ArchUnit over the package's bytecode). */
    static List<Class<?>> consoleResources() throws Exception {
        List<Class<?>> out = new ArrayList<>();
        for (JavaClass c : new ClassFileImporter().importPackages("eu.eevidence.gw.gateway.console")) {
            if (c.isAnnotatedWith(jakarta.ws.rs.Path.class)) {
                assertThat(c.getConstructorCallsToSelf()).as(c.getName() + " installed by ConsoleModule")
                        .anySatisfy(call -> assertThat(call.getOriginOwner().getName()).isEqualTo(ConsoleModule.class.getName()));
                out.add(Class.forName(c.getName()));
            }
        }
        return out;
    }

    static String path(Class<?> type, Method m, String id) {
        String root = type.getAnnotation(jakarta.ws.rs.Path.class).value();
        jakarta.ws.rs.Path sub = m.getAnnotation(jakarta.ws.rs.Path.class);
        String p = (root.startsWith("/") ? root : "/" + root) + (sub == null ? "" : "/" + sub.value());
        p = p.replaceAll("//+", "/");
        p = p.replace("{id}", id).replace("{action}", "hold").replace("{type}", "ACKNOWLEDGEMENT");
        return p.replaceAll("\\{[^}]+}", "x");
    }

    @Test
    void everyStateChangingConsoleRouteRefusesARequestWithoutACsrfTokenAndChangesNothing() throws Exception {
        String id = node.preservedRequest(node.cp);
        String timeline = node.cp.get("api/v1/requests/" + id + "/timeline").body();
        Map<String, Long> before = node.snapshot();
        long custody = node.maxCustodyId();
        int routes = 0;
        for (Class<?> type : consoleResources()) {
            KeyMaterial who = type == PlatformConsoleResource.class ? node.platformKey : node.contactPoint;
            for (Method m : type.getMethods()) {
                String verb = m.isAnnotationPresent(POST.class) ? "POST" : m.isAnnotationPresent(PUT.class) ? "PUT"
                        : m.isAnnotationPresent(DELETE.class) ? "DELETE" : null;
                if (verb == null) {
                    continue;
                }
                routes++;
                String p = path(type, m, id);
                String body = "reason=x&confirm=yes&confirmed=yes&_confirmed=yes&decision=REFUSE&lang=fr&event=MLA_RECEIVED";
                for (String[] csrf : new String[][] {{}, {"csrf", "A".repeat(43)}}) {
                    String b = csrf.length == 0 ? body : body + "&csrf=" + csrf[1];
                    HttpResponse<String> r = browser(who).send(HttpRequest.newBuilder(URI.create(node.baseUrl() + p))
                            .header("Accept", "text/html").header("Content-Type", "application/x-www-form-urlencoded")
                            .method(verb, HttpRequest.BodyPublishers.ofString(b)).build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(r.statusCode()).as(verb + " " + p + ": " + r.body()).isEqualTo(403);
                    assertHtmlRefusal(r, 403, "EEG-CONSOLE-CSRF");
                    assertThat(r.headers().allValues("Set-Cookie")).as(p).isEmpty();
                }
            }
        }
        assertThat(routes).as("state-changing console routes found").isGreaterThanOrEqualTo(5);
        assertThat(node.snapshot()).isEqualTo(before);
        assertThat(node.maxCustodyId()).isEqualTo(custody);
        assertThat(node.cp.get("api/v1/requests/" + id + "/timeline").body()).isEqualTo(timeline);
    }

    @Test
    void getRoutesAreOnlyReads() throws Exception {
        for (Class<?> type : consoleResources()) {
            for (Method m : type.getMethods()) {
                if (m.isAnnotationPresent(GET.class)) {
                    for (Class<?> p : m.getParameterTypes()) {
                        assertThat(p).as(type.getSimpleName() + "." + m.getName() + ": a GET takes no form")
                                .isNotEqualTo(jakarta.ws.rs.core.MultivaluedMap.class);
                    }
                }
            }
        }
    }

    @Test
    void hostileValuesInARequestAndItsTimelineAreEscapedOnEveryPage() throws Exception {
        ObjectNode t = SecurityNode.sampleTree();
        t.put("clientRequestId", "X-" + UUID.randomUUID().toString().substring(0, 8));
        ((ObjectNode) t.get("offence")).put("description", XSS);
        ((ObjectNode) t.get("offence")).put("summaryOfFacts", "javascript:alert(4)" + XSS);
        ((ObjectNode) t.get("custodian")).put("location", XSS);
        t.put("necessity", XSS);
        var created = node.cp.post("api/v1/requests", SecurityNode.JSON.writeValueAsBytes(t), "application/json", "xss-" + UUID.randomUUID());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = SecurityNode.JSON.readTree(created.body()).get("id").asText();
        node.awaitSettled(node.cp, id);
        var event = node.cp.post("api/v1/requests/" + id + "/events", ("{\"event\":\"MLA_RECEIVED\",\"occurredAt\":\"2026-12-01T10:15Z\",\"detail\":"
                + SecurityNode.JSON.writeValueAsString(XSS) + "}").getBytes(StandardCharsets.UTF_8), "application/json", null);
        assertThat(event.status()).as(event.body()).isEqualTo(200);
        String q = URLEncoder.encode(XSS, StandardCharsets.UTF_8);
        Map<KeyMaterial, List<String>> pages = new LinkedHashMap<>();
        pages.put(node.contactPoint, List.of("/console/", "/console/requests", "/console/requests/" + id, "/console/requests/alarms",
                "/console/tracking?platform=" + q + "&country=" + q + "&type=" + q, "/console/tracking?platform=" + q,
                "/console/tracking/compliance?days=" + q, "/console/requests/" + q, "/console/requests?page=" + q,
                "/console/requests/new/" + q, "/console/cases/" + q));
        pages.put(node.platformKey, List.of("/console/platform", "/console/platform/requests/" + id,
                "/console/platform/requests/" + q, "/console/platform/requests/" + id + "/answer/" + q));
        pages.put(node.auditor, List.of("/console/custody", "/console/custody/requests?id=" + q, "/console/custody/requests/" + id,
                "/console/custody/requests/" + q));
        for (var e : pages.entrySet()) {
            for (String p : e.getValue()) {
                HttpResponse<String> r = get(e.getKey(), p);
                assertThat(r.body()).as(p + " (" + r.statusCode() + ")").doesNotContain("<img src=x", "<script>alert", "<svg onload",
                        "href=\"javascript:", "Exception", "\tat ");
                ConsoleIT.assertSecurityHeaders(r);
            }
        }
        // the contact point's request page does show the values (escaped)
        assertThat(get(node.contactPoint, "/console/requests/" + id).body()).contains("&lt;script&gt;alert(2)");
        // and no request field value reached the node's log (console pages, API calls, the platform's reads)
        assertThat(LOG.list).isNotEmpty();
        for (var ev : List.copyOf(LOG.list)) {
            String line = ev.getFormattedMessage() + (ev.getThrowableProxy() == null ? "" : ev.getThrowableProxy().getMessage());
            assertThat(line).as("log line").doesNotContain("onerror", "alert(", "Dublin", "100004417730213", "203.0.113.77",
                    "pointcontact247", "intimate images", "+33140972000");
        }
    }

    @Test
    void redirectsStayOnTheConsole() throws Exception {
        String token = ConsoleIT.csrfOf(get(node.contactPoint, "/console/"));
        for (String back : new String[] {"//evil.example/", "/\\evil.example", "/console/..%2f..%2fapi", "/console/%2e%2e/%2e%2e/api/v1/requests",
                "/console/%2E%2E/api", "/console/%0d%0aSet-Cookie:%20x=1", "/console/\r\nSet-Cookie: x=1", "https://evil.example/console/",
                "/console/%252e%252e/api", "/console/.%2e/api", "javascript:alert(1)"}) {
            Map<String, String> form = new LinkedHashMap<>();
            form.put("csrf", token);
            form.put("lang", "fr");
            form.put("back", back);
            HttpResponse<String> r = post(node.contactPoint, "/console/preferences", form);
            assertThat(r.statusCode()).as(back).isEqualTo(303);
            String location = r.headers().firstValue("Location").orElse("");
            assertThat(location).as(back).startsWith("/console/").doesNotContain("//", "\\", "\r", "\n", "..");
            String resolved = URI.create("https://gw.example" + location).normalize().getPath();
            assertThat(java.net.URLDecoder.decode(location, StandardCharsets.UTF_8)).as(back).doesNotContain("..", "\r", "\n");
            assertThat(resolved).as(back).startsWith("/console");
            assertThat(r.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("x="));
        }
    }

    @Test
    void everyKindOfConsoleAnswerCarriesTheSecurityHeaders() throws Exception {
        // 401 from the edge (no certificate), 404 for an unknown console route, 405 for a wrong method, assets
        List<HttpResponse<String>> answers = new ArrayList<>();
        answers.add(get(null, "/console/"));
        answers.add(get(node.contactPoint, "/console/no-such-page"));
        answers.add(get(node.contactPoint, "/console/requests/x/y/z"));
        answers.add(browser(node.contactPoint).send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/console/requests"))
                .header("Accept", "text/html").DELETE().build(), HttpResponse.BodyHandlers.ofString()));
        answers.add(browser(node.contactPoint).send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/console/"))
                .header("Accept", "text/html").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("a=b")).build(), HttpResponse.BodyHandlers.ofString()));
        answers.add(get(node.contactPoint, "/console/assets/nothing.js"));
        for (HttpResponse<String> r : answers) {
            String what = r.request().method() + " " + r.uri() + " -> " + r.statusCode();
            assertThat(r.statusCode()).as(what).isGreaterThanOrEqualTo(400);
            assertThat(r.headers().firstValue("Content-Security-Policy")).as(what).hasValue(ConsoleIT.CSP);
            assertThat(r.headers().firstValue("X-Content-Type-Options")).as(what).hasValue("nosniff");
            assertThat(r.headers().firstValue("Cache-Control")).as(what).hasValue("no-store");
            assertThat(r.headers().firstValue("Content-Type").orElse("")).as(what).startsWith("text/html");
            assertThat(r.body()).as(what).contains("EEG-").doesNotContain("Exception", "\tat ");
        }
        HttpResponse<String> js = get(null, "/console/assets/console.js");
        assertThat(js.headers().firstValue("Content-Security-Policy")).hasValue(ConsoleIT.CSP);
        assertThat(js.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    @Test
    void theFetchTargetsOfTheConsoleJsRefuseCrossSiteRequestsAndApiClientsAreUnaffected() throws Exception {
        String id = node.preservedRequest(node.cp);
        Map<String, Long> before = node.snapshot();
        for (String site : new String[] {"cross-site", "same-site"}) {
            HttpResponse<String> r = browser(node.platformKey).send(HttpRequest.newBuilder(URI.create(node.baseUrl()
                    + "/api/v1/platform/requests/" + id + "/evidence")).header("Sec-Fetch-Site", site).header("Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"itemId\":\"x\",\"size\":1,\"partSize\":4194304}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
            assertThat(r.body()).contains("EEG-HTTP-CROSS-SITE");
            HttpResponse<String> form = browser(node.contactPoint).send(HttpRequest.newBuilder(URI.create(node.baseUrl()
                    + "/console/preferences")).header("Sec-Fetch-Site", site).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("lang=fr")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(form.statusCode()).isEqualTo(403);
        }
        assertThat(node.snapshot()).isEqualTo(before);
        // reads that are recorded (the platform's read of the order is an access on the timeline) cannot be embedded by another
        // site: an <img>, <iframe> or fetch() of the page, the PDF or the API's read is refused and records nothing
        String timeline = node.cp.get("api/v1/requests/" + id + "/timeline").body();
        for (String p : new String[] {"/console/platform/requests/" + id, "/console/platform/requests/" + id + "/request.pdf",
                "/api/v1/platform/requests/" + id + "/content"}) {
            for (String[] modeDest : new String[][] {{"no-cors", "image"}, {"navigate", "iframe"}, {"cors", "empty"}}) {
                HttpResponse<String> r = browser(node.platformKey).send(HttpRequest.newBuilder(URI.create(node.baseUrl() + p))
                        .header("Sec-Fetch-Site", "cross-site").header("Sec-Fetch-Mode", modeDest[0]).header("Sec-Fetch-Dest", modeDest[1])
                        .GET().build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(p + " " + modeDest[1]).isEqualTo(403);
                assertThat(r.body()).contains("EEG-HTTP-CROSS-SITE");
            }
        }
        assertThat(node.cp.get("api/v1/requests/" + id + "/timeline").body()).isEqualTo(timeline);
        // a link the person follows from another site still opens the page; the node's own pages read as before
        HttpResponse<String> link = browser(node.platformKey).send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/console/platform"))
                .header("Sec-Fetch-Site", "cross-site").header("Sec-Fetch-Mode", "navigate").header("Sec-Fetch-Dest", "document")
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(link.statusCode()).as(link.body()).isEqualTo(200);
        HttpResponse<String> own = browser(node.platformKey).send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/api/v1/platform/requests/" + id))
                .header("Sec-Fetch-Site", "same-origin").header("Sec-Fetch-Mode", "cors").header("Sec-Fetch-Dest", "empty")
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
        // an API client sends no Fetch Metadata: the API answers it as before
        assertThat(node.cp.get("api/v1/requests/" + id).status()).isEqualTo(200);
    }

    static final java.util.regex.Pattern CODE = java.util.regex.Pattern.compile("EEG-[A-Z0-9]+(-[A-Z0-9]+)*");

    static String code(String body) {
        java.util.regex.Matcher m = CODE.matcher(body);
        return m.find() ? m.group() : "";
    }

    @Test
    void everyConsoleRouteAndRoleIsRefusedAsTheApiRefusesTheSameData() throws Exception {
        String id = node.preservedRequest(node.cp);
        Map<String, KeyMaterial> roles = new LinkedHashMap<>();
        roles.put("contact point", node.contactPoint);
        roles.put("other contact point", node.otherContactPoint);
        roles.put("judicial authority", node.issue("judicial authority J", eu.eevidence.gw.pki.Role.JUDICIAL_AUTHORITY, false));
        roles.put("platform", node.platformKey);
        roles.put("other platform", node.pushKey);
        roles.put("auditor", node.auditor);
        roles.put("no certificate", null);
        String[][] pairs = {
            {"/console/requests/" + id, "/api/v1/requests/" + id},
            {"/console/requests", "/api/v1/requests"},
            {"/console/tracking", "/api/v1/requests"},
            {"/console/tracking/export.csv", "/api/v1/requests/export.csv"},
            {"/console/cases", "/api/v1/cases"},
            {"/console/platform", "/api/v1/platform/requests"},
            {"/console/platform/requests/" + id, "/api/v1/platform/requests/" + id},
            {"/console/platform/requests/" + id + "/request.pdf", "/api/v1/platform/requests/" + id + "/request.pdf"},
            {"/console/custody/requests/" + id, "/api/v1/custody/requests/" + id},
            {"/console/custody", "/api/v1/custody/status"},
        };
        List<String> consoleStricter = new ArrayList<>();
        for (var role : roles.entrySet()) {
            for (String[] pair : pairs) {
                HttpResponse<String> console = get(role.getValue(), pair[0]);
                HttpResponse<String> api = browser(role.getValue()).send(HttpRequest.newBuilder(URI.create(node.baseUrl() + pair[1]))
                        .header("Accept", pair[1].endsWith(".csv") ? "text/csv" : pair[1].endsWith(".pdf") ? "application/pdf" : "application/json")
                        .GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                String what = role.getKey() + ": " + pair[0] + " -> " + console.statusCode() + " " + code(console.body()) + " / " + pair[1]
                        + " -> " + api.statusCode() + " " + (api.statusCode() >= 400 ? code(api.body()) : "");
                if (api.statusCode() >= 400) {
                    // refused as the API refuses; or earlier, by the page's role guard (403 EEG-AUTH-ROLE, the same for every id,
                    // so it tells nothing about the request where the API's per-id answer is 404)
                    if (!(console.statusCode() == 403 && code(console.body()).equals("EEG-AUTH-ROLE"))) {
                        assertThat(console.statusCode()).as(what).isEqualTo(api.statusCode());
                        assertThat(code(console.body())).as(what).isEqualTo(code(api.body()));
                    }
                    assertThat(console.headers().firstValue("Content-Type").orElse("")).as(what).startsWith("text/html");
                } else if (console.statusCode() >= 400) {
                    consoleStricter.add(what);
                }
            }
        }
        // the console may show less than the API (a page the role has no use for), never more; these are the known cases
        // (issue 19: the API also gives a request's submitter its custody records; the console's custody pages stay the auditor's)
        assertThat(consoleStricter).as("console refuses what the API allows").allSatisfy(s -> assertThat(
                s.startsWith("auditor: /console/requests") || s.startsWith("contact point: /console/custody/requests/")).as(s).isTrue());
    }

    @Test
    void thePublicAssetsPathDoesNotOpenAPageOrTheApiWithoutACertificate() throws Exception {
        for (String p : new String[] {"/console/assets/%2e%2e/requests", "/console/assets/..%2frequests",
                "/console/assets/%2e%2e/%2e%2e/api/v1/requests",
                "/console/assets/..;/requests", "/console/assets;x=1/../requests", "/console/assets/%2fconsole%2frequests", "//console/requests"}) {
            HttpResponse<String> r;
            try {
                r = get(null, p);
            } catch (IllegalArgumentException unsendable) {
                continue;
            }
            assertThat(r.statusCode()).as(p + ": " + r.body()).isIn(400, 401, 404);
            assertThat(r.body()).as(p).doesNotContain("REQ-", "Signed in", "\"id\"");
        }
    }
}
