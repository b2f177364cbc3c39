package eu.eevidence.gw.custody;

import eu.eevidence.gw.custody.note.CheckpointSigner;
import eu.eevidence.gw.custody.note.NoteVerifierKey;
import eu.eevidence.gw.custody.storage.FileLog;
import eu.eevidence.gw.custody.storage.OpenReport;
import eu.eevidence.gw.custody.tiles.DirectorySource;
import eu.eevidence.gw.custody.tiles.LogArchive;
import eu.eevidence.gw.custody.tiles.LogSource;
import eu.eevidence.gw.custody.tiles.TileWriter;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;

/**
 * A node's custody log in one directory: the durable {@link FileLog} ({@code entries.log}), the checkpoint signer's
 * state ({@code signer-state}) and the published C2SP tlog-tiles tree ({@code checkpoint}, {@code tile/...}), which
 * can be served as static files. The signing key lives elsewhere (see {@link eu.eevidence.gw.custody.note.NodeKey}).
 */
public final class CustodyLog implements AutoCloseable {

    public static final String SIGNER_STATE = "signer-state";

    private final FileLog log;
    private final CheckpointSigner signer;
    private final Path dir;
    private boolean firstPublish = true;

    private CustodyLog(Path dir, FileLog log, CheckpointSigner signer) {
        this.dir = dir;
        this.log = log;
        this.signer = signer;
    }

    /** Opens the log; check {@link #openReport()} for a repaired torn tail before appending new entries. */
    public static CustodyLog open(Path dir, String origin, KeyPair keys) throws CustodyException {
        FileLog log = FileLog.open(dir);
        try {
            return new CustodyLog(dir, log, new CheckpointSigner(origin, keys, dir.resolve(SIGNER_STATE)));
        } catch (CustodyException e) {
            log.close();
            throw e;
        }
    }

    public OpenReport openReport() {
        return log.openReport();
    }

    public FileLog storage() {
        return log;
    }

    public Path directory() {
        return dir;
    }

    public NoteVerifierKey verifierKey() {
        return signer.verifierKey();
    }

    public String origin() {
        return signer.origin();
    }

    public long size() {
        return log.size();
    }

    public long append(byte[] entry) throws CustodyException {
        return log.append(entry);
    }

    public long appendAt(long expectedIndex, byte[] entry) throws CustodyException {
        return log.appendAt(expectedIndex, entry);
    }

    /**
     * Signs a checkpoint for the current size and publishes the tiles and the checkpoint; returns the signed note.
     * The first publish after opening re-checks every existing tile against the log (tiles are derived data).
     */
    public synchronized String publish() throws CustodyException {
        long size = log.size();
        if (size < signer.lastSignedSize()) {
            throw new CustodyException(CustodyError.SIGNER_REFUSED, "the log has " + size + " entries but size " + signer.lastSignedSize()
                    + " was signed: re-append the missing entries from the durable source first");
        }
        String note = signer.sign(size, log.root(size), log::root);
        TileWriter.publish(log, size, note, dir, firstPublish);
        firstPublish = false;
        return note;
    }

    /** The published checkpoint note, if any. */
    public java.util.Optional<String> checkpoint() throws CustodyException {
        try {
            Path p = dir.resolve(TileWriter.CHECKPOINT);
            return Files.exists(p) ? java.util.Optional.of(Files.readString(p, StandardCharsets.UTF_8)) : java.util.Optional.empty();
        } catch (java.io.IOException e) {
            throw new CustodyException(CustodyError.STORAGE_IO, "cannot read the checkpoint: " + e.getMessage(), e);
        }
    }

    /** The published tree as a read-only source (what {@code /custody/} serves). */
    public LogSource published() {
        return new DirectorySource(dir);
    }

    /** Writes the whole published log (at its current checkpoint) as one zip archive. */
    public synchronized long archive(OutputStream out) throws CustodyException {
        String note = checkpoint().orElseThrow(() -> new CustodyException(CustodyError.FETCH_FAILED, "nothing published yet"));
        long size = eu.eevidence.gw.custody.note.Checkpoint.parse(eu.eevidence.gw.custody.note.SignedNote.parse(note).text()).size();
        return LogArchive.write(published(), size, note, out);
    }

    @Override
    public void close() {
        log.close();
    }
}
