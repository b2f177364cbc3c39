package eu.eevidence.gw.custody.audit;

import eu.eevidence.gw.custody.CustodyError;
import eu.eevidence.gw.custody.CustodyException;
import eu.eevidence.gw.custody.CustodyLog;
import eu.eevidence.gw.custody.note.Ed25519;
import eu.eevidence.gw.custody.note.NoteVerifierKey;
import eu.eevidence.gw.custody.note.SignedNote;
import eu.eevidence.gw.custody.tiles.DirectorySource;
import eu.eevidence.gw.custody.tiles.TileLayout;
import eu.eevidence.gw.custody.tiles.ZipSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Tampering with a published log: each case is detected with the first bad index. */
class LogVerifierTest {

    static final String ORIGIN = "node.example/custody";
    static final int SIZE = 1000;

    @TempDir
    Path dir;
    KeyPair keys;
    NoteVerifierKey vkey;

    static byte[] entry(int i) {
        Random r = new Random(i);
        byte[] e = new byte[20 + r.nextInt(200)];
        r.nextBytes(e);
        return e;
    }

    @BeforeEach
    void build() throws CustodyException {
        keys = Ed25519.generate();
        try (CustodyLog log = CustodyLog.open(dir, ORIGIN, keys)) {
            vkey = log.verifierKey();
            java.util.concurrent.CompletableFuture<Long> last = null;
            for (int i = 0; i < SIZE; i++) {
                last = log.storage().appendAsync(entry(i));
                if (i == 299 || i == 700) {
                    last.join();
                    log.publish();
                }
            }
            last.join();
            log.publish();
        }
    }

    private VerifyReport verify() {
        return LogVerifier.verify(new DirectorySource(dir), vkey, Progress.NONE);
    }

    private Path bundle(long n) throws CustodyException {
        return dir.resolve(TileLayout.bundleFor(n * 256, SIZE).path());
    }

    private List<byte[]> read(Path bundle) throws Exception {
        return new ArrayList<>(TileLayout.decodeBundle(Files.readAllBytes(bundle)));
    }

    private void write(Path bundle, List<byte[]> entries) throws Exception {
        Files.write(bundle, TileLayout.encodeBundle(entries));
    }

    @Test
    void anUntouchedLogVerifiesWithProgressAndAsAZipArchive() throws Exception {
        AtomicLong last = new AtomicLong();
        VerifyReport r = LogVerifier.verify(new DirectorySource(dir), vkey, (done, total) -> last.set(done));
        assertThat(r.ok()).as(r.oneLine()).isTrue();
        assertThat(r.checkpoint().get().size()).isEqualTo(SIZE);
        assertThat(last.get()).isEqualTo(SIZE);
        Path zip = dir.resolveSibling(dir.getFileName() + ".zip");
        try (CustodyLog log = CustodyLog.open(dir, ORIGIN, keys); OutputStream out = Files.newOutputStream(zip)) {
            assertThat(log.archive(out)).isGreaterThan(4);
        }
        try (ZipSource z = new ZipSource(zip)) {
            assertThat(LogVerifier.verify(z, vkey, Progress.NONE).ok()).isTrue();
        }
    }

    @Test
    void oneChangedByteInAnEntryIsReportedAtItsIndex() throws Exception {
        Path b = bundle(2);
        List<byte[]> es = read(b);
        es.get(517 - 512)[3] ^= 0x40;
        write(b, es);
        VerifyReport r = verify();
        assertThat(r.ok()).isFalse();
        assertThat(r.code()).isEqualTo(CustodyError.LOG_MISMATCH);
        assertThat(r.firstBadIndex()).hasValue(517);
        assertThat(r.oneLine()).contains("first bad index 517");
    }

    @Test
    void aDeletedTailIsReportedAtTheFirstMissingIndex() throws Exception {
        Files.delete(bundle(3));
        VerifyReport r = verify();
        assertThat(r.ok()).isFalse();
        assertThat(r.firstBadIndex()).hasValue(768);
    }

    @Test
    void aTruncatedBundleIsReportedAtTheFirstLostEntry() throws Exception {
        Path b = bundle(1);
        List<byte[]> es = read(b);
        write(b, es.subList(0, 100));
        assertThat(verify().firstBadIndex()).hasValue(356);
    }

    @Test
    void reorderedEntriesAreReportedAtTheFirstMovedOne() throws Exception {
        Path b = bundle(0);
        List<byte[]> es = read(b);
        byte[] t = es.get(10);
        es.set(10, es.get(11));
        es.set(11, t);
        write(b, es);
        assertThat(verify().firstBadIndex()).hasValue(10);
    }

    @Test
    void anInsertedEntryIsReportedWhereItWasInserted() throws Exception {
        Path b = bundle(0);
        List<byte[]> es = read(b);
        es.add(20, "forged".getBytes(StandardCharsets.US_ASCII));
        write(b, es);
        VerifyReport r = verify();
        assertThat(r.firstBadIndex()).hasValue(20);
    }

    @Test
    void aForgedCheckpointIsRefused() throws Exception {
        Path cp = dir.resolve("checkpoint");
        String note = Files.readString(cp);
        String text = SignedNote.parse(note).text();
        String[] lines = text.split("\n");
        byte[] root = Base64.getDecoder().decode(lines[2]);
        root[0] ^= 1;
        Files.writeString(cp, note.replace(lines[2], Base64.getEncoder().encodeToString(root)));
        VerifyReport r = verify();
        assertThat(r.ok()).isFalse();
        assertThat(r.code()).isEqualTo(CustodyError.NOTE_SIGNATURE);

        KeyPair mallory = Ed25519.generate();
        NoteVerifierKey mk = NoteVerifierKey.of(ORIGIN, Ed25519.raw(mallory.getPublic()));
        Files.writeString(cp, SignedNote.sign(text.replace("\n1000\n", "\n999\n"), mk, mallory.getPrivate()));
        assertThat(verify().code()).isEqualTo(CustodyError.NOTE_SIGNATURE);
        Files.delete(cp);
        assertThat(verify().code()).isEqualTo(CustodyError.FETCH_FAILED);
    }

    @Test
    void anEntryChangedWithTilesRecomputedToMatchIsStillCaught() throws Exception {
        // the operator rewrites an entry and regenerates every tile, but cannot re-sign the old checkpoint
        Path b = bundle(1);
        List<byte[]> es = read(b);
        es.get(44)[0] ^= 1;
        write(b, es);
        Path other = dir.resolveSibling("rebuilt");
        try (CustodyLog rebuilt = CustodyLog.open(other, ORIGIN, Ed25519.generate())) {
            java.util.concurrent.CompletableFuture<Long> last = null;
            for (int n = 0; n < 4; n++) {
                for (byte[] e : read(bundle(n))) {
                    last = rebuilt.storage().appendAsync(e);
                }
            }
            last.join();
            rebuilt.publish();
        }
        try (var tiles = Files.walk(other.resolve("tile"))) {
            for (Path p : tiles.filter(Files::isRegularFile).toList()) {
                Path target = dir.resolve(other.relativize(p).toString());
                Files.createDirectories(target.getParent());
                Files.copy(p, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        VerifyReport r = verify();
        assertThat(r.ok()).isFalse();
        assertThat(r.code()).isEqualTo(CustodyError.LOG_MISMATCH);
        assertThat(r.firstBadIndex().getAsLong()).isLessThanOrEqualTo(256 + 44);
    }
}
