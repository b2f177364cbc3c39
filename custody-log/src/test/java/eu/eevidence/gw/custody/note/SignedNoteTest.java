package eu.eevidence.gw.custody.note;

import eu.eevidence.gw.custody.CustodyError;
import eu.eevidence.gw.custody.CustodyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Signed notes and checkpoints. The PeterNeumann vectors come from golang.org/x/mod/sumdb/note note_test.go (the
 * reference implementation of C2SP signed-note): its verifier key and the published signature of its example text.
 */
class SignedNoteTest {

    static final String GO_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    static final String GO_TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
    static final String GO_NOTE = GO_TEXT + "\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

    @TempDir
    Path dir;

    private static CustodyError code(Throwable e) {
        return ((CustodyException) e).error();
    }

    @Test
    void manglingsOfTheGoVerifierKeyAreRejected() {
        byte[] b = GO_VKEY.getBytes(StandardCharsets.US_ASCII);
        int rejected = 0;
        for (int i = 0; i < b.length; i++) {
            b[i]++;
            String s = new String(b, StandardCharsets.US_ASCII);
            b[i]--;
            try {
                NoteVerifierKey.parse(s);
            } catch (CustodyException e) {
                rejected++;
            }
        }
        assertThat(rejected).isEqualTo(b.length);
        for (String bad : new String[] {"", "PeterNeumann", "PeterNeumann+c74f20a3", "PeterNeumann+c74f20a3+", "+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
                "PeterNeumann+C74F20A3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
                "Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"}) {
            assertThatThrownBy(() -> NoteVerifierKey.parse(bad)).isInstanceOf(CustodyException.class);
        }
    }

    @Test
    void theGoReferenceNoteOpensAndAnyChangeBreaksIt() throws CustodyException {
        NoteVerifierKey k = NoteVerifierKey.parse(GO_VKEY);
        assertThat(k.name()).isEqualTo("PeterNeumann");
        assertThat(k.keyIdHex()).isEqualTo("c74f20a3");
        assertThat(k.encode()).isEqualTo(GO_VKEY);
        assertThat(SignedNote.open(GO_NOTE, List.of(k))).isEqualTo(GO_TEXT);
        assertThatThrownBy(() -> SignedNote.open(GO_NOTE.replace("cryptography", "cryptographY"), List.of(k)))
                .satisfies(e -> assertThat(code(e)).isEqualTo(CustodyError.NOTE_SIGNATURE));
        assertThatThrownBy(() -> SignedNote.open(GO_NOTE.replace("\u2014", "--"), List.of(k)))
                .satisfies(e -> assertThat(code(e)).isEqualTo(CustodyError.NOTE_MALFORMED));
        assertThatThrownBy(() -> SignedNote.open(GO_TEXT, List.of(k))).isInstanceOf(CustodyException.class);
        assertThatThrownBy(() -> SignedNote.open(GO_NOTE.replace("\n\n", "\n\u0001\n"), List.of(k))).isInstanceOf(CustodyException.class);
    }

    @Test
    void aSignatureWithAnAppendedByteIsRefusedEvenWhereTheJdkIsLenient() throws CustodyException {
        NoteVerifierKey k = NoteVerifierKey.parse(GO_VKEY);
        String blob = GO_NOTE.substring(GO_NOTE.lastIndexOf(' ') + 1).strip();
        byte[] raw = Base64.getDecoder().decode(blob);
        byte[] longer = java.util.Arrays.copyOf(raw, raw.length + 1);
        String forged = GO_TEXT + "\n\u2014 PeterNeumann " + Base64.getEncoder().encodeToString(longer) + "\n";
        assertThatThrownBy(() -> SignedNote.open(forged, List.of(k))).satisfies(e -> assertThat(code(e)).isEqualTo(CustodyError.NOTE_SIGNATURE));
    }

    @Test
    void unknownKeysAreIgnoredButOneKnownKeyMustSign() throws CustodyException {
        KeyPair mine = Ed25519.generate();
        KeyPair other = Ed25519.generate();
        NoteVerifierKey mineKey = NoteVerifierKey.of("node.example/custody", Ed25519.raw(mine.getPublic()));
        NoteVerifierKey otherKey = NoteVerifierKey.of("node.example/custody", Ed25519.raw(other.getPublic()));
        String text = "node.example/custody\n3\n" + Base64.getEncoder().encodeToString(new byte[32]) + "\n";
        String note = SignedNote.sign(text, mineKey, mine.getPrivate());
        assertThat(SignedNote.open(note, List.of(mineKey))).isEqualTo(text);
        String cosigned = note + SignedNote.sign(text, otherKey, other.getPrivate()).substring(text.length() + 1);
        assertThat(SignedNote.open(cosigned, List.of(mineKey))).isEqualTo(text);
        assertThatThrownBy(() -> SignedNote.open(note, List.of(otherKey))).satisfies(e -> assertThat(code(e)).isEqualTo(CustodyError.NOTE_SIGNATURE));
        assertThatThrownBy(() -> SignedNote.sign(text, otherKey, mine.getPrivate())).satisfies(e -> assertThat(code(e)).isEqualTo(CustodyError.KEY));
    }

    /** Fuzzing finding (CustodyFuzzTest#checkpoint): a note ending in its blank line threw StringIndexOutOfBounds. */
    @Test
    void aNoteThatEndsInTheBlankLineIsMalformedNotACrash() {
        for (String note : List.of("\n12\nBcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=\n\n\u2014 QPmT3=\n\n", "a\n\n", "\n\n")) {
            assertThatThrownBy(() -> SignedNote.parse(note)).isInstanceOf(CustodyException.class)
                    .satisfies(e -> assertThat(((CustodyException) e).error()).isEqualTo(CustodyError.NOTE_MALFORMED));
        }
    }

    @Test
    void checkpointsParseStrictly() throws CustodyException {
        String root = Base64.getEncoder().encodeToString(new byte[32]);
        Checkpoint c = Checkpoint.parse("example.com/log\n20852163\n" + root + "\n");
        assertThat(c.size()).isEqualTo(20852163);
        assertThat(c.body()).isEqualTo("example.com/log\n20852163\n" + root + "\n");
        for (String bad : new String[] {"example.com/log\n01\n" + root + "\n", "example.com/log\n-1\n" + root + "\n",
                "example.com/log\n18446744073709551615\n" + root + "\n", "example.com/log\n1\nAAAA\n", "example.com/log\n1\n" + root,
                "\n1\n" + root + "\n", "example.com/log\n1\n" + root + "\n\n"}) {
            assertThatThrownBy(() -> Checkpoint.parse(bad)).as(bad).isInstanceOf(CustodyException.class);
        }
    }

    @Test
    void theSignerNeverSignsTwoInconsistentCheckpointsEvenAfterARestart() throws CustodyException {
        KeyPair keys = Ed25519.generate();
        Path state = dir.resolve("signer-state");
        byte[] r5 = filled(5);
        byte[] r5b = filled(6);
        CheckpointSigner s = new CheckpointSigner("node.example/custody", keys, state);
        CheckpointSigner.RootAt history = size -> size == 5 ? r5 : filled(99);
        String note = s.sign(5, r5, history);
        assertThat(Checkpoint.open(note, s.verifierKey()).size()).isEqualTo(5);
        assertThat(s.sign(5, r5, history)).isNotEmpty(); // the same checkpoint again is fine
        assertThatThrownBy(() -> s.sign(5, r5b, history)).satisfies(e -> assertThat(code(e)).isEqualTo(CustodyError.SIGNER_REFUSED));
        CheckpointSigner restarted = new CheckpointSigner("node.example/custody", keys, state);
        assertThatThrownBy(() -> restarted.sign(4, r5, history)).satisfies(e -> assertThat(code(e)).isEqualTo(CustodyError.SIGNER_REFUSED));
        assertThatThrownBy(() -> restarted.sign(5, r5b, history)).satisfies(e -> assertThat(code(e)).isEqualTo(CustodyError.SIGNER_REFUSED));
        assertThatThrownBy(() -> restarted.sign(7, filled(7), size -> filled(1))).satisfies(e -> assertThat(code(e)).isEqualTo(CustodyError.SIGNER_REFUSED));
        assertThat(restarted.sign(7, filled(7), history)).contains("\n7\n");
        assertThat(restarted.lastSignedSize()).isEqualTo(7);
    }

    private static byte[] filled(int v) {
        byte[] b = new byte[32];
        java.util.Arrays.fill(b, (byte) v);
        return b;
    }
}
