package eu.eevidence.gw.custody.witness;

import eu.eevidence.gw.custody.CustodyError;
import eu.eevidence.gw.custody.CustodyException;
import eu.eevidence.gw.custody.Uint64;
import eu.eevidence.gw.custody.note.SignedNote;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The body of a C2SP tlog-witness {@code add-checkpoint} request (https://c2sp.org/tlog-witness): {@code old <size>},
 * up to 63 base64 consistency proof lines, an empty line, then the signed checkpoint note.
 */
public record AddCheckpoint(long oldSize, List<byte[]> proof, String checkpoint) {

    public static final int MAX_PROOF_LINES = 63;
    public static final String SIZE_MEDIA_TYPE = "text/x.tlog.size";

    public AddCheckpoint {
        proof = List.copyOf(proof);
    }

    /** The wire form. */
    public byte[] encode() {
        StringBuilder b = new StringBuilder("old ").append(oldSize).append('\n');
        for (byte[] h : proof) {
            b.append(Base64.getEncoder().encodeToString(h)).append('\n');
        }
        return b.append('\n').append(checkpoint).toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Parses strictly: a malformed body is {@link CustodyError#WITNESS_MALFORMED} (the witness answers 400). */
    public static AddCheckpoint parse(byte[] body) throws CustodyException {
        if (body == null || body.length > SignedNote.MAX_NOTE_BYTES + 8192) {
            throw malformed("the request body is missing or too large");
        }
        String text;
        try {
            text = SignedNote.utf8(body);
        } catch (CustodyException e) {
            throw malformed("the request body is not UTF-8");
        }
        int blank = text.indexOf("\n\n");
        if (blank < 0) {
            throw malformed("no empty line between the old size and proof lines and the checkpoint");
        }
        String[] head = text.substring(0, blank).split("\n", -1);
        if (!head[0].startsWith("old ")) {
            throw malformed("the first line is 'old <size>'");
        }
        String size = head[0].substring(4);
        if (size.isEmpty() || (size.length() > 1 && size.charAt(0) == '0')) {
            throw malformed("the old size is a decimal number without leading zeros");
        }
        long old;
        try {
            old = Uint64.parse(size, "old size");
        } catch (CustodyException e) {
            throw malformed(e.getMessage());
        }
        if (head.length - 1 > MAX_PROOF_LINES) {
            throw malformed("more than " + MAX_PROOF_LINES + " consistency proof lines");
        }
        List<byte[]> proof = new ArrayList<>();
        for (int i = 1; i < head.length; i++) {
            proof.add(hash(head[i], i));
        }
        return new AddCheckpoint(old, proof, text.substring(blank + 2));
    }

    private static byte[] hash(String line, int i) throws CustodyException {
        try {
            byte[] h = Base64.getDecoder().decode(line);
            if (h.length != 32 || !Base64.getEncoder().encodeToString(h).equals(line)) {
                throw malformed("proof line " + i + " is not a canonical base64 32-byte hash");
            }
            return h;
        } catch (IllegalArgumentException e) {
            throw malformed("proof line " + i + " is not base64");
        }
    }

    private static CustodyException malformed(String why) {
        return new CustodyException(CustodyError.WITNESS_MALFORMED, why);
    }
}
