package eu.eevidence.gw.custody.tiles;

import eu.eevidence.gw.custody.CustodyError;
import eu.eevidence.gw.custody.CustodyException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** A tiled log inside a zip archive made by {@link LogArchive}. */
public final class ZipSource implements LogSource {

    private static final long MAX_RESOURCE = 16L << 20;
    private final ZipFile zip;
    private final Path file;

    public ZipSource(Path file) throws CustodyException {
        this.file = file;
        try {
            this.zip = new ZipFile(file.toFile());
        } catch (IOException e) {
            throw new CustodyException(CustodyError.FETCH_FAILED, "cannot open archive " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<byte[]> get(String path) throws CustodyException {
        ZipEntry e = zip.getEntry(path);
        if (e == null || e.isDirectory()) {
            return Optional.empty();
        }
        try (InputStream in = zip.getInputStream(e)) {
            byte[] b = in.readNBytes((int) MAX_RESOURCE + 1);
            if (b.length > MAX_RESOURCE) {
                throw new CustodyException(CustodyError.FETCH_FAILED, path + " in the archive is larger than 16 MiB");
            }
            return Optional.of(b);
        } catch (IOException ex) {
            throw new CustodyException(CustodyError.FETCH_FAILED, "cannot read " + path + " from " + file + ": " + ex.getMessage(), ex);
        }
    }

    @Override
    public String describe() {
        return file.toString();
    }

    @Override
    public void close() {
        try {
            zip.close();
        } catch (IOException ignored) {
            // read-only
        }
    }
}
