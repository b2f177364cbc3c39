package eu.eevidence.gw.gateway.bundle;

import eu.eevidence.gw.pki.IssueRequest;
import eu.eevidence.gw.pki.KeyKind;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The court bundle's offline verifier: a round trip, then every tamper case, each reported with the part it hit. */
class BundleVerifierTest {

    @TempDir
    Path dir;

    private BundleFixture fx;
    private byte[] bundle;

    @BeforeEach
    void setUp() throws Exception {
        fx = new BundleFixture(dir);
        bundle = fx.bundle();
    }

    @AfterEach
    void tearDown() {
        fx.log.close();
    }

    private BundleVerifier.Report verify(byte[] b) throws Exception {
        return fx.verifier().verify(fx.write(dir, "b" + System.nanoTime() + ".zip", b));
    }

    private static Map<String, byte[]> entries(byte[] zip) throws Exception {
        Map<String, byte[]> m = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                m.put(e.getName(), in.readAllBytes());
            }
        }
        return m;
    }

    /** Rewrites the zip (mimetype first and stored) with its entries changed by {@code change}. */
    private static byte[] rezip(byte[] zip, UnaryOperator<Map<String, byte[]>> change) throws Exception {
        Map<String, byte[]> m = change.apply(entries(zip));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : m.entrySet()) {
                ZipEntry ze = new ZipEntry(e.getKey());
                if (e.getKey().equals(CourtBundle.MIMETYPE_FILE)) {
                    ze.setMethod(ZipEntry.STORED);
                    ze.setSize(e.getValue().length);
                    CRC32 crc = new CRC32();
                    crc.update(e.getValue());
                    ze.setCrc(crc.getValue());
                }
                z.putNextEntry(ze);
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }

    private static byte[] flipped(byte[] b) {
        byte[] c = b.clone();
        c[c.length / 2] ^= 0x01;
        return c;
    }

    private static List<String> failedParts(BundleVerifier.Report r) {
        return r.failures().stream().map(BundleVerifier.Check::part).toList();
    }

    @Test
    void aForeignSignerIsRefusedEvenWithEveryDigestRight() throws Exception {
        KeyMaterial other = fx.pki.issue(new IssueRequest("node xx", Role.NODE, List.of(), KeyKind.EC_P256, Duration.ofDays(1), false, true));
        byte[] forged = rezip(bundle, m -> {
            try {
                m.put(CourtBundle.SIGNATURE, fx.cms.signDetached(m.get(CourtBundle.MANIFEST), other));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return m;
        });
        // same CA: a valid signature, so the verifier passes it; the signer's name is in the verdict for the court to read
        BundleVerifier.Report r = verify(forged);
        assertThat(r.checks()).anyMatch(c -> c.check().equals("manifest signature") && c.detail().contains("node xx"));
        BundleFixture stranger = new BundleFixture(dir.resolve("stranger"));
        try {
            byte[] foreign = rezip(bundle, m -> {
                try {
                    m.put(CourtBundle.SIGNATURE, stranger.cms.signDetached(m.get(CourtBundle.MANIFEST), stranger.node));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return m;
            });
            BundleVerifier.Report refused = verify(foreign);
            assertThat(refused.valid()).isFalse();
            assertThat(failedParts(refused)).contains(CourtBundle.SIGNATURE);
        } finally {
            stranger.log.close();
        }
    }

    @Test
    void aChangedByteInAnyFileIsReportedWithThatFile() throws Exception {
        for (String name : entries(bundle).keySet()) {
            BundleVerifier.Report r = verify(rezip(bundle, m -> {
                m.put(name, flipped(m.get(name)));
                return m;
            }));
            assertThat(r.valid()).as(name).isFalse();
            String expected = name.equals(CourtBundle.MIMETYPE_FILE) ? CourtBundle.MIMETYPE_FILE : name;
            assertThat(failedParts(r)).as(name + ": " + r.failures()).contains(expected);
        }
    }

    @Test
    void aChangedByteInTheRawFileIsReportedWithTheEntryItHit() throws Exception {
        for (Map.Entry<String, int[]> e : dataRegions(bundle).entrySet()) {
            byte[] b = bundle.clone();
            int[] region = e.getValue();
            if (region[1] == 0) {
                continue;
            }
            b[region[0] + region[1] / 2] ^= 0x01;
            BundleVerifier.Report r = verify(b);
            assertThat(r.valid()).as(e.getKey()).isFalse();
            assertThat(r.failures()).as(e.getKey() + ": " + r.failures()).anyMatch(c -> c.part().equals(e.getKey()));
        }
    }

    @Test
    void aChangedByteInTheCentralDirectoryIsReported() throws Exception {
        ByteBuffer bb = ByteBuffer.wrap(bundle).order(ByteOrder.LITTLE_ENDIAN);
        int eocd = bundle.length - 22;
        int cd = bb.getInt(eocd + 16);
        byte[] b = bundle.clone();
        b[cd + 46] ^= 0x01; // first byte of the first name in the central directory
        BundleVerifier.Report r = verify(b);
        assertThat(r.valid()).isFalse();
        assertThat(r.failures()).anyMatch(c -> c.check().equals("container") || c.check().equals("mimetype"));
    }

    @Test
    void anExtraFileIsReported() throws Exception {
        BundleVerifier.Report r = verify(rezip(bundle, m -> {
            m.put("extra.txt", "not signed".getBytes(StandardCharsets.UTF_8));
            return m;
        }));
        assertThat(r.valid()).isFalse();
        assertThat(r.failures()).extracting(BundleVerifier.Check::check, BundleVerifier.Check::part)
                .contains(org.assertj.core.groups.Tuple.tuple("extra file", "extra.txt"));
    }

    @Test
    void aMissingFileIsReportedForEveryRemovableFile() throws Exception {
        for (String name : entries(bundle).keySet()) {
            BundleVerifier.Report r = verify(rezip(bundle, m -> {
                m.remove(name);
                return m;
            }));
            assertThat(r.valid()).as(name).isFalse();
            assertThat(failedParts(r)).as(name + ": " + r.failures()).anyMatch(p -> p.equals(name) || p.equals("(zip)"));
        }
    }

    @Test
    void cosignatureLinesAreListedByNameAndNotRequired() throws Exception {
        byte[] blob = new byte[4 + 8 + 64];
        blob[0] = 0x12;
        String line = "\u2014 witness.example/w1 " + java.util.Base64.getEncoder().encodeToString(blob) + "\n";
        BundleVerifier.Report r = verify(fx.bundle(n -> n + line));
        assertThat(r.failures()).isEmpty();
        assertThat(r.checks()).anyMatch(c -> c.check().equals("cosignatures") && c.detail().startsWith("1 line(s), from [witness.example/w1]"));
    }

    @Test
    void theIntactBundlePassesEveryCheckAndSaysWhatItChecked() throws Exception {
        BundleVerifier.Report r = verify(bundle);
        assertThat(r.failures()).isEmpty();
        assertThat(r.valid()).isTrue();
        assertThat(r.checks()).extracting(BundleVerifier.Check::check).contains("container", "mimetype", "manifest signature", "digest",
                "checkpoint", "cosignatures", "inclusion", "CMS seal");
        assertThat(r.checks()).filteredOn(c -> c.check().equals("inclusion")).hasSize(3);
        assertThat(r.checks()).anyMatch(c -> c.check().equals("cosignatures") && c.detail().equals("none"));
        assertThat(r.checks()).anyMatch(c -> c.part().equals(CourtBundle.SEALED) && c.verdict() == BundleVerifier.Verdict.PASS);
        assertThat(r.checks()).anyMatch(c -> c.part().startsWith(CourtBundle.NETWORK_EVIDENCES) && c.detail().contains("node fr-1"));
        assertThat(r.checks()).anyMatch(c -> c.check().equals("manifest signature") && c.detail().contains("CAdES-B-B"));
    }

    /** Each entry's compressed data: offset and length in the file, from the central directory (APPNOTE 4.3.12, 4.3.7). */
    static Map<String, int[]> dataRegions(byte[] zip) {
        ByteBuffer bb = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        int eocd = zip.length - 22;
        int count = bb.getShort(eocd + 10) & 0xffff;
        int p = bb.getInt(eocd + 16);
        Map<String, int[]> out = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            int compressed = bb.getInt(p + 20);
            int nameLen = bb.getShort(p + 28) & 0xffff;
            int extraLen = bb.getShort(p + 30) & 0xffff;
            int commentLen = bb.getShort(p + 32) & 0xffff;
            int local = bb.getInt(p + 42);
            String name = new String(zip, p + 46, nameLen, StandardCharsets.UTF_8);
            int data = local + 30 + (bb.getShort(local + 26) & 0xffff) + (bb.getShort(local + 28) & 0xffff);
            out.put(name, new int[] {data, compressed});
            p += 46 + nameLen + extraLen + commentLen;
        }
        return out;
    }
}
