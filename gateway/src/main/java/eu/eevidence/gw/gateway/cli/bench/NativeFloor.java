package eu.eevidence.gw.gateway.cli.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The native floor (issue 18): {@code openssl speed -seconds N ecdsap256 ecdhp256}, parsed, and a loop of small
 * durable appends (256 bytes, then {@code FileChannel.force(false)}, as the custody log's append does).
 */
public final class NativeFloor {

    private static final Pattern ECDSA =
            Pattern.compile("ecdsa \\(nistp256\\)\\s+\\S+\\s+\\S+\\s+([\\d.]+)\\s+([\\d.]+)");
    private static final Pattern ECDH = Pattern.compile("ecdh \\(nistp256\\)\\s+\\S+\\s+([\\d.]+)");

    private NativeFloor() {
    }

    /** {@code openssl speed} P-256 figures: per second of CPU time on one core, as openssl reports them. */
    public record OpenSsl(String version, double signs, double verifies, double agreements) {
    }

    /** Durable small appends: operations per second and latency percentiles in microseconds. */
    public record Fsync(int ops, double perSecond, double p50Micros, double p99Micros, String dir) {
    }

    /** Runs {@code openssl speed}; {@code null} when openssl is absent or its output has no P-256 lines. */
    public static OpenSsl openssl(int seconds) throws IOException, InterruptedException {
        String out = run(List.of("openssl", "speed", "-seconds", Integer.toString(seconds), "ecdsap256", "ecdhp256"),
                seconds * 4L + 60);
        if (out == null) {
            return null;
        }
        String version = run(List.of("openssl", "version"), 30);
        return parse(out, version == null ? "openssl" : shortVersion(version));
    }

    /** "OpenSSL 3.0.19" of "OpenSSL 3.0.19 27 Jan 2026 (Library: ...)". */
    static String shortVersion(String version) {
        String[] words = version.trim().split("\\s+");
        return words.length < 2 ? version.trim() : words[0] + " " + words[1];
    }

    /** Parses the summary lines of {@code openssl speed ecdsap256 ecdhp256}; {@code null} when absent. */
    static OpenSsl parse(String out, String version) {
        Matcher s = ECDSA.matcher(out);
        Matcher d = ECDH.matcher(out);
        if (!s.find() || !d.find()) {
            return null;
        }
        return new OpenSsl(version, Double.parseDouble(s.group(1)), Double.parseDouble(s.group(2)),
                Double.parseDouble(d.group(1)));
    }

    /** {@code ops} appends of 256 bytes, each made durable, to a fresh file in {@code dir} (deleted afterwards). */
    public static Fsync fsync(Path dir, int ops) throws IOException {
        Path f = Files.createTempFile(Files.createDirectories(dir), ".eeg-fsync-", ".bin");
        long[] lat = new long[ops];
        byte[] record = new byte[256];
        Arrays.fill(record, (byte) 'x');
        long start;
        long end;
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            for (int i = 0; i < Math.min(50, ops); i++) { // warm-up
                ch.write(ByteBuffer.wrap(record));
                ch.force(false);
            }
            start = System.nanoTime();
            for (int i = 0; i < ops; i++) {
                long t = System.nanoTime();
                ch.write(ByteBuffer.wrap(record));
                ch.force(false);
                lat[i] = System.nanoTime() - t;
            }
            end = System.nanoTime();
        } finally {
            Files.deleteIfExists(f);
        }
        Arrays.sort(lat);
        return new Fsync(ops, ops / ((end - start) / 1e9), lat[(int) (ops * 0.50)] / 1e3,
                lat[Math.min(ops - 1, (int) (ops * 0.99))] / 1e3, dir.toAbsolutePath().toString());
    }

    private static String run(List<String> cmd, long timeoutSeconds) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(new ArrayList<>(cmd)).redirectErrorStream(true).start();
        } catch (IOException e) {
            return null; // not installed
        }
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return null;
        }
        return p.exitValue() == 0 ? new String(out, StandardCharsets.UTF_8) : null;
    }
}
