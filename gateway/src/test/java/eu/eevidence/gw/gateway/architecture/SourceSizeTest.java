package eu.eevidence.gw.gateway.architecture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The size rule (issue 15 item 5, docs/design/structure.md "Size"): no production source file of any module of the
 * repository is over {@value #MAX_LINES} lines. No baseline: split a class along its jobs instead.
 */
class SourceSizeTest {

    static final int MAX_LINES = 500;

    @Test
    void aFileOverTheLimitIsNamed(@TempDir Path root) throws IOException {
        Path main = Files.createDirectories(root.resolve("lib/src/main/java/x"));
        Files.writeString(main.resolve("Big.java"), "x\n".repeat(MAX_LINES + 1));
        Files.writeString(main.resolve("Fits.java"), "x\n".repeat(MAX_LINES));
        Path test = Files.createDirectories(root.resolve("lib/src/test/java/x"));
        Files.writeString(test.resolve("BigTest.java"), "x\n".repeat(MAX_LINES + 1));

        assertEquals(List.of("lib/src/main/java/x/Big.java (501 lines)"), filesOver(root));
    }

    @Test
    void linesAreCountedAsWcDoes() {
        assertEquals(0, lines(""));
        assertEquals(1, lines("a"));
        assertEquals(1, lines("a\n"));
        assertEquals(MAX_LINES + 1, lines("x\n".repeat(MAX_LINES + 1)));
    }

    @Test
    void noMainSourceFileOfAnyModuleIsOver500Lines() throws IOException {
        Path repository = Path.of("").toAbsolutePath().getParent(); // surefire runs in the gateway module's directory
        assertTrue(Files.isRegularFile(repository.resolve(
                "gateway/src/main/java/eu/eevidence/gw/gateway/delivery/DeliveryService.java")), "not the repository: " + repository);
        List<String> over = filesOver(repository);
        assertTrue(over.isEmpty(), "files over " + MAX_LINES + " lines (split them along their jobs): " + over);
    }

    /** Every {@code src/main/java/**}{@code /*.java} under {@code root} (build output skipped) over the limit, with its length. */
    static List<String> filesOver(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".java") && Files.isRegularFile(p))
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> p.contains("src/main/java/") && !p.contains("/target/") && !p.startsWith("target/"))
                    .sorted()
                    .filter(p -> lines(read(root.resolve(p))) > MAX_LINES)
                    .map(p -> p + " (" + lines(read(root.resolve(p))) + " lines)")
                    .collect(Collectors.toList());
        }
    }

    /** Lines as {@code wc -l} counts them, plus a last line without its newline. */
    static long lines(String text) {
        long newlines = text.chars().filter(c -> c == '\n').count();
        return text.isEmpty() || text.endsWith("\n") ? newlines : newlines + 1;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
