package eu.eevidence.gw.gateway.console.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.eevidence.gw.gateway.security.SecurityNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real-browser harness against a real node (the {@link SecurityNode} of the security tests: development PKI, a
 * contact point's request already PRESERVED): headless Chromium presents a person's certificate from its NSS database
 * through the auto-selection policy, and sees what that person may see, no more. Negative cases first. Then axe-core
 * in the page: it reports the violations of a deliberately inaccessible page (so the check can fail), none on a clean
 * one, and it runs under a CSP that forbids every script.
 *
 * <p>Skipped (saying why) without Chromium, chromedriver, NSS tools or a writable policy directory; failed instead
 * when {@code CI_REQUIRE_BROWSER=1} (.ci/run).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrowserHarnessIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static SecurityNode n;
    static RoleBrowsers people;
    static String requestId;

    @BeforeAll
    static void start() throws Exception {
        if (BrowserEnvironment.detect().missing().isEmpty()) {
            n = SecurityNode.start(dir);
            people = new RoleBrowsers(n);
            requestId = n.preservedRequest(n.cp);
        }
    }

    /** Each case is skipped (or, with CI_REQUIRE_BROWSER=1, failed) on its own, so the report counts them. */
    @BeforeEach
    void browserPresent() {
        BrowserEnvironment.require();
    }

    @AfterAll
    static void stop() {
        if (n != null) {
            n.close();
        }
    }

    @Test
    @Order(1)
    void withoutACertificateTheBrowserSeesNoAuthenticatedContent() throws Exception {
        try (BrowserSession anonymous = people.anonymous()) {
            anonymous.get("api/v1/requests/stats");
            assertThat(anonymous.pageText()).contains("EEG-AUTH-NO-CERT").doesNotContain("byState");
            anonymous.get("api/v1/requests/" + requestId);
            assertThat(anonymous.pageText()).contains("EEG-AUTH-NO-CERT").doesNotContain("PRESERVED");
        }
    }

    @Test
    @Order(2)
    void aPlatformCertificateCannotReadAContactPointsRequest() throws Exception {
        try (BrowserSession platform = people.platform()) {
            platform.get("api/v1/requests/" + requestId + "/content");
            String text = platform.pageText();
            assertThat(text).contains("EEG-REQ-NOT-FOUND").doesNotContain("PRESERVED").doesNotContain("Exception")
                    .doesNotContain("eu.eevidence");
            platform.get("api/v1/requests/stats");
            assertThat(platform.pageText()).contains("EEG-AUTH-ROLE").doesNotContain("byState");
        }
    }

    @Test
    @Order(3)
    void anotherContactPointDoesNotSeeTheFirstOnesRequest() throws Exception {
        try (BrowserSession other = people.otherContactPoint()) {
            other.get("api/v1/requests/" + requestId);
            assertThat(other.pageText()).contains("EEG-REQ-NOT-FOUND").doesNotContain("PRESERVED");
            other.get("api/v1/requests/stats");
            // its own (empty) scope: proves the browser presented this person's certificate, not some other one
            assertThat(JSON.readTree(other.pageJson()).path("byState").path("PRESERVED").asLong(0)).isZero();
        }
    }

    @Test
    @Order(4)
    void theContactPointSeesItsStatsAndItsRequest() throws Exception {
        long t0 = System.nanoTime();
        try (BrowserSession cp = people.contactPoint()) {
            long t1 = System.nanoTime();
            cp.get("api/v1/requests/stats");
            long t2 = System.nanoTime();
            JsonNode stats = JSON.readTree(cp.pageJson());
            assertThat(stats.path("byState").path("PRESERVED").asLong()).isGreaterThanOrEqualTo(1);
            // the figure docs/design/console-browser-tests.md quotes
            System.out.printf("EEG-TEST browser session start %d ms, first page %d ms%n", Duration.ofNanos(t1 - t0).toMillis(),
                    Duration.ofNanos(t2 - t1).toMillis());

            cp.get("api/v1/requests/" + requestId);
            cp.waitForText("PRESERVED");
            assertThat(JSON.readTree(cp.pageJson()).path("id").asText()).isEqualTo(requestId);

            byte[] png = Files.readAllBytes(cp.screenshot("harness-request-json"));
            assertThat(png.length).isGreaterThan(1000);
            assertThat(pngHeight(png)).isPositive();
        }
    }

    @Test
    @Order(5)
    void aJudicialAuthorityCertificateIsPresentedToo() throws Exception {
        try (BrowserSession judge = people.prosecutor()) {
            judge.get("api/v1/requests/stats");
            assertThat(judge.pageText()).contains("byState").doesNotContain("EEG-AUTH");
        }
    }

    @Test
    @Order(6)
    void theAuditorSeesTheRequestAndClosingTheSessionRemovesItsPolicyFileAndProfile() throws Exception {
        BrowserSession s = people.auditor();
        s.get("api/v1/requests?size=500");
        assertThat(JSON.readTree(s.pageJson()).get("items").findValuesAsText("id")).contains(requestId);
        Path policy = s.policyFile();
        Path folder = s.folder();
        assertThat(policy).exists().hasParent(BrowserEnvironment.detect().policyDir());
        assertThat(Files.readString(policy)).contains("AutoSelectCertificateForUrls").contains("https://127.0.0.1:*");
        assertThat(folder.resolve("home/.pki/nssdb/cert9.db")).exists();
        assertThat(folder).isDirectoryNotContaining("glob:**.p12");
        s.close();
        assertThat(policy).doesNotExist();
        assertThat(folder).doesNotExist();
    }

    // ------------------------------------------------------------------------------------------------ axe-core

    @Test
    @Order(10)
    void axeReportsTheViolationsOfAnInaccessiblePage() throws Exception {
        Path page = fixture("inaccessible.html", """
                <!DOCTYPE html>
                <html><head><meta charset="utf-8"></head>
                <body><img src="chart.png"><form><input type="text" name="reference"></form>
                <p style="color:#aaa;background:#fff">low contrast</p></body></html>
                """);
        try (BrowserSession s = people.anonymous()) {
            s.driver().get(page.toUri().toString());
            List<String> ids = s.accessibilityViolations().stream().map(Axe.Violation::id).toList();
            assertThat(ids).contains("image-alt", "label", "html-has-lang", "document-title", "color-contrast");
        }
    }

    @Test
    @Order(11)
    void axeFindsNothingOnAnAccessiblePageAndRunsUnderAStrictCsp() throws Exception {
        Path page = fixture("accessible.html", """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8">
                <meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'none'; style-src 'none'">
                <title>Fixture</title><script>document.title = 'a page script ran';</script></head>
                <body><main><h1>Fixture</h1><img src="chart.png" alt="Requests per state">
                <form><label for="ref">Reference</label><input id="ref" type="text" name="reference"></form></main></body></html>
                """);
        try (BrowserSession s = people.anonymous()) {
            s.driver().get(page.toUri().toString());
            s.assertAccessible();
            // the page's CSP is in force (its own inline script was blocked), yet WebDriver's scripts (axe) ran
            assertThat(s.title()).isEqualTo("Fixture");
        }
    }

    @Test
    @Order(12)
    void axeRunsOnAPageTheNodeServes() throws Exception {
        try (BrowserSession cp = people.contactPoint()) {
            cp.get("api/v1/requests/stats");
            List<Axe.Violation> v = cp.accessibilityViolations();
            // Chromium's own rendering of a JSON answer; what matters is that the run happened on the node's origin
            assertThat(cp.currentUrl()).startsWith(n.baseUrl());
            assertThat(v).allSatisfy(x -> assertThat(x.id()).isNotBlank());
        }
    }

    @Test
    @Order(13)
    void aFullPageScreenshotHoldsWhatIsBelowTheFold() throws Exception {
        Path page = fixture("long.html", "<!DOCTYPE html><html lang=\"en\"><head><title>Long</title></head><body>"
                + "<p>line</p>".repeat(200) + "</body></html>");
        try (BrowserSession s = people.anonymous()) {
            s.driver().get(page.toUri().toString());
            int viewport = pngHeight(Files.readAllBytes(s.screenshot("harness-long-viewport")));
            int full = pngHeight(Files.readAllBytes(s.fullPageScreenshot("harness-long-full")));
            assertThat(viewport).isLessThanOrEqualTo(900);
            assertThat(full).isGreaterThan(2 * viewport);
        }
    }

    /** The height in the PNG's IHDR chunk (bytes 20-23, big-endian). */
    private static int pngHeight(byte[] png) {
        assertThat(new String(png, 1, 3, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PNG");
        return java.nio.ByteBuffer.wrap(png, 20, 4).getInt();
    }

    private static Path fixture(String name, String html) throws IOException {
        Path p = dir.resolve("fixtures").resolve(name);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, html);
    }
}
