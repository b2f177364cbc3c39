package eu.eevidence.gw.gateway.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Looks for a canary string in every file of a directory tree and in text, in the forms personal data take at rest:
 * UTF-8, UTF-16LE, UTF-16BE and base64 of the UTF-8 bytes (at the three alignments of a base64 stream). Files are read
 * whole in overlapping windows, whatever their type (database pages, broker journal, evidence, logs).
 */
final class CanaryScanner {

    private final Map<String, byte[]> needles = new LinkedHashMap<>();

    CanaryScanner(String canary) {
        needles.put("UTF-8", canary.getBytes(StandardCharsets.UTF_8));
        needles.put("UTF-16LE", canary.getBytes(StandardCharsets.UTF_16LE));
        needles.put("UTF-16BE", canary.getBytes(StandardCharsets.UTF_16BE));
        byte[] utf8 = canary.getBytes(StandardCharsets.UTF_8);
        for (int shift = 0; shift < 3; shift++) {
            byte[] shifted = new byte[shift + utf8.length];
            System.arraycopy(utf8, 0, shifted, shift, utf8.length);
            String b64 = Base64.getEncoder().withoutPadding().encodeToString(shifted);
            // drop the characters that depend on the neighbouring bytes: 2 at the start (after a shift), 3 at the end
            int from = shift == 0 ? 0 : 4;
            String stable = b64.substring(from, b64.length() - 4);
            needles.put("base64/" + shift, stable.getBytes(StandardCharsets.US_ASCII));
            needles.put("base64url/" + shift, stable.replace('+', '-').replace('/', '_').getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** Every "file: form" where the canary was found under {@code root} (files whose path matches {@code skip} are not read). */
    List<String> scan(Path root, Predicate<Path> skip) throws IOException {
        List<String> found = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(Files::isRegularFile).filter(p -> !skip.test(p)).toList();
        }
        for (Path f : files) {
            List<String> forms;
            try {
                forms = find(f);
            } catch (java.nio.file.NoSuchFileException gone) {
                continue; // a running node's temporary file (e.g. an encrypted spool) deleted meanwhile
            }
            for (String form : forms) {
                found.add(root.relativize(f) + ": " + form);
            }
        }
        return found;
    }

    /** How many files {@link #scan} reads under {@code root}. */
    static long count(Path root, Predicate<Path> skip) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).filter(p -> !skip.test(p)).count();
        }
    }

    /** The forms in which the canary occurs in {@code text}. */
    List<String> scan(String text) {
        return find(text.getBytes(StandardCharsets.UTF_8));
    }

    private List<String> find(Path file) throws IOException {
        List<String> forms = new ArrayList<>();
        int overlap = needles.values().stream().mapToInt(b -> b.length).max().orElse(0);
        byte[] window = new byte[(1 << 20) + overlap];
        int kept = 0;
        try (InputStream in = Files.newInputStream(file)) {
            while (true) {
                int n = in.readNBytes(window, kept, window.length - kept);
                int len = kept + n;
                for (Map.Entry<String, byte[]> e : needles.entrySet()) {
                    if (!forms.contains(e.getKey()) && indexOf(window, len, e.getValue()) >= 0) {
                        forms.add(e.getKey());
                    }
                }
                if (n == 0 || len < window.length) {
                    return forms;
                }
                kept = Math.min(overlap, len);
                System.arraycopy(window, len - kept, window, 0, kept);
            }
        }
    }

    private List<String> find(byte[] data) {
        List<String> forms = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : needles.entrySet()) {
            if (indexOf(data, data.length, e.getValue()) >= 0) {
                forms.add(e.getKey());
            }
        }
        return forms;
    }

    static int indexOf(byte[] hay, int len, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= len; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
