package eu.eevidence.gw.gateway.console.forms;

import com.fasterxml.jackson.databind.JsonNode;
import eu.eevidence.gw.gateway.console.browser.BrowserEnvironment;
import eu.eevidence.gw.gateway.console.browser.BrowserSession;
import eu.eevidence.gw.gateway.security.SecurityNode;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.Role;
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
import org.openqa.selenium.support.ui.Select;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static eu.eevidence.gw.gateway.console.forms.NewRequestBrowserIT.FILL;
import static eu.eevidence.gw.gateway.console.forms.NewRequestBrowserIT.browserFields;
import static eu.eevidence.gw.gateway.console.forms.NewRequestBrowserIT.js;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The EPOC half of the issue's submitter journey in real headless Chromium (issue 16, "submits an Art. 29 request and an
 * EPOC through the forms and watches it reach PRESERVED / COMPLETED"): the sender of an EPOC is a judicial authority
 * (the catalogue's requesting authority, {@link FormModel#requestTypesFor}). Negative first: an EPOC form with a
 * mandatory field left empty shows the error beside that field and stores nothing. Then the judicial authority fills
 * and sends the EPOC form, the node delivers it to the platform (the simulated portal of {@link SecurityNode}
 * acknowledges it), the platform's legal team answers in its own browser with a final execution report, and the
 * submitter's request page shows COMPLETED. Screenshots: target/console-screenshots/epoc-*.png.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EpocBrowserIT {

    static final String EPOC = "/console/requests/new/" + MessageType.EU_EPOC.name();
    static final By SEND = By.cssSelector("form.request-form button[type=submit]:not([name])");

    @TempDir
    static Path dir;
    static SecurityNode n;
    static KeyMaterial judge;

    @BeforeAll
    static void start() throws Exception {
        if (BrowserEnvironment.detect().missing().isEmpty()) {
            n = SecurityNode.start(dir);
            judge = n.issue("investigating judge E", Role.JUDICIAL_AUTHORITY, false);
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

    static Map<String, List<String>> epocFields() throws IOException {
        return browserFields(FormFixtures.posted(FormFixtures.validBody(MessageType.EU_EPOC), null));
    }

    @Test
    @Order(1)
    void anEpocFormWithoutItsDescriptionShowsTheErrorBesideTheFieldAndStoresNothing() throws Exception {
        try (BrowserSession judicial = as(judge)) {
            judicial.get(EPOC + "?_n:identifiers=2");
            judicial.waitFor(By.id("f-dataSought-description"));
            js(judicial, "window.sessionStorage.clear();");
            Map<String, List<String>> fields = new java.util.TreeMap<>(epocFields());
            assertThat(fields.remove("dataSought.description")).isNotNull();
            assertThat(js(judicial, FILL, fields)).isEqualTo("ok");
            var before = n.snapshot();
            long custody = n.maxCustodyId();
            judicial.waitForClickable(SEND).click();
            judicial.waitFor(By.cssSelector(".error-summary"));
            assertThat(judicial.driver().findElement(By.id("f-dataSought-description-error")).getText()).contains("EEG-VAL-REQUIRED");
            assertThat(judicial.driver().findElement(By.id("f-dataSought-description")).getAttribute("aria-invalid")).isEqualTo("true");
            // only that field is in error: the rest of the form was filled correctly and is kept
            assertThat(judicial.driver().findElements(By.cssSelector(".error-summary li a"))).hasSize(1);
            assertThat(judicial.driver().findElement(By.id("f-issuingAuthority-fileReference")).getAttribute("value")).isEqualTo("JI-2026-1187");
            judicial.assertAccessible();
            judicial.screenshot("epoc-form-error");
            n.assertNothingStored(before, custody);
        }
    }

    @Test
    @Order(2)
    void theJudicialAuthoritySendsAnEpocAndWatchesItReachCompletedAfterThePlatformsFinalReport() throws Exception {
        try (BrowserSession judicial = as(judge); BrowserSession platform = as(n.platformKey)) {
            judicial.get("/console/requests/new");
            judicial.driver().findElement(By.cssSelector("a[href='" + EPOC + "']")).click();
            judicial.waitFor(By.id("f-dataSought-description"));
            js(judicial, "window.sessionStorage.clear();");
            judicial.get(EPOC + "?_n:identifiers=2");
            assertThat(js(judicial, FILL, epocFields())).isEqualTo("ok");
            judicial.assertAccessible();
            judicial.screenshot("epoc-form");
            long requests = n.snapshot().get("request");
            judicial.waitForClickable(SEND).click();
            judicial.waiting().withMessage(() -> "not sent: " + judicial.currentUrl() + "\n" + judicial.pageText())
                    .until(d -> d.getCurrentUrl().matches(".*/console/requests/REQ-[0-9A-Z]+$"));
            String id = judicial.currentUrl().substring(judicial.currentUrl().lastIndexOf('/') + 1);
            assertThat(n.snapshot().get("request")).isEqualTo(requests + 1);

            // the node delivers the order to the platform: it appears in the platform's inbox
            platform.get("/console/");
            platform.waiting(Duration.ofSeconds(60)).withMessage(() -> "not in the platform's inbox: " + platform.pageText())
                    .until(d -> {
                        d.navigate().refresh();
                        return !d.findElements(By.linkText(id)).isEmpty();
                    });
            // the platform's legal team answers with its final execution report through the generated form
            String order = "/console/platform/requests/" + id;
            platform.get(order + "/answer/EXECUTION_REPORT");
            new Select(platform.waitFor(By.id("f-completeness"))).selectByValue("FINAL");
            platform.driver().findElement(By.id("f-manifest-items-0-itemId")).sendKeys("item-1");
            platform.driver().findElement(By.id("f-manifest-items-0-mediaType")).sendKeys("text/csv");
            platform.driver().findElement(By.id("f-manifest-items-0-sizeBytes")).sendKeys("2048");
            platform.driver().findElement(By.id("f-manifest-items-0-sha256")).sendKeys("ab".repeat(32));
            platform.driver().findElement(By.cssSelector("form.request-form > p > button:not([name])")).click();
            platform.waitForClickable(By.id("send-answer")).click();
            platform.waitForText("(" + "Execution report");
            assertThat(platform.currentUrl()).endsWith(order + "?sent=EXECUTION_REPORT");

            // the submitter's request page shows the final state
            judicial.get("/console/requests/" + id);
            judicial.waiting(Duration.ofSeconds(60)).withMessage(() -> "not completed: " + judicial.pageText())
                    .until(d -> {
                        d.navigate().refresh();
                        return d.findElement(By.tagName("main")).getText().contains("Completed");
                    });
            assertThat(judicial.pageText()).contains(id, "Completed");
            judicial.assertAccessible();
            judicial.screenshot("epoc-request-completed");
            judicial.get("/console/");
            judicial.waitForText(id);
            judicial.screenshot("dashboard");
            JsonNode status = SecurityNode.JSON.readTree(n.client(judge).get("api/v1/requests/" + id).body());
            assertThat(status.path("type").asText()).isEqualTo("EU_EPOC");
            assertThat(status.path("state").asText()).isEqualTo("COMPLETED");
        }
    }
}
