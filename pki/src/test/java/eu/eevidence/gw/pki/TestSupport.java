package eu.eevidence.gw.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Helpers shared by the tests: key issuing, PEM export, running openssl, byte flipping. */
final class TestSupport {

    private TestSupport() {
    }

    static IssueRequest req(String cn, Role role, KeyKind kind) {
        return new IssueRequest(cn, role, List.of(), kind, Duration.ofDays(30), false, false);
    }

    static DevPki pki(Path dir) throws PkiException {
        return DevPki.loadOrCreate(dir, Clock.systemUTC());
    }

    static TrustAnchors trust(DevPki pki) {
        return TrustAnchors.of(List.of(pki.rootCertificate()));
    }

    static byte[] payload(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Writes cert PEM (leaf only) and key PEM (PKCS#8) for openssl; returns {cert, key}. */
    static Path[] exportPem(KeyMaterial km, Path dir, String name) throws IOException {
        Path cert = dir.resolve(name + ".pem");
        Path key = dir.resolve(name + ".key");
        Files.writeString(cert, Certificates.toPem(km.certificate()), StandardCharsets.US_ASCII);
        Files.writeString(key, Certificates.privateKeyToPem(km.privateKey()), StandardCharsets.US_ASCII);
        return new Path[] {cert, key};
    }

    static Path writePem(java.security.cert.X509Certificate c, Path file) throws IOException {
        Files.writeString(file, Certificates.toPem(c), StandardCharsets.US_ASCII);
        return file;
    }

    record Result(int exit, String stdout, String stderr) {
    }

    static boolean opensslAvailable() {
        try {
            return run(Path.of("."), "openssl", "version").exit() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    static Result run(Path workDir, String... cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile());
        Path out = Files.createTempFile("proc", ".out");
        Path err = Files.createTempFile("proc", ".err");
        try {
            pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
            Process p = pb.start();
            p.getOutputStream().close();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timeout: " + String.join(" ", cmd));
            }
            return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /**
     * Runs openssl; on a non-zero exit deletes {@code outputs} (OpenSSL writes unauthenticated GCM
     * plaintext before failing) and returns the result.
     */
    static Result openssl(Path workDir, List<Path> outputs, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("openssl");
        cmd.addAll(List.of(args));
        Result r = run(workDir, cmd.toArray(new String[0]));
        if (r.exit() != 0) {
            for (Path o : outputs) {
                Files.deleteIfExists(o);
            }
        }
        return r;
    }

    static Result opensslOk(Path workDir, List<Path> outputs, String... args) throws IOException, InterruptedException {
        Result r = openssl(workDir, outputs, args);
        assertThat(r.exit()).as("openssl %s%nstderr: %s", String.join(" ", args), r.stderr()).isZero();
        return r;
    }

    /** Flips the lowest bit of the byte at {@code offsetInNeedle} of the unique occurrence of needle. */
    static byte[] flipInside(byte[] haystack, byte[] needle, int offsetInNeedle) {
        int probe = Math.min(needle.length, 48);
        int found = -1;
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < probe; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            assertThat(found).as("needle occurs more than once").isEqualTo(-1);
            found = i;
        }
        assertThat(found).as("needle not found").isNotNegative();
        byte[] copy = haystack.clone();
        copy[found + offsetInNeedle] ^= 0x01;
        return copy;
    }

    static PkiError errorOf(ThrowingCallable call) {
        Throwable t = catchThrowable(call);
        assertThat(t).as("expected a PkiException").isInstanceOf(PkiException.class);
        return ((PkiException) t).error();
    }
}
