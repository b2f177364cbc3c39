package eu.eevidence.gw.gateway.console.browser;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a real-browser test needs from the machine, and what happens when something is missing.
 *
 * <p>Needed: Debian's {@code chromium} and {@code chromium-driver}, NSS's {@code certutil} and {@code pk12util}
 * ({@code libnss3-tools}), and a writable Chromium managed-policy directory ({@value #POLICY_DIR}, i.e. root). Without
 * them a browser test is <em>skipped</em> with a message that says what is missing, unless the environment variable
 * {@value #REQUIRE_VARIABLE}{@code =1} is set ({@code .ci/run} exports it): then it <em>fails</em>, so CI can never pass
 * without having run the browser tests.
 *
 * <p>The paths can be overridden with the environment variables {@code CHROMIUM_BIN}, {@code CHROMEDRIVER_BIN},
 * {@code CERTUTIL_BIN} and {@code PK12UTIL_BIN} (other distributions name them differently).
 */
public final class BrowserEnvironment {

    /** Set to {@code 1} to turn "skipped: no browser" into a failure. */
    public static final String REQUIRE_VARIABLE = "CI_REQUIRE_BROWSER";
    /** Where Chromium on Linux reads mandatory policies (https://www.chromium.org/administrators/linux-quick-start/). */
    public static final String POLICY_DIR = "/etc/chromium/policies/managed";

    private static final java.util.concurrent.atomic.AtomicBoolean SAID = new java.util.concurrent.atomic.AtomicBoolean();

    private final Path chromium;
    private final Path chromedriver;
    private final Path certutil;
    private final Path pk12util;
    private final Path policyDir;
    private final List<String> missing;
    private final boolean required;

    BrowserEnvironment(Map<String, String> env, Path policyDir) {
        this.chromium = tool(env, "CHROMIUM_BIN", "chromium", "/usr/bin/chromium");
        this.chromedriver = tool(env, "CHROMEDRIVER_BIN", "chromedriver", "/usr/bin/chromedriver");
        this.certutil = tool(env, "CERTUTIL_BIN", "certutil", "/usr/bin/certutil");
        this.pk12util = tool(env, "PK12UTIL_BIN", "pk12util", "/usr/bin/pk12util");
        this.policyDir = policyDir;
        this.required = "1".equals(env.get(REQUIRE_VARIABLE)) || "true".equalsIgnoreCase(env.get(REQUIRE_VARIABLE));
        List<String> m = new ArrayList<>();
        need(m, chromium, "chromium (Debian package chromium)");
        need(m, chromedriver, "chromedriver (Debian package chromium-driver)");
        need(m, certutil, "certutil (Debian package libnss3-tools)");
        need(m, pk12util, "pk12util (Debian package libnss3-tools)");
        if (!policyWritable(policyDir)) {
            m.add("a writable Chromium policy directory " + policyDir + " (run as root), for the client-certificate auto-selection policy");
        }
        this.missing = List.copyOf(m);
    }

    /** The machine as it is. */
    public static BrowserEnvironment detect() {
        return new BrowserEnvironment(System.getenv(), Path.of(POLICY_DIR));
    }

    /**
     * The machine's browser setup for a test: returns it when complete; otherwise aborts the test (JUnit assumption,
     * reported as skipped with the reason) or, with {@value #REQUIRE_VARIABLE}=1, fails it.
     */
    public static BrowserEnvironment require() {
        BrowserEnvironment e = detect();
        e.check();
        return e;
    }

    void check() {
        if (missing.isEmpty()) {
            return;
        }
        String why = "real-browser test needs " + String.join("; ", missing);
        if (required) {
            throw new IllegalStateException(why + " (" + REQUIRE_VARIABLE + "=1: browser tests are required here, not skipped)");
        }
        if (SAID.compareAndSet(false, true)) {
            // surefire/failsafe only count skipped tests; the reason is also on the console once per JVM
            System.err.println("EEG-TEST browser tests skipped: " + why);
        }
        Assumptions.abort("skipped: " + why + ". Install chromium chromium-driver libnss3-tools (Debian) and run as root;"
                + " see docs/design/console-browser-tests.md");
    }

    public List<String> missing() {
        return missing;
    }

    public boolean required() {
        return required;
    }

    public Path chromium() {
        return chromium;
    }

    public Path chromedriver() {
        return chromedriver;
    }

    public Path certutil() {
        return certutil;
    }

    public Path pk12util() {
        return pk12util;
    }

    public Path policyDir() {
        return policyDir;
    }

    private static Path tool(Map<String, String> env, String variable, String name, String fallback) {
        String set = env.get(variable);
        if (set != null && !set.isBlank()) {
            return Path.of(set);
        }
        return onPath(env.get("PATH"), name).orElse(Path.of(fallback));
    }

    private static Optional<Path> onPath(String path, String name) {
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path p = Path.of(dir, name);
                if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    private static void need(List<String> missing, Path tool, String what) {
        if (!Files.isRegularFile(tool) || !Files.isExecutable(tool)) {
            missing.add(what + " at " + tool);
        }
    }

    /** The directory exists (or can be made) and a file can be created in it. */
    private static boolean policyWritable(Path dir) {
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".eeg-probe-", ".tmp");
            Files.delete(probe);
            return true;
        } catch (java.io.IOException | SecurityException | UnsupportedOperationException e) {
            return false;
        }
    }
}
