package eu.eevidence.gw.custody.tiles;

import eu.eevidence.gw.custody.CustodyError;
import eu.eevidence.gw.custody.CustodyException;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The whole log as one zip archive for offline audit: {@code checkpoint}, every hash tile and entry bundle the
 * checkpoint needs (full and partial), under the same paths as served. {@code audit verify --log FILE.zip} reads
 * it directly; unzipped, it is a directory {@code audit verify} reads too.
 */
public final class LogArchive {

    private LogArchive() {
    }

    /** Writes the archive of the log behind {@code source} at the size of its current checkpoint note. */
    public static long write(LogSource source, long size, String signedCheckpoint, OutputStream out) throws CustodyException {
        long files = 0;
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            put(zip, TileWriter.CHECKPOINT, signedCheckpoint.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            files++;
            for (int k = -1; k == -1 || TileLayout.count(size, k) > 0; k++) {
                long count = k == -1 ? size : TileLayout.count(size, k);
                long full = count / TilePath.FULL;
                int partial = (int) (count % TilePath.FULL);
                for (long n = 0; n <= full; n++) {
                    int w = n < full ? TilePath.FULL : partial;
                    if (w == 0) {
                        continue;
                    }
                    TilePath tp = k == -1 ? TilePath.entryBundle(n, w) : TilePath.hashTile(k, n, w);
                    byte[] b = source.get(tp.path()).orElseThrow(() -> new CustodyException(CustodyError.FETCH_FAILED, tp.path() + " is missing"));
                    put(zip, tp.path(), b);
                    files++;
                }
            }
        } catch (IOException e) {
            throw new CustodyException(CustodyError.STORAGE_IO, "cannot write the archive: " + e.getMessage(), e);
        }
        return files;
    }

    private static void put(ZipOutputStream zip, String name, byte[] b) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setTime(0L);
        zip.putNextEntry(e);
        zip.write(b);
        zip.closeEntry();
    }
}
