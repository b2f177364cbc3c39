package eu.eevidence.gw.gateway.console.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.eevidence.gw.gateway.console.browser.BrowserEnvironment;
import eu.eevidence.gw.gateway.console.browser.BrowserSession;
import eu.eevidence.gw.gateway.security.SecurityNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The platform legal team's journey in real headless Chromium presenting the platform's certificate (issue 16 item 5):
 * negative first (a platform certificate on a contact point's request page sees a clear page with the code, not a stack
 * trace; a tampered part hash is refused by the node and shown with its code), then the platform reads its inbox and the
 * order, downloads the legal paper, declares a 20 MiB item in an execution report through the generated form, uploads it
 * in 4 MiB parts with the SHA-256 of each computed by WebCrypto, resumes after a broken connection and a reload, and
 * answers with the final report. axe-core finds no WCAG 2.1 A/AA violation on the pages; screenshots go to
 * target/console-screenshots/platform-*.png.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlatformConsoleBrowserIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final int MIB = 1 << 20;

    @TempDir
    static Path dir;
    static SecurityNode n;
    static String epoc;
    static Path item;
    static String itemSha;
    static BrowserSession platform;

    @BeforeAll
    static void start() throws Exception {
        BrowserEnvironment.require();
        n = SecurityNode.start(dir);
        epoc = PlatformConsoleIT.acknowledgedEpoc(n);
        byte[] bytes = new byte[20 * MIB];
        new Random(16).nextBytes(bytes);
        item = Files.write(dir.resolve("mailbox-export.bin"), bytes);
        itemSha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        platform = BrowserSession.open(n.baseUrl(), n.platformKey, List.of(n.pki.rootCertificate()));
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (platform != null) {
                platform.close();
            }
        } finally {
            if (n != null) {
                n.close();
            }
        }
    }

    static String order() {
        return "/console/platform/requests/" + epoc;
    }

    static Object js(String script, Object... args) {
        return ((JavascriptExecutor) platform.driver()).executeScript(script, args);
    }

    @Test
    @Order(1)
    void aPlatformCertificateCannotOpenAContactPointsRequestPage() {
        platform.get("/console/requests/" + epoc);
        String text = platform.pageText();
        assertThat(text).containsAnyOf("EEG-AUTH-ROLE", "EEG-REQ-NOT-FOUND", "EEG-HTTP-404").doesNotContain("Exception")
                .doesNotContain("eu.eevidence").doesNotContain("fr-tj-paris");
        assertThat(platform.driver().findElements(By.tagName("main"))).isNotEmpty();
        platform.get("/console/requests");
        assertThat(platform.pageText()).contains("EEG-AUTH-ROLE").doesNotContain("Exception");
    }

    @Test
    @Order(2)
    void thePlatformReadsItsInboxAndTheOrder() throws Exception {
        platform.get("/console/");
        platform.waitForText(epoc);
        platform.assertAccessible();
        platform.screenshot("platform-inbox");
        platform.waitForClickable(By.linkText(epoc)).click();
        platform.waitFor(By.id("content"));
        assertThat(platform.pageText()).contains(epoc, "Acknowledged");
        assertThat(platform.driver().findElements(By.cssSelector("table.order-fields tbody tr")).size()).isGreaterThan(5);
        platform.assertAccessible();
        platform.screenshot("platform-order");
        platform.driver().findElement(By.cssSelector("a[href$='/request.pdf']")).click();
        Path pdf = platform.awaitDownload(".pdf");
        assertThat(new String(Files.readAllBytes(pdf), 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
    }

    @Test
    @Order(3)
    void thePlatformDeclaresTheItemInAnExecutionReportThroughTheGeneratedForm() throws Exception {
        platform.get(order() + "/answer/EXECUTION_REPORT");
        new Select(platform.waitFor(By.id("f-completeness"))).selectByValue("PARTIAL");
        platform.driver().findElement(By.id("f-manifest-items-0-itemId")).sendKeys("item-1");
        platform.driver().findElement(By.id("f-manifest-items-0-mediaType")).sendKeys("application/octet-stream");
        platform.driver().findElement(By.id("f-manifest-items-0-sizeBytes")).sendKeys(Long.toString(20L * MIB));
        platform.driver().findElement(By.id("f-manifest-items-0-sha256")).sendKeys(itemSha);
        platform.assertAccessible();
        platform.screenshot("platform-answer-form");
        platform.driver().findElement(By.cssSelector("form.request-form > p > button:not([name])")).click();
        platform.waitForClickable(By.id("send-answer"));
        assertThat(platform.pageText()).contains(itemSha);
        platform.assertAccessible();
        platform.screenshot("platform-answer-review");
        platform.driver().findElement(By.id("send-answer")).click();
        try {
            platform.waitForText("(" + "Execution report");
        } catch (RuntimeException e) {
            throw new AssertionError("browser console: " + platform.consoleMessages(), e);
        }
        assertThat(platform.driver().findElements(By.cssSelector("div.notice"))).isNotEmpty();
        assertThat(platform.currentUrl()).endsWith(order() + "?sent=EXECUTION_REPORT");
    }

    @Test
    @Order(4)
    void aTamperedPartHashIsRefusedByTheNodeAndShownAsAnError() throws Exception {
        platform.get(order() + "/upload");
        platform.waitFor(By.id("upload-form"));
        // the page's own WebCrypto digest replaced by one of other bytes: the part's header no longer matches its bytes
        js("const d = SubtleCrypto.prototype.digest; SubtleCrypto.prototype.digest = function (a, data) {"
                + " return d.call(this, a, new Uint8Array([1, 2, 3])); };");
        platform.driver().findElement(By.id("upload-item")).sendKeys("item-1");
        platform.driver().findElement(By.id("upload-file")).sendKeys(item.toAbsolutePath().toString());
        platform.driver().findElement(By.id("upload-start")).click();
        platform.waitForText(By.id("upload-error"), "EEG-EVD-PART-DIGEST");
        String uploadId = JSON.readTree((String) js("return localStorage.getItem(arguments[0]);", "eeg-upload:" + epoc)).path("uploadId").asText();
        JsonNode status = JSON.readTree(n.platform.get("api/v1/platform/requests/" + epoc + "/evidence/" + uploadId).body());
        assertThat(status.path("stored")).as("nothing kept of the refused part").isEmpty();
        platform.screenshot("platform-upload-refused");
    }

    @Test
    @Order(5)
    void theUploadResumesAfterABrokenConnectionAndAReloadAndTheNodeVerifiesTheItem() throws Exception {
        platform.get(order() + "/upload");
        platform.waitFor(By.id("upload-form"));
        // the connection breaks before part 3
        js("const f = window.fetch; window.fetch = function (u, o) { if (String(u).endsWith('/parts/3')) {"
                + " return Promise.reject(new TypeError('offline')); } return f.apply(this, arguments); };");
        platform.driver().findElement(By.id("upload-item")).clear();
        platform.driver().findElement(By.id("upload-item")).sendKeys("item-1");
        platform.driver().findElement(By.id("upload-file")).sendKeys(item.toAbsolutePath().toString());
        platform.driver().findElement(By.id("upload-start")).click();
        platform.waitFor(By.id("upload-error"));
        assertThat(platform.driver().findElement(By.id("upload-progress")).getAttribute("value"))
                .as(platform.driver().findElement(By.id("upload-error")).getText()).isEqualTo("2");

        platform.driver().navigate().refresh();
        platform.waitFor(By.id("upload-resume"));
        platform.waitForText(By.id("upload-resume"), "2");
        assertThat(platform.driver().findElement(By.id("upload-resume")).getText()).contains("item-1", "5", "mailbox-export.bin");
        assertThat(platform.driver().findElement(By.id("upload-item")).getAttribute("value")).isEqualTo("item-1");
        platform.assertAccessible();
        platform.screenshot("platform-upload-resume");

        platform.driver().findElement(By.id("upload-file")).sendKeys(item.toAbsolutePath().toString());
        platform.driver().findElement(By.id("upload-start")).click();
        platform.waiting(Duration.ofSeconds(120)).until(ExpectedConditions.textToBePresentInElementLocated(By.id("upload-status"), itemSha));
        assertThat(platform.driver().findElement(By.id("upload-progress")).getAttribute("value"))
                .isEqualTo(platform.driver().findElement(By.id("upload-progress")).getAttribute("max"));
        platform.screenshot("platform-upload-done");
        // the submitter reads the verified item back through the API
        JsonNode items = JSON.readTree(n.cp.get("api/v1/requests/" + epoc + "/evidence").body());
        assertThat(items.toString()).contains(itemSha);
    }

    @Test
    @Order(6)
    void thePlatformAnswersWithItsFinalReport() {
        platform.get(order() + "/answer/EXECUTION_REPORT");
        new Select(platform.waitFor(By.id("f-completeness"))).selectByValue("FINAL");
        platform.driver().findElement(By.id("f-manifest-items-0-itemId")).sendKeys("item-1");
        platform.driver().findElement(By.id("f-manifest-items-0-mediaType")).sendKeys("application/octet-stream");
        platform.driver().findElement(By.id("f-manifest-items-0-sizeBytes")).sendKeys(Long.toString(20L * MIB));
        platform.driver().findElement(By.id("f-manifest-items-0-sha256")).sendKeys(itemSha);
        platform.driver().findElement(By.cssSelector("form.request-form > p > button:not([name])")).click();
        platform.waitForClickable(By.id("send-answer")).click();
        platform.waitForText("(" + "Execution report");
        assertThat(platform.driver().findElements(By.cssSelector("div.notice"))).isNotEmpty();
        assertThat(platform.pageText()).contains("Completed");
    }

    @Test
    @Order(7)
    void theExecutionReportFillsAnItemsSizeAndSha256FromAChosenFile() throws Exception {
        platform.get(order() + "/answer/EXECUTION_REPORT");
        platform.waitFor(By.id("f-manifest-items-0-sha256"));
        platform.waitForClickable(By.id("f-manifest-items-0-sha256-fill"));
        // negative first: no file chosen, nothing is filled and the page says why
        platform.driver().findElement(By.id("f-manifest-items-0-sha256-fill")).click();
        platform.waitForText(By.id("f-manifest-items-0-sha256-filled"), "Choose the item's file first");
        assertThat(platform.driver().findElement(By.id("f-manifest-items-0-sha256")).getAttribute("value")).isEmpty();
        assertThat(platform.driver().findElement(By.id("f-manifest-items-0-sizeBytes")).getAttribute("value")).isEmpty();
        // the 20 MiB item: its SHA-256 computed by WebCrypto in the page equals the one computed here
        platform.driver().findElement(By.id("f-manifest-items-0-sha256-file")).sendKeys(item.toAbsolutePath().toString());
        platform.driver().findElement(By.id("f-manifest-items-0-sha256-fill")).click();
        platform.waiting(Duration.ofSeconds(60)).until(d -> itemSha.equals(d.findElement(By.id("f-manifest-items-0-sha256")).getAttribute("value")));
        assertThat(platform.driver().findElement(By.id("f-manifest-items-0-sizeBytes")).getAttribute("value")).isEqualTo(Long.toString(20L * MIB));
        assertThat(platform.driver().findElement(By.id("f-manifest-items-0-sha256-filled")).getText()).contains("mailbox-export.bin");
        assertThat(platform.consoleMessages()).noneMatch(m -> m.contains("Content Security Policy"));
        platform.assertAccessible();
        platform.screenshot("platform-answer-hash-from-file");
    }
}
