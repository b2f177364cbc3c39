package eu.eevidence.gw.gateway.console.requests;

import eu.eevidence.gw.gateway.console.browser.BrowserEnvironment;
import eu.eevidence.gw.gateway.console.browser.BrowserSession;
import eu.eevidence.gw.gateway.console.browser.RoleBrowsers;
import eu.eevidence.gw.gateway.console.forms.BrowserForms;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.eevidence.gw.gateway.security.SecurityNode;
import eu.eevidence.gw.testkit.ContactPointClient;
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
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The issue-21 console pages in real headless Chromium (one node, ordered cases, negative first): a regulator
 * (administrative authority) is offered the content removal order only and gets the 403 page with
 * EEG-AUTH-ISSUER-SCOPE on a production-order form, then fills and sends the removal order form and lands on its request
 * page; a contact point's hash list on a removal order is refused with EEG-VAL-REMOVAL-HASH for a malformed hash (nothing
 * stored), then confirmed and listed under "Hash lists"; the auditor's statistics page refuses an open period with its
 * code, shows an ended quarter's tables and downloads them as CSV. axe-core finds no WCAG 2.1 A/AA violation on each
 * page. (Suppressed cells are not shown here: the test node runs on the system clock, so it cannot hold requests of an
 * ended quarter.)
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TfvawgConsoleBrowserIT {

    static final Path CORPUS = Path.of("..", "message-schemas", "src", "test", "resources", "corpus", "CONTENT_REMOVAL_ORDER");
    static final String TYPED = "b0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecf";
    static final By SEND = By.cssSelector("form.request-form button[type=submit]:not([name])");

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

            // the form filled (one content item, located by URL) and sent: the regulator lands on the request's page
            s.get(removal);
            s.waitFor(By.cssSelector("form.request-form"));
            ((JavascriptExecutor) s.driver()).executeScript("window.sessionStorage.clear();");
            long requests = node.snapshot().get("request");
            assertThat(BrowserForms.fillValid(s, MessageType.CONTENT_REMOVAL_ORDER, Map.of("issuingAuthority.kind",
                    "ADMINISTRATIVE_AUTHORITY", "legalBasis", "Online Safety Act 2023, s. 10"),
                    List.of("content[0].perceptualHashes", "content[1]"))).isEqualTo("ok");
            s.waitForClickable(SEND).click();
            s.waiting().withMessage(() -> "not sent: " + s.currentUrl() + "\n" + s.pageText())
                    .until(d -> d.getCurrentUrl().matches(".*/console/requests/REQ-[0-9A-Z]+$"));
            String id = s.currentUrl().substring(s.currentUrl().lastIndexOf('/') + 1);
            assertThat(node.snapshot().get("request")).isEqualTo(requests + 1);
            assertThat(s.pageText()).contains(id, "CONTENT_REMOVAL_ORDER").doesNotContain("Exception");
            s.screenshot("tfvawg-regulator-request");
            s.assertAccessible();
        }
    }

    @Test
    @Order(2)
    void aMalformedHashListShowsItsCodeThenAValidListIsConfirmedAndListed() throws Exception {
        String id = removalOrderDelivered();
        By form = By.cssSelector("form[action='/console/requests/" + id + "/actions/hash-list']");
        try (BrowserSession s = people.contactPoint()) {
            s.get("/console/requests/" + id);
            s.waitFor(form);
            assertThat(s.driver().findElements(By.id("hash-lists-title"))).isEmpty();
            sendHashList(s, form, "given", "PDQ " + TYPED.substring(3));
            s.waitForText("EEG-VAL-REMOVAL-HASH");
            assertThat(s.pageText()).doesNotContain("Exception", "\tat ");
            s.screenshot("tfvawg-hashlist-refused");
            s.assertAccessible();
            assertThat(hashLists(id)).isZero();

            s.get("/console/requests/" + id);
            sendHashList(s, form, "order", "PDQ " + TYPED);
            s.waiting().withMessage(() -> "not sent: " + s.currentUrl() + "\n" + s.pageText())
                    .until(d -> d.getCurrentUrl().endsWith("/console/requests/" + id + "?done=hash-list"));
            s.waitFor(By.id("hash-lists-title"));
            assertThat(s.pageText()).contains("Hash lists").doesNotContain(TYPED);
            assertThat(hashLists(id)).isEqualTo(1);
            s.fullPageScreenshot("tfvawg-hashlist-sent");
            s.assertAccessible();
        }
    }

    /** Fills the request page's hash-list form, sends it, and confirms on the confirmation step (axe-checked). */
    private static void sendHashList(BrowserSession s, By form, String source, String hashes) throws Exception {
        new Select(s.waitFor(form).findElement(By.name("source"))).selectByValue(source);
        WebElement text = s.driver().findElement(form).findElement(By.name("hashes"));
        text.clear();
        text.sendKeys(hashes);
        s.driver().findElement(form).findElement(By.cssSelector("button[type=submit]")).click();
        s.waiting().withMessage(() -> "no confirmation step: " + s.pageText())
                .until(d -> !d.findElements(By.cssSelector("input[name=confirmed]")).isEmpty());
        s.screenshot("tfvawg-hashlist-confirm");
        s.assertAccessible();
        s.driver().findElement(form).findElement(By.cssSelector("button[type=submit]")).click();
    }

    /** The corpus's removal order sent by the contact point through the API, once the platform's portal has it. */
    private static String removalOrderDelivered() throws Exception {
        ObjectNode order = (ObjectNode) SecurityNode.JSON.readTree(Files.readString(CORPUS.resolve("valid.json")));
        order.put("messageId", "msg-tfvawg-" + UUID.randomUUID());
        ContactPointClient.Answer a = node.cp.post("api/v1/requests", SecurityNode.JSON.writeValueAsBytes(order), "application/json",
                "tfvawg-" + UUID.randomUUID());
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        String id = SecurityNode.JSON.readTree(a.body()).get("id").asText();
        await().atMost(Duration.ofSeconds(60)).until(() -> SecurityNode.JSON.readTree(node.cp.get("api/v1/requests/" + id).body())
                .path("state").asText(), st -> !st.equals("ACCEPTED") && !st.equals("DISPATCHED"));
        return id;
    }

    private static int hashLists(String id) throws Exception {
        return SecurityNode.JSON.readTree(node.cp.get("api/v1/requests/" + id + "/hash-lists").body()).get("hashLists").size();
    }

    @Test
    @Order(3)
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

            // the export link downloads the release as CSV: one row per cell under the documented header
            s.driver().findElement(By.cssSelector("a[href*='format=csv']")).click();
            Path file = s.awaitDownload(".csv");
            assertThat(file.getFileName().toString()).isEqualTo("statistics-2020-Q1.csv");
            List<String> rows = Files.readAllLines(file);
            assertThat(rows.get(0)).startsWith("period,table,").endsWith(",count,suppressed");
            assertThat(rows.subList(1, rows.size())).isNotEmpty().allMatch(r -> r.startsWith("2020-Q1,"));
        }
    }
}
