package eu.eevidence.gw.custody.note;

import eu.eevidence.gw.custody.CustodyError;
import eu.eevidence.gw.custody.CustodyException;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * C2SP signed-note: a text ending in a newline, a blank line, then signature lines
 * {@code — <key name> base64(uint32 key id || signature)} (em dash U+2014). Signing and opening with Ed25519;
 * signatures from unknown keys are ignored, a failing signature from a known key rejects the whole note, and at
 * least one known key must have signed.
 */
public final class SignedNote {

    public static final String DASH = "\u2014 ";
    public static final int MAX_SIGNATURES = 100;
    public static final int MAX_NOTE_BYTES = 1 << 20;

    private SignedNote() {
    }

    /** A parsed, not yet verified, signature line. */
    public record Signature(String name, int keyId, byte[] signature) {
    }

    /** Signs {@code text} (which must end in a newline) with the key behind {@code vkey}. */
    public static String sign(String text, NoteVerifierKey vkey, PrivateKey key) throws CustodyException {
        checkText(text);
        byte[] sig = Ed25519.sign(key, text.getBytes(StandardCharsets.UTF_8));
        if (!Ed25519.verify(vkey.javaKey(), text.getBytes(StandardCharsets.UTF_8), sig)) {
            throw new CustodyException(CustodyError.KEY, "the signing key does not match verifier key " + vkey.name());
        }
        ByteBuffer b = ByteBuffer.allocate(4 + sig.length).putInt(vkey.keyId()).put(sig);
        return text + "\n" + DASH + vkey.name() + " " + Base64.getEncoder().encodeToString(b.array()) + "\n";
    }

    /** Splits a note into its text (with the final newline) and signature lines, checking the syntax only. */
    public static Parsed parse(String note) throws CustodyException {
        if (note == null || note.getBytes(StandardCharsets.UTF_8).length > MAX_NOTE_BYTES) {
            throw new CustodyException(CustodyError.NOTE_MALFORMED, "note missing or larger than 1 MiB");
        }
        for (int i = 0; i < note.length(); i++) {
            char c = note.charAt(i);
            if (c < 0x20 && c != '\n') {
                throw new CustodyException(CustodyError.NOTE_MALFORMED, "note contains a control character");
            }
        }
        int split = note.lastIndexOf("\n\n");
        if (split < 0 || !note.endsWith("\n")) {
            throw new CustodyException(CustodyError.NOTE_MALFORMED, "note has no blank line before its signatures");
        }
        String text = note.substring(0, split + 1);
        String sigBlock = note.substring(split + 2);
        if (sigBlock.isEmpty()) { // the note ends in the blank line: no signature line at all (found by fuzzing)
            throw new CustodyException(CustodyError.NOTE_MALFORMED, "note has no signature");
        }
        List<Signature> sigs = new ArrayList<>();
        for (String line : sigBlock.substring(0, sigBlock.length() - 1).split("\n", -1)) {
            if (sigs.size() == MAX_SIGNATURES) {
                throw new CustodyException(CustodyError.NOTE_MALFORMED, "more than " + MAX_SIGNATURES + " signatures");
            }
            if (!line.startsWith(DASH)) {
                throw new CustodyException(CustodyError.NOTE_MALFORMED, "a signature line must start with an em dash and a space");
            }
            String rest = line.substring(DASH.length());
            int sp = rest.indexOf(' ');
            if (sp <= 0 || rest.indexOf(' ', sp + 1) >= 0) {
                throw new CustodyException(CustodyError.NOTE_MALFORMED, "a signature line is: em dash, name, base64");
            }
            String name = rest.substring(0, sp);
            try {
                NoteVerifierKey.checkName(name);
            } catch (CustodyException e) {
                throw new CustodyException(CustodyError.NOTE_MALFORMED, "bad key name in a signature line");
            }
            byte[] blob;
            try {
                blob = Base64.getDecoder().decode(rest.substring(sp + 1));
            } catch (IllegalArgumentException e) {
                throw new CustodyException(CustodyError.NOTE_MALFORMED, "a signature is not base64");
            }
            if (blob.length < 5) {
                throw new CustodyException(CustodyError.NOTE_MALFORMED, "a signature is too short");
            }
            int id = ByteBuffer.wrap(blob, 0, 4).getInt();
            sigs.add(new Signature(name, id, Arrays.copyOfRange(blob, 4, blob.length)));
        }
        if (sigs.isEmpty()) {
            throw new CustodyException(CustodyError.NOTE_MALFORMED, "note has no signature");
        }
        return new Parsed(text, sigs);
    }

    public record Parsed(String text, List<Signature> signatures) {
    }

    /** Opens a note: returns its text if a known key signed it and no known key's signature fails. */
    public static String open(String note, List<NoteVerifierKey> known) throws CustodyException {
        Parsed p = parse(note);
        byte[] msg = p.text().getBytes(StandardCharsets.UTF_8);
        boolean verified = false;
        for (Signature s : p.signatures()) {
            for (NoteVerifierKey k : known) {
                if (k.name().equals(s.name()) && k.keyId() == s.keyId()) {
                    if (!Ed25519.verify(k.javaKey(), msg, s.signature())) {
                        throw new CustodyException(CustodyError.NOTE_SIGNATURE, "signature by " + k.name() + "+" + k.keyIdHex() + " does not verify");
                    }
                    verified = true;
                }
            }
        }
        if (!verified) {
            throw new CustodyException(CustodyError.NOTE_SIGNATURE, "no signature by a known key");
        }
        return p.text();
    }

    /** Decodes bytes as strict UTF-8. */
    public static String utf8(byte[] bytes) throws CustodyException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new CustodyException(CustodyError.NOTE_MALFORMED, "note is not valid UTF-8");
        }
    }

    private static void checkText(String text) throws CustodyException {
        if (text == null || text.isEmpty() || !text.endsWith("\n")) {
            throw new CustodyException(CustodyError.NOTE_MALFORMED, "note text must end in a newline");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\n') {
                throw new CustodyException(CustodyError.NOTE_MALFORMED, "note text contains a control character");
            }
        }
    }
}
