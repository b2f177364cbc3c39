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
import eu.eevidence.gw.custody.note.SignedNote;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    /**
     * Has the published checkpoint cosigned by the node's witnesses now (issue 19: the exports carry the cosigned
     * checkpoint): the witness feature's cosigning round, or {@link #NONE} on a node without witnesses.
     */
    @FunctionalInterface
    public interface Witnesses {
        Witnesses NONE = () -> { };

        void cosign() throws CustodyException;
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
        return of(log, records, requestId, Witnesses.NONE);
    }

    /**
     * The snapshot against the latest published checkpoint with its cosignatures: when that checkpoint carries only the
     * node's own signature, {@code witnesses} are asked to cosign it first (a failed round leaves it as it is: the
     * auditor's witness policy then reports the missing cosignatures).
     */
    public static Snapshot of(CustodyLog log, Records records, String requestId, Witnesses witnesses) throws CustodyException {
        String note = log.checkpoint().orElseThrow(() -> new CustodyException(CustodyError.FETCH_FAILED, "no checkpoint published yet"));
        if (witnesses != Witnesses.NONE && SignedNote.parse(note).signatures().size() < 2) {
            witnesses.cosign();
            note = log.checkpoint().orElse(note);
        }
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

    /**
     * The JSON view of a snapshot: what the console's proofs.js reads ({@code GET /api/v1/custody/requests/{id}}) and the
     * court bundle's {@code custody.json}: checkpoint, verifier key, and per record its event, exported record (salt and
     * text), entry, leaf hash and inclusion proof (base64).
     */
    public static Map<String, Object> view(Snapshot s) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("requestId", s.requestId());
        v.put("origin", s.checkpoint().origin());
        v.put("vkey", s.key().encode());
        v.put("checkpoint", s.note());
        v.put("treeSize", s.checkpoint().size());
        v.put("rootHash", b64(s.checkpoint().root()));
        v.put("nodeChecked", s.nodeChecked());
        v.put("pending", s.pending());
        v.put("records", s.records().stream().map(RequestCustody::record).toList());
        v.put("links", Map.of("bundle", "/api/v1/custody/requests/" + s.requestId() + "/bundle", "checkpoint", "/custody/checkpoint",
                "vkey", "/custody/vkey"));
        return v;
    }

    private static Map<String, Object> record(Proven p) {
        ExportedRecord r = p.record();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("index", r.index());
        m.put("event", p.decoded().type().name());
        if (p.decoded().fromState() != null && !p.decoded().fromState().isEmpty()) {
            m.put("from", p.decoded().fromState());
        }
        if (p.decoded().toState() != null && !p.decoded().toState().isEmpty()) {
            m.put("to", p.decoded().toState());
        }
        m.put("occurredAt", p.decoded().occurredAt());
        m.put("recordedAt", p.decoded().recordedAt());
        m.put("entry", b64(p.entry()));
        m.put("leafHash", b64(p.leafHash()));
        m.put("proof", p.proof().stream().map(RequestCustody::b64).toList());
        Map<String, Object> exported = new LinkedHashMap<>();
        exported.put("format", ExportedRecord.FORMAT);
        exported.put("origin", r.origin());
        exported.put("index", r.index());
        exported.put("salt", b64(r.salt()));
        exported.put("record", r.record());
        m.put("record", exported);
        return m;
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }
}
