package eu.eevidence.gw.custody.audit;

import eu.eevidence.gw.custody.CustodyError;
import eu.eevidence.gw.custody.CustodyException;
import eu.eevidence.gw.custody.merkle.MerkleTrees;
import eu.eevidence.gw.custody.merkle.ProofVerifier;
import eu.eevidence.gw.custody.merkle.Verdict;
import eu.eevidence.gw.custody.note.Checkpoint;
import eu.eevidence.gw.custody.note.NoteVerifierKey;
import eu.eevidence.gw.custody.note.SignedNote;
import eu.eevidence.gw.custody.tiles.LogSource;
import eu.eevidence.gw.custody.tiles.TileHashSource;
import eu.eevidence.gw.custody.tiles.TileWriter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * A monitor: fetches the latest signed checkpoint, checks that it extends the last one it saw (a consistency proof
 * computed from the served tiles and verified with the pure RFC 9162 verifier), and remembers it. A smaller size
 * (rollback) or the same size with another root (split view) is an alarm. The state file holds the last signed
 * checkpoint note as served.
 */
public final class Watcher {

    public enum Outcome { FIRST_SEEN, UNCHANGED, EXTENDED, ROLLBACK, SPLIT_VIEW, INCONSISTENT }

    public record Result(Outcome outcome, Checkpoint latest, String message) {
        public boolean ok() {
            return outcome == Outcome.FIRST_SEEN || outcome == Outcome.UNCHANGED || outcome == Outcome.EXTENDED;
        }
    }

    private Watcher() {
    }

    public static Result check(LogSource source, NoteVerifierKey key, Path stateFile) throws CustodyException {
        byte[] raw = source.get(TileWriter.CHECKPOINT)
                .orElseThrow(() -> new CustodyException(CustodyError.FETCH_FAILED, "no checkpoint at " + source.describe()));
        String note = SignedNote.utf8(raw);
        Checkpoint latest = Checkpoint.open(note, key);
        Checkpoint last = null;
        try {
            last = Checkpoint.open(Files.readString(stateFile, StandardCharsets.UTF_8), key);
        } catch (NoSuchFileException e) {
            // first run
        } catch (IOException e) {
            throw new CustodyException(CustodyError.STORAGE_IO, "cannot read state " + stateFile + ": " + e.getMessage(), e);
        }
        Result r;
        if (last == null) {
            r = new Result(Outcome.FIRST_SEEN, latest, "first checkpoint recorded: size " + latest.size());
        } else if (latest.size() < last.size()) {
            return new Result(Outcome.ROLLBACK, latest, CustodyError.SPLIT_VIEW.code() + " rollback: size " + latest.size()
                    + " after size " + last.size() + " was seen");
        } else if (latest.size() == last.size()) {
            if (!latest.equals(last)) {
                return new Result(Outcome.SPLIT_VIEW, latest, CustodyError.SPLIT_VIEW.code() + " split view: two roots for size " + latest.size());
            }
            r = new Result(Outcome.UNCHANGED, latest, "unchanged at size " + latest.size());
        } else {
            List<byte[]> proof = MerkleTrees.consistencyProof(new TileHashSource(source, latest.size()), last.size(), latest.size());
            Verdict v = ProofVerifier.verifyConsistency(last.size(), latest.size(), last.root(), latest.root(), proof);
            if (!v.ok()) {
                return new Result(Outcome.INCONSISTENT, latest, CustodyError.SPLIT_VIEW.code() + " size " + latest.size()
                        + " is not an extension of size " + last.size() + ": " + v);
            }
            r = new Result(Outcome.EXTENDED, latest, "size " + last.size() + " -> " + latest.size() + " consistent (" + proof.size() + " proof hashes)");
        }
        try {
            Path abs = stateFile.toAbsolutePath();
            Files.createDirectories(abs.getParent());
            Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp");
            Files.writeString(tmp, note, StandardCharsets.UTF_8);
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new CustodyException(CustodyError.STORAGE_IO, "cannot write state " + stateFile + ": " + e.getMessage(), e);
        }
        return r;
    }
}
