package eu.eevidence.gw.gateway.console.browser;

import eu.eevidence.gw.pki.KeyMaterial;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throw-away home for one browser session: {@code home/.pki/nssdb} (the NSS database Chromium on Linux uses for
 * client certificates and extra trust anchors, https://chromium.googlesource.com/chromium/src/+/HEAD/docs/linux/cert_management.md),
 * made with {@code certutil} and filled with the CA certificates (trusted for TLS servers) and at most one person's
 * key and certificate ({@code pk12util}, from a PKCS#12 file written here with a random password and deleted right
 * after), plus the browser's {@code profile} directory. Everything is deleted by {@link #close()}.
 */
final class NssProfile implements AutoCloseable {

    private static final long TOOL_SECONDS = 60;

    final Path root;
    final Path home;
    final Path profile;

    private NssProfile(Path root) {
        this.root = root;
        this.home = root.resolve("home");
        this.profile = root.resolve("profile");
    }

    static NssProfile create(BrowserEnvironment env, KeyMaterial person, Collection<X509Certificate> trusted) throws IOException {
        NssProfile p = new NssProfile(Files.createTempDirectory("eeg-browser-"));
        try {
            Path db = p.home.resolve(".pki").resolve("nssdb");
            Files.createDirectories(db);
            Files.createDirectories(p.profile);
            String sqlDb = "sql:" + db;
            run(List.of(env.certutil().toString(), "-N", "-d", sqlDb, "--empty-password"));
            int i = 0;
            for (X509Certificate ca : trusted) {
                Path pem = p.root.resolve("ca-" + i + ".pem");
                Files.writeString(pem, pem(ca));
                // C: trusted CA for TLS servers (the node's certificate), T: trusted CA for client certificates
                run(List.of(env.certutil().toString(), "-A", "-d", sqlDb, "-n", "ca-" + i, "-t", "CT,,", "-i", pem.toString()));
                Files.delete(pem);
                i++;
            }
            if (person != null) {
                byte[] raw = new byte[18];
                new SecureRandom().nextBytes(raw);
                String password = HexFormat.of().formatHex(raw);
                Path p12 = p.root.resolve("person.p12");
                person.savePkcs12(p12, password.toCharArray(), "person");
                try {
                    run(List.of(env.pk12util().toString(), "-d", sqlDb, "-i", p12.toString(), "-W", password));
                } finally {
                    Files.deleteIfExists(p12);
                }
            }
            return p;
        } catch (IOException | RuntimeException | Error e) {
            p.close();
            throw e;
        } catch (Exception e) {
            p.close();
            throw new IOException("cannot prepare the browser's NSS database: " + e.getMessage(), e);
        }
    }

    private static String pem(X509Certificate c) {
        try {
            return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(c.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("unencodable certificate", e);
        }
    }

    /** Runs an NSS tool; its output (never a password: that is an argument) is in the exception if it fails. */
    private static void run(List<String> command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Process proc = pb.start();
        try {
            proc.getOutputStream().close();
            byte[] out = proc.getInputStream().readAllBytes();
            if (!proc.waitFor(TOOL_SECONDS, TimeUnit.SECONDS)) {
                proc.destroyForcibly();
                throw new IOException(command.get(0) + " did not finish within " + TOOL_SECONDS + " s");
            }
            if (proc.exitValue() != 0) {
                List<String> shown = new ArrayList<>(command);
                int w = shown.indexOf("-W");
                if (w >= 0 && w + 1 < shown.size()) {
                    shown.set(w + 1, "***");
                }
                throw new IOException(String.join(" ", shown) + " exited " + proc.exitValue() + ": " + new String(out, StandardCharsets.UTF_8).trim());
            }
        } catch (InterruptedException e) {
            proc.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command.get(0), e);
        }
    }

    /** Deletes everything; a second pass covers a file the exiting browser wrote while the first one ran. */
    @Override
    public void close() throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < 3 && Files.exists(root); attempt++) {
            try (Stream<Path> all = Files.walk(root)) {
                for (Path f : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
                last = null;
            } catch (IOException | java.io.UncheckedIOException e) {
                last = e instanceof IOException io ? io : ((java.io.UncheckedIOException) e).getCause();
            }
        }
        if (last != null) {
            throw last;
        }
    }
}
