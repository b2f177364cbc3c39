package eu.eevidence.gw.custody.tiles;

import eu.eevidence.gw.custody.CustodyError;
import eu.eevidence.gw.custody.CustodyException;
import eu.eevidence.gw.custody.storage.FileLog;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Materialises a {@link FileLog} as C2SP tlog-tiles static files under a directory: every full hash tile and entry
 * bundle that is missing, the partial ones for the published size, then the signed {@code checkpoint} (last, and
 * atomically, so a reader never sees a checkpoint whose tiles are not there). Tiles are derived data: with
 * {@code verifyExisting} every existing full tile is compared with the log and rewritten if it differs.
 */
public final class TileWriter {

    public static final String CHECKPOINT = "checkpoint";

    private TileWriter() {
    }

    /** Publishes the log at {@code size} with its signed checkpoint note; returns the number of files written. */
    public static int publish(FileLog log, long size, String signedCheckpoint, Path outDir, boolean verifyExisting) throws CustodyException {
        int written = 0;
        for (int k = 0; TileLayout.count(size, k) > 0; k++) {
            long count = TileLayout.count(size, k);
            written += writeLevel(log, k, count, outDir, verifyExisting);
        }
        written += writeEntries(log, size, outDir, verifyExisting);
        writeAtomically(outDir.resolve(CHECKPOINT), signedCheckpoint.getBytes(StandardCharsets.UTF_8), true);
        return written;
    }

    /** Replaces the published checkpoint atomically (durably), e.g. with cosignatures appended. */
    public static void replaceCheckpoint(Path outDir, String signedCheckpoint) throws CustodyException {
        writeAtomically(outDir.resolve(CHECKPOINT), signedCheckpoint.getBytes(StandardCharsets.UTF_8), true);
    }

    private static int writeLevel(FileLog log, int k, long count, Path outDir, boolean verify) throws CustodyException {
        int written = 0;
        long full = count / TilePath.FULL;
        int partial = (int) (count % TilePath.FULL);
        if (partial > 0) {
            TilePath tp = TilePath.hashTile(k, full, partial);
            written += put(outDir, tp, () -> log.tileHashes(k, full * TilePath.FULL, partial), verify);
        }
        for (long n = full - 1; n >= 0; n--) {
            TilePath tp = TilePath.hashTile(k, n, TilePath.FULL);
            long from = n * TilePath.FULL;
            int w = put(outDir, tp, () -> log.tileHashes(k, from, TilePath.FULL), verify);
            if (w == 0 && !verify) {
                break; // older full tiles were written by an earlier publish
            }
            written += w;
        }
        return written;
    }

    private static int writeEntries(FileLog log, long size, Path outDir, boolean verify) throws CustodyException {
        int written = 0;
        long full = size / TilePath.FULL;
        int partial = (int) (size % TilePath.FULL);
        if (partial > 0) {
            TilePath tp = TilePath.entryBundle(full, partial);
            written += put(outDir, tp, () -> TileLayout.encodeBundle(log.entries(full * TilePath.FULL, partial)), verify);
        }
        for (long n = full - 1; n >= 0; n--) {
            long from = n * TilePath.FULL;
            int w = put(outDir, TilePath.entryBundle(n, TilePath.FULL), () -> TileLayout.encodeBundle(log.entries(from, TilePath.FULL)), verify);
            if (w == 0 && !verify) {
                break;
            }
            written += w;
        }
        return written;
    }

    @FunctionalInterface
    private interface Content {
        byte[] get() throws CustodyException;
    }

    private static int put(Path outDir, TilePath tp, Content content, boolean verify) throws CustodyException {
        Path p = outDir.resolve(tp.path());
        if (Files.exists(p)) {
            if (!verify) {
                return 0;
            }
            try {
                if (Arrays.equals(Files.readAllBytes(p), content.get())) {
                    return 0;
                }
            } catch (IOException e) {
                // rewrite below
            }
        }
        writeAtomically(p, content.get(), false);
        return 1;
    }

    static void writeAtomically(Path target, byte[] bytes, boolean fsync) throws CustodyException {
        try {
            Files.createDirectories(target.getParent());
            Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
            try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                ByteBuffer b = ByteBuffer.wrap(bytes);
                while (b.hasRemaining()) {
                    c.write(b);
                }
                if (fsync) {
                    c.force(true);
                }
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new CustodyException(CustodyError.STORAGE_IO, "cannot write " + target + ": " + e.getMessage(), e);
        }
    }
}
