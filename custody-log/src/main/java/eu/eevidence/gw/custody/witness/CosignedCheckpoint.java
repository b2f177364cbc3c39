package eu.eevidence.gw.custody.witness;

import eu.eevidence.gw.custody.CustodyError;
import eu.eevidence.gw.custody.CustodyException;
import eu.eevidence.gw.custody.Uint64;
import eu.eevidence.gw.custody.note.SignedNote;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The log's side of collecting cosignatures: reading a witness's answer (signature lines, or the text/x.tlog.size body
 * of a 409) and appending verified cosignature lines to the log's signed checkpoint, as signed-note allows.
 */
public final class CosignedCheckpoint {

    private CosignedCheckpoint() {
    }

    /**
     * The lines of a witness's 200 answer that are valid cosignatures by {@code witness} on the checkpoint of
     * {@code signedNote}; lines by other keys are ignored, a failing line by {@code witness} is an error, and at least
     * one must verify.
     */
    public static List<String> accept(String signedNote, String responseBody, CosignerKey witness) throws CustodyException {
        String text = SignedNote.parse(signedNote).text();
        if (responseBody == null || responseBody.isEmpty() || !responseBody.endsWith("\n")) {
            throw new CustodyException(CustodyError.COSIGNATURE_INVALID, "a witness answer is one or more signature lines");
        }
        SignedNote.Parsed answer = SignedNote.parse(text + "\n" + responseBody);
        String[] lines = responseBody.split("\n");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < answer.signatures().size(); i++) {
            if (Cosignature.verify(text, answer.signatures().get(i), witness).isPresent()) {
                out.add(lines[i] + "\n");
            }
        }
        if (out.isEmpty()) {
            throw new CustodyException(CustodyError.COSIGNATURE_INVALID, "the answer of " + witness.name() + " holds no cosignature by its key");
        }
        return out;
    }

    /** The size in a 409 answer ({@code text/x.tlog.size}: a decimal and a newline). */
    public static long knownSize(String body) throws CustodyException {
        if (body == null || !body.endsWith("\n") || body.length() > 21) {
            throw new CustodyException(CustodyError.WITNESS_MALFORMED, "a text/x.tlog.size body is a decimal and a newline");
        }
        return Uint64.parse(body.substring(0, body.length() - 1), "witness's known size");
    }

    /** The signed note with {@code cosignatures} appended (each line once, existing lines kept first). */
    public static String merge(String signedNote, List<String> cosignatures) throws CustodyException {
        SignedNote.parse(signedNote);
        Set<String> have = new LinkedHashSet<>(List.of(signedNote.substring(signedNote.lastIndexOf("\n\n") + 2).split("(?<=\n)")));
        StringBuilder b = new StringBuilder(signedNote);
        for (String line : cosignatures) {
            if (!line.endsWith("\n") || line.indexOf('\n') != line.length() - 1) {
                throw new CustodyException(CustodyError.NOTE_MALFORMED, "a cosignature is one line ending in a newline");
            }
            if (have.add(line)) {
                b.append(line);
            }
        }
        String merged = b.toString();
        SignedNote.parse(merged);
        return merged;
    }
}
