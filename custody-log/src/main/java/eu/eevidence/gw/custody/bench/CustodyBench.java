package eu.eevidence.gw.custody.bench;

import eu.eevidence.gw.custody.CustodyException;
import eu.eevidence.gw.custody.CustodyLog;
import eu.eevidence.gw.custody.audit.LogVerifier;
import eu.eevidence.gw.custody.audit.VerifyReport;
import eu.eevidence.gw.custody.entry.CustodyEntry;
import eu.eevidence.gw.custody.entry.CustodyEventType;
import eu.eevidence.gw.custody.merkle.MerkleTrees;
import eu.eevidence.gw.custody.merkle.ProofVerifier;
import eu.eevidence.gw.custody.merkle.Rfc6962;
import eu.eevidence.gw.custody.note.Ed25519;
import eu.eevidence.gw.custody.tiles.DirectorySource;
import eu.eevidence.gw.custody.tiles.TileHashSource;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * A plain benchmark harness (no JMH): durable append throughput with 1 and 8 writer threads (every append waits for
 * its fsync; group commit batches concurrent ones), proof sizes for a log of N entries, and the time to verify the
 * whole N-entry log as {@code audit verify} does. Run:
 * {@code java -cp custody-log/target/classes eu.eevidence.gw.custody.bench.CustodyBench [--entries 1000000] [--dir DIR] [--keep]}
 */
public final class CustodyBench {

    private CustodyBench() {
    }

    public static void main(String[] args) throws Exception {
        long entries = 1_000_000;
        Path dir = null;
        boolean keep = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--entries" -> entries = Long.parseLong(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                case "--keep" -> keep = true;
                default -> {
                    System.err.println("usage: CustodyBench [--entries N] [--dir DIR] [--keep]");
                    System.exit(2);
                }
            }
        }
        System.exit(run(entries, dir, keep, System.out));
    }

    public static int run(long entries, Path dirOrNull, boolean keep, PrintStream out) throws Exception {
        Path base = dirOrNull != null ? dirOrNull : Files.createTempDirectory("eeg-custody-bench-");
        Files.createDirectories(base);
        try {
            out.printf("custody-log benchmark: Java %s, %d CPUs, directory %s%n", System.getProperty("java.version"),
                    Runtime.getRuntime().availableProcessors(), base);
            appendThroughput(base.resolve("t1"), 1, 2_000, out);
            appendThroughput(base.resolve("t8"), 8, 2_500, out);
            bigLog(base.resolve("big"), entries, out);
            return 0;
        } finally {
            if (!keep && dirOrNull == null) {
                delete(base);
            }
        }
    }

    static byte[] sampleEntry(Random r) {
        byte[] a = new byte[32];
        byte[] m = new byte[32];
        byte[] c = new byte[32];
        r.nextBytes(a);
        r.nextBytes(m);
        r.nextBytes(c);
        return new CustodyEntry(CustodyEventType.REQUEST_SENT, Instant.ofEpochMilli(1_764_064_800_000L), Instant.ofEpochMilli(1_764_064_800_123L),
                a, Optional.of(new UUID(r.nextLong(), r.nextLong())), "QUEUED", "SENT", m, List.of(), c).encode();
    }

    private static void appendThroughput(Path dir, int threads, int perThread, PrintStream out) throws Exception {
        try (CustodyLog log = CustodyLog.open(dir, "bench.example/custody", Ed25519.generate())) {
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> ts = new ArrayList<>();
            AtomicReference<Exception> failure = new AtomicReference<>();
            for (int t = 0; t < threads; t++) {
                int seed = t;
                Thread th = new Thread(() -> {
                    Random r = new Random(seed);
                    try {
                        start.await();
                        for (int i = 0; i < perThread; i++) {
                            log.append(sampleEntry(r));
                        }
                    } catch (Exception e) {
                        failure.set(e);
                    }
                });
                th.start();
                ts.add(th);
            }
            long t0 = System.nanoTime();
            start.countDown();
            for (Thread th : ts) {
                th.join();
            }
            long ns = System.nanoTime() - t0;
            if (failure.get() != null) {
                throw failure.get();
            }
            long n = (long) threads * perThread;
            out.printf("durable append, %d writer thread(s): %d entries in %.2f s = %.0f entries/s (each append returns after fsync)%n", threads, n,
                    ns / 1e9, n / (ns / 1e9));
        }
    }

    private static void bigLog(Path dir, long n, PrintStream out) throws Exception {
        Random r = new Random(42);
        java.security.KeyPair keys = Ed25519.generate();
        eu.eevidence.gw.custody.note.NoteVerifierKey vkey;
        try (CustodyLog log = CustodyLog.open(dir, "bench.example/custody", keys)) {
            vkey = log.verifierKey();
            long t0 = System.nanoTime();
            CompletableFuture<Long> last = null;
            for (long i = 0; i < n; i++) {
                last = log.storage().appendAsync(sampleEntry(r));
                if (i % 100_000 == 99_999) {
                    last.join(); // bound the queue
                }
            }
            last.join();
            long t1 = System.nanoTime();
            out.printf("pipelined durable append (one producer, group commit): %d entries in %.2f s = %.0f entries/s%n", n, (t1 - t0) / 1e9,
                    n / ((t1 - t0) / 1e9));
            log.publish();
            long t2 = System.nanoTime();
            out.printf("sign checkpoint + write tiles for %d entries: %.2f s%n", n, (t2 - t1) / 1e9);
            long entriesBytes = Files.size(dir.resolve("entries.log"));
            out.printf("storage: entries.log %.1f MB (%d bytes/entry incl. framing)%n", entriesBytes / 1e6, entriesBytes / n);
            TileHashSource tiles = new TileHashSource(new DirectorySource(dir), n);
            long idx = n / 3;
            List<byte[]> proof = MerkleTrees.inclusionProof(tiles, idx, n);
            byte[] root = log.storage().root(n);
            long v0 = System.nanoTime();
            boolean ok = ProofVerifier.verifyInclusion(idx, n, Rfc6962.leafHash(log.storage().entry(idx)), proof, root).ok();
            long v1 = System.nanoTime();
            List<byte[]> cons = MerkleTrees.consistencyProof(tiles, n / 2 + 1, n);
            boolean cok = ProofVerifier.verifyConsistency(n / 2 + 1, n, log.storage().root(n / 2 + 1), root, cons).ok();
            out.printf("inclusion proof at size %d: %d hashes (%d bytes), verified=%s in %.3f ms; consistency proof %d -> %d: %d hashes (%d bytes), verified=%s%n",
                    n, proof.size(), proof.size() * 32, ok, (v1 - v0) / 1e6, n / 2 + 1, n, cons.size(), cons.size() * 32, cok);
        }
        long t3 = System.nanoTime();
        try (CustodyLog log = CustodyLog.open(dir, "bench.example/custody", keys)) {
            out.printf("reopen %d entries (hash-check every record): %.2f s%n", log.size(), (System.nanoTime() - t3) / 1e9);
        }
        long t5 = System.nanoTime();
        VerifyReport report = LogVerifier.verify(new DirectorySource(dir), vkey, eu.eevidence.gw.custody.audit.Progress.NONE);
        long t6 = System.nanoTime();
        out.printf("full verification (as audit verify: read every bundle, recompute the tree, check the signed root) of %d entries: %.2f s -> %s%n",
                n, (t6 - t5) / 1e9, report.oneLine());
        out.println("vkey " + vkey.encode());
    }

    private static void delete(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            s.sorted(Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
        }
    }
}
