package eu.eevidence.gw.custody.witness;

import eu.eevidence.gw.custody.CustodyError;
import eu.eevidence.gw.custody.CustodyException;
import eu.eevidence.gw.custody.merkle.MerkleTrees;
import eu.eevidence.gw.custody.merkle.Rfc6962;
import eu.eevidence.gw.custody.merkle.TreeHashes;
import eu.eevidence.gw.custody.note.Checkpoint;
import eu.eevidence.gw.custody.note.Ed25519;
import eu.eevidence.gw.custody.note.NoteVerifierKey;
import eu.eevidence.gw.custody.note.SignedNote;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** tlog-witness add-checkpoint: every refusal with its status, then acceptance, with the cosignature bytes checked by hand. */
class WitnessTest {

    static final String ORIGIN = "log.example/custody";
    static final long NOW = 1_796_000_000L;

    KeyPair logKeys;
    NoteVerifierKey logKey;
    KeyPair witnessKeys;
    CosignerKey witnessKey;
    TreeHashes tree = new TreeHashes();
    MemoryState state = new MemoryState();
    Witness witness;

    /** An in-memory compare-and-set state. */
    static final class MemoryState implements Witness.State {
        final Map<String, Witness.Seen> map = new HashMap<>();

        @Override
        public Optional<Witness.Seen> latest(String origin) {
            return Optional.ofNullable(map.get(origin));
        }

        @Override
        public boolean replace(String origin, Optional<Witness.Seen> expected, Witness.Seen next) {
            Witness.Seen cur = map.get(origin);
            if (expected.isPresent() != (cur != null) || (cur != null && cur.size() != expected.get().size())) {
                return false;
            }
            map.put(origin, next);
            return true;
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        logKeys = Ed25519.generate();
        logKey = NoteVerifierKey.of(ORIGIN, Ed25519.raw(logKeys.getPublic()));
        witnessKeys = Ed25519.generate();
        witnessKey = CosignerKey.of("witness.example/w1", Ed25519.raw(witnessKeys.getPublic()));
        witness = new Witness(witnessKey, witnessKeys.getPrivate(), Map.of(ORIGIN, logKey), state,
                Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC));
        grow(5);
    }

    void grow(int n) {
        for (int i = 0; i < n; i++) {
            tree.appendLeafHash(Rfc6962.leafHash(("entry-" + tree.size()).getBytes(StandardCharsets.US_ASCII)));
        }
    }

    String checkpoint(long size, byte[] root, KeyPair keys) throws CustodyException {
        return SignedNote.sign(Checkpoint.of(ORIGIN, size, root).body(), NoteVerifierKey.of(ORIGIN, Ed25519.raw(keys.getPublic())), keys.getPrivate());
    }

    String current() throws CustodyException {
        return checkpoint(tree.size(), MerkleTrees.root(tree, tree.size()), logKeys);
    }

    byte[] request(long old, String note) throws CustodyException {
        List<byte[]> proof = old == 0 ? List.of() : MerkleTrees.consistencyProof(tree, old, tree.size());
        return new AddCheckpoint(old, proof, note).encode();
    }

    @Test
    void malformedBodiesAre400() throws Exception {
        for (String body : List.of("", "old 5\n", "old 05\n\n" + current(), "old -1\n\n" + current(), "new 0\n\n" + current(),
                "old 0\nnot-base64!\n\n" + current(), "old 0\n\nnot a note\n")) {
            Witness.Answer a = witness.add(body.getBytes(StandardCharsets.UTF_8));
            assertThat(a.status()).as(body).isEqualTo(400);
            assertThat(a.refusal()).isEqualTo(Witness.Refusal.MALFORMED);
        }
        StringBuilder tooLong = new StringBuilder("old 0\n");
        for (int i = 0; i < 64; i++) {
            tooLong.append(Base64.getEncoder().encodeToString(new byte[32])).append('\n');
        }
        assertThat(witness.add((tooLong + "\n" + current()).getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(400);
        assertThat(state.map).isEmpty();
    }

    @Test
    void unknownLogIs404() throws Exception {
        KeyPair other = Ed25519.generate();
        String note = SignedNote.sign(Checkpoint.of("other.example/log", 5, MerkleTrees.root(tree, 5)).body(),
                NoteVerifierKey.of("other.example/log", Ed25519.raw(other.getPublic())), other.getPrivate());
        Witness.Answer a = witness.add(request(0, note));
        assertThat(a.status()).isEqualTo(404);
        assertThat(a.refusal()).isEqualTo(Witness.Refusal.UNKNOWN_LOG);
    }

    @Test
    void badSignatureIs403() throws Exception {
        Witness.Answer a = witness.add(request(0, checkpoint(5, MerkleTrees.root(tree, 5), Ed25519.generate())));
        assertThat(a.status()).isEqualTo(403);
        String tampered = current().replace("\n5\n", "\n4\n");
        assertThat(witness.add(request(0, tampered)).status()).isEqualTo(403);
        assertThat(state.map).isEmpty();
    }

    @Test
    void oldSizeAboveCheckpointSizeIs400() throws Exception {
        Witness.Answer a = witness.add(new AddCheckpoint(6, List.of(), current()).encode());
        assertThat(a.status()).isEqualTo(400);
    }

    @Test
    void wrongOldSizeIs409WithTheKnownSize() throws Exception {
        assertThat(witness.add(request(0, current())).status()).isEqualTo(200);
        grow(3);
        Witness.Answer a = witness.add(new AddCheckpoint(0, List.of(), current()).encode());
        assertThat(a.status()).isEqualTo(409);
        assertThat(a.refusal()).isEqualTo(Witness.Refusal.OLD_SIZE);
        assertThat(a.sizeBody()).isEqualTo("5\n");
        assertThat(CosignedCheckpoint.knownSize(a.sizeBody())).isEqualTo(5);
        assertThat(a.refusal().misbehaviour()).isFalse();
    }

    @Test
    void rollbackIsRefused() throws Exception {
        grow(3);
        assertThat(witness.add(request(0, current())).status()).isEqualTo(200);
        String older = checkpoint(5, MerkleTrees.root(tree, 5), logKeys);
        Witness.Answer a = witness.add(new AddCheckpoint(5, List.of(), older).encode());
        assertThat(a.status()).isEqualTo(409);
        assertThat(a.refusal()).isEqualTo(Witness.Refusal.ROLLBACK);
        assertThat(a.refusal().misbehaviour()).isTrue();
        assertThat(a.checkpoint()).isPresent();
        assertThat(state.map.get(ORIGIN).size()).isEqualTo(8);
    }

    @Test
    void forkIsRefused() throws Exception {
        assertThat(witness.add(request(0, current())).status()).isEqualTo(200);
        byte[] otherRoot = MessageDigest.getInstance("SHA-256").digest("another tree".getBytes(StandardCharsets.US_ASCII));
        Witness.Answer a = witness.add(new AddCheckpoint(5, List.of(), checkpoint(5, otherRoot, logKeys)).encode());
        assertThat(a.status()).isEqualTo(409);
        assertThat(a.refusal()).isEqualTo(Witness.Refusal.FORK);
        assertThat(a.sizeBody()).isEqualTo("5\n");
        assertThat(Rfc6962.same(state.map.get(ORIGIN).root(), MerkleTrees.root(tree, 5))).isTrue();
    }

    @Test
    void badProofIs422() throws Exception {
        assertThat(witness.add(request(0, current())).status()).isEqualTo(200);
        grow(4);
        List<byte[]> proof = new java.util.ArrayList<>(MerkleTrees.consistencyProof(tree, 5, 9));
        byte[] first = proof.get(0).clone();
        first[0] ^= 1;
        proof.set(0, first);
        Witness.Answer a = witness.add(new AddCheckpoint(5, proof, current()).encode());
        assertThat(a.status()).isEqualTo(422);
        assertThat(a.refusal()).isEqualTo(Witness.Refusal.BAD_PROOF);
        // a fork that grew: same first entries signed differently cannot prove consistency either
        TreeHashes forked = new TreeHashes();
        for (int i = 0; i < 9; i++) {
            forked.appendLeafHash(Rfc6962.leafHash(("forked-" + i).getBytes(StandardCharsets.US_ASCII)));
        }
        String forkNote = checkpoint(9, MerkleTrees.root(forked, 9), logKeys);
        assertThat(witness.add(new AddCheckpoint(5, MerkleTrees.consistencyProof(forked, 5, 9), forkNote).encode()).status()).isEqualTo(422);
        assertThat(witness.add(new AddCheckpoint(5, List.of(), current()).encode()).status()).isEqualTo(422);
        assertThat(state.map.get(ORIGIN).size()).isEqualTo(5);
    }

    @Test
    void acceptsThenConsistentUpdatesWithTimestampedCosignatures() throws Exception {
        String note5 = current();
        Witness.Answer a = witness.add(request(0, note5));
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.cosignatures()).startsWith("\u2014 witness.example/w1 ").endsWith("\n");
        checkByHand(note5, a.cosignatures());
        grow(300);
        String note305 = current();
        Witness.Answer b = witness.add(request(5, note305));
        assertThat(b.status()).as(b.detail()).isEqualTo(200);
        checkByHand(note305, b.cosignatures());
        assertThat(state.map.get(ORIGIN).size()).isEqualTo(305);
        // the same checkpoint again: cosigned again, state unchanged
        assertThat(witness.add(new AddCheckpoint(305, List.of(), note305).encode()).status()).isEqualTo(200);

        String merged = CosignedCheckpoint.merge(note305, CosignedCheckpoint.accept(note305, b.cosignatures(), witnessKey));
        assertThat(SignedNote.open(merged, List.of(logKey))).isEqualTo(SignedNote.parse(note305).text());
        WitnessPolicy.Check check = WitnessPolicy.of(List.of(witnessKey), 1).check(merged);
        assertThat(check.satisfied()).isTrue();
        assertThat(check.cosigned().get(0).time()).isEqualTo(NOW);
        assertThat(CosignedCheckpoint.merge(merged, CosignedCheckpoint.accept(note305, b.cosignatures(), witnessKey))).isEqualTo(merged);
    }

    /** The signature line decoded and verified with the JDK alone, over a message written out by hand. */
    private void checkByHand(String note, String line) throws Exception {
        String[] parts = line.substring(0, line.length() - 1).split(" ");
        assertThat(parts).hasSize(3);
        assertThat(parts[0]).isEqualTo("\u2014");
        byte[] blob = Base64.getDecoder().decode(parts[2]);
        assertThat(blob).hasSize(4 + 8 + 64);
        byte[] id = Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(concat(
                "witness.example/w1\n".getBytes(StandardCharsets.UTF_8), new byte[] {0x04}, Ed25519.raw(witnessKeys.getPublic()))), 4);
        assertThat(Arrays.copyOf(blob, 4)).isEqualTo(id);
        assertThat(ByteBuffer.wrap(blob, 4, 8).getLong()).isEqualTo(NOW);
        String body = note.substring(0, note.indexOf("\n\n") + 1);
        String message = "cosignature/v1\ntime " + NOW + "\n" + body;
        assertThat(message).startsWith("cosignature/v1\ntime 1796000000\nlog.example/custody\n");
        Signature v = Signature.getInstance("Ed25519");
        v.initVerify(witnessKeys.getPublic());
        v.update(message.getBytes(StandardCharsets.UTF_8));
        assertThat(v.verify(Arrays.copyOfRange(blob, 12, 76))).isTrue();
        // and the same bytes are not a valid plain note signature by a log key of the same public key (type 0x04 vs 0x01)
        NoteVerifierKey asLogKey = NoteVerifierKey.of("witness.example/w1", Ed25519.raw(witnessKeys.getPublic()));
        assertThat(asLogKey.keyId()).isNotEqualTo(witnessKey.keyId());
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    @Test
    void cosignerKeysRoundTripAndRejectLogKeys() throws Exception {
        assertThat(CosignerKey.parse(witnessKey.encode())).isEqualTo(witnessKey);
        assertThatThrownBy(() -> CosignerKey.parse(logKey.encode())).isInstanceOf(CustodyException.class)
                .extracting(e -> ((CustodyException) e).error()).isEqualTo(CustodyError.VKEY_MALFORMED);
        String wrongId = witnessKey.encode().replace("+" + witnessKey.keyIdHex() + "+", "+00000000+");
        assertThatThrownBy(() -> CosignerKey.parse(wrongId)).isInstanceOf(CustodyException.class);
    }

    @Test
    void policyCountsOnlyVerifiedCosignaturesOfItsWitnesses() throws Exception {
        String note = current();
        String line = witness.add(request(0, note)).cosignatures();
        KeyPair other = Ed25519.generate();
        CosignerKey otherKey = CosignerKey.of("witness.example/w2", Ed25519.raw(other.getPublic()));
        String cosigned = CosignedCheckpoint.merge(note, List.of(line));
        WitnessPolicy both = WitnessPolicy.parse("# two of two\nwitness " + witnessKey.encode() + "\nwitness " + otherKey.encode() + "\nthreshold 2\n");
        WitnessPolicy.Check c = both.check(cosigned);
        assertThat(c.satisfied()).isFalse();
        assertThat(c.cosigned()).extracting(x -> x.witness().name()).containsExactly("witness.example/w1");
        assertThat(c.missing()).containsExactly(otherKey);
        String second = Cosignature.sign(SignedNote.parse(note).text(), NOW, otherKey, other.getPrivate());
        WitnessPolicy.Check c2 = both.check(CosignedCheckpoint.merge(cosigned, List.of(second)));
        assertThat(c2.satisfied()).isTrue();
        String tamperedTime = CosignedCheckpoint.merge(note, List.of(line.substring(0, line.length() - 40)
                + (line.charAt(line.length() - 40) == 'A' ? 'B' : 'A') + line.substring(line.length() - 39)));
        assertThat(WitnessPolicy.of(List.of(witnessKey), 1).check(tamperedTime).satisfied()).isFalse();
        assertThatThrownBy(() -> WitnessPolicy.parse("witness " + witnessKey.encode() + "\nthreshold 2\n")).isInstanceOf(CustodyException.class);
        assertThatThrownBy(() -> CosignedCheckpoint.accept(note, line, otherKey)).isInstanceOf(CustodyException.class);
    }
}
