package eu.eevidence.gw.pki;

import static eu.eevidence.gw.pki.TestSupport.errorOf;
import static eu.eevidence.gw.pki.TestSupport.exportPem;
import static eu.eevidence.gw.pki.TestSupport.opensslOk;
import static eu.eevidence.gw.pki.TestSupport.req;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Untrusted and expired signers, wrong recipients, disallowed algorithms. */
class CmsRejectionTest {

    @TempDir
    static Path dir;

    static DevPki pki;
    static DevPki otherPki;
    static TrustAnchors trust;
    static KeyMaterial signer;
    static KeyMaterial rsaSigner;
    static KeyMaterial ecRecipient;
    static KeyMaterial rsaRecipient;
    static KeyMaterial stranger;
    static final byte[] CONTENT = "European Production Order 42".getBytes();

    @BeforeAll
    static void setUp() throws Exception {
        pki = TestSupport.pki(dir.resolve("pki"));
        otherPki = TestSupport.pki(dir.resolve("other"));
        trust = TestSupport.trust(pki);
        signer = pki.issue(req("signer", Role.CONTACT_POINT, KeyKind.EC_P256));
        rsaSigner = pki.issue(req("rsa-signer", Role.CONTACT_POINT, KeyKind.RSA_3072));
        ecRecipient = pki.issue(req("ec", Role.NODE, KeyKind.EC_P256));
        rsaRecipient = pki.issue(req("rsa", Role.NODE, KeyKind.RSA_3072));
        stranger = pki.issue(req("stranger", Role.NODE, KeyKind.EC_P256));
    }

    @Test
    void signerFromAnotherRootIsUntrusted() throws Exception {
        KeyMaterial foreign = otherPki.issue(req("foreign", Role.CONTACT_POINT, KeyKind.EC_P256));
        CmsProfile p = new CmsProfile(Clock.systemUTC());
        byte[] sealed = p.seal(CONTENT, foreign, List.of(ecRecipient.certificate()));
        assertThat(errorOf(() -> p.open(sealed, ecRecipient, trust))).isEqualTo(PkiError.UNTRUSTED_SIGNER);
        assertThat(errorOf(() -> p.verify(p.sign(CONTENT, foreign), trust))).isEqualTo(PkiError.UNTRUSTED_SIGNER);
        // sanity: trusted under its own root
        assertThat(p.open(sealed, ecRecipient, TestSupport.trust(otherPki)).content()).isEqualTo(CONTENT);
    }

    @Test
    void foreignCertificateWithTheSameSubjectIsUntrusted() throws Exception {
        KeyMaterial twin = otherPki.issue(req("signer", Role.CONTACT_POINT, KeyKind.EC_P256));
        CmsProfile p = new CmsProfile(Clock.systemUTC());
        assertThat(errorOf(() -> p.verify(p.sign(CONTENT, twin), trust))).isEqualTo(PkiError.UNTRUSTED_SIGNER);
    }

    @Test
    void signerExpiredAtSigningTime() throws Exception {
        KeyMaterial shortLived = pki.issue(new IssueRequest("short", Role.CONTACT_POINT, List.of(), KeyKind.EC_P256,
                Duration.ofDays(1), false, false));
        Clock later = Clock.fixed(Instant.now().plus(Duration.ofDays(3)), ZoneOffset.UTC);
        CmsProfile p = new CmsProfile(later);
        byte[] sealed = p.seal(CONTENT, shortLived, List.of(ecRecipient.certificate()));
        assertThat(errorOf(() -> p.open(sealed, ecRecipient, trust))).isEqualTo(PkiError.SIGNER_EXPIRED);
        assertThat(errorOf(() -> p.verify(p.sign(CONTENT, shortLived), trust))).isEqualTo(PkiError.SIGNER_EXPIRED);
    }

    @Test
    void signingTimeInTheFutureIsRejected() throws Exception {
        CmsProfile future = new CmsProfile(Clock.fixed(Instant.now().plus(Duration.ofHours(2)), ZoneOffset.UTC));
        byte[] signed = future.sign(CONTENT, signer);
        assertThat(errorOf(() -> new CmsProfile(Clock.systemUTC()).verify(signed, trust))).isEqualTo(PkiError.SIGNATURE_INVALID);
    }

    @Test
    void trustValidateDirectly() throws Exception {
        KeyMaterial leaf = pki.issue(req("x", Role.NODE, KeyKind.EC_P256));
        trust.validate(leaf.certificate(), List.of(), Instant.now());
        assertThat(errorOf(() -> trust.validate(leaf.certificate(), List.of(), Instant.now().plus(Duration.ofDays(31)))))
                .isEqualTo(PkiError.SIGNER_EXPIRED);
        assertThat(errorOf(() -> trust.validate(leaf.certificate(), List.of(), Instant.now().minus(Duration.ofHours(1)))))
                .isEqualTo(PkiError.SIGNER_EXPIRED);
        assertThat(errorOf(() -> TestSupport.trust(otherPki).validate(leaf.certificate(), List.of(), Instant.now())))
                .isEqualTo(PkiError.UNTRUSTED_SIGNER);
    }

    @Test
    void wrongRecipientIsNotARecipient() throws Exception {
        CmsProfile p = new CmsProfile(Clock.systemUTC());
        byte[] sealed = p.seal(CONTENT, signer, List.of(ecRecipient.certificate(), rsaRecipient.certificate()));
        assertThat(errorOf(() -> p.open(sealed, stranger, trust))).isEqualTo(PkiError.NOT_A_RECIPIENT);
        KeyMaterial rsaStranger = otherPki.issue(req("rsa", Role.NODE, KeyKind.RSA_3072));
        assertThat(errorOf(() -> p.open(sealed, rsaStranger, trust))).isEqualTo(PkiError.NOT_A_RECIPIENT);
        // the right certificate with the wrong private key is not a recipient success either
        KeyMaterial mixed = new KeyMaterial(stranger.privateKey(), ecRecipient.chain());
        assertThat(errorOf(() -> p.open(sealed, mixed, trust))).isEqualTo(PkiError.DECRYPTION_FAILED);
    }

    @Test
    void signingWithAKeyThatDoesNotMatchItsCertificateTypeIsRefused() throws Exception {
        CmsProfile p = new CmsProfile(Clock.systemUTC());
        assertThat(errorOf(() -> p.sign(CONTENT, new KeyMaterial(rsaRecipient.privateKey(), signer.chain()))))
                .isEqualTo(PkiError.DISALLOWED_ALGORITHM);
        assertThat(errorOf(() -> p.seal(CONTENT, signer, List.of()))).isEqualTo(PkiError.INTERNAL);
    }

    // ------------------------------------------------------------------ OpenSSL-made disallowed messages

    private Path[] opensslInputs(Path w) throws Exception {
        Assumptions.assumeTrue(TestSupport.opensslAvailable(), "openssl not installed");
        Files.write(w.resolve("content.bin"), CONTENT);
        Path[] s = exportPem(signer, w, "signer");
        Path[] rs = exportPem(rsaSigner, w, "rsasigner");
        Path[] ec = exportPem(ecRecipient, w, "ec");
        Path[] rsa = exportPem(rsaRecipient, w, "rsa");
        return new Path[] {s[0], s[1], ec[0], rsa[0], rs[0], rs[1]};
    }

    private static byte[] opensslSign(Path w, Path cert, Path key, String md, String... extra) throws Exception {
        Path out = w.resolve("signed-" + md + ".der");
        List<String> a = new ArrayList<>(List.of("cms", "-sign", "-binary", "-nodetach", "-cades", "-md", md,
                "-signer", cert.toString(), "-inkey", key.toString(), "-in", "content.bin", "-outform", "DER", "-out", out.toString()));
        a.addAll(List.of(extra));
        opensslOk(w, List.of(out), a.toArray(new String[0]));
        return Files.readAllBytes(out);
    }

    private static byte[] opensslEncrypt(Path w, byte[] in, String name, String... args) throws Exception {
        Path inFile = w.resolve(name + ".in");
        Files.write(inFile, in);
        Path out = w.resolve(name + ".der");
        List<String> a = new ArrayList<>(List.of("cms", "-encrypt", "-binary", "-in", inFile.toString(), "-outform", "DER",
                "-out", out.toString()));
        a.addAll(List.of(args));
        opensslOk(w, List.of(out), a.toArray(new String[0]));
        return Files.readAllBytes(out);
    }

    @Test
    void opensslAes256CbcEnvelopedDataIsDisallowed() throws Exception {
        Path w = Files.createTempDirectory(dir, "cbc");
        Path[] f = opensslInputs(w);
        byte[] signed = opensslSign(w, f[0], f[1], "sha256");
        byte[] cbc = opensslEncrypt(w, signed, "cbc", "-aes-256-cbc", "-recip", f[2].toString(), "-keyopt", "ecdh_kdf_md:sha256");
        CmsProfile p = new CmsProfile(Clock.systemUTC());
        assertThat(errorOf(() -> p.open(cbc, ecRecipient, trust))).isEqualTo(PkiError.DISALLOWED_ALGORITHM);
        // rejected before recipient lookup and decryption: even a non-recipient gets DISALLOWED_ALGORITHM
        assertThat(errorOf(() -> p.open(cbc, stranger, trust))).isEqualTo(PkiError.DISALLOWED_ALGORITHM);

        byte[] gcm128 = opensslEncrypt(w, signed, "gcm128", "-aes-128-gcm", "-recip", f[2].toString(), "-keyopt", "ecdh_kdf_md:sha256");
        assertThat(errorOf(() -> p.open(gcm128, ecRecipient, trust))).isEqualTo(PkiError.DISALLOWED_ALGORITHM);
        // with an EC recipient OpenSSL also switches to AES-128 key wrap; with RSA-OAEP only the content cipher differs
        byte[] gcm128Rsa = opensslEncrypt(w, signed, "gcm128rsa", "-aes-128-gcm", "-recip", f[3].toString(),
                "-keyopt", "rsa_padding_mode:oaep", "-keyopt", "rsa_oaep_md:sha256");
        assertThat(errorOf(() -> p.open(gcm128Rsa, rsaRecipient, trust))).isEqualTo(PkiError.DISALLOWED_ALGORITHM);
        byte[] gcm256Rsa = opensslEncrypt(w, signed, "gcm256rsa", "-aes-256-gcm", "-recip", f[3].toString(),
                "-keyopt", "rsa_padding_mode:oaep", "-keyopt", "rsa_oaep_md:sha256");
        assertThat(p.open(gcm256Rsa, rsaRecipient, trust).content()).isEqualTo(CONTENT);

        // sanity: the same signed data with the profile's parameters opens
        byte[] ok = opensslEncrypt(w, signed, "ok", "-aes-256-gcm", "-recip", f[2].toString(), "-keyopt", "ecdh_kdf_md:sha256");
        assertThat(p.open(ok, ecRecipient, trust).content()).isEqualTo(CONTENT);
    }

    @Test
    void opensslEcdhWithSha1KdfIsDisallowed() throws Exception {
        Path w = Files.createTempDirectory(dir, "kdf");
        Path[] f = opensslInputs(w);
        byte[] signed = opensslSign(w, f[0], f[1], "sha256");
        // OpenSSL's default ECDH KDF is dhSinglePass-stdDH-sha1kdf-scheme
        byte[] sha1kdf = opensslEncrypt(w, signed, "sha1kdf", "-aes-256-gcm", "-recip", f[2].toString());
        assertThat(errorOf(() -> new CmsProfile(Clock.systemUTC()).open(sha1kdf, ecRecipient, trust)))
                .isEqualTo(PkiError.DISALLOWED_ALGORITHM);
    }

    @Test
    void opensslSha1SignatureIsDisallowed() throws Exception {
        Path w = Files.createTempDirectory(dir, "sha1");
        Path[] f = opensslInputs(w);
        byte[] signed = opensslSign(w, f[0], f[1], "sha1");
        CmsProfile p = new CmsProfile(Clock.systemUTC());
        assertThat(errorOf(() -> p.verify(signed, trust))).isEqualTo(PkiError.DISALLOWED_ALGORITHM);
        // rejected before signature verification: a tampered SHA-1 message is still DISALLOWED, not SIGNATURE_INVALID
        byte[] tampered = TestSupport.flipInside(signed, CONTENT, 0);
        assertThat(errorOf(() -> p.verify(tampered, trust))).isEqualTo(PkiError.DISALLOWED_ALGORITHM);
        byte[] sealed = opensslEncrypt(w, signed, "sha1sealed", "-aes-256-gcm", "-recip", f[2].toString(), "-keyopt", "ecdh_kdf_md:sha256");
        assertThat(errorOf(() -> p.open(sealed, ecRecipient, trust))).isEqualTo(PkiError.DISALLOWED_ALGORITHM);
    }

    @Test
    void opensslRsaPkcs1SignatureIsDisallowed() throws Exception {
        Path w = Files.createTempDirectory(dir, "pkcs1sig");
        Path[] f = opensslInputs(w);
        byte[] signed = opensslSign(w, f[4], f[5], "sha256"); // OpenSSL default RSA padding: PKCS#1 v1.5
        assertThat(errorOf(() -> new CmsProfile(Clock.systemUTC()).verify(signed, trust))).isEqualTo(PkiError.DISALLOWED_ALGORITHM);
        byte[] pss = opensslSign(w, f[4], f[5], "sha256", "-keyopt", "rsa_padding_mode:pss");
        assertThat(new CmsProfile(Clock.systemUTC()).verify(pss, trust).content()).isEqualTo(CONTENT);
    }

    @Test
    void opensslRsaPkcs1KeyTransportIsDisallowed() throws Exception {
        Path w = Files.createTempDirectory(dir, "pkcs1");
        Path[] f = opensslInputs(w);
        byte[] signed = opensslSign(w, f[0], f[1], "sha256");
        byte[] v15 = opensslEncrypt(w, signed, "v15", "-aes-256-gcm", "-recip", f[3].toString());
        CmsProfile p = new CmsProfile(Clock.systemUTC());
        assertThat(errorOf(() -> p.open(v15, rsaRecipient, trust))).isEqualTo(PkiError.DISALLOWED_ALGORITHM);
        assertThat(errorOf(() -> p.open(v15, stranger, trust))).isEqualTo(PkiError.DISALLOWED_ALGORITHM);
        // OAEP with SHA-1 (OpenSSL's OAEP default digest) is disallowed too
        byte[] oaepSha1 = opensslEncrypt(w, signed, "oaep1", "-aes-256-gcm", "-recip", f[3].toString(),
                "-keyopt", "rsa_padding_mode:oaep");
        assertThat(errorOf(() -> p.open(oaepSha1, rsaRecipient, trust))).isEqualTo(PkiError.DISALLOWED_ALGORITHM);
    }

    @Test
    void signedDataWhereEnvelopeExpectedIsMalformed() throws Exception {
        CmsProfile p = new CmsProfile(Clock.systemUTC());
        byte[] signed = p.sign(CONTENT, signer);
        assertThat(errorOf(() -> p.open(signed, ecRecipient, trust))).isEqualTo(PkiError.MALFORMED_CMS);
        byte[] sealed = p.seal(CONTENT, signer, List.of(ecRecipient.certificate()));
        assertThat(errorOf(() -> p.verify(sealed, trust))).isEqualTo(PkiError.MALFORMED_CMS);
    }
}
