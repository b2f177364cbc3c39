package eu.eevidence.gw.custody.audit;

import eu.eevidence.gw.custody.CustodyError;
import eu.eevidence.gw.custody.CustodyException;
import eu.eevidence.gw.custody.merkle.MerkleTrees;
import eu.eevidence.gw.custody.merkle.Rfc6962;
import eu.eevidence.gw.custody.merkle.SubtreeHashes;
import eu.eevidence.gw.custody.merkle.TreeHashes;
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
 * The auditor's full check of a tiled log ("fsck"): open the signed checkpoint with the node's verifier key, read every
 * entry bundle, recompute the whole tree from the entries and compare its root with the signed one. On a mismatch,
 * find the first bad index by descending the tree from the signed root: at each node the served hash tiles give the
 * two children, which are trusted only if they hash to the already trusted parent; the walk goes to the leftmost
 * child whose recomputed hash differs. Needs nothing from the operator but the files.
 */
public final class LogVerifier {

    private LogVerifier() {
    }

    public static VerifyReport verify(LogSource source, NoteVerifierKey key, Progress progress) {
        Checkpoint cp;
        try {
            byte[] note = source.get(TileWriter.CHECKPOINT)
                    .orElseThrow(() -> new CustodyException(CustodyError.FETCH_FAILED, "no checkpoint at " + source.describe()));
            cp = Checkpoint.open(SignedNote.utf8(note), key);
        } catch (CustodyException e) {
            return VerifyReport.bad(null, -1, e.error(), "checkpoint: " + e.getMessage());
        }
        long size = cp.size();
        TreeHashes recomputed = new TreeHashes();
        Rfc6962 hasher = new Rfc6962();
        String problem = null;
        long bundles = (size + TilePath.FULL - 1) / TilePath.FULL;
        progress.update(0, size);
        for (long n = 0; n < bundles && problem == null; n++) {
            long start = n * TilePath.FULL;
            TilePath tp;
            List<byte[]> entries;
            try {
                tp = TileLayout.bundleFor(start, size);
                byte[] b = source.get(tp.path()).orElse(null);
                if (b == null) {
                    problem = "entry bundle " + tp.path() + " is missing";
                    break;
                }
                entries = TileLayout.decodeBundle(b);
            } catch (CustodyException e) {
                problem = e.getMessage();
                break;
            }
            int use = Math.min(entries.size(), tp.width());
            for (int i = 0; i < use; i++) {
                recomputed.appendLeafHash(hasher.leaf(entries.get(i)));
            }
            if (entries.size() != tp.width()) {
                problem = "entry bundle " + tp.path() + " holds " + entries.size() + " entries, expected " + tp.width();
            }
            progress.update(recomputed.size(), size);
        }
        if (problem == null) {
            try {
                if (Rfc6962.same(MerkleTrees.root(recomputed, size), cp.root())) {
                    return VerifyReport.valid(cp);
                }
            } catch (CustodyException e) {
                problem = e.getMessage();
            }
        }
        return locate(source, cp, recomputed, problem == null ? "the entries do not hash to the signed root" : problem);
    }

    private static VerifyReport locate(LogSource source, Checkpoint cp, TreeHashes recomputed, String why) {
        SubtreeHashes served = new TileHashSource(source, cp.size());
        Rfc6962 hasher = new Rfc6962();
        long a = 0;
        long b = cp.size();
        byte[] trusted = cp.root();
        try {
            while (b - a > 1) {
                long k = Long.highestOneBit(b - a - 1);
                byte[] left = MerkleTrees.subtree(served, a, a + k);
                byte[] right = MerkleTrees.subtree(served, a + k, b);
                if (!Rfc6962.same(hasher.node(left, right), trusted)) {
                    return VerifyReport.bad(cp, a, CustodyError.LOG_MISMATCH, why + "; the served hash tiles do not match the signed root for entries ["
                            + a + ", " + b + ")");
                }
                if (!differs(recomputed, a, a + k, left)) {
                    a = a + k;
                    trusted = right;
                } else {
                    b = a + k;
                    trusted = left;
                }
            }
        } catch (CustodyException e) {
            return VerifyReport.bad(cp, a, CustodyError.LOG_MISMATCH, why + "; cannot narrow down below index " + a + ": " + e.getMessage());
        }
        String what = a >= recomputed.size() ? "entry " + a + " is missing" : "entry " + a + " differs from the one the signed checkpoint commits to";
        return VerifyReport.bad(cp, a, CustodyError.LOG_MISMATCH, what + " (" + why + ")");
    }

    private static boolean differs(TreeHashes recomputed, long from, long to, byte[] trusted) {
        if (to > recomputed.size()) {
            return true;
        }
        try {
            return !Rfc6962.same(MerkleTrees.subtree(recomputed, from, to), trusted);
        } catch (CustodyException e) {
            return true;
        }
    }
}
