package eu.eevidence.gw.gateway.console;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** English, French and German complete: the same keys in all three, every key a template or nav uses present. */
class ConsoleBundlesTest {

    static final Path TEMPLATES = Path.of("src", "main", "jte");
    static final Path SOURCES = Path.of("src", "main", "java", "eu", "eevidence", "gw", "gateway", "console");
    /** {@code t("key"} and {@code t("key",} in templates and Java; {@code "nav.x"}/{@code "x.title"} keys in Java. */
    static final Pattern USE = Pattern.compile("\\bt\\(\"([a-zA-Z0-9_.\\-]+)\"\\s*[,)]");
    static final Pattern JAVA_KEY = Pattern.compile(
            "\"((?:nav|home|error|layout|dash|req|reqs|action|alarm|state|event)\\.[a-zA-Z0-9_.\\-]*[a-zA-Z0-9_\\-])\"");

    static Properties load(String suffix) throws IOException {
        Properties p = new Properties();
        try (InputStream in = ConsoleBundlesTest.class.getResourceAsStream("/console/messages" + suffix + ".properties")) {
            assertThat(in).as("console/messages" + suffix + ".properties").isNotNull();
            p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }

    @Test
    void englishFrenchAndGermanHaveTheSameKeys() throws IOException {
        Set<String> en = load("").stringPropertyNames();
        assertThat(load("_fr").stringPropertyNames()).as("French").containsExactlyInAnyOrderElementsOf(en);
        assertThat(load("_de").stringPropertyNames()).as("German").containsExactlyInAnyOrderElementsOf(en);
    }

    @Test
    void everyMessageIsAValidPatternAndNotEmpty() throws IOException {
        for (String suffix : new String[] {"", "_fr", "_de"}) {
            Properties p = load(suffix);
            for (String k : p.stringPropertyNames()) {
                assertThat(p.getProperty(k)).as(suffix + " " + k).isNotBlank();
                new MessageFormat(p.getProperty(k)); // throws on a broken pattern
            }
        }
    }

    @Test
    void everyKeyUsedByATemplateOrTheConsoleCodeExists() throws IOException {
        Set<String> used = new TreeSet<>();
        for (Path root : new Path[] {TEMPLATES, SOURCES}) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    String text = Files.readString(f);
                    Matcher m = USE.matcher(text);
                    while (m.find()) {
                        used.add(m.group(1));
                    }
                    if (f.toString().endsWith(".java")) {
                        Matcher j = JAVA_KEY.matcher(text);
                        while (j.find()) {
                            used.add(j.group(1));
                        }
                    }
                }
            }
        }
        assertThat(used).as("keys found").isNotEmpty().contains("console.name", "nav.dashboard");
        Set<String> en = load("").stringPropertyNames();
        assertThat(en).as("keys used but missing from messages.properties").containsAll(used);
    }

    @Test
    void theDetectorSeesAMissingKey() {
        Matcher m = USE.matcher("${page.t(\"no.such.key\")}");
        assertThat(m.find()).isTrue();
        assertThat(m.group(1)).isEqualTo("no.such.key");
        assertThat(Map.of()).isEmpty();
    }
}
