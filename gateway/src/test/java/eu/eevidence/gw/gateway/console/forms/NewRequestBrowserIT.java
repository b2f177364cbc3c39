package eu.eevidence.gw.gateway.console.forms;

import com.fasterxml.jackson.databind.JsonNode;
import eu.eevidence.gw.gateway.console.browser.BrowserEnvironment;
import eu.eevidence.gw.gateway.console.browser.BrowserSession;
import eu.eevidence.gw.gateway.security.SecurityNode;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.schema.MessageType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

import java.io.IOException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contact point's "new request" journey in real headless Chromium presenting its certificate (harness:
 * docs/design/console-browser-tests.md): an invalid form shows every error beside its field and stores nothing; a draft
 * survives a reload (forms.js); the Art. 29 form, filled and sent, lands on the request's page and the request reaches
 * PRESERVED; axe-core finds no WCAG A/AA violation on the form, its error page and the list of types. Screenshots in
 * target/console-screenshots/new-request-*.png. Skipped (saying why) without Chromium; failed instead in CI
 * ({@code CI_REQUIRE_BROWSER=1}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NewRequestBrowserIT {

    static final String ART29 = "/console/requests/new/" + MessageType.BUDAPEST_ART29_PRESERVATION.name();
    static final By SEND = By.cssSelector("form.request-form button[type=submit]:not([name])");

    @TempDir
    static Path dir;
    static SecurityNode n;

    @BeforeAll
    static void start() throws Exception {
        if (BrowserEnvironment.detect().missing().isEmpty()) {
            n = SecurityNode.start(dir);
        }
    }

    @BeforeEach
    void browser() {
        BrowserEnvironment.require();
    }

    @AfterAll
    static void stop() {
        if (n != null) {
            n.close();
        }
    }

    static BrowserSession as(KeyMaterial person) throws IOException {
        return BrowserSession.open(n.baseUrl(), person, List.of(n.pki.rootCertificate()));
    }

    @Test
    @Order(1)
    void anEmptyFormShowsEveryErrorBesideItsFieldAndStoresNothing() throws Exception {
        try (BrowserSession cp = as(n.contactPoint)) {
            cp.get(ART29);
            var before = n.snapshot();
            long custody = n.maxCustodyId();
            cp.waitForClickable(SEND).click();
            WebElement summary = cp.waitFor(By.cssSelector(".error-summary"));
            cp.screenshot("new-request-errors");
            assertThat(summary.findElements(By.cssSelector("li a"))).hasSizeGreaterThan(10);
            assertThat(cp.driver().findElement(By.id("f-necessity-error")).getText()).contains("EEG-VAL-REQUIRED");
            assertThat(cp.driver().findElement(By.id("f-identifiers-0-value-error")).getText()).contains("EEG-VAL-REQUIRED");
            assertThat(cp.driver().findElement(By.id("f-necessity")).getAttribute("aria-invalid")).isEqualTo("true");
            // the summary has the focus (a screen reader announces it), and its links lead to the fields
            assertThat(js(cp, "return document.activeElement.className;")).contains("error-summary");
            summary.findElement(By.cssSelector("a[href='#f-necessity']")).click();
            cp.waiting().until(d -> d.getCurrentUrl().endsWith("#f-necessity"));
            cp.assertAccessible();
            n.assertNothingStored(before, custody);
        }
    }

    @Test
    @Order(2)
    void aDraftSurvivesAReloadIncludingAnAddedInstance() throws Exception {
        try (BrowserSession cp = as(n.contactPoint)) {
            cp.get(ART29);
            cp.waitFor(By.id("f-necessity")).sendKeys("logs are kept 7 days");
            cp.driver().findElement(By.id("f-dataToPreserve-categories-1")).click();
            cp.driver().navigate().refresh();
            cp.waiting().until(d -> "logs are kept 7 days".equals(d.findElement(By.id("f-necessity")).getAttribute("value")));
            assertThat(cp.driver().findElement(By.id("f-dataToPreserve-categories-1")).isSelected()).isTrue();
            assertThat(cp.waitFor(By.id("draft-restored")).getText()).contains("draft");
            // a second identifier (added on the node, no script needed), typed into, survives a fresh load of the form
            cp.driver().findElement(By.cssSelector("button[name='_add'][value='identifiers']")).click();
            cp.waitFor(By.id("f-identifiers-1-value")).sendKeys("2001:db8::1");
            cp.get(ART29);
            cp.waiting().until(d -> "2001:db8::1".equals(d.findElement(By.id("f-identifiers-1-value")).getAttribute("value")));
            assertThat(cp.driver().findElement(By.id("f-necessity")).getAttribute("value")).isEqualTo("logs are kept 7 days");
        }
    }

    @Test
    @Order(3)
    void theArt29FormSentOnceReachesPreserved() throws Exception {
        try (BrowserSession cp = as(n.contactPoint)) {
            cp.get("/console/requests/new");
            cp.assertAccessible();
            cp.screenshot("new-request-types");
            cp.driver().findElement(By.cssSelector("a[href='" + ART29 + "']")).click();
            cp.waitFor(By.id("f-necessity"));
            js(cp, "window.sessionStorage.clear();");
            cp.assertAccessible();
            Map<String, List<String>> fields = browserFields(FormFixtures.posted(FormFixtures.validBody(MessageType.BUDAPEST_ART29_PRESERVATION), null));
            cp.get(ART29 + "?_n:identifiers=2");
            assertThat(js(cp, FILL, fields)).isEqualTo("ok");
            cp.screenshot("new-request-form");
            long requests = n.snapshot().get("request");
            cp.waitForClickable(SEND).click();
            cp.waiting().withMessage(() -> "not sent: " + cp.currentUrl() + "\n" + cp.pageText())
                    .until(d -> d.getCurrentUrl().matches(".*/console/requests/REQ-[0-9A-Z]+$"));
            String id = cp.currentUrl().substring(cp.currentUrl().lastIndexOf('/') + 1);
            assertThat(n.snapshot().get("request")).isEqualTo(requests + 1);
            n.awaitSettled(n.cp, id); // PRESERVED, through the API of the same certificate
            JsonNode status = SecurityNode.JSON.readTree(n.cp.get("api/v1/requests/" + id).body());
            assertThat(status.path("type").asText()).isEqualTo("BUDAPEST_ART29_PRESERVATION");
            assertThat(status.path("state").asText()).isEqualTo("PRESERVED");
        }
    }

    // ---- helpers

    /** Sets the form's fields by name (check boxes by value); "ok", or the first name with no field. */
    static final String FILL = "var form = document.querySelector('form.request-form'); var data = arguments[0];"
            + " for (var name in data) { var els = form.querySelectorAll('[name=\"' + CSS.escape(name) + '\"]');"
            + "   if (els.length === 0) { return 'missing ' + name; }"
            + "   for (var i = 0; i < els.length; i++) { var el = els[i];"
            + "     if (el.type === 'checkbox') { el.checked = data[name].indexOf(el.value) >= 0; } else { el.value = data[name][0]; } } }"
            + " return 'ok';";

    private static final Pattern OFFSET = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}T[0-9:.]+(Z|[+-]\\d{2}:\\d{2})$");

    /** Time stamps as a browser's date-time input and zone choice take them: local time plus a zone with that offset. */
    static Map<String, List<String>> browserFields(Map<String, List<String>> posted) {
        Map<String, List<String>> out = new TreeMap<>();
        posted.forEach((name, values) -> {
            String v = values.get(0);
            Matcher m = OFFSET.matcher(v);
            if (m.matches()) {
                OffsetDateTime t = OffsetDateTime.parse(v);
                LocalDateTime local = t.toLocalDateTime();
                String zone = FormPage.ZONES.stream().filter(z -> {
                    try {
                        return local.atZone(ZoneId.of(z)).getOffset().equals(t.getOffset());
                    } catch (DateTimeException e) {
                        return false;
                    }
                }).findFirst().orElseThrow();
                out.put(name, List.of(local.toString()));
                out.put(FormValues.ZONE + name, List.of(zone));
            } else {
                out.put(name, values);
            }
        });
        return out;
    }

    static String js(BrowserSession s, String script, Object... args) {
        Object r = ((JavascriptExecutor) s.driver()).executeScript(script, args.length == 0 ? new Object[0] : new Object[] {new LinkedHashMap<>(
                (Map<?, ?>) args[0])});
        return r == null ? "" : r.toString();
    }
}
