package eu.eevidence.gw.custody.audit;

import eu.eevidence.gw.custody.CustodyError;
import eu.eevidence.gw.custody.CustodyException;
import eu.eevidence.gw.custody.entry.CustodyEntry;
import eu.eevidence.gw.custody.entry.ExportedRecord;
import eu.eevidence.gw.custody.merkle.MerkleTrees;
import eu.eevidence.gw.custody.merkle.ProofVerifier;
import eu.eevidence.gw.custody.merkle.Rfc6962;
import eu.eevidence.gw.custody.merkle.Verdict;
import eu.eevidence.gw.custody.note.Checkpoint;
import eu.eevidence.gw.custody.note.NoteVerifierKey;
import eu.eevidence.gw.custody.note.SignedNote;
import eu.eevidence.gw.custody.tiles.LogSource;
import eu.eevidence.gw.custody.tiles.TileHashSource;
import eu.eevidence.gw.custody.tiles.TileLayout;
import eu.eevidence.gw.custody.tiles.TilePath;
import eu.eevidence.gw.custody.tiles.TileWriter;

import java.util.List;

/**
 * Proves that an exported event record (with its salt) is committed by entry {@code index} of the signed log: the
 * entry's commitment equals {@code SHA-256(salt || record)}, and the entry is included in the tree of the signed
 * checkpoint (inclusion proof from the served tiles, verified with the pure verifier).
 */
public final class RecordCheck {

    public record Result(boolean ok, String message, CustodyEntry entry) {
    }

    private RecordCheck() {
    }

    public static Result check(LogSource source, NoteVerifierKey key, ExportedRecord record) throws CustodyException {
        byte[] raw = source.get(TileWriter.CHECKPOINT)
                .orElseThrow(() -> new CustodyException(CustodyError.FETCH_FAILED, "no checkpoint at " + source.describe()));
        Checkpoint cp = Checkpoint.open(SignedNote.utf8(raw), key);
        if (!cp.origin().equals(record.origin())) {
            return new Result(false, CustodyError.RECORD_NOT_COMMITTED.code() + " record is from log " + record.origin() + ", not " + cp.origin(), null);
        }
        if (record.index() >= cp.size()) {
            return new Result(false, CustodyError.RECORD_NOT_COMMITTED.code() + " index " + record.index() + " is not in the signed tree of size "
                    + cp.size(), null);
        }
        TilePath bundle = TileLayout.bundleFor(record.index(), cp.size());
        List<byte[]> entries = TileLayout.decodeBundle(source.get(bundle.path())
                .orElseThrow(() -> new CustodyException(CustodyError.FETCH_FAILED, "entry bundle " + bundle.path() + " is missing")));
        int at = (int) (record.index() % TilePath.FULL);
        if (at >= entries.size()) {
            throw new CustodyException(CustodyError.LOG_MISMATCH, "entry bundle " + bundle.path() + " lacks entry " + record.index());
        }
        byte[] entryBytes = entries.get(at);
        List<byte[]> proof = MerkleTrees.inclusionProof(new TileHashSource(source, cp.size()), record.index(), cp.size());
        Verdict v = ProofVerifier.verifyInclusion(record.index(), cp.size(), Rfc6962.leafHash(entryBytes), proof, cp.root());
        if (!v.ok()) {
            return new Result(false, CustodyError.LOG_MISMATCH.code() + " entry " + record.index() + " is not in the signed log: " + v, null);
        }
        CustodyEntry entry = CustodyEntry.decode(entryBytes);
        if (!Rfc6962.same(entry.commitment(), record.commitment())) {
            return new Result(false, CustodyError.RECORD_NOT_COMMITTED.code() + " entry " + record.index()
                    + " does not commit to this record and salt", entry);
        }
        return new Result(true, "record committed by entry " + record.index() + " of the signed log (size " + cp.size() + "): "
                + entry.describe(), entry);
    }
}
