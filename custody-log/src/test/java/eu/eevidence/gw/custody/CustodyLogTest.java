package eu.eevidence.gw.custody;

import eu.eevidence.gw.custody.audit.LogVerifier;
import eu.eevidence.gw.custody.audit.Progress;
import eu.eevidence.gw.custody.note.Checkpoint;
import eu.eevidence.gw.custody.note.Ed25519;
import eu.eevidence.gw.custody.note.NodeKey;
import eu.eevidence.gw.custody.note.SignedNote;
import eu.eevidence.gw.custody.storage.FileLog;
import eu.eevidence.gw.custody.tiles.DirectorySource;
import eu.eevidence.gw.custody.witness.Cosignature;
import eu.eevidence.gw.custody.witness.CosignerKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The facade across a crash: a torn tail must be re-appended before the node may sign again. */
class CustodyLogTest {

    @TempDir
    Path dir;

    @Test
    void afterATornTailTheSignerRefusesUntilTheMissingEntriesAreReAppended() throws Exception {
        KeyPair keys = NodeKey.loadOrCreate(dir.resolve("key/node.key"));
        assertThat(Ed25519.raw(NodeKey.loadOrCreate(dir.resolve("key/node.key")).getPublic())).isEqualTo(Ed25519.raw(keys.getPublic()));
        Path logDir = dir.resolve("log");
        List<byte[]> durableSource = new ArrayList<>();
        try (CustodyLog log = CustodyLog.open(logDir, "node.example/custody", keys)) {
            for (int i = 0; i < 10; i++) {
                byte[] e = ("event-" + i).getBytes(StandardCharsets.US_ASCII);
                durableSource.add(e);
                log.append(e);
            }
            log.publish();
        }
        try (RandomAccessFile f = new RandomAccessFile(logDir.resolve(FileLog.ENTRIES_FILE).toFile(), "rw")) {
            f.setLength(f.length() - 5);
        }
        try (CustodyLog log = CustodyLog.open(logDir, "node.example/custody", keys)) {
            long missing = log.openReport().tornTail().orElseThrow().firstMissingIndex();
            assertThat(missing).isEqualTo(9);
            assertThatThrownBy(log::publish).extracting(e -> ((CustodyException) e).error()).isEqualTo(CustodyError.SIGNER_REFUSED);
            for (long i = missing; i < durableSource.size(); i++) {
                log.appendAt(i, durableSource.get((int) i));
            }
            log.append("event-10".getBytes(StandardCharsets.US_ASCII));
            String note = log.publish();
            assertThat(Checkpoint.open(note, log.verifierKey()).size()).isEqualTo(11);
            assertThat(LogVerifier.verify(new DirectorySource(logDir), log.verifierKey(), Progress.NONE).ok()).isTrue();
        }
        assertThat(Files.readString(dir.resolve("key/node.key"))).doesNotContain("PRIVATE");
    }

    @Test
    void aDifferentHistoryAtASignedSizeIsNeverSigned() throws Exception {
        KeyPair keys = Ed25519.generate();
        Path logDir = dir.resolve("log");
        try (CustodyLog log = CustodyLog.open(logDir, "node.example/custody", keys)) {
            log.append("a".getBytes(StandardCharsets.US_ASCII));
            log.append("b".getBytes(StandardCharsets.US_ASCII));
            log.publish();
        }
        Files.delete(logDir.resolve(FileLog.ENTRIES_FILE)); // the operator replaces the history, keeping the signer state
        try (CustodyLog log = CustodyLog.open(logDir, "node.example/custody", keys)) {
            log.append("x".getBytes(StandardCharsets.US_ASCII));
            log.append("y".getBytes(StandardCharsets.US_ASCII));
            log.append("z".getBytes(StandardCharsets.US_ASCII));
            assertThatThrownBy(log::publish).extracting(e -> ((CustodyException) e).error()).isEqualTo(CustodyError.SIGNER_REFUSED);
        }
    }

    @Test
    void cosignaturesOfAnOlderCheckpointAreDroppedAndThoseOfTheCurrentOneKept() throws Exception {
        KeyPair w = Ed25519.generate();
        CosignerKey wk = CosignerKey.of("w.example/witness",
                Ed25519.raw(w.getPublic()));
        try (CustodyLog l = CustodyLog.open(dir.resolve("cosigned"), "c.example/custody", Ed25519.generate())) {
            l.append("a".getBytes(StandardCharsets.US_ASCII));
            String first = l.publish();
            String line = Cosignature.sign(
                    SignedNote.parse(first).text(), 7, wk, w.getPrivate());
            l.append("b".getBytes(StandardCharsets.US_ASCII));
            String second = l.publish();
            assertThat(l.addCosignatures(first, List.of(line))).isEmpty();
            assertThat(l.checkpoint()).contains(second);
            String line2 = Cosignature.sign(
                    SignedNote.parse(second).text(), 8, wk, w.getPrivate());
            assertThat(l.addCosignatures(second, List.of(line2))).contains(second + line2);
            assertThat(l.publish()).isEqualTo(second + line2);
            l.append("c".getBytes(StandardCharsets.US_ASCII));
            assertThat(l.publish()).doesNotContain("w.example/witness");
        }
    }
}
