package eu.eevidence.gw.custody.tiles;

import eu.eevidence.gw.custody.CustodyError;
import eu.eevidence.gw.custody.CustodyException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/** A tiled log in a directory (a node's log directory, a mirror, or an unpacked archive). */
public final class DirectorySource implements LogSource {

    private final Path root;

    public DirectorySource(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public Optional<byte[]> get(String path) throws CustodyException {
        Path p = root.resolve(path).normalize();
        if (!p.startsWith(root)) {
            throw new CustodyException(CustodyError.TILE_MALFORMED, "path escapes the log directory: " + path);
        }
        try {
            return Optional.of(Files.readAllBytes(p));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new CustodyException(CustodyError.FETCH_FAILED, "cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return root.toString();
    }
}
