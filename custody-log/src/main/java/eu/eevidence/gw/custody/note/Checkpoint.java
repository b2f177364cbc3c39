package eu.eevidence.gw.custody.note;

import eu.eevidence.gw.custody.CustodyError;
import eu.eevidence.gw.custody.CustodyException;
import eu.eevidence.gw.custody.Uint64;

import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * A C2SP tlog-checkpoint body: the origin line, the tree size in decimal, the base64 root hash, and optional
 * (not recommended) extension lines, each line ending in a newline.
 */
public record Checkpoint(String origin, long size, byte[] root, List<String> extensions) {

    public Checkpoint {
        root = root.clone();
        extensions = List.copyOf(extensions);
    }

    public static Checkpoint of(String origin, long size, byte[] root) throws CustodyException {
        if (origin == null || origin.isEmpty() || origin.contains("\n")) {
            throw new CustodyException(CustodyError.NOTE_MALFORMED, "a checkpoint origin is one non-empty line");
        }
        Uint64.check(size, "tree size");
        if (root == null || root.length != 32) {
            throw new CustodyException(CustodyError.MALFORMED_HASH, "a root hash has 32 bytes");
        }
        return new Checkpoint(origin, size, root, List.of());
    }

    public String body() {
        StringBuilder b = new StringBuilder().append(origin).append('\n').append(Long.toString(size)).append('\n')
                .append(Base64.getEncoder().encodeToString(root)).append('\n');
        for (String e : extensions) {
            b.append(e).append('\n');
        }
        return b.toString();
    }

    /** Parses a note text (as returned by {@link SignedNote#open}). */
    public static Checkpoint parse(String text) throws CustodyException {
        if (text == null || !text.endsWith("\n")) {
            throw new CustodyException(CustodyError.NOTE_MALFORMED, "a checkpoint ends in a newline");
        }
        String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
        if (lines.length < 3) {
            throw new CustodyException(CustodyError.NOTE_MALFORMED, "a checkpoint has at least three lines");
        }
        for (String l : lines) {
            if (l.isEmpty()) {
                throw new CustodyException(CustodyError.NOTE_MALFORMED, "a checkpoint has no empty lines");
            }
        }
        long size = Uint64.parse(lines[1], "checkpoint tree size");
        byte[] root;
        try {
            root = Base64.getDecoder().decode(lines[2]);
        } catch (IllegalArgumentException e) {
            throw new CustodyException(CustodyError.MALFORMED_HASH, "checkpoint root is not base64");
        }
        if (root.length != 32 || !Base64.getEncoder().encodeToString(root).equals(lines[2])) {
            throw new CustodyException(CustodyError.MALFORMED_HASH, "checkpoint root is not a canonical base64 32-byte hash");
        }
        return new Checkpoint(lines[0], size, root, Arrays.asList(lines).subList(3, lines.length));
    }

    /** Opens a signed checkpoint with the given verifier keys and parses it; the origin must equal the key name. */
    public static Checkpoint open(String signedNote, NoteVerifierKey key) throws CustodyException {
        Checkpoint c = parse(SignedNote.open(signedNote, List.of(key)));
        if (!c.origin().equals(key.name())) {
            throw new CustodyException(CustodyError.NOTE_MALFORMED, "checkpoint origin " + c.origin() + " is not the key name " + key.name());
        }
        return c;
    }

    @Override
    public byte[] root() {
        return root.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Checkpoint c && c.origin.equals(origin) && c.size == size && Arrays.equals(c.root, root)
                && c.extensions.equals(extensions);
    }

    @Override
    public int hashCode() {
        return origin.hashCode() * 31 + Long.hashCode(size);
    }

    @Override
    public String toString() {
        return origin + " " + size + " " + Base64.getEncoder().encodeToString(root);
    }
}
