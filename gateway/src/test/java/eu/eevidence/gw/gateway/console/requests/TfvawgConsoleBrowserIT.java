package eu.eevidence.gw.gateway.console.requests;

import eu.eevidence.gw.gateway.console.browser.BrowserEnvironment;
import eu.eevidence.gw.gateway.console.browser.BrowserSession;
import eu.eevidence.gw.gateway.console.browser.RoleBrowsers;
import eu.eevidence.gw.gateway.security.SecurityNode;
import eu.eevidence.gw.schema.MessageType;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

import java.nio.file.Path;
import java.time.YearMonth;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The issue-21 console pages in real headless Chromium (one node, ordered cases, negative first): a regulator
 * (administrative authority) is offered the content removal order only and gets the 403 page with
 * EEG-AUTH-ISSUER-SCOPE on a production-order form; the auditor's statistics page refuses an open period with its code
 * and shows an ended quarter's tables with the CSV export link. axe-core finds no WCAG 2.1 A/AA violation on each page.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TfvawgConsoleBrowserIT {

    @TempDir
    static Path dir;
    static SecurityNode node;
    static RoleBrowsers people;

    @BeforeAll
    static void start() throws Exception {
        BrowserEnvironment.require();
        node = SecurityNode.start(dir);
        people = new RoleBrowsers(node);
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    @Order(1)
    void aRegulatorIsOfferedTheRemovalOrderOnlyAndAProductionOrderFormIsRefused() throws Exception {
        KeyMaterial regulator = node.issue("online safety regulator", Role.ADMINISTRATIVE_AUTHORITY, false);
        String removal = "/console/requests/new/" + MessageType.CONTENT_REMOVAL_ORDER.name();
        String epoc = "/console/requests/new/" + MessageType.EU_EPOC.name();
        try (BrowserSession s = people.as(regulator)) {
            s.get(epoc);
            s.waitForText("EEG-AUTH-ISSUER-SCOPE");
            assertThat(s.pageText()).doesNotContain("Exception", "\tat ");
            s.screenshot("tfvawg-regulator-403");
            s.assertAccessible();

            s.get("/console/requests/new");
            assertThat(s.driver().findElements(By.cssSelector("a[href='" + removal + "']"))).hasSize(1);
            assertThat(s.driver().findElements(By.cssSelector("a[href='" + epoc + "']"))).isEmpty();
            assertThat(s.driver().findElements(By.cssSelector("a[href='/console/requests/new/UNCC_ART42_PRESERVATION']")))
                    .isEmpty();
            s.screenshot("tfvawg-regulator-new");
            s.assertAccessible();

            s.driver().findElement(By.cssSelector("a[href='" + removal + "']")).click();
            s.waitFor(By.cssSelector("form"));
            assertThat(s.currentUrl()).endsWith(removal);
            s.screenshot("tfvawg-regulator-removal-form");
            s.assertAccessible();
        }
    }

    @Test
    @Order(2)
    void theAuditorIsRefusedAnOpenPeriodAndSeesAnEndedQuartersTablesAndExport() throws Exception {
        YearMonth now = YearMonth.now(ZoneOffset.UTC);
        String current = now.getYear() + "-Q" + ((now.getMonthValue() - 1) / 3 + 1);
        try (BrowserSession s = people.auditor()) {
            s.get("/console/statistics?period=" + current);
            s.waitForText("EEG-STAT-PERIOD-OPEN");
            assertThat(s.pageText()).doesNotContain("Exception", "\tat ");
            s.screenshot("tfvawg-statistics-open");
            s.assertAccessible();

            s.get("/console/statistics?period=2020-Q1");
            s.waitFor(By.cssSelector("[data-table='offence-outcome']"));
            assertThat(s.driver().findElements(By.cssSelector("[data-table]")).size()).isGreaterThanOrEqualTo(9);
            assertThat(s.driver().findElement(By.id("min-cell")).getText()).isEqualTo("5");
            String csv = s.driver().findElement(By.cssSelector("a[href*='format=csv']")).getAttribute("href");
            assertThat(csv).isEqualTo(s.url("/api/v1/statistics?period=2020-Q1&format=csv"));
            s.fullPageScreenshot("tfvawg-statistics-2020-Q1");
            s.assertAccessible();
        }
    }
}
