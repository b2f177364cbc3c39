package eu.eevidence.gw.gateway.console.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * axe-core (Deque, MPL-2.0; vendored in {@code src/test/resources/axe}, see its README) run inside the page by the
 * browser: the automated part of the WCAG 2.1 A/AA check of issue 16.
 *
 * <p>The script is injected with WebDriver's {@code executeScript}, which Chromium evaluates through the DevTools
 * protocol ({@code Runtime.callFunctionOn}): that is not subject to the page's Content-Security-Policy, so a page with
 * {@code script-src 'self'} (or {@code 'none'}) is checked as it is served, without weakening its policy
 * ({@code BrowserHarnessIT} proves it on a page whose CSP forbids every script).
 */
public final class Axe {

    public static final String VERSION = "4.14.1";
    /** The rule tags of WCAG 2.0 and 2.1, levels A and AA. */
    public static final List<String> WCAG_A_AA = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);
    private static volatile String source;

    private Axe() {
    }

    /** One failed rule: its id (e.g. {@code image-alt}), impact, help text and URL, and the CSS targets of the nodes. */
    public record Violation(String id, String impact, String help, String helpUrl, List<String> targets) {
        @Override
        public String toString() {
            return id + " (" + impact + "): " + help + " at " + targets + " <" + helpUrl + ">";
        }
    }

    /** Runs axe on the whole current page for the WCAG 2.0/2.1 A and AA rules; returns the violations (empty: none). */
    public static List<Violation> violations(WebDriver driver) {
        return violations(driver, WCAG_A_AA);
    }

    /** Runs axe on the current page with the rules tagged {@code tags}. */
    public static List<Violation> violations(WebDriver driver, List<String> tags) {
        JavascriptExecutor js = (JavascriptExecutor) driver;
        Object present = js.executeScript("return typeof window.axe === 'object' && window.axe.version;");
        if (!VERSION.equals(present)) {
            js.executeScript(source());
            Object loaded = js.executeScript("return typeof window.axe === 'object' && window.axe.version;");
            if (!VERSION.equals(loaded)) {
                throw new IllegalStateException("axe-core could not be loaded into the page (got " + loaded + ")");
            }
        }
        driver.manage().timeouts().scriptTimeout(RUN_TIMEOUT);
        Object out = js.executeAsyncScript(
                "var done = arguments[arguments.length - 1];"
                        + "window.axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})"
                        + ".then(function (r) { done(JSON.stringify({ok: r.violations})); })"
                        + ".catch(function (e) { done(JSON.stringify({error: String(e)})); });",
                tags);
        try {
            JsonNode result = JSON.readTree(String.valueOf(out));
            if (result.has("error")) {
                throw new IllegalStateException("axe-core failed in the page: " + result.get("error").asText());
            }
            List<Violation> list = new ArrayList<>();
            for (JsonNode v : result.get("ok")) {
                List<String> targets = new ArrayList<>();
                for (JsonNode n : v.path("nodes")) {
                    targets.add(n.path("target").toString());
                }
                list.add(new Violation(v.path("id").asText(), v.path("impact").asText(null), v.path("help").asText(),
                        v.path("helpUrl").asText(), List.copyOf(targets)));
            }
            return List.copyOf(list);
        } catch (IOException e) {
            throw new IllegalStateException("axe-core returned no JSON: " + out, e);
        }
    }

    static String source() {
        String s = source;
        if (s == null) {
            try (InputStream in = Axe.class.getResourceAsStream("/axe/axe.min.js")) {
                if (in == null) {
                    throw new IllegalStateException("axe/axe.min.js is missing from the test classpath");
                }
                s = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            source = s;
        }
        return s;
    }
}
