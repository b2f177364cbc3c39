package eu.eevidence.gw.gateway.network;

import eu.eevidence.gw.pki.CmsProfile;
import eu.eevidence.gw.pki.DevPki;
import eu.eevidence.gw.pki.IssueRequest;
import eu.eevidence.gw.pki.KeyKind;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.pki.TrustAnchors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class NetworkReceiptTest {

    private static final String SHA = "ab".repeat(32);
    @TempDir
    static Path dir;
    static KeyMaterial nodeB;
    static KeyMaterial nodeC;
    static TrustAnchors trust;
    static final CmsProfile CMS = new CmsProfile(Clock.systemUTC());

    @BeforeAll
    static void keys() throws Exception {
        DevPki pki = DevPki.loadOrCreate(dir.resolve("pki"), Clock.systemUTC());
        trust = TrustAnchors.of(List.of(pki.rootCertificate()));
        nodeB = pki.issue(new IssueRequest("node b", Role.NODE, List.of("127.0.0.1"), KeyKind.EC_P256, Duration.ofDays(3), true, true));
        nodeC = pki.issue(new IssueRequest("node c", Role.NODE, List.of("127.0.0.1"), KeyKind.EC_P256, Duration.ofDays(3), true, true));
    }

    private static NetworkReceipt accepted() {
        return new NetworkReceipt(NetworkReceipt.Evidence.SUBMISSION_ACCEPTED, "r-1", "m-1", SHA, "a-247", "b-247",
                Instant.parse("2026-11-25T10:00:00Z"), null, null);
    }

    @Test
    void aMalformedReceiptIsRefused() {
        assertEquals("EEG-NET-RECEIPT-MALFORMED", assertThrows(NetworkException.class, () -> NetworkReceipt.fromJson("{\"evidence\":1".getBytes())).code());
        assertThrows(IllegalArgumentException.class, () -> new NetworkReceipt(NetworkReceipt.Evidence.SUBMISSION_ACCEPTED, "r", "m", "xyz", "a", "b",
                Instant.EPOCH, null, null));
        assertThrows(IllegalArgumentException.class, () -> new NetworkReceipt(NetworkReceipt.Evidence.SUBMISSION_REJECTED, "r", "m", SHA, "a", "b",
                Instant.EPOCH, null, "no code"));
    }

    /** Fuzzing finding (NetworkDirectoryFuzzTest#receipt): JSON null was read as a null receipt (NPE in the inbox). */
    @Test
    void jsonNullAndTrailingBytesAreMalformedReceipts() throws Exception {
        for (String body : List.of("null", "null,\"evid:nce\":\"DELIVER\"", " null ")) {
            assertEquals("EEG-NET-RECEIPT-MALFORMED", assertThrows(NetworkException.class,
                    () -> NetworkReceipt.fromJson(body.getBytes(java.nio.charset.StandardCharsets.UTF_8))).code());
        }
        byte[] json = accepted().toJson();
        byte[] trailing = java.util.Arrays.copyOf(json, json.length + 2);
        trailing[json.length] = '{';
        trailing[json.length + 1] = '}';
        assertEquals("EEG-NET-RECEIPT-MALFORMED", assertThrows(NetworkException.class, () -> NetworkReceipt.fromJson(trailing)).code());
        assertEquals(accepted(), NetworkReceipt.fromJson(json));
    }

    @Test
    void aReceiptSignedByAnotherNodeIsRefused() throws Exception {
        byte[] signed = accepted().sign(CMS, nodeC);
        assertEquals("EEG-NET-RECEIPT-SIGNER", assertThrows(NetworkException.class,
                () -> NetworkReceipt.verify(CMS, signed, trust, nodeB.certificate(), "m-1", SHA)).code());
    }

    @Test
    void aReceiptAboutAnotherMessageIsRefused() throws Exception {
        byte[] signed = accepted().sign(CMS, nodeB);
        assertEquals("EEG-NET-RECEIPT-MISMATCH", assertThrows(NetworkException.class,
                () -> NetworkReceipt.verify(CMS, signed, trust, nodeB.certificate(), "m-2", SHA)).code());
        assertEquals("EEG-NET-RECEIPT-MISMATCH", assertThrows(NetworkException.class,
                () -> NetworkReceipt.verify(CMS, signed, trust, nodeB.certificate(), "m-1", "cd".repeat(32))).code());
    }

    @Test
    void aTamperedReceiptIsRefused() throws Exception {
        byte[] signed = accepted().sign(CMS, nodeB);
        byte[] json = accepted().toJson();
        int at = indexOf(signed, json) + 20;
        signed[at] ^= 1;
        assertEquals("EEG-NET-RECEIPT-SIGNATURE", assertThrows(NetworkException.class,
                () -> NetworkReceipt.verify(CMS, signed, trust, nodeB.certificate(), "m-1", SHA)).code());
    }

    @Test
    void aReceiptWithCoercedScalarsIllFormedUtf8OrDuplicateKeysIsRefused() throws Exception {
        NetworkReceipt rejected = new NetworkReceipt(NetworkReceipt.Evidence.SUBMISSION_REJECTED, "r-2", "m-1", SHA, "a-247", "b-247",
                Instant.parse("2026-11-25T10:00:00Z"), "EEG-NET-NOT-FOR-US", "addressed to another Party");
        String json = new String(rejected.toJson(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(rejected, NetworkReceipt.fromJson(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        for (String bad : java.util.List.of(json.replace("\"receiptId\":\"r-2\"", "\"receiptId\":2"),
                json.replace("\"reason\"", "\"receiptId\":\"r-3\",\"reason\""),
                json + " {}")) {
            assertEquals("EEG-NET-RECEIPT-MALFORMED", assertThrows(NetworkException.class,
                    () -> NetworkReceipt.fromJson(bad.getBytes(java.nio.charset.StandardCharsets.UTF_8))).code(), bad);
        }
        byte[] overlong = json.replace("addressed to another Party", "addressed to another Part\u00e9").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int at = indexOf(overlong, new byte[]{(byte) 0xC3, (byte) 0xA9});
        overlong[at] = (byte) 0xC1; // C1 A9: 'i' in an overlong form
        assertEquals("EEG-NET-RECEIPT-MALFORMED", assertThrows(NetworkException.class, () -> NetworkReceipt.fromJson(overlong)).code());
    }

    @Test
    void aReceiptRoundTrips() throws Exception {
        NetworkReceipt r = accepted();
        assertEquals(r, NetworkReceipt.verify(CMS, r.sign(CMS, nodeB), trust, nodeB.certificate(), "m-1", SHA));
        NetworkReceipt rejected = new NetworkReceipt(NetworkReceipt.Evidence.SUBMISSION_REJECTED, "r-2", "m-1", SHA, "a-247", "b-247",
                Instant.parse("2026-11-25T10:00:00Z"), "EEG-NET-NOT-FOR-US", "addressed to another Party");
        assertEquals(rejected, NetworkReceipt.fromJson(rejected.toJson()));
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("receipt JSON not found in the SignedData");
    }
}
