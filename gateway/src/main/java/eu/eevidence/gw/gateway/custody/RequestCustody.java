package eu.eevidence.gw.gateway.custody;

import eu.eevidence.gw.custody.CustodyError;
import eu.eevidence.gw.custody.CustodyException;
import eu.eevidence.gw.custody.CustodyLog;
import eu.eevidence.gw.custody.entry.CustodyEntry;
import eu.eevidence.gw.custody.entry.ExportedRecord;
import eu.eevidence.gw.custody.merkle.ProofVerifier;
import eu.eevidence.gw.custody.merkle.Rfc6962;
import eu.eevidence.gw.custody.note.Checkpoint;
import eu.eevidence.gw.custody.note.NoteVerifierKey;

import java.util.ArrayList;
import java.util.List;

/**
 * What an auditor checks about one request (issue 16 item 6, docs/design/console.md "Auditor"): the latest signed
 * checkpoint of the node's custody log, and the request's custody records that it covers, each with its log entry and its
 * RFC 6962 inclusion proof against that checkpoint. Records not yet in the signed tree are only counted ({@code pending}).
 * The node checks the checkpoint's signature and every proof itself before answering ({@link Snapshot#nodeChecked}); the
 * console's page checks them again in the browser, so the auditor need not trust this code for the verdict.
 */
public final class RequestCustody {

    /** The request's records with a log index (e.g. {@link CustodyRecordStore}). */
    @FunctionalInterface
    public interface Records {
        List<ExportedRecord> ofRequest(String requestId) throws CustodyException;
    }

    /** One record: the exported record (salt and record text), its entry bytes, the entry decoded, its inclusion proof. */
    public record Proven(ExportedRecord record, byte[] entry, CustodyEntry decoded, List<byte[]> proof) {
        public byte[] leafHash() {
            return Rfc6962.leafHash(entry);
        }
    }

    /**
     * The signed checkpoint (note text), the key it verifies with, its parsed body, the proven records, the number of the
     * request's records not yet covered by the checkpoint, and whether the node's own check of signature, proofs and
     * commitments passed.
     */
    public record Snapshot(String requestId, String note, NoteVerifierKey key, Checkpoint checkpoint, List<Proven> records, int pending,
                           boolean nodeChecked) {
    }

    /** The log's state for the status page: the published checkpoint and the node's verdict on its signature. */
    public record Status(long logSize, String note, NoteVerifierKey key, Checkpoint checkpoint, String problem) {
        public boolean signatureValid() {
            return checkpoint != null && problem == null;
        }
    }

    private RequestCustody() {
    }

    /** The published checkpoint, checked with the node's verifier key ({@code problem} holds the EEG-CUS code if not). */
    public static Status status(CustodyLog log) {
        NoteVerifierKey key = log.verifierKey();
        String note = null;
        try {
            note = log.checkpoint().orElse(null);
            if (note == null) {
                return new Status(log.size(), null, key, null, CustodyError.FETCH_FAILED.code() + " no checkpoint published yet");
            }
            return new Status(log.size(), note, key, Checkpoint.open(note, key), null);
        } catch (CustodyException e) {
            return new Status(log.size(), note, key, null, e.oneLine());
        }
    }

    /** The snapshot of {@code requestId}'s custody against the latest published checkpoint. */
    public static Snapshot of(CustodyLog log, Records records, String requestId) throws CustodyException {
        String note = log.checkpoint().orElseThrow(() -> new CustodyException(CustodyError.FETCH_FAILED, "no checkpoint published yet"));
        NoteVerifierKey key = log.verifierKey();
        Checkpoint cp = Checkpoint.open(note, key);
        List<Proven> proven = new ArrayList<>();
        int pending = 0;
        boolean ok = true;
        for (ExportedRecord r : records.ofRequest(requestId)) {
            if (r.index() >= cp.size()) {
                pending++;
                continue;
            }
            byte[] entry = log.storage().entry(r.index());
            List<byte[]> proof = log.storage().inclusionProof(r.index(), cp.size());
            CustodyEntry decoded = CustodyEntry.decode(entry);
            ok &= ProofVerifier.verifyInclusion(r.index(), cp.size(), Rfc6962.leafHash(entry), proof, cp.root()).ok()
                    && Rfc6962.same(decoded.commitment(), r.commitment());
            proven.add(new Proven(r, entry, decoded, List.copyOf(proof)));
        }
        return new Snapshot(requestId, note, key, cp, List.copyOf(proven), pending, ok);
    }
}
