package eu.eevidence.gw.gateway.console.browser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** When a browser test runs, is skipped (saying why) or fails: the rule of docs/design/console-browser-tests.md. */
class BrowserEnvironmentTest {

    @TempDir
    Path dir;

    private Map<String, String> tools(boolean withChromium) throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", "");
        env.put("CHROMIUM_BIN", withChromium ? exe("chromium").toString() : dir.resolve("absent-chromium").toString());
        env.put("CHROMEDRIVER_BIN", exe("chromedriver").toString());
        env.put("CERTUTIL_BIN", exe("certutil").toString());
        env.put("PK12UTIL_BIN", exe("pk12util").toString());
        return env;
    }

    private Path exe(String name) throws IOException {
        Path p = dir.resolve("bin").resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, "#!/bin/sh\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }

    @Test
    void aMissingBrowserSkipsTheTestAndSaysWhatIsMissing() throws IOException {
        BrowserEnvironment e = new BrowserEnvironment(tools(false), dir.resolve("policies"));
        assertThat(e.missing()).singleElement().asString().contains("chromium (Debian package chromium)");
        assertThatThrownBy(e::check).isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("skipped").hasMessageContaining("chromium").hasMessageContaining("console-browser-tests.md");
    }

    @Test
    void withCiRequireBrowserAMissingBrowserFailsInsteadOfSkipping() throws IOException {
        Map<String, String> env = tools(false);
        env.put(BrowserEnvironment.REQUIRE_VARIABLE, "1");
        BrowserEnvironment e = new BrowserEnvironment(env, dir.resolve("policies"));
        assertThat(e.required()).isTrue();
        assertThatThrownBy(e::check).isInstanceOf(IllegalStateException.class).hasMessageContaining("CI_REQUIRE_BROWSER=1");
    }

    @Test
    void anUnwritablePolicyDirectoryIsMissingToo() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        BrowserEnvironment e = new BrowserEnvironment(tools(true), file.resolve("managed"));
        assertThat(e.missing()).singleElement().asString().contains("writable Chromium policy directory");
    }

    @Test
    void aCompleteMachineRunsTheTestAndLeavesThePolicyDirectoryEmpty() throws IOException {
        Path policies = dir.resolve("policies");
        BrowserEnvironment e = new BrowserEnvironment(tools(true), policies);
        assertThat(e.missing()).isEmpty();
        e.check();
        assertThat(e.chromedriver()).isEqualTo(dir.resolve("bin/chromedriver"));
        assertThat(policies).isEmptyDirectory();
    }
}
