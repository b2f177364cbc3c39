package eu.eevidence.gw.custody;

import eu.eevidence.gw.custody.note.CheckpointSigner;
import eu.eevidence.gw.custody.note.NoteVerifierKey;
import eu.eevidence.gw.custody.note.SignedNote;
import eu.eevidence.gw.custody.storage.FileLog;
import eu.eevidence.gw.custody.storage.OpenReport;
import eu.eevidence.gw.custody.tiles.DirectorySource;
import eu.eevidence.gw.custody.tiles.LogArchive;
import eu.eevidence.gw.custody.tiles.LogSource;
import eu.eevidence.gw.custody.tiles.TileWriter;
import eu.eevidence.gw.custody.witness.CosignedCheckpoint;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Optional;

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
        String served = keepCosignatures(note);
        TileWriter.publish(log, size, served, dir, firstPublish);
        firstPublish = false;
        return served;
    }

    /** Ed25519 is deterministic: re-signing the same checkpoint gives the same note, so cosignatures on it stay valid and served. */
    private String keepCosignatures(String note) throws CustodyException {
        Optional<String> current = checkpoint();
        if (current.isPresent() && current.get().startsWith(note) && current.get().length() > note.length()) {
            return CosignedCheckpoint.merge(note, List.of(current.get().substring(note.length())
                    .split("(?<=\n)")));
        }
        return note;
    }

    /**
     * Appends witnesses' cosignature lines to the published checkpoint if it is still {@code signedNote} (the log's
     * own signature, possibly with earlier cosignatures); returns the checkpoint now served, or empty when a newer
     * checkpoint was published meanwhile (the lines are then dropped: they cosign an older tree head).
     */
    public synchronized Optional<String> addCosignatures(String signedNote, List<String> lines) throws CustodyException {
        Optional<String> current = checkpoint();
        String text = SignedNote.parse(signedNote).text();
        if (current.isEmpty() || !SignedNote.parse(current.get()).text().equals(text)) {
            return Optional.empty();
        }
        String merged = CosignedCheckpoint.merge(current.get(), lines);
        if (!merged.equals(current.get())) {
            TileWriter.replaceCheckpoint(dir, merged);
        }
        return Optional.of(merged);
    }

    /** The published checkpoint note, if any. */
    public Optional<String> checkpoint() throws CustodyException {
        try {
            Path p = dir.resolve(TileWriter.CHECKPOINT);
            return Files.exists(p) ? Optional.of(Files.readString(p, StandardCharsets.UTF_8)) : Optional.empty();
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
        long size = eu.eevidence.gw.custody.note.Checkpoint.parse(SignedNote.parse(note).text()).size();
        return LogArchive.write(published(), size, note, out);
    }

    @Override
    public void close() {
        log.close();
    }
}
