package eu.eevidence.gw.gateway.console;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

/** Redirect targets stay on the console (security review 2026-12-07): what a browser would resolve elsewhere is refused. */
class ConsoleRedirectTest {

    @Test
    void targetsThatABrowserResolvesOutsideTheConsoleAreRefused() {
        for (String p : new String[] {null, "", "//evil.example/", "/\\evil.example", "https://evil.example/console/", "javascript:alert(1)",
                "/console/../api", "/console/..%2f..%2fapi", "/console/%2e%2e/%2e%2e/api/v1/requests", "/console/%2E%2E/api",
                "/console/.%2e/api", "/console/%252e%252e/api", "/console/%2f%2fevil", "/console/%5cevil", "/console/%0d%0aSet-Cookie:x=1",
                "/console/\r\nSet-Cookie: x=1", "/console/x?a=%0d%0aSet-Cookie:x=1", "/console/x?a=%0A", "/console//evil", "/consolex",
                "/console/x#frag", "/console/" + "a".repeat(600)}) {
            assertThat(Console.safeConsolePath(p)).as(String.valueOf(p)).isFalse();
            assertThat(Console.seeOther(p).getHeaderString("Location")).as(String.valueOf(p)).isEqualTo("/console/");
        }
    }

    @Test
    void consolePathsWithAQueryAreKept() {
        for (String p : new String[] {"/console", "/console/", "/console/requests/R-1?done=hold", "/console/tracking?platform=a%20b&overdue=true",
                "/console/platform/requests/abc-123?sent=ACKNOWLEDGEMENT"}) {
            assertThat(Console.safeConsolePath(p)).as(p).isTrue();
            assertThat(URI.create("https://gw.example" + p).normalize().getPath()).startsWith("/console");
        }
    }
}
