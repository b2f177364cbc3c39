package eu.eevidence.gw.gateway.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.eevidence.gw.gateway.console.browser.BrowserEnvironment;
import eu.eevidence.gw.gateway.console.browser.BrowserSession;
import eu.eevidence.gw.gateway.demo.Demo;
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
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16's journeys for the prosecutor's tracking and the requested Party's cases desk in real headless Chromium, each
 * person presenting a client certificate (the harness of docs/design/console-browser-tests.md). Negative journeys first:
 * a platform certificate cannot open the tracking page or a case; a forged CSRF token on a decision is refused and nothing
 * changes. Then the prosecutor filters overdue orders and downloads the CSV; the contact point accepts one case and refuses
 * another with a reason. axe-core finds no WCAG A/AA violation on the main pages; screenshots go to target/console-screenshots.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TrackingAndCasesBrowserIT {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static SecurityNode n;
    static DeskFixtures fixtures;
    static KeyMaterial prosecutor;
    static String onTime;
    static String overdue;
    static String caseToAccept;
    static String caseToRefuse;

    @BeforeAll
    static void start() throws Exception {
        BrowserEnvironment.require();
        n = SecurityNode.start(dir);
        fixtures = new DeskFixtures(n);
        prosecutor = n.issue("prosecutor", Role.JUDICIAL_AUTHORITY, false);
        ContactPointClient judge = n.client(prosecutor);
        onTime = n.preservedRequest(judge);
        overdue = n.preservedRequest(judge);
        fixtures.makeOverdue(overdue);
        caseToAccept = fixtures.receive("BUDAPEST_ART29_PRESERVATION");
        caseToRefuse = fixtures.receive("BUDAPEST_ART29_PRESERVATION");
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

    /** Waits for the notice of a done decision; on failure says where the browser is and what it shows. */
    static void awaitNotice(BrowserSession s) throws IOException {
        try {
            s.waitFor(By.id("notice"));
        } catch (org.openqa.selenium.TimeoutException e) {
            s.screenshot("case-no-notice");
            throw new AssertionError("no notice at " + s.currentUrl() + ": " + s.pageText() + " / browser console: " + s.consoleMessages(), e);
        }
    }

    static String apiState(String caseId) throws Exception {
        return JSON.readTree(n.cp.get("api/v1/cases/" + caseId).body()).path("state").asText();
    }

    // ------------------------------------------------------------------ negative journeys first

    @Test
    @Order(1)
    void aPlatformCertificateCannotOpenTheTrackingPageOrACase() throws Exception {
        try (BrowserSession platform = as(n.platformKey)) {
            platform.get("console/tracking?overdue=true");
            assertThat(platform.pageText()).contains("EEG-AUTH-ROLE").doesNotContain(overdue).doesNotContain("Exception");
            assertThat(platform.driver().findElements(By.id("tracking-table"))).isEmpty();
            platform.get("console/cases/" + caseToAccept);
            assertThat(platform.pageText()).contains("EEG-AUTH-ROLE").doesNotContain("BUDAPEST_ART29").doesNotContain("Exception");
            assertThat(platform.driver().findElements(By.id("form-accept"))).isEmpty();
            platform.screenshot("tracking-platform-refused");
        }
    }

    @Test
    @Order(2)
    void aForgedCsrfTokenOnADecisionIsRefusedAndNothingChanges() throws Exception {
        int sent = fixtures.sent.size();
        try (BrowserSession cp = as(n.contactPoint)) {
            cp.get("console/cases/" + caseToRefuse);
            WebElement form = cp.waitFor(By.id("form-refuse"));
            new Select(form.findElement(By.id("refuse-code"))).selectByValue("OTHER");
            form.findElement(By.id("refuse-reason")).sendKeys("forged");
            ((JavascriptExecutor) cp.driver()).executeScript("arguments[0].querySelector('input[name=csrf]').value = 'forged-token';", form);
            form.findElement(By.cssSelector("button[type=submit]")).click();
            cp.waitForText("EEG-CONSOLE-CSRF");
            assertThat(cp.pageText()).doesNotContain("Exception");
        }
        assertThat(apiState(caseToRefuse)).isEqualTo("RECEIVED");
        assertThat(fixtures.sent).hasSize(sent);
    }

    // ------------------------------------------------------------------ the prosecutor

    @Test
    @Order(10)
    void theProsecutorFiltersOverdueOrdersAndDownloadsTheCsv() throws Exception {
        try (BrowserSession judge = as(prosecutor)) {
            judge.get("console/tracking");
            judge.waitFor(By.id("tracking-table"));
            assertThat(judge.pageText()).contains(onTime, overdue);
            judge.assertAccessible();
            judge.screenshot("tracking-list");

            judge.driver().findElement(By.id("f-overdue")).click();
            new Select(judge.driver().findElement(By.id("f-type"))).selectByValue("BUDAPEST_ART29_PRESERVATION");
            judge.driver().findElement(By.cssSelector("form.filters button[type=submit]")).click();
            // the filtered page, not the one before it (its text may already hold the rule's name)
            judge.waiting().until(ExpectedConditions.urlContains("overdue=true"));
            judge.waitFor(By.id("tracking-table"));
            judge.waitForText("TEST_OVERDUE");
            assertThat(judge.currentUrl()).contains("overdue=true").contains("type=BUDAPEST_ART29_PRESERVATION").doesNotContain(n.contactPoint.fingerprint());
            WebElement table = judge.driver().findElement(By.id("tracking-table"));
            assertThat(table.getText()).contains(overdue).doesNotContain(onTime);
            assertThat(table.findElements(By.cssSelector("tbody tr.overdue"))).hasSize(1);
            judge.assertAccessible();
            judge.screenshot("tracking-overdue");

            judge.driver().findElement(By.id("csv-link")).click();
            Path csv = judge.awaitDownload(".csv");
            String text = Files.readString(csv, StandardCharsets.UTF_8);
            String[] lines = text.split("\r\n");
            assertThat(lines).hasSize(2);
            assertThat(lines[0]).isEqualTo("id,type,platform,requestedParty,state,receivedAt,updatedAt,nextDeadlineKind,nextDeadlineAt,overdue,"
                    + "deliveryAttempts,receiptId");
            assertThat(lines[1]).startsWith(overdue + ",BUDAPEST_ART29_PRESERVATION,").contains(",TEST_OVERDUE,", ",true,");

            judge.get("console/tracking/compliance");
            judge.waitFor(By.id("f-days"));
            judge.assertAccessible();
            judge.screenshot("tracking-compliance");
        }
    }

    // ------------------------------------------------------------------ the cases desk

    @Test
    @Order(20)
    void theCasesDeskAcceptsOneCaseAndRefusesAnotherWithAReason() throws Exception {
        try (BrowserSession cp = as(n.contactPoint)) {
            cp.get("console/cases");
            WebElement inbox = cp.waitFor(By.id("cases-table"));
            assertThat(inbox.getText()).contains(caseToAccept, caseToRefuse);
            cp.assertAccessible();
            cp.screenshot("cases-inbox");

            cp.driver().findElement(By.linkText(caseToAccept)).click();
            WebElement accept = cp.waitFor(By.id("form-accept"));
            assertThat(cp.driver().findElement(By.id("case-content")).getText()).contains("body.custodian.platformId", "Demo Platform Ireland Ltd");
            cp.assertAccessible();
            cp.screenshot("case-page");
            new Select(accept.findElement(By.id("accept-platformId"))).selectByValue(Demo.PLATFORM_ID);
            accept.findElement(By.cssSelector("button[type=submit]")).click();
            cp.waitFor(By.id("confirm-button"));
            assertThat(apiState(caseToAccept)).as("nothing before the confirmation").isEqualTo("RECEIVED");
            cp.assertAccessible();
            cp.screenshot("case-confirm");
            cp.driver().findElement(By.id("confirm-button")).click();
            awaitNotice(cp);
            assertThat(cp.currentUrl()).endsWith("/console/cases/" + caseToAccept + "?done=ACCEPT");
            assertThat(apiState(caseToAccept)).isIn("ACCEPTED", "ORDERED", "EXECUTING", "PRESERVED");

            cp.get("console/cases/" + caseToRefuse);
            WebElement refuse = cp.waitFor(By.id("form-refuse"));
            new Select(refuse.findElement(By.id("refuse-code"))).selectByValue("ESSENTIAL_INTERESTS");
            refuse.findElement(By.id("refuse-reason")).sendKeys("Art. 29(5)(b): the request would prejudice essential interests.");
            refuse.findElement(By.cssSelector("button[type=submit]")).click();
            cp.waitFor(By.id("confirm-button")).click();
            awaitNotice(cp);
            assertThat(cp.driver().findElement(By.id("case-state")).getText()).contains("Refused");
            cp.screenshot("case-refused");
        }
        JsonNode refused = JSON.readTree(n.cp.get("api/v1/cases/" + caseToRefuse).body());
        assertThat(refused.path("state").asText()).isEqualTo("REFUSED");
        assertThat(refused.path("decision").path("code").asText()).isEqualTo("ESSENTIAL_INTERESTS");
        assertThat(refused.path("decision").path("reason").asText()).contains("essential interests");
        assertThat(fixtures.sent).anyMatch(s -> s.contains("ESSENTIAL_INTERESTS"));
    }
}
