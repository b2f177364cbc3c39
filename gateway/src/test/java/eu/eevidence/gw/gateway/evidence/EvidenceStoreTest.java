package eu.eevidence.gw.gateway.evidence;

import eu.eevidence.gw.pki.CmsProfile;
import eu.eevidence.gw.pki.DevPki;
import eu.eevidence.gw.pki.IssueRequest;
import eu.eevidence.gw.pki.KeyKind;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.pki.TrustAnchors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The evidence store on its own: negative cases first, then storing once, parts in any order, a large item streamed. */
class EvidenceStoreTest {

    static KeyMaterial node;
    static TrustAnchors trust;
    static DevPki pki;
    @TempDir
    Path dir;
    EvidenceStore store;

    @BeforeAll
    static void pki(@TempDir Path pkiDir) throws Exception {
        pki = DevPki.loadOrCreate(pkiDir, Clock.systemUTC());
        node = pki.issue(new IssueRequest("node", Role.NODE, List.of(), KeyKind.EC_P256, Duration.ofDays(30), false, false));
        trust = TrustAnchors.of(List.of(pki.rootCertificate()));
    }

    @BeforeEach
    void open() throws Exception {
        store = new EvidenceStore(dir, new CmsProfile(Clock.systemUTC()), node, trust);
    }

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static String sha(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    private long filesUnder(String sub) throws IOException {
        try (Stream<Path> s = Files.walk(dir.resolve("evidence").resolve(sub))) {
            return s.filter(Files::isRegularFile).count();
        }
    }

    private static String code(ThrowingCall call) {
        try {
            call.run();
        } catch (EvidenceException e) {
            return e.code();
        } catch (Exception e) {
            throw new AssertionError("expected an EvidenceException, got " + e, e);
        }
        throw new AssertionError("expected an EvidenceException");
    }

    interface ThrowingCall {
        void run() throws Exception;
    }

    @Test
    void contentThatIsNotTheDeclaredOneIsRefusedAndNothingStays() throws Exception {
        byte[] data = random(200_000, 1);
        String right = sha(data);
        String wrong = sha(random(10, 2));
        assertThat(code(() -> store.put(new ByteArrayInputStream(data), data.length, wrong, null))).isEqualTo("EEG-EVD-DIGEST");
        assertThat(code(() -> store.put(new ByteArrayInputStream(data), data.length - 1, right, null))).isEqualTo("EEG-EVD-SIZE");
        assertThat(code(() -> store.put(new ByteArrayInputStream(data), data.length + 1, right, null))).isEqualTo("EEG-EVD-SIZE");
        assertThat(filesUnder("items")).isZero();
        assertThat(filesUnder("tmp")).isZero();
        assertThat(store.contains(right)).isFalse();
    }

    @Test
    void aPartWithAWrongDigestOrSizeIsRefusedAndNothingStays() throws Exception {
        byte[] part = random(50_000, 3);
        assertThat(code(() -> store.putPart("UPL-1", 1, new ByteArrayInputStream(part), part.length, sha(random(5, 4))))).isEqualTo("EEG-EVD-PART-DIGEST");
        assertThat(code(() -> store.putPart("UPL-1", 1, new ByteArrayInputStream(part), part.length - 1, sha(part)))).isEqualTo("EEG-EVD-PART-SIZE");
        assertThat(code(() -> store.putPart("UPL-1", 1, new ByteArrayInputStream(part), part.length + 1, sha(part)))).isEqualTo("EEG-EVD-PART-SIZE");
        assertThat(store.hasPart("UPL-1", 1)).isFalse();
        assertThat(filesUnder("parts")).isZero();
        assertThat(filesUnder("tmp")).isZero();
    }

    @Test
    void aTamperedOrSwappedFileIsDetectedOnReadAndNothingIsReleased() throws Exception {
        byte[] a = random(300_000, 5);
        byte[] b = random(1000, 6);
        EvidenceStore.Stored sa = store.put(new ByteArrayInputStream(a), a.length, sha(a), null);
        EvidenceStore.Stored sb = store.put(new ByteArrayInputStream(b), b.length, sha(b), null);
        Path fa = store.itemFile(sha(a));

        // a bit flip in the ciphertext
        byte[] bytes = Files.readAllBytes(fa);
        bytes[bytes.length / 2] ^= 1;
        Files.write(fa, bytes);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(code(() -> store.read(sa.sha256(), sa.cmsSha256(), out))).isEqualTo("EEG-EVD-TAMPERED");
        // the same flip, with the recorded file hash forged too: the GCM tag / signature catch it
        String forged = EvidenceStore.sha256(Files.newInputStream(fa));
        assertThat(code(() -> store.read(sa.sha256(), forged, out))).isEqualTo("EEG-EVD-TAMPERED");
        // another valid node file put in its place
        Files.copy(store.itemFile(sha(b)), fa, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThat(code(() -> store.read(sa.sha256(), sa.cmsSha256(), out))).isEqualTo("EEG-EVD-TAMPERED");
        assertThat(out.size()).isZero();
        // with the database record forged as well, the content check still refuses (after the fact: ADR-0010)
        assertThat(code(() -> store.read(sa.sha256(), sb.cmsSha256(), new ByteArrayOutputStream()))).isEqualTo("EEG-EVD-TAMPERED");
        // a missing file
        Files.delete(fa);
        assertThat(code(() -> store.read(sa.sha256(), sa.cmsSha256(), out))).isEqualTo("EEG-EVD-MISSING");
    }

    @Test
    void storedEncryptedReadBackAndStoredOnceByContent() throws Exception {
        byte[] data = ("a plaintext marker that must not appear at rest " + "x".repeat(5000)).getBytes();
        EvidenceStore.Stored first = store.put(new ByteArrayInputStream(data), data.length, sha(data), null);
        assertThat(first.duplicate()).isFalse();
        byte[] atRest = Files.readAllBytes(store.itemFile(sha(data)));
        assertThat(new String(atRest, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("plaintext marker");

        EvidenceStore.Stored again = store.put(new ByteArrayInputStream(data), data.length, sha(data), first.cmsSha256());
        assertThat(again.duplicate()).isTrue();
        assertThat(again.cmsSha256()).isEqualTo(first.cmsSha256());
        assertThat(filesUnder("items")).isEqualTo(1);
        // a duplicate is still checked
        assertThat(code(() -> store.put(new ByteArrayInputStream(random(data.length, 9)), data.length, sha(data), first.cmsSha256())))
                .isEqualTo("EEG-EVD-DIGEST");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(store.read(sha(data), first.cmsSha256(), out)).isEqualTo(data.length);
        assertThat(out.toByteArray()).isEqualTo(data);
    }

    @Test
    void partsStoredInAnyOrderAreAssembledInOrder() throws Exception {
        byte[] data = random(250_000, 10);
        int partSize = 100_000;
        int[] order = {3, 1, 2};
        for (int n : order) {
            int from = (n - 1) * partSize;
            byte[] part = java.util.Arrays.copyOfRange(data, from, Math.min(data.length, from + partSize));
            store.putPart("UPL-2", n, new ByteArrayInputStream(part), part.length, sha(part));
        }
        // a part sent again (after a broken connection) replaces the earlier one
        byte[] p1 = java.util.Arrays.copyOfRange(data, 0, partSize);
        store.putPart("UPL-2", 1, new ByteArrayInputStream(p1), p1.length, sha(p1));
        EvidenceStore.Stored s;
        try (InputStream all = store.concatenatedParts("UPL-2", 3)) {
            s = store.put(all, data.length, sha(data), null);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        store.read(s.sha256(), s.cmsSha256(), out);
        assertThat(out.toByteArray()).isEqualTo(data);
        store.deleteParts("UPL-2");
        assertThat(filesUnder("parts")).isZero();
    }

    @Test
    void partsInTheWrongOrderFailTheWholeDigest() throws Exception {
        byte[] data = random(20_000, 11);
        byte[] p1 = java.util.Arrays.copyOfRange(data, 0, 10_000);
        byte[] p2 = java.util.Arrays.copyOfRange(data, 10_000, 20_000);
        store.putPart("UPL-3", 1, new ByteArrayInputStream(p2), p2.length, sha(p2));
        store.putPart("UPL-3", 2, new ByteArrayInputStream(p1), p1.length, sha(p1));
        assertThat(code(() -> {
            try (InputStream all = store.concatenatedParts("UPL-3", 2)) {
                store.put(all, data.length, sha(data), null);
            }
        })).isEqualTo("EEG-EVD-DIGEST");
        assertThat(store.contains(sha(data))).isFalse();
    }

    @Test
    void aLargeItemIsStreamedThroughAndBack() throws Exception {
        long size = 24L << 20;
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (InputStream in = generated(size)) {
            byte[] buf = new byte[65536];
            int n;
            while ((n = in.read(buf)) >= 0) {
                md.update(buf, 0, n);
            }
        }
        String sha = HexFormat.of().formatHex(md.digest());
        long t0 = System.nanoTime();
        EvidenceStore.Stored s;
        try (InputStream in = generated(size)) {
            s = store.put(in, size, sha, null);
        }
        long t1 = System.nanoTime();
        MessageDigest back = MessageDigest.getInstance("SHA-256");
        long n = store.read(sha, s.cmsSha256(), new OutputStream() {
            @Override
            public void write(int b) {
                back.update((byte) b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                back.update(b, off, len);
            }
        });
        long t2 = System.nanoTime();
        assertThat(n).isEqualTo(size);
        assertThat(HexFormat.of().formatHex(back.digest())).isEqualTo(sha);
        System.out.printf("EvidenceStoreTest: %d MiB stored in %d ms, read back in %d ms%n", size >> 20, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
    }

    @Test
    void anOperatorOpensAStoredItemWithOpenSslAndTheNodeKey() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(opensslAvailable(), "openssl not installed");
        byte[] data = random(100_000, 12);
        store.put(new ByteArrayInputStream(data), data.length, sha(data), null);
        Path wd = Files.createDirectories(dir.resolve("ossl"));
        Files.writeString(wd.resolve("node.pem"), eu.eevidence.gw.pki.Certificates.toPem(node.certificate()));
        Files.writeString(wd.resolve("node.key"), eu.eevidence.gw.pki.Certificates.privateKeyToPem(node.privateKey())); // minted at test time
        Files.writeString(wd.resolve("root.pem"), eu.eevidence.gw.pki.Certificates.toPem(pki.rootCertificate()));
        openssl(wd, "cms", "-decrypt", "-inform", "DER", "-in", store.itemFile(sha(data)).toString(), "-recip", "node.pem", "-inkey", "node.key",
                "-out", "signed.der");
        openssl(wd, "cms", "-verify", "-inform", "DER", "-in", "signed.der", "-CAfile", "root.pem", "-purpose", "any", "-out", "content.bin");
        assertThat(Files.readAllBytes(wd.resolve("content.bin"))).isEqualTo(data);
    }

    static boolean opensslAvailable() {
        try {
            return new ProcessBuilder("openssl", "version").start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    static void openssl(Path wd, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(wd.toFile()).redirectErrorStream(true).redirectOutput(wd.resolve("openssl.log").toFile()).start();
        assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("openssl %s: %s", String.join(" ", args), Files.readString(wd.resolve("openssl.log"))).isZero();
    }

    /** Deterministic pseudo-random bytes made on the fly (never held in memory). */
    static InputStream generated(long size) {
        return new InputStream() {
            private final Random r = new Random(42);
            private long left = size;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left == 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                byte[] chunk = new byte[n];
                r.nextBytes(chunk);
                System.arraycopy(chunk, 0, b, off, n);
                left -= n;
                return n;
            }
        };
    }

    @Test
    void perRequestItemsAreTheRequestsOwnFilesUnderItsKeyAndGoWithIt() throws Exception {
        java.util.Map<String, javax.crypto.SecretKey> keys = new java.util.concurrent.ConcurrentHashMap<>();
        store = new EvidenceStore(dir, new CmsProfile(Clock.systemUTC()), node, trust, id -> {
            javax.crypto.SecretKey k = keys.get(id);
            if (k == null) {
                throw new EvidenceException(410, "EEG-RET-PURGED", "purged");
            }
            return k;
        });
        keys.put("REQ-A", new javax.crypto.spec.SecretKeySpec(random(32, 1), "AES"));
        keys.put("REQ-B", new javax.crypto.spec.SecretKeySpec(random(32, 2), "AES"));
        byte[] content = ("CANARY-" + java.util.UUID.randomUUID() + " the same bytes in two requests").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        EvidenceStore.Stored a = store.put("REQ-A", new ByteArrayInputStream(content), content.length, sha(content), null);
        EvidenceStore.Stored b = store.put("REQ-B", new ByteArrayInputStream(content), content.length, sha(content), null);
        assertThat(a.duplicate()).isFalse();
        assertThat(b.duplicate()).isFalse(); // no de-duplication across requests: each request's copy is its own
        Path fileA = store.itemFile("REQ-A", sha(content));
        assertThat(fileA).startsWith(dir.resolve("evidence/items/r/REQ-A")).isRegularFile();
        // a wrong data key: the per-request layer does not give the CMS file back
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        store.read("REQ-A", sha(content), a.cmsSha256(), out);
        assertThat(out.toByteArray()).isEqualTo(content);
        keys.put("REQ-A", new javax.crypto.spec.SecretKeySpec(random(32, 3), "AES"));
        assertThat(code(() -> store.check("REQ-A", sha(content), a.cmsSha256()))).isEqualTo("EEG-EVD-TAMPERED");
        // purge of A: key gone, files gone; B keeps its copy
        keys.remove("REQ-A");
        assertThat(code(() -> store.check("REQ-A", sha(content), a.cmsSha256()))).isEqualTo("EEG-RET-PURGED");
        store.deleteRequest("REQ-A", List.of(sha(content)), x -> false);
        assertThat(fileA).doesNotExist();
        ByteArrayOutputStream outB = new ByteArrayOutputStream();
        store.read("REQ-B", sha(content), b.cmsSha256(), outB);
        assertThat(outB.toByteArray()).isEqualTo(content);
    }
}
