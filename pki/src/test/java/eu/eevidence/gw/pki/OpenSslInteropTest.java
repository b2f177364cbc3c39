package eu.eevidence.gw.pki;

import static eu.eevidence.gw.pki.TestSupport.exportPem;
import static eu.eevidence.gw.pki.TestSupport.opensslOk;
import static eu.eevidence.gw.pki.TestSupport.payload;
import static eu.eevidence.gw.pki.TestSupport.req;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Interoperability with the installed OpenSSL 3.0 command line (skipped when {@code openssl} is absent).
 *
 * <p>Command lines that interoperate (found with OpenSSL 3.0.19):
 * <pre>
 * # (a) what we seal, OpenSSL opens
 * openssl cms -decrypt -inform DER -in sealed.der -recip cert.pem -inkey key.pem -out signed.der
 * openssl cms -verify -inform DER -in signed.der -CAfile root.pem -out content.bin
 *   (-binary is not needed: the content is id-data and OpenSSL copies it verbatim in DER mode)
 * # (b) what OpenSSL produces, we open
 * openssl cms -sign -binary -nodetach -cades -md sha256 -signer signer.pem -inkey signer.key \
 *         -in content.bin -outform DER -out signed.der
 *   RSA signer (RSASSA-PSS; without the keyopt OpenSSL signs PKCS#1 v1.5, which the profile rejects):
 *         ... -keyopt rsa_padding_mode:pss
 * openssl cms -encrypt -binary -aes-256-gcm -recip recipient.pem -keyopt ecdh_kdf_md:sha256 \
 *         -in signed.der -outform DER -out sealed.der                         (EC P-256 recipient)
 * openssl cms -encrypt -binary -aes-256-gcm -recip recipient.pem -keyopt rsa_padding_mode:oaep \
 *         -keyopt rsa_oaep_md:sha256 -in signed.der -outform DER -out sealed.der   (RSA recipient)
 * </pre>
 * The exit code of every OpenSSL step is checked and its output file deleted on failure, because
 * OpenSSL writes unauthenticated GCM plaintext before it detects a bad tag.
 */
class OpenSslInteropTest {

    @TempDir
    static Path dir;

    static DevPki pki;
    static Path rootPem;
    static KeyMaterial ecSigner;
    static KeyMaterial rsaSigner;
    static KeyMaterial ecRecipient;
    static KeyMaterial rsaRecipient;

    /** A root and leaves made entirely by OpenSSL ({@code openssl req -x509}, {@code openssl x509 -req}). */
    static Path osslRoot;
    static Path osslEcLeaf;
    static Path osslEcKey;
    static Path osslRsaLeaf;
    static Path osslRsaKey;

    @BeforeAll
    static void setUp() throws Exception {
        Assumptions.assumeTrue(TestSupport.opensslAvailable(), "openssl not installed");
        pki = TestSupport.pki(dir.resolve("pki"));
        rootPem = TestSupport.writePem(pki.rootCertificate(), dir.resolve("root.pem"));
        ecSigner = pki.issue(req("ec-signer", Role.CONTACT_POINT, KeyKind.EC_P256));
        rsaSigner = pki.issue(req("rsa-signer", Role.AUDITOR, KeyKind.RSA_3072));
        ecRecipient = pki.issue(req("ec-recipient", Role.NODE, KeyKind.EC_P256));
        rsaRecipient = pki.issue(req("rsa-recipient", Role.NODE, KeyKind.RSA_3072));

        Path o = Files.createDirectories(dir.resolve("ossl"));
        osslRoot = o.resolve("root.pem");
        opensslOk(o, List.of(), "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "root.key", "-out", "root.pem", "-subj", "/O=Other tool/CN=OpenSSL Root", "-days", "30",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        Files.writeString(o.resolve("ec.cnf"), "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n"
                + "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyAgreement\n");
        Files.writeString(o.resolve("rsa.cnf"), "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n"
                + "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n");
        opensslOk(o, List.of(), "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "ec.key", "-out", "ec.csr", "-subj", "/CN=OpenSSL EC leaf");
        opensslOk(o, List.of(), "x509", "-req", "-in", "ec.csr", "-CA", "root.pem", "-CAkey", "root.key",
                "-CAcreateserial", "-out", "ec.pem", "-days", "10", "-extfile", "ec.cnf");
        opensslOk(o, List.of(), "req", "-new", "-newkey", "rsa:3072", "-nodes",
                "-keyout", "rsa.key", "-out", "rsa.csr", "-subj", "/CN=OpenSSL RSA leaf");
        opensslOk(o, List.of(), "x509", "-req", "-in", "rsa.csr", "-CA", "root.pem", "-CAkey", "root.key",
                "-CAcreateserial", "-out", "rsa.pem", "-days", "10", "-extfile", "rsa.cnf");
        osslEcLeaf = o.resolve("ec.pem");
        osslEcKey = o.resolve("ec.key");
        osslRsaLeaf = o.resolve("rsa.pem");
        osslRsaKey = o.resolve("rsa.key");
    }

    static KeyMaterial km(String name) {
        return switch (name) {
            case "ec-signer" -> ecSigner;
            case "rsa-signer" -> rsaSigner;
            case "ec-recipient" -> ecRecipient;
            case "rsa-recipient" -> rsaRecipient;
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** Loads an OpenSSL-made key and certificate through an OpenSSL-made PKCS#12 file. */
    static KeyMaterial osslKeyMaterial(Path cert, Path key, Path work) throws Exception {
        Path p12 = work.resolve(cert.getFileName() + ".p12");
        opensslOk(work, List.of(p12), "pkcs12", "-export", "-in", cert.toString(), "-inkey", key.toString(),
                "-out", p12.toString(), "-passout", "pass:secret", "-name", "k");
        return KeyMaterial.loadPkcs12(p12, "secret".toCharArray());
    }

    // ---------------------------------------------------------------- (a) we seal, OpenSSL opens

    @ParameterizedTest(name = "{0} -> {1}, {2} bytes")
    @CsvSource({"ec-signer,ec-recipient,0", "ec-signer,ec-recipient,4096", "rsa-signer,rsa-recipient,1",
        "rsa-signer,rsa-recipient,4096", "ec-signer,rsa-recipient,3145728", "rsa-signer,ec-recipient,4096"})
    void opensslOpensWhatWeSeal(String signerName, String recipientName, int size) throws Exception {
        Path w = Files.createTempDirectory(dir, "a");
        KeyMaterial signer = km(signerName);
        KeyMaterial recipient = km(recipientName);
        byte[] content = payload(size, size + 11);
        // ours is second of two, so OpenSSL must pick its RecipientInfo by the certificate
        byte[] sealed = new CmsProfile(Clock.systemUTC()).seal(content, signer,
                List.of(recipientName.startsWith("ec") ? rsaRecipient.certificate() : ecRecipient.certificate(),
                        recipient.certificate()));
        Files.write(w.resolve("sealed.der"), sealed);
        Path[] pem = exportPem(recipient, w, "recipient");
        Path signed = w.resolve("signed.der");
        Path out = w.resolve("content.bin");
        opensslOk(w, List.of(signed), "cms", "-decrypt", "-inform", "DER", "-in", "sealed.der",
                "-recip", pem[0].toString(), "-inkey", pem[1].toString(), "-out", signed.toString());
        opensslOk(w, List.of(out), "cms", "-verify", "-inform", "DER", "-in", signed.toString(),
                "-CAfile", rootPem.toString(), "-out", out.toString());
        assertThat(Files.readAllBytes(out)).isEqualTo(content);
    }

    @ParameterizedTest(name = "streamed {0} -> {1}, {2} bytes")
    @CsvSource({"ec-signer,ec-recipient,0", "rsa-signer,rsa-recipient,1", "ec-signer,rsa-recipient,4096",
        "rsa-signer,ec-recipient,5242883"})
    void opensslOpensWhatWeProtectAsAStream(String signerName, String recipientName, int size) throws Exception {
        Path w = Files.createTempDirectory(dir, "s");
        KeyMaterial recipient = km(recipientName);
        byte[] content = payload(size, size + 3);
        Path in = Files.write(w.resolve("in.bin"), content);
        Path sealed = w.resolve("sealed.p7m");
        try (var is = Files.newInputStream(in); var os = Files.newOutputStream(sealed)) {
            new CmsProfile(Clock.systemUTC()).protect(is, os, km(signerName), List.of(recipient.certificate()));
        }
        Path[] pem = exportPem(recipient, w, "recipient");
        Path signed = w.resolve("signed.der");
        Path out = w.resolve("content.bin");
        opensslOk(w, List.of(signed), "cms", "-decrypt", "-inform", "DER", "-in", sealed.toString(),
                "-recip", pem[0].toString(), "-inkey", pem[1].toString(), "-out", signed.toString());
        opensslOk(w, List.of(out), "cms", "-verify", "-inform", "DER", "-in", signed.toString(),
                "-CAfile", rootPem.toString(), "-out", out.toString());
        assertThat(Files.readAllBytes(out)).isEqualTo(content);
    }

    @ParameterizedTest(name = "OpenSSL {0} -> {1}, {2} bytes, opened as a stream")
    @CsvSource({"ec-signer,ec-recipient,0", "rsa-signer,rsa-recipient,1", "ec-signer,rsa-recipient,4096",
        "rsa-signer,ec-recipient,3145739"})
    void weOpenWhatOpensslSealsAsAStream(String signerName, String recipientName, int size) throws Exception {
        Path w = Files.createTempDirectory(dir, "os");
        KeyMaterial signer = km(signerName);
        KeyMaterial recipient = km(recipientName);
        Path[] s = exportPem(signer, w, "signer");
        Path[] r = exportPem(recipient, w, "recipient");
        byte[] content = payload(size, 17);
        byte[] sealed = opensslSeal(w, content, s[0], s[1], signerName.startsWith("rsa"), r[0], recipientName.startsWith("rsa"));
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        OpenedStream o = new CmsProfile(Clock.systemUTC()).openStream(new java.io.ByteArrayInputStream(sealed), out, recipient,
                TestSupport.trust(pki));
        assertThat(out.toByteArray()).isEqualTo(content);
        assertThat(o.signer()).isEqualTo(signer.certificate());
    }

    @Test
    void opensslRejectsOurMessageWithFlippedTagAndWeDeleteItsOutput() throws Exception {
        Path w = Files.createTempDirectory(dir, "t");
        byte[] sealed = new CmsProfile(Clock.systemUTC()).seal("preservation order 123".getBytes(), ecSigner,
                List.of(ecRecipient.certificate()));
        sealed[sealed.length - 1] ^= 1; // the mac is the last field of AuthEnvelopedData
        Files.write(w.resolve("sealed.der"), sealed);
        Path[] pem = exportPem(ecRecipient, w, "recipient");
        Path signed = w.resolve("signed.der");
        TestSupport.Result r = TestSupport.openssl(w, List.of(signed), "cms", "-decrypt", "-inform", "DER",
                "-in", "sealed.der", "-recip", pem[0].toString(), "-inkey", pem[1].toString(), "-out", signed.toString());
        assertThat(r.exit()).isNotZero();
        assertThat(signed).doesNotExist();
    }

    // ---------------------------------------------------------------- (b) OpenSSL seals, we open

    static byte[] opensslSeal(Path w, byte[] content, Path signerCert, Path signerKey, boolean rsaSigner,
            Path recipientCert, boolean rsaRecipient, String... extraCerts) throws Exception {
        Files.write(w.resolve("content.bin"), content);
        Path signed = w.resolve("signed.der");
        List<String> sign = new java.util.ArrayList<>(List.of("cms", "-sign", "-binary", "-nodetach", "-cades",
                "-md", "sha256", "-signer", signerCert.toString(), "-inkey", signerKey.toString(),
                "-in", "content.bin", "-outform", "DER", "-out", signed.toString()));
        if (rsaSigner) {
            sign.addAll(List.of("-keyopt", "rsa_padding_mode:pss"));
        }
        for (String c : extraCerts) {
            sign.addAll(List.of("-certfile", c));
        }
        opensslOk(w, List.of(signed), sign.toArray(new String[0]));
        Path sealed = w.resolve("sealed.der");
        List<String> enc = new java.util.ArrayList<>(List.of("cms", "-encrypt", "-binary", "-aes-256-gcm",
                "-in", signed.toString(), "-outform", "DER", "-out", sealed.toString(), "-recip", recipientCert.toString()));
        if (rsaRecipient) {
            enc.addAll(List.of("-keyopt", "rsa_padding_mode:oaep", "-keyopt", "rsa_oaep_md:sha256"));
        } else {
            enc.addAll(List.of("-keyopt", "ecdh_kdf_md:sha256"));
        }
        opensslOk(w, List.of(sealed), enc.toArray(new String[0]));
        return Files.readAllBytes(sealed);
    }

    @ParameterizedTest(name = "DevPki {0} -> {1}")
    @CsvSource({"ec-signer,ec-recipient", "rsa-signer,rsa-recipient", "ec-signer,rsa-recipient", "rsa-signer,ec-recipient"})
    void weOpenWhatOpensslSealsWithDevPkiKeys(String signerName, String recipientName) throws Exception {
        Path w = Files.createTempDirectory(dir, "b");
        KeyMaterial signer = km(signerName);
        KeyMaterial recipient = km(recipientName);
        Path[] s = exportPem(signer, w, "signer");
        Path[] r = exportPem(recipient, w, "recipient");
        byte[] content = payload(4096, 5);
        Instant before = Instant.now().minusSeconds(2);
        byte[] sealed = opensslSeal(w, content, s[0], s[1], signerName.startsWith("rsa"), r[0], recipientName.startsWith("rsa"));

        OpenedMessage m = new CmsProfile(Clock.systemUTC()).open(sealed, recipient, TestSupport.trust(pki));
        assertThat(m.content()).isEqualTo(content);
        assertThat(m.signer()).isEqualTo(signer.certificate());
        assertThat(m.signerRoles()).isEqualTo(Role.of(signer.certificate())).isNotEmpty();
        assertThat(m.signingTime()).isBetween(before, Instant.now().plusSeconds(2));
    }

    @ParameterizedTest(name = "OpenSSL-made {0} signer -> {1} recipient")
    @CsvSource({"ec,ec", "rsa,rsa", "ec,rsa"})
    void weOpenWhatOpensslSealsWithOpensslMadeCertificates(String signerKind, String recipientKind) throws Exception {
        Path w = Files.createTempDirectory(dir, "c");
        boolean rsaS = signerKind.equals("rsa");
        boolean rsaR = recipientKind.equals("rsa");
        Path sCert = rsaS ? osslRsaLeaf : osslEcLeaf;
        Path sKey = rsaS ? osslRsaKey : osslEcKey;
        Path rCert = rsaR ? osslRsaLeaf : osslEcLeaf;
        Path rKey = rsaR ? osslRsaKey : osslEcKey;
        byte[] content = "Preservation order 123\n".getBytes();
        byte[] sealed = opensslSeal(w, content, sCert, sKey, rsaS, rCert, rsaR, osslRoot.toString());
        KeyMaterial recipient = osslKeyMaterial(rCert, rKey, w);

        TrustAnchors trust = TrustAnchors.of(Certificates.readPem(osslRoot));
        OpenedMessage m = new CmsProfile(Clock.systemUTC()).open(sealed, recipient, trust);
        assertThat(m.content()).isEqualTo(content);
        assertThat(m.signer()).isEqualTo(Certificates.readPem(sCert).get(0));
        assertThat(m.signerRoles()).isEmpty();

        // and the same message is not trusted under the DevPki root
        assertThat(TestSupport.errorOf(() -> new CmsProfile(Clock.systemUTC()).open(sealed, recipient, TestSupport.trust(pki))))
                .isEqualTo(PkiError.UNTRUSTED_SIGNER);
    }

    @Test
    void ourPkcs12IsReadableByOpenssl() throws Exception {
        Path w = Files.createTempDirectory(dir, "p");
        Path p12 = w.resolve("k.p12");
        ecSigner.savePkcs12(p12, "pw".toCharArray(), "k");
        TestSupport.Result r = opensslOk(w, List.of(), "pkcs12", "-in", p12.toString(), "-passin", "pass:pw", "-nodes");
        assertThat(r.stdout()).contains("BEGIN PRIVATE KEY").contains("BEGIN CERTIFICATE");
        // validity is still sane after a long wait
        assertThat(Duration.between(ecSigner.certificate().getNotBefore().toInstant(), Instant.now())).isPositive();
    }
}
