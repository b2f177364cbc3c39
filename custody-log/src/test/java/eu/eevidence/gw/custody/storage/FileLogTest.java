package eu.eevidence.gw.custody.storage;

import eu.eevidence.gw.custody.CustodyError;
import eu.eevidence.gw.custody.CustodyException;
import eu.eevidence.gw.custody.merkle.MerkleTrees;
import eu.eevidence.gw.custody.merkle.ProofVerifier;
import eu.eevidence.gw.custody.merkle.Rfc6962;
import eu.eevidence.gw.custody.merkle.TreeHashes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileLogTest {

    @TempDir
    Path dir;

    static byte[] entry(int i) {
        return ("entry-" + i).getBytes(StandardCharsets.US_ASCII);
    }

    private void fill(int n) throws CustodyException {
        try (FileLog log = FileLog.open(dir)) {
            for (int i = 0; i < n; i++) {
                assertThat(log.append(entry(i))).isEqualTo(i);
            }
        }
    }

    @Test
    void rejectsEmptyAndOversizedEntries() throws CustodyException {
        try (FileLog log = FileLog.open(dir)) {
            assertThatThrownBy(() -> log.append(new byte[0])).extracting(e -> ((CustodyException) e).error()).isEqualTo(CustodyError.ENTRY_SIZE);
            assertThatThrownBy(() -> log.append(new byte[65_536])).extracting(e -> ((CustodyException) e).error()).isEqualTo(CustodyError.ENTRY_SIZE);
            assertThat(log.append(new byte[65_535])).isZero();
        }
    }

    @Test
    void aSecondOpenerIsRefused() throws CustodyException {
        try (FileLog log = FileLog.open(dir)) {
            assertThatThrownBy(() -> FileLog.open(dir)).extracting(e -> ((CustodyException) e).error()).isEqualTo(CustodyError.STORAGE_LOCKED);
        }
    }

    @Test
    void proofsRejectSizesBeyondTheLogAndUnsignedOverflow() throws CustodyException {
        fill(10);
        try (FileLog log = FileLog.open(dir)) {
            assertThatThrownBy(() -> log.root(11)).extracting(e -> ((CustodyException) e).error()).isEqualTo(CustodyError.RANGE);
            assertThatThrownBy(() -> log.inclusionProof(-1L, 10)).extracting(e -> ((CustodyException) e).error()).isEqualTo(CustodyError.RANGE);
            assertThatThrownBy(() -> log.root(-1L)).extracting(e -> ((CustodyException) e).error()).isEqualTo(CustodyError.RANGE);
            assertThatThrownBy(() -> log.appendAt(-1L, entry(1))).extracting(e -> ((CustodyException) e).error()).isEqualTo(CustodyError.RANGE);
        }
    }

    @Test
    void appendsAreDurableAcrossReopenWithTheSameTree() throws CustodyException {
        fill(600);
        try (FileLog log = FileLog.open(dir)) {
            assertThat(log.openReport().tornTail()).isEmpty();
            assertThat(log.size()).isEqualTo(600);
            TreeHashes ref = new TreeHashes();
            for (int i = 0; i < 600; i++) {
                ref.appendLeafHash(Rfc6962.leafHash(entry(i)));
            }
            assertThat(log.root(600)).isEqualTo(MerkleTrees.root(ref, 600));
            assertThat(log.root(257)).isEqualTo(MerkleTrees.root(ref, 257));
            assertThat(log.entry(599)).isEqualTo(entry(599));
            assertThat(log.entries(250, 10)).hasSize(10);
            List<byte[]> proof = log.inclusionProof(300, 600);
            assertThat(ProofVerifier.verifyInclusion(300, 600, Rfc6962.leafHash(entry(300)), proof, log.root(600)).ok()).isTrue();
            List<byte[]> c = log.consistencyProof(100, 600);
            assertThat(ProofVerifier.verifyConsistency(100, 600, log.root(100), log.root(600), c).ok()).isTrue();
            assertThat(log.tileHashes(1, 0, 2)).hasSize(64);
        }
    }

    @Test
    void concurrentWritersGetGapFreeUniqueIndicesInBatches() throws Exception {
        int threads = 8;
        int per = 250;
        try (FileLog log = FileLog.open(dir)) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<Long>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int tt = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    List<Long> got = new ArrayList<>();
                    for (int i = 0; i < per; i++) {
                        got.add(log.append(("t" + tt + "-" + i).getBytes(StandardCharsets.US_ASCII)));
                    }
                    return got;
                }));
            }
            start.countDown();
            Set<Long> all = Collections.synchronizedSet(new HashSet<>());
            for (Future<List<Long>> f : futures) {
                List<Long> got = f.get(60, TimeUnit.SECONDS);
                assertThat(got).isSorted();
                all.addAll(got);
            }
            pool.shutdown();
            assertThat(all).hasSize(threads * per);
            assertThat(all).allMatch(i -> i >= 0 && i < threads * per);
            assertThat(log.size()).isEqualTo(threads * per);
        }
        try (FileLog log = FileLog.open(dir)) {
            assertThat(log.size()).isEqualTo(threads * per);
        }
    }

    private Path file() {
        return dir.resolve(FileLog.ENTRIES_FILE);
    }

    private void truncateBy(long bytes) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file().toFile(), "rw")) {
            f.setLength(f.length() - bytes);
        }
    }

    @Test
    void aTornLastRecordIsCutOffReportedAndReAppendedInOrder() throws Exception {
        fill(20);
        truncateBy(10); // mid-record: the last record lost its hash tail
        try (FileLog log = FileLog.open(dir)) {
            OpenReport r = log.openReport();
            assertThat(r.size()).isEqualTo(19);
            assertThat(r.tornTail()).isPresent();
            assertThat(r.tornTail().get().firstMissingIndex()).isEqualTo(19);
            assertThat(r.tornTail().get().droppedBytes()).isEqualTo(4 + entry(19).length + 32 - 10);
            assertThat(r.tornTail().get().oneLine()).startsWith("EEG-CUS-008");
            assertThatThrownBy(() -> log.appendAt(20, entry(20))).extracting(e -> ((CustodyException) e).error()).isEqualTo(CustodyError.APPEND_ORDER);
            assertThat(log.appendAt(19, entry(19))).isEqualTo(19);
            assertThat(log.append(entry(20))).isEqualTo(20);
        }
        try (FileLog log = FileLog.open(dir)) {
            assertThat(log.openReport().tornTail()).isEmpty();
            assertThat(log.size()).isEqualTo(21);
            assertThat(log.entry(19)).isEqualTo(entry(19));
        }
    }

    @Test
    void aTornLengthAZeroFilledTailAndABadLastHashAreTornTails() throws Exception {
        fill(5);
        long good = Files.size(file());
        Files.write(file(), new byte[] {0, 0}, java.nio.file.StandardOpenOption.APPEND);
        try (FileLog log = FileLog.open(dir)) {
            assertThat(log.openReport().tornTail()).isPresent();
            assertThat(log.size()).isEqualTo(5);
        }
        assertThat(Files.size(file())).isEqualTo(good);
        Files.write(file(), new byte[4096], java.nio.file.StandardOpenOption.APPEND);
        try (FileLog log = FileLog.open(dir)) {
            assertThat(log.openReport().tornTail().get().droppedBytes()).isEqualTo(4096);
        }
        flipByte(Files.size(file()) - 1); // last record's hash
        try (FileLog log = FileLog.open(dir)) {
            assertThat(log.openReport().tornTail().get().firstMissingIndex()).isEqualTo(4);
            assertThat(log.size()).isEqualTo(4);
        }
    }

    @Test
    void aBadRecordInTheMiddleRefusesToOpenAndDropsNothing() throws Exception {
        fill(5);
        long before = Files.size(file());
        flipByte(8 + 4 + 1); // a byte inside entry 0
        assertThatThrownBy(() -> FileLog.open(dir)).isInstanceOf(CustodyException.class)
                .satisfies(e -> {
                    assertThat(((CustodyException) e).error()).isEqualTo(CustodyError.STORAGE_CORRUPT);
                    assertThat(e.getMessage()).contains("record 0");
                });
        assertThat(Files.size(file())).isEqualTo(before);
    }

    @Test
    void aForeignFileIsRefused() throws Exception {
        Files.writeString(file(), "not a custody log at all");
        assertThatThrownBy(() -> FileLog.open(dir)).extracting(e -> ((CustodyException) e).error()).isEqualTo(CustodyError.STORAGE_CORRUPT);
    }

    @Test
    void appendsAfterCloseFailWithACode() throws CustodyException {
        FileLog log = FileLog.open(dir);
        log.close();
        assertThatThrownBy(() -> log.append(entry(1))).extracting(e -> ((CustodyException) e).error()).isEqualTo(CustodyError.LOG_CLOSED);
    }

    private void flipByte(long at) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file().toFile(), "rw")) {
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0x01);
        }
    }
}
