package eu.eevidence.gw.gateway.cli.pki;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import eu.eevidence.gw.pki.Certificates;
import eu.eevidence.gw.pki.CmsProfile;
import eu.eevidence.gw.pki.CryptoFloor;
import eu.eevidence.gw.pki.DevPki;
import eu.eevidence.gw.pki.IssueRequest;
import eu.eevidence.gw.pki.KeyKind;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.pki.TrustAnchors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import eu.eevidence.gw.gateway.cli.CliError;

/**
 * {@code cms bench}: the benchmark harness of the CMS profile (not a test). Measures, single-threaded, in-memory
 * seal and open of a 4 KiB message (ops/s per second of CPU time, and wall clock) with the Bouncy Castle floor of their
 * primitives measured in the same run and the ratio to it (issue 18), and streaming protect/open of a large file (MiB/s,
 * file to file), then {@code openssl cms} on the same file with the same keys (sign+encrypt and decrypt+verify) and the
 * ratio to it. See README and docs/design/performance.md.
 */
@Command(name = "bench", hidden = true, mixinStandardHelpOptions = true,
        description = "Benchmark of the CMS profile next to openssl cms (see README, Benchmarks).")
final class CmsBench implements Callable<Integer> {

    @Option(names = "--size-mib", defaultValue = "1024", description = "Size of the large file in MiB (default: ${DEFAULT-VALUE}).")
    int sizeMib;
    @Option(names = "--messages", defaultValue = "2000", description = "4 KiB messages per measurement (default: ${DEFAULT-VALUE}).")
    int messages;
    @Option(names = "--key", defaultValue = "ec", description = "ec (P-256) or rsa (3072) for signer and recipient.")
    String key;
    @Option(names = "--dir", description = "Work directory (default: a temporary directory, deleted afterwards).")
    Path dir;
    @Option(names = "--no-openssl", description = "Skip the openssl comparison.")
    boolean noOpenssl;
    @Option(names = "--floor-seconds", defaultValue = "2",
            description = "Seconds per primitive of the Bouncy Castle floor measured in the same run (default: ${DEFAULT-VALUE}).")
    int floorSeconds;
    @Option(names = "--warm-up-seconds", defaultValue = "5",
            description = "Seal and open round trips before measuring (default: ${DEFAULT-VALUE} s).")
    int warmUpSeconds;
    @Option(names = "--out", description = "Also write the figures as JSON (machine, JVM, load, floor, ratios) to this file.")
    Path out;

    private final java.util.Map<String, Object> figures = new java.util.LinkedHashMap<>();

    @Override
    public Integer call() {
        return CliSupport.run(System.err, () -> {
            boolean temporary = dir == null;
            Path w = temporary ? Files.createTempDirectory("eeg-bench-") : Files.createDirectories(dir);
            try {
                return bench(w);
            } finally {
                if (temporary) {
                    try (Stream<Path> s = Files.walk(w)) {
                        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                    }
                }
            }
        });
    }

    private int bench(Path w) throws Exception {
        KeyKind kind = PkiCommand.keyKind(key);
        DevPki pki = DevPki.loadOrCreate(w.resolve("pki"), Clock.systemUTC());
        KeyMaterial signer = pki.issue(new IssueRequest("bench-signer", Role.NODE, List.of(), kind, Duration.ofDays(2), false, false));
        KeyMaterial recipient = pki.issue(new IssueRequest("bench-recipient", Role.NODE, List.of(), kind, Duration.ofDays(2), false, false));
        TrustAnchors trust = TrustAnchors.of(List.of(pki.rootCertificate()));
        CmsProfile profile = new CmsProfile(Clock.systemUTC()).withSpoolDirectory(w);
        System.out.printf(CliError.BENCH.code() + " keys %s, Java %s, %d CPUs, max heap %d MiB%n", kind, System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);

        byte[] msg = new byte[4096];
        new SplittableRandom(1).nextBytes(msg);
        long warm = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(warmUpSeconds);
        while (System.nanoTime() < warm) { // warm-up: the JIT compiles the seal and open paths
            profile.open(profile.seal(msg, signer, List.of(recipient.certificate())), recipient, trust);
        }
        CryptoFloor.Rates floor = kind == KeyKind.EC_P256 ? CryptoFloor.measure(CryptoFloor.BC, Duration.ofSeconds(floorSeconds)) : null;
        byte[][] sealed = new byte[messages][];
        long c0 = CryptoFloor.cpuNanos();
        long t0 = System.nanoTime();
        for (int i = 0; i < messages; i++) {
            sealed[i] = profile.seal(msg, signer, List.of(recipient.certificate()));
        }
        long t1 = System.nanoTime();
        long c1 = CryptoFloor.cpuNanos();
        for (int i = 0; i < messages; i++) {
            profile.open(sealed[i], recipient, trust);
        }
        long t2 = System.nanoTime();
        long c2 = CryptoFloor.cpuNanos();
        double seal = messages / secs(c1 - c0);
        double open = messages / secs(c2 - c1);
        System.out.printf(CliError.BENCH.code() + " 4KiB sign+encrypt %.0f msg/s, decrypt+verify %.0f msg/s (%d messages, 1 thread;"
                + " per CPU second; wall clock %.0f and %.0f msg/s)%n", seal, open, messages, messages / secs(t1 - t0),
                messages / secs(t2 - t1));
        figures.put("seal4KiBPerSec", seal);
        figures.put("open4KiBPerSec", open);
        if (floor != null) {
            System.out.printf(CliError.BENCH.code() + " Bouncy Castle floor in this run: sign %.0f/s, verify %.0f/s, key pair %.0f/s,"
                    + " ECDH %.0f/s -> seal floor %.0f/s, open floor %.0f/s%n", floor.signs(), floor.verifies(), floor.keyPairs(),
                    floor.agreements(), floor.sealFloor(), floor.openFloor());
            System.out.printf(CliError.BENCH.code() + " ratio to the floor: seal %.0f %%, open %.0f %% (target >= 70 %%)%n",
                    100 * seal / floor.sealFloor(), 100 * open / floor.openFloor());
            figures.put("sealFloorPerSec", floor.sealFloor());
            figures.put("openFloorPerSec", floor.openFloor());
            figures.put("sealRatioToFloor", seal / floor.sealFloor());
            figures.put("openRatioToFloor", open / floor.openFloor());
        }

        Path big = w.resolve("big.bin");
        writeRandom(big, (long) sizeMib << 20);
        Path p7m = w.resolve("big.p7m");
        Path back = w.resolve("big.out");
        long t3 = System.nanoTime();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(big), 1 << 16);
                OutputStream out = new BufferedOutputStream(Files.newOutputStream(p7m), 1 << 16)) {
            profile.protect(in, out, signer, List.of(recipient.certificate()));
        }
        long t4 = System.nanoTime();
        try (InputStream in = Files.newInputStream(p7m); OutputStream out = new BufferedOutputStream(Files.newOutputStream(back), 1 << 16)) {
            profile.openStream(in, out, recipient, trust);
        }
        long t5 = System.nanoTime();
        if (Files.size(back) != Files.size(big)) {
            throw new IllegalStateException("round trip size mismatch");
        }
        Files.delete(back);
        figures.put("protectMiBPerSec", sizeMib / secs(t4 - t3));
        figures.put("openStreamMiBPerSec", sizeMib / secs(t5 - t4));
        System.out.printf(CliError.BENCH.code() + " %d MiB file: protect %.1f MiB/s (%.1f s), open %.1f MiB/s (%.1f s), heap used after %d MiB%n",
                sizeMib, sizeMib / secs(t4 - t3), secs(t4 - t3), sizeMib / secs(t5 - t4), secs(t5 - t4),
                (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);

        if (!noOpenssl) {
            openssl(w, signer, recipient, pki, kind);
        }
        if (out != null) {
            java.util.Map<String, Object> root = new java.util.LinkedHashMap<>();
            root.put("benchmark", "cms");
            root.put("machine", eu.eevidence.gw.gateway.cli.bench.Machine.now().toJson());
            root.put("sizeMiB", sizeMib);
            root.put("messages", messages);
            root.put("figures", figures);
            java.nio.file.Files.writeString(out, new com.fasterxml.jackson.databind.ObjectMapper()
                    .writerWithDefaultPrettyPrinter().writeValueAsString(root));
        }
        return 0;
    }

    private void openssl(Path w, KeyMaterial signer, KeyMaterial recipient, DevPki pki, KeyKind kind) throws Exception {
        Path sc = write(w.resolve("s.pem"), Certificates.toPem(signer.certificate()));
        Path sk = write(w.resolve("s.key"), Certificates.privateKeyToPem(signer.privateKey()));
        Path rc = write(w.resolve("r.pem"), Certificates.toPem(recipient.certificate()));
        Path rk = write(w.resolve("r.key"), Certificates.privateKeyToPem(recipient.privateKey()));
        Path ca = write(w.resolve("ca.pem"), Certificates.toPem(pki.rootCertificate()));
        List<String> signOpts = new ArrayList<>(List.of("cms", "-sign", "-binary", "-nodetach", "-cades", "-md", "sha256",
                "-signer", sc.toString(), "-inkey", sk.toString(), "-in", "big.bin", "-outform", "DER", "-out", "o-signed.der"));
        List<String> encOpts = new ArrayList<>(List.of("cms", "-encrypt", "-binary", "-aes-256-gcm", "-recip", rc.toString(),
                "-in", "o-signed.der", "-outform", "DER", "-out", "o-sealed.der"));
        if (kind == KeyKind.RSA_3072) {
            signOpts.addAll(List.of("-keyopt", "rsa_padding_mode:pss"));
            encOpts.addAll(List.of("-keyopt", "rsa_padding_mode:oaep", "-keyopt", "rsa_oaep_md:sha256"));
        } else {
            encOpts.addAll(List.of("-keyopt", "ecdh_kdf_md:sha256"));
        }
        double sign = run(w, signOpts);
        double enc = run(w, encOpts);
        double dec = run(w, List.of("cms", "-decrypt", "-binary", "-inform", "DER", "-in", "o-sealed.der", "-recip", rc.toString(),
                "-inkey", rk.toString(), "-out", "o-signed2.der"));
        double ver = run(w, List.of("cms", "-verify", "-binary", "-inform", "DER", "-in", "o-signed2.der", "-CAfile", ca.toString(),
                "-out", "o-content.bin"));
        System.out.printf(CliError.BENCH.code() + " openssl %d MiB file: sign+encrypt %.1f MiB/s (%.1f s), decrypt+verify %.1f MiB/s (%.1f s)%n",
                sizeMib, sizeMib / (sign + enc), sign + enc, sizeMib / (dec + ver), dec + ver);
        double protect = (Double) figures.get("protectMiBPerSec");
        double open = (Double) figures.get("openStreamMiBPerSec");
        figures.put("opensslProtectMiBPerSec", sizeMib / (sign + enc));
        figures.put("opensslOpenMiBPerSec", sizeMib / (dec + ver));
        System.out.printf(CliError.BENCH.code() + " ratio to openssl cms: protect %.0f %%, open %.0f %% (target >= 80 %%)%n",
                100 * protect / (sizeMib / (sign + enc)), 100 * open / (sizeMib / (dec + ver)));
        double dec2 = run(w, List.of("cms", "-decrypt", "-binary", "-inform", "DER", "-in", "big.p7m", "-recip", rc.toString(),
                "-inkey", rk.toString(), "-out", "g-signed.der"));
        double ver2 = run(w, List.of("cms", "-verify", "-binary", "-inform", "DER", "-in", "g-signed.der", "-CAfile", ca.toString(),
                "-out", "g-content.bin"));
        System.out.printf(CliError.BENCH.code() + " openssl decrypt+verify of the gateway's %d MiB file: %.1f MiB/s (%.1f s)%n", sizeMib,
                sizeMib / (dec2 + ver2), dec2 + ver2);
        for (String f : List.of("o-signed.der", "o-sealed.der", "o-signed2.der", "o-content.bin", "g-signed.der", "g-content.bin")) {
            Files.deleteIfExists(w.resolve(f));
        }
    }

    private static double run(Path w, List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add("openssl");
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).directory(w.toFile()).redirectErrorStream(true)
                .redirectOutput(w.resolve("openssl.log").toFile()).start();
        long t = System.nanoTime();
        if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("openssl " + String.join(" ", args) + " failed: "
                    + Files.readString(w.resolve("openssl.log")).lines().findFirst().orElse(""));
        }
        return secs(System.nanoTime() - t);
    }

    private static Path write(Path f, String s) throws Exception {
        CliSupport.writeAtomically(f, o -> o.write(s.getBytes(StandardCharsets.US_ASCII)));
        return f;
    }

    private static void writeRandom(Path f, long size) throws Exception {
        SplittableRandom rnd = new SplittableRandom(42);
        byte[] buf = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(f)) {
            for (long done = 0; done < size; done += buf.length) {
                rnd.nextBytes(buf);
                out.write(buf, 0, (int) Math.min(buf.length, size - done));
            }
        }
    }

    private static double secs(long nanos) {
        return nanos / 1e9;
    }

}
