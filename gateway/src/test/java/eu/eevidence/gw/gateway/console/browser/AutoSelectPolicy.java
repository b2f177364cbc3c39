package eu.eevidence.gw.gateway.console.browser;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * Chromium's managed policy {@code AutoSelectCertificateForUrls}
 * (https://chromeenterprise.google/policies/#AutoSelectCertificateForUrls): for the listed origins Chromium presents the
 * client certificate that matches the filter without asking. A headless browser cannot click the certificate chooser,
 * so this policy is how the test makes it present the person's certificate, as a managed workstation would.
 *
 * <p>Chromium on Linux reads every file of {@code /etc/chromium/policies/managed}, but for one policy only the
 * lexicographically last file counts (checked on Chromium 156: two files for two ports, only the second port got a
 * certificate). So that concurrent sessions (also of other test JVMs) cannot undo each other, every session writes its
 * own uniquely named file with <em>the same content</em>: the loopback origins on any port ({@code https://127.0.0.1:*},
 * {@code https://localhost:*}), filtered to certificates issued by the development PKI's organisation. Each browser
 * profile holds exactly one client certificate in its own NSS database, so "which certificate" is never ambiguous.
 * The file is removed when the session closes; the policy only ever names loopback origins.
 */
public final class AutoSelectPolicy implements AutoCloseable {

    /** The file name prefix, so that a leftover (killed JVM) is recognisable: {@code eeg-browser-test-*.json}. */
    public static final String PREFIX = "eeg-browser-test-";
    static final List<String> PATTERNS = List.of("https://127.0.0.1:*", "https://localhost:*");
    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The files of the sessions still open in this JVM: removed by a shutdown hook if the JVM exits first. */
    private static final Set<Path> OPEN = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (Path p : OPEN) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // the JVM is going away; the file name says what it is (docs/design/console-browser-tests.md)
                }
            }
        }, "eeg-browser-policy-cleanup"));
    }

    private final Path file;

    private AutoSelectPolicy(Path file) {
        this.file = file;
    }

    /**
     * Writes the policy for {@code origin} (which must be a loopback https origin) into {@code policyDir}, for client
     * certificates whose issuer has the organisation {@code issuerOrganisation} (null: any issuer).
     */
    public static AutoSelectPolicy write(Path policyDir, URI origin, String issuerOrganisation) throws IOException {
        if (!"https".equalsIgnoreCase(origin.getScheme()) || origin.getHost() == null
                || !LOOPBACK.contains(origin.getHost().toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("the auto-selection policy is only written for https on 127.0.0.1 or localhost, not " + origin);
        }
        Files.createDirectories(policyDir);
        Path file = policyDir.resolve(PREFIX + UUID.randomUUID() + ".json");
        Path tmp = policyDir.resolve("." + file.getFileName() + ".tmp");
        Files.write(tmp, content(issuerOrganisation).getBytes(StandardCharsets.UTF_8));
        // Chromium watches the directory: it must never read a half-written file
        OPEN.add(file);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        return new AutoSelectPolicy(file);
    }

    /** The policy file's JSON: each list entry is itself a JSON string, as the policy's schema wants. */
    static String content(String issuerOrganisation) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("AutoSelectCertificateForUrls");
        for (String pattern : PATTERNS) {
            ObjectNode entry = JSON.createObjectNode();
            entry.put("pattern", pattern);
            ObjectNode filter = entry.putObject("filter");
            if (issuerOrganisation != null) {
                filter.putObject("ISSUER").put("O", issuerOrganisation);
            }
            list.add(entry.toString());
        }
        return root.toString();
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(file);
        OPEN.remove(file);
    }
}
