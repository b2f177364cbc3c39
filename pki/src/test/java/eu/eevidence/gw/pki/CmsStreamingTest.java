package eu.eevidence.gw.pki;

import static eu.eevidence.gw.pki.TestSupport.errorOf;
import static eu.eevidence.gw.pki.TestSupport.payload;
import static eu.eevidence.gw.pki.TestSupport.req;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.List;
import java.util.Random;

import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.cms.AuthEnvelopedData;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Streaming protect/open: round trips, digests, nothing released on failure, spool cleaned up. */
class CmsStreamingTest {

    @TempDir
    static Path dir;

    static DevPki pki;
    static TrustAnchors trust;
    static KeyMaterial ecSigner;
    static KeyMaterial rsaSigner;
    static KeyMaterial ecRecipient;
    static KeyMaterial rsaRecipient;
    static KeyMaterial stranger;
    static Path spool;
    static CmsProfile profile;

    @BeforeAll
    static void setUp() throws Exception {
        pki = TestSupport.pki(dir.resolve("pki"));
        trust = TestSupport.trust(pki);
        ecSigner = pki.issue(req("ec-signer", Role.CONTACT_POINT, KeyKind.EC_P256));
        rsaSigner = pki.issue(req("rsa-signer", Role.JUDICIAL_AUTHORITY, KeyKind.RSA_3072));
        ecRecipient = pki.issue(req("ec-recipient", Role.NODE, KeyKind.EC_P256));
        rsaRecipient = pki.issue(req("rsa-recipient", Role.NODE, KeyKind.RSA_3072));
        stranger = pki.issue(req("stranger", Role.NODE, KeyKind.EC_P256));
        spool = Files.createDirectories(dir.resolve("spool"));
        profile = new CmsProfile(Clock.systemUTC()).withSpoolDirectory(spool);
    }

    static KeyMaterial km(String n) {
        return switch (n) {
            case "ec-signer" -> ecSigner;
            case "rsa-signer" -> rsaSigner;
            case "ec-recipient" -> ecRecipient;
            case "rsa-recipient" -> rsaRecipient;
            default -> throw new IllegalArgumentException(n);
        };
    }

    static byte[] protect(byte[] content, KeyMaterial signer, KeyMaterial... recipients) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<java.security.cert.X509Certificate> certs = new java.util.ArrayList<>();
        for (KeyMaterial r : recipients) {
            certs.add(r.certificate());
        }
        ProtectedStream ps = profile.protect(new ByteArrayInputStream(content), out, signer, certs);
        byte[] cms = out.toByteArray();
        assertThat(ps.contentLength()).isEqualTo(content.length);
        assertThat(ps.contentSha256()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(content));
        assertThat(ps.cmsLength()).isEqualTo(cms.length);
        assertThat(ps.cmsSha256()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(cms));
        return cms;
    }

    @ParameterizedTest(name = "{0} -> {1}, {2} bytes")
    @CsvSource({"ec-signer,ec-recipient,0", "ec-signer,rsa-recipient,1", "rsa-signer,ec-recipient,65536",
        "rsa-signer,rsa-recipient,65537", "ec-signer,ec-recipient,4194307"})
    void roundTripStreamingAndInMemory(String s, String r, int size) throws Exception {
        byte[] content = payload(size, size);
        byte[] cms = protect(content, km(s), km(r), stranger);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OpenedStream o = profile.openStream(new ByteArrayInputStream(cms), out, km(r), trust);
        assertThat(out.toByteArray()).isEqualTo(content);
        assertThat(o.signer()).isEqualTo(km(s).certificate());
        assertThat(o.signerRoles()).isEqualTo(Role.of(km(s).certificate()));
        assertThat(o.contentLength()).isEqualTo(size);
        assertThat(o.contentSha256()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(content));
        assertThat(o.cmsSha256()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(cms));
        assertThat(o.cmsLength()).isEqualTo(cms.length);
        // the in-memory API opens the streamed (BER) form, and the streaming API opens the DER form
        assertThat(profile.open(cms, km(r), trust).content()).isEqualTo(content);
        ByteArrayOutputStream out2 = new ByteArrayOutputStream();
        profile.openStream(new ByteArrayInputStream(profile.seal(content, km(s), List.of(km(r).certificate()))), out2, km(r), trust);
        assertThat(out2.toByteArray()).isEqualTo(content);
        assertThat(spool).isEmptyDirectory();
    }

    private PkiError openStreamError(byte[] cms, KeyMaterial r, ByteArrayOutputStream out) {
        PkiError e = errorOf(() -> profile.openStream(new ByteArrayInputStream(cms), out, r, trust));
        assertThat(out.size()).as("nothing released").isZero();
        assertThat(spool).isEmptyDirectory();
        return e;
    }

    @Test
    void tamperedCiphertextTagAndKeyReleaseNothing() throws Exception {
        byte[] content = payload(300_000, 3);
        for (KeyMaterial r : List.of(ecRecipient, rsaRecipient)) {
            byte[] cms = protect(content, ecSigner, r);
            byte[] last = cms.clone();
            // the BER form ends with the 16-byte mac followed by end-of-contents octets; flip inside the mac
            AuthEnvelopedData aed = AuthEnvelopedData.getInstance(ContentInfo.getInstance(ASN1Primitive.fromByteArray(cms)).getContent());
            byte[] mac = aed.getMac().getOctets();
            last = TestSupport.flipInside(cms, mac, 7);
            assertThat(openStreamError(last, r, new ByteArrayOutputStream())).isEqualTo(PkiError.DECRYPTION_FAILED);
            for (int off : new int[] {cms.length / 3, cms.length / 2, cms.length - 200}) {
                byte[] bad = cms.clone();
                bad[off] ^= 0x10;
                assertThat(openStreamError(bad, r, new ByteArrayOutputStream()))
                        .as("flip at %d of %d", off, cms.length).isIn(PkiError.DECRYPTION_FAILED, PkiError.MALFORMED_CMS);
            }
            byte[] nonce = org.bouncycastle.asn1.cms.GCMParameters.getInstance(aed.getAuthEncryptedContentInfo()
                    .getContentEncryptionAlgorithm().getParameters()).getNonce();
            assertThat(openStreamError(TestSupport.flipInside(cms, nonce, 0), r, new ByteArrayOutputStream()))
                    .isEqualTo(PkiError.DECRYPTION_FAILED);
        }
    }

    @Test
    void truncatedStreamReleasesNothing() throws Exception {
        byte[] content = payload(200_000, 4);
        byte[] cms = protect(content, ecSigner, ecRecipient);
        for (int len : new int[] {1, 10, 200, cms.length / 2, cms.length - 20, cms.length - 1}) {
            byte[] t = java.util.Arrays.copyOf(cms, len);
            assertThat(openStreamError(t, ecRecipient, new ByteArrayOutputStream())).as("len %d", len)
                    .isIn(PkiError.MALFORMED_CMS, PkiError.DECRYPTION_FAILED);
        }
    }

    @Test
    void notAddressedToUsAndUntrustedSigner() throws Exception {
        byte[] cms = protect(payload(1000, 5), ecSigner, ecRecipient);
        assertThat(openStreamError(cms, stranger, new ByteArrayOutputStream())).isEqualTo(PkiError.NOT_A_RECIPIENT);
        DevPki other = TestSupport.pki(dir.resolve("other"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(errorOf(() -> profile.openStream(new ByteArrayInputStream(cms), out, ecRecipient,
                TestSupport.trust(other)))).isEqualTo(PkiError.UNTRUSTED_SIGNER);
        assertThat(out.size()).isZero();
    }

    @Test
    void replayOfTheSameMessageIsRejected() throws Exception {
        CmsProfile guarded = profile.withReplayGuard(new InMemoryReplayGuard(Clock.systemUTC(), java.time.Duration.ofHours(1),
                java.time.Duration.ofMinutes(5)));
        byte[] cms = protect(payload(1000, 6), ecSigner, ecRecipient);
        guarded.openStream(new ByteArrayInputStream(cms), new ByteArrayOutputStream(), ecRecipient, trust);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(errorOf(() -> guarded.openStream(new ByteArrayInputStream(cms), out, ecRecipient, trust)))
                .isEqualTo(PkiError.REPLAY);
        assertThat(out.size()).isZero();
        assertThat(errorOf(() -> guarded.open(cms, ecRecipient, trust))).isEqualTo(PkiError.REPLAY);
    }

    @Test
    void garbageAndEnvelopedDataAreTypedErrors() throws Exception {
        Random rnd = new Random(11);
        for (int i = 0; i < 200; i++) {
            byte[] b = new byte[1 + rnd.nextInt(3000)];
            rnd.nextBytes(b);
            if (i % 2 == 0) {
                b[0] = 0x30;
            }
            assertThat(openStreamError(b, ecRecipient, new ByteArrayOutputStream())).isIn(PkiError.MALFORMED_CMS);
        }
        assertThat(openStreamError(new byte[0], ecRecipient, new ByteArrayOutputStream())).isEqualTo(PkiError.MALFORMED_CMS);
        // bit flips anywhere in a small message: only typed errors, never released content that differs
        byte[] content = payload(5000, 8);
        byte[] cms = protect(content, ecSigner, ecRecipient);
        for (int i = 0; i < 300; i++) {
            byte[] bad = cms.clone();
            int pos = rnd.nextInt(bad.length);
            bad[pos] ^= (byte) (1 << rnd.nextInt(8));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                profile.openStream(new ByteArrayInputStream(bad), out, ecRecipient, trust);
                assertThat(out.toByteArray()).as("flip at %d", pos).isEqualTo(content);
            } catch (PkiException e) {
                assertThat(out.size()).isZero();
                assertThat(e.error()).as("flip at %d", pos).isNotEqualTo(PkiError.INTERNAL);
            }
        }
        assertThat(spool).isEmptyDirectory();
    }

    @Test
    void failingInputIsStreamIo() throws Exception {
        byte[] cms = protect(payload(200_000, 9), ecSigner, ecRecipient);
        InputStream failing = new InputStream() {
            int n;

            @Override
            public int read() throws IOException {
                if (n >= 100_000) {
                    throw new IOException("disk on fire");
                }
                return cms[n++] & 0xff;
            }
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(errorOf(() -> profile.openStream(failing, out, ecRecipient, trust))).isEqualTo(PkiError.STREAM_IO);
        assertThat(out.size()).isZero();
    }
}
