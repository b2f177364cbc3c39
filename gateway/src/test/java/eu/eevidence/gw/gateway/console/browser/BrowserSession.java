package eu.eevidence.gw.gateway.console.browser;

import eu.eevidence.gw.pki.KeyMaterial;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.PageLoadStrategy;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * One person at one browser: a fresh headless Chromium (Debian's, through the system's {@code chromedriver}; Selenium
 * Manager is never asked, since the driver path is given) whose NSS database holds the CA certificate(s) and at most
 * one client certificate, presented to the node by Chromium's {@code AutoSelectCertificateForUrls} policy as a managed
 * workstation would (docs/design/console-browser-tests.md). Close it (try-with-resources): the browser, the policy file
 * and every file of the session are removed.
 *
 * <pre>{@code
 * try (BrowserSession cp = BrowserSession.builder(node.baseUrl()).person(contactPointKey).trust(pki.rootCertificate()).open()) {
 *     cp.get("/console/");
 *     cp.waitForText("Dashboard");
 *     cp.screenshot("dashboard");
 *     assertThat(cp.accessibilityViolations()).isEmpty();
 * }
 * }</pre>
 */
public final class BrowserSession implements AutoCloseable {

    /** Where {@link #screenshot(String)} writes (relative to the module directory the tests run in). */
    public static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    /** The default wait of the {@code waitFor*} helpers. */
    public static final Duration WAIT = Duration.ofSeconds(20);
    /** The longest a page load may take before {@link #get} fails. */
    public static final Duration PAGE_LOAD = Duration.ofSeconds(30);
    /**
     * Selenium looks for a DevTools (CDP) binding matching the browser's version on every start and warns when it has
     * none; the harness uses no CDP binding (only plain WebDriver), so the warning is noise. Held strongly: JUL keeps
     * loggers weakly.
     */
    private static final java.util.logging.Logger CDP_FINDER = quiet("org.openqa.selenium.devtools.CdpVersionFinder");

    private final URI base;
    private final NssProfile profile;
    private final AutoSelectPolicy policy;
    private final ChromeDriver driver;
    private final Path downloads;
    private final Duration startup;

    private BrowserSession(URI base, NssProfile profile, AutoSelectPolicy policy, ChromeDriver driver, Path downloads, Duration startup) {
        this.base = base;
        this.profile = profile;
        this.policy = policy;
        this.driver = driver;
        this.downloads = downloads;
        this.startup = startup;
    }

    /** A session builder for the node at {@code baseUrl} (e.g. {@code https://127.0.0.1:PORT}). */
    public static Builder builder(String baseUrl) {
        return new Builder(URI.create(baseUrl));
    }

    /** A browser that presents {@code person}'s certificate (null: none) and trusts {@code trusted} for the node. */
    public static BrowserSession open(String baseUrl, KeyMaterial person, Collection<X509Certificate> trusted) throws IOException {
        return builder(baseUrl).person(person).trust(trusted).open();
    }

    /** What the session should be; {@link #open()} skips (or, in CI, fails) the test when the machine has no browser. */
    public static final class Builder {
        private final URI base;
        private KeyMaterial person;
        private final List<X509Certificate> trusted = new ArrayList<>();
        private String language = "en";
        private int width = 1280;
        private int height = 900;

        private Builder(URI base) {
            this.base = base;
        }

        /** The person's key and certificate (chain); null or not called: the browser has no client certificate. */
        public Builder person(KeyMaterial key) {
            this.person = key;
            return this;
        }

        /** CA certificates trusted for the node's TLS certificate (and for client certificates). */
        public Builder trust(X509Certificate... cas) {
            return trust(List.of(cas));
        }

        public Builder trust(Collection<X509Certificate> cas) {
            trusted.addAll(cas);
            return this;
        }

        /** The browser's language ({@code Accept-Language} and UI), e.g. {@code fr}; default {@code en}. */
        public Builder language(String lang) {
            this.language = lang;
            return this;
        }

        /** The window (and so screenshot) size in CSS pixels; default 1280x900. */
        public Builder window(int w, int h) {
            this.width = w;
            this.height = h;
            return this;
        }

        public BrowserSession open() throws IOException {
            BrowserEnvironment env = BrowserEnvironment.require();
            long t0 = System.nanoTime();
            NssProfile profile = NssProfile.create(env, person, trusted);
            AutoSelectPolicy policy = null;
            ChromeDriver driver = null;
            try {
                Path downloads = Files.createDirectories(profile.root.resolve("downloads"));
                if (person != null) {
                    policy = AutoSelectPolicy.write(env.policyDir(), base, issuerOrganisation(person.certificate()));
                }
                ChromeDriverService service = new ChromeDriverService.Builder()
                        .usingDriverExecutable(env.chromedriver().toFile())
                        .usingAnyFreePort()
                        // chromedriver hands its environment to Chromium: HOME is where Chromium finds .pki/nssdb
                        .withEnvironment(Map.of("HOME", profile.home.toString()))
                        .withLogFile(profile.root.resolve("chromedriver.log").toFile())
                        .build();
                driver = new ChromeDriver(service, options(env, profile, downloads));
                driver.manage().timeouts().pageLoadTimeout(PAGE_LOAD);
                return new BrowserSession(base, profile, policy, driver, downloads, Duration.ofNanos(System.nanoTime() - t0));
            } catch (IOException | RuntimeException | Error e) {
                if (driver != null) {
                    driver.quit();
                }
                if (policy != null) {
                    policy.close();
                }
                profile.close();
                throw e;
            }
        }

        private ChromeOptions options(BrowserEnvironment env, NssProfile profile, Path downloads) {
            ChromeOptions o = new ChromeOptions();
            o.setBinary(env.chromium().toFile());
            o.addArguments("--headless=new", "--no-sandbox", "--user-data-dir=" + profile.profile, "--disable-dev-shm-usage",
                    "--no-first-run", "--no-default-browser-check", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--disable-default-apps", "--disable-extensions", "--no-proxy-server",
                    "--window-size=" + width + "," + height, "--lang=" + language);
            Map<String, Object> prefs = new LinkedHashMap<>();
            prefs.put("download.default_directory", downloads.toString());
            prefs.put("download.prompt_for_download", false);
            prefs.put("intl.accept_languages", language);
            o.setExperimentalOption("prefs", prefs);
            o.setPageLoadStrategy(PageLoadStrategy.NORMAL);
            LoggingPreferences logs = new LoggingPreferences();
            logs.enable(LogType.BROWSER, Level.ALL);
            o.setCapability("goog:loggingPrefs", logs);
            return o;
        }
    }

    private static java.util.logging.Logger quiet(String name) {
        java.util.logging.Logger l = java.util.logging.Logger.getLogger(name);
        l.setLevel(Level.SEVERE);
        return l;
    }

    /** The O of the certificate's issuer (the development PKI's organisation), for the policy's filter; null if none. */
    static String issuerOrganisation(X509Certificate cert) {
        RDN[] o = X500Name.getInstance(cert.getIssuerX500Principal().getEncoded()).getRDNs(BCStyle.O);
        return o.length == 0 ? null : IETFUtils.valueToString(o[0].getFirst().getValue());
    }

    // ------------------------------------------------------------------------------------------------ navigation

    public WebDriver driver() {
        return driver;
    }

    public URI base() {
        return base;
    }

    /** Opens {@code path} (e.g. {@code /console/} or {@code api/v1/requests/stats}) on the node; waits for the load. */
    public BrowserSession get(String path) {
        String url = url(path);
        try {
            driver.get(url);
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("page load of " + url + " did not finish within " + PAGE_LOAD.toSeconds() + " s" + (policy != null
                    ? "; with a client certificate this usually means Chromium waits at its certificate chooser, i.e. the"
                            + " AutoSelectCertificateForUrls policy " + policy.file() + " is not in force (another policy file"
                            + " with other content, or /etc/chromium/policies/managed not read)"
                    : ""), e);
        }
        return this;
    }

    /** The absolute URL of {@code path} on the node. */
    public String url(String path) {
        String p = path.startsWith("/") ? path : "/" + path;
        return base.resolve(p).toString();
    }

    /** The page's visible text ({@code document.body.innerText}; empty when there is no body). */
    public String pageText() {
        Object t = driver.executeScript("return document.body ? document.body.innerText : '';");
        return t == null ? "" : t.toString();
    }

    /**
     * The text of a JSON answer as Chromium shows it (its JSON viewer puts the raw text into the first {@code <pre>};
     * the page text may also hold the viewer's "Pretty-print" control).
     */
    public String pageJson() {
        Object t = driver.executeScript("var p = document.querySelector('body > pre');"
                + " return p ? p.textContent : (document.body ? document.body.innerText : '');");
        return t == null ? "" : t.toString();
    }

    public String title() {
        return driver.getTitle();
    }

    public String currentUrl() {
        return driver.getCurrentUrl();
    }

    // ------------------------------------------------------------------------------------------------ waiting

    /** A wait of {@link #WAIT} (polls; never sleeps a fixed time). */
    public WebDriverWait waiting() {
        return waiting(WAIT);
    }

    public WebDriverWait waiting(Duration d) {
        return new WebDriverWait(driver, d);
    }

    /** Waits until an element matching {@code by} is visible; returns it. */
    public WebElement waitFor(By by) {
        return waiting().until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    /** Waits until an element matching {@code by} is visible and enabled; returns it. */
    public WebElement waitForClickable(By by) {
        return waiting().until(ExpectedConditions.elementToBeClickable(by));
    }

    /** Waits until the page's visible text contains {@code text}. */
    public void waitForText(String text) {
        waiting().withMessage(() -> "page text never contained \"" + text + "\"; it is:\n" + pageText())
                .until(d -> pageText().contains(text));
    }

    /** Waits until the element {@code by} is present and its text contains {@code text}. */
    public void waitForText(By by, String text) {
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(by, text));
    }

    // ------------------------------------------------------------------------------------------------ evidence

    /** Writes a PNG of the viewport to {@link #SCREENSHOTS}{@code /name.png}; returns the file. */
    public Path screenshot(String name) throws IOException {
        return screenshot(SCREENSHOTS.resolve(name.endsWith(".png") ? name : name + ".png"));
    }

    /** Writes a PNG of the viewport to {@code file} (its directory is made). */
    public Path screenshot(Path file) throws IOException {
        byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Files.write(file, png);
        return file;
    }

    /**
     * Writes a PNG of the whole page, also what lies below the fold, to {@link #SCREENSHOTS}{@code /name.png}
     * (DevTools {@code Page.captureScreenshot} with {@code captureBeyondViewport}; for the README's pictures).
     */
    public Path fullPageScreenshot(String name) throws IOException {
        Map<String, Object> metrics = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
        Map<?, ?> size = (Map<?, ?>) metrics.get("cssContentSize");
        double w = ((Number) size.get("width")).doubleValue();
        double h = ((Number) size.get("height")).doubleValue();
        Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true,
                "clip", Map.of("x", 0, "y", 0, "width", w, "height", h, "scale", 1)));
        Path file = SCREENSHOTS.resolve(name.endsWith(".png") ? name : name + ".png");
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, java.util.Base64.getDecoder().decode((String) shot.get("data")));
        return file;
    }

    /** axe-core's WCAG 2.0/2.1 A and AA violations of the current page (empty: none found). */
    public List<Axe.Violation> accessibilityViolations() {
        return Axe.violations(driver);
    }

    /** Fails with the list of violations if axe-core finds any of level A/AA on the current page. */
    public void assertAccessible() {
        List<Axe.Violation> v = accessibilityViolations();
        if (!v.isEmpty()) {
            StringBuilder sb = new StringBuilder("accessibility violations (WCAG 2.1 A/AA, axe-core " + Axe.VERSION + ") on " + currentUrl() + ":");
            v.forEach(x -> sb.append("\n  ").append(x));
            throw new AssertionError(sb.toString());
        }
    }

    /** The browser console's messages since the last call (e.g. a CSP violation report, a script error). */
    public List<String> consoleMessages() {
        List<String> out = new ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            out.add(e.getLevel() + " " + e.getMessage());
        }
        return out;
    }

    /** The folder downloads go to (empty at start). */
    public Path downloads() {
        return downloads;
    }

    /** Waits until a finished download whose name ends with {@code suffix} is there; returns it. */
    public Path awaitDownload(String suffix) {
        return await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
            try (Stream<Path> s = Files.list(downloads)) {
                return s.filter(p -> p.getFileName().toString().endsWith(suffix)).findFirst().orElse(null);
            }
        }, p -> p != null && !p.getFileName().toString().endsWith(".crdownload"));
    }

    /** The session's policy file (null for a session without a client certificate). */
    Path policyFile() {
        return policy == null ? null : policy.file();
    }

    /** The session's own folder (NSS database, profile, downloads). */
    Path folder() {
        return profile.root;
    }

    /** From {@code open()} to a ready browser: NSS database, policy, chromedriver and Chromium started. */
    public Duration startup() {
        return startup;
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            try {
                if (policy != null) {
                    policy.close();
                }
            } finally {
                profile.close();
            }
        }
    }
}
