package eu.eevidence.gw.gateway.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.eevidence.gw.custody.CustodyError;
import eu.eevidence.gw.custody.CustodyException;
import eu.eevidence.gw.custody.entry.CustodyEntry;
import eu.eevidence.gw.custody.entry.ExportedRecord;
import eu.eevidence.gw.custody.merkle.ProofVerifier;
import eu.eevidence.gw.custody.merkle.Rfc6962;
import eu.eevidence.gw.custody.merkle.Verdict;
import eu.eevidence.gw.custody.note.Checkpoint;
import eu.eevidence.gw.custody.note.NoteVerifierKey;
import eu.eevidence.gw.custody.note.SignedNote;
import eu.eevidence.gw.custody.witness.WitnessPolicy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The custody part of {@link BundleVerifier}: the checkpoint's signature with the node's verifier key, its cosignatures
 * (listed; a witness policy is checked by {@code audit checkpoint}), and for every record of {@code custody.json} the
 * commitment of its salt and text in its log entry and the entry's RFC 6962 inclusion proof against the checkpoint.
 */
final class CustodyChecks {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final BundleVerifier out;
    private final NoteVerifierKey given;
    private final WitnessPolicy policy;

    CustodyChecks(BundleVerifier out, NoteVerifierKey given, WitnessPolicy policy) {
        this.out = out;
        this.given = given;
        this.policy = policy;
    }

    void run(Map<String, byte[]> files, Set<String> verified) {
        Checkpoint cp = checkpoint(files, verified);
        if (cp == null) {
            return;
        }
        byte[] custody = files.get(CourtBundle.CUSTODY);
        if (custody == null) {
            out.fail("inclusion", CourtBundle.CUSTODY, "missing: the request's records cannot be checked");
            return;
        }
        JsonNode v;
        try {
            v = JSON.readTree(custody);
        } catch (IOException e) {
            out.fail("inclusion", CourtBundle.CUSTODY, "not JSON");
            return;
        }
        int n = 0;
        for (JsonNode rec : v.path("records")) {
            record(rec, cp, files);
            n++;
        }
        if (n == 0) {
            out.info("inclusion", CourtBundle.CUSTODY, "no record of the request is in the signed tree yet");
        }
    }

    private Checkpoint checkpoint(Map<String, byte[]> files, Set<String> verified) {
        byte[] note = files.get(CourtBundle.CHECKPOINT);
        if (note == null) {
            out.fail("checkpoint", CourtBundle.CHECKPOINT, "missing");
            return null;
        }
        NoteVerifierKey key = given;
        String from = "the verifier key given";
        if (key == null) {
            from = "the bundle's " + CourtBundle.VKEY + " (signed by the node; compare it with the key its operator publishes)";
            try {
                key = NoteVerifierKey.parse(BundleVerifier.text(files.getOrDefault(CourtBundle.VKEY, new byte[0])).strip());
            } catch (CustodyException e) {
                out.fail("checkpoint", CourtBundle.VKEY, e.oneLine());
                return null;
            }
        }
        String text = BundleVerifier.text(note);
        try {
            Checkpoint cp = Checkpoint.open(text, key);
            out.pass("checkpoint", CourtBundle.CHECKPOINT, "signature valid with " + from + "; log " + cp.origin() + ", size " + cp.size());
            cosignatures(text, key);
            return cp;
        } catch (CustodyException e) {
            out.fail("checkpoint", CourtBundle.CHECKPOINT, e.oneLine());
            return null;
        }
    }

    /**
     * With the auditor's witness policy: PASS when at least its threshold of its witnesses cosigned (each verified), FAIL
     * below it or when a line by a policy witness does not verify. Without: signature lines other than the node's are
     * listed by name (INFO; none is not a failure).
     */
    private void cosignatures(String note, NoteVerifierKey key) {
        if (policy != null) {
            witnessed(note);
            return;
        }
        try {
            List<String> names = new ArrayList<>();
            for (SignedNote.Signature s : SignedNote.parse(note).signatures()) {
                if (!(s.name().equals(key.name()) && s.keyId() == key.keyId())) {
                    names.add(s.name());
                }
            }
            out.info("cosignatures", CourtBundle.CHECKPOINT, names.isEmpty() ? "none"
                    : names.size() + " line(s), from " + names + " (check them against a witness policy with audit checkpoint)");
        } catch (CustodyException e) {
            out.fail("cosignatures", CourtBundle.CHECKPOINT, e.oneLine());
        }
    }

    private void witnessed(String note) {
        try {
            WitnessPolicy.Check c = policy.check(note);
            String summary = c.summary().replace("\n  ", "; ");
            if (c.satisfied()) {
                out.pass("cosignatures", CourtBundle.CHECKPOINT, summary);
            } else {
                out.fail("cosignatures", CourtBundle.CHECKPOINT, CustodyError.COSIGNATURE_INVALID.code() + " " + summary);
            }
        } catch (CustodyException e) {
            out.fail("cosignatures", CourtBundle.CHECKPOINT, e.oneLine());
        }
    }

    private void record(JsonNode rec, Checkpoint cp, Map<String, byte[]> files) {
        long index = rec.path("index").asLong(-1);
        String part = CourtBundle.CUSTODY + " record " + index;
        try {
            ExportedRecord exported = ExportedRecord.parse(JSON.writeValueAsString(rec.path("record")));
            byte[] entry = Base64.getDecoder().decode(rec.path("entry").asText());
            List<byte[]> proof = new ArrayList<>();
            rec.path("proof").forEach(p -> proof.add(Base64.getDecoder().decode(p.asText())));
            if (exported.index() != index || !exported.origin().equals(cp.origin())) {
                out.fail("inclusion", part, "the record names another index or log");
                return;
            }
            Verdict in = ProofVerifier.verifyInclusion(index, cp.size(), Rfc6962.leafHash(entry), proof, cp.root());
            if (!in.ok()) {
                out.fail("inclusion", part, "the entry is not in the signed tree: " + in);
                return;
            }
            CustodyEntry decoded = CustodyEntry.decode(entry);
            if (!Rfc6962.same(decoded.commitment(), exported.commitment())) {
                out.fail("inclusion", part, "the entry does not commit to this record and salt");
                return;
            }
            byte[] file = files.get(CourtBundle.RECORDS + index + ".json");
            if (file != null && !ExportedRecord.parse(BundleVerifier.text(file)).record().equals(exported.record())) {
                out.fail("inclusion", CourtBundle.RECORDS + index + ".json", "differs from the record in " + CourtBundle.CUSTODY);
                return;
            }
            out.pass("inclusion", part, decoded.type() + " at " + decoded.occurredAt() + ": committed and included (tree size " + cp.size() + ")");
        } catch (CustodyException e) {
            out.fail("inclusion", part, e.oneLine());
        } catch (IOException | IllegalArgumentException e) {
            out.fail("inclusion", part, "malformed: " + e.getMessage());
        }
    }
}
