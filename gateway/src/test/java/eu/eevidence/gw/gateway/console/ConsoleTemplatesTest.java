package eu.eevidence.gw.gateway.console;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the CSP and the escaping rules of ADR-0024 forbid in the console's templates: inline style, inline script, event
 * handler attributes, unescaped output, and JavaScript URLs. (The browser would refuse the first three; this finds them at
 * build time.)
 */
class ConsoleTemplatesTest {

    static final List<Pattern> FORBIDDEN = List.of(
            Pattern.compile("\\sstyle\\s*="), Pattern.compile("<style"), Pattern.compile("<script(?![^>]*\\ssrc=)"),
            Pattern.compile("\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE), Pattern.compile("\\$unsafe\\{"), Pattern.compile("javascript:"),
            Pattern.compile("https?://"));

    static List<String> violations(String name, String text) {
        List<String> out = new ArrayList<>();
        for (Pattern p : FORBIDDEN) {
            if (p.matcher(text).find()) {
                out.add(name + ": " + p.pattern());
            }
        }
        return out;
    }

    @Test
    void noTemplateHasInlineStyleScriptHandlersUnescapedOutputOrExternalUrls() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(ConsoleBundlesTest.TEMPLATES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".jte")).toList()) {
                found.addAll(violations(f.toString(), Files.readString(f)));
            }
        }
        assertThat(found).isEmpty();
    }

    @Test
    void theCheckFindsEachForbiddenConstruct() {
        assertThat(violations("t", "<p style=\"color:red\">")).hasSize(1);
        assertThat(violations("t", "<script>alert(1)</script>")).hasSize(1);
        assertThat(violations("t", "<script src=\"/console/assets/console.js\" defer></script>")).isEmpty();
        assertThat(violations("t", "<button onclick=\"x()\">")).hasSize(1);
        assertThat(violations("t", "$unsafe{x}")).hasSize(1);
        assertThat(violations("t", "<a href=\"https://cdn.example/x.js\">")).hasSize(1);
    }
}
