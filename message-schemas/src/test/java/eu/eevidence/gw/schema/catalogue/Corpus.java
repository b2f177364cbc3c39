package eu.eevidence.gw.schema.catalogue;

import eu.eevidence.gw.schema.MessageType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Access to the sample corpus under src/test/resources/corpus/&lt;MESSAGE_TYPE&gt;/. */
final class Corpus {
    static final Path ROOT = Path.of("src/test/resources/corpus");

    private Corpus() {
    }

    static Path dir(MessageType type) {
        return ROOT.resolve(type.name());
    }

    static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Path> invalidSamples(MessageType type, String extension) {
        try (Stream<Path> files = Files.list(dir(type))) {
            List<Path> out = new ArrayList<>(files
                    .filter(p -> p.getFileName().toString().startsWith("invalid-") && p.getFileName().toString().endsWith("." + extension))
                    .sorted().toList());
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Expected "path code" pairs of an invalid sample, from its sidecar file &lt;sample&gt;.expected ("*" = any path). */
    static List<String[]> expected(Path sample) {
        Path sidecar = sample.resolveSibling(sample.getFileName() + ".expected");
        try {
            return Files.readAllLines(sidecar).stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .map(l -> l.split("\\s+", 2)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
