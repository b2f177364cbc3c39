package eu.eevidence.gw.pki;

import static eu.eevidence.gw.pki.TestSupport.errorOf;
import static eu.eevidence.gw.pki.TestSupport.req;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.SignedData;
import org.bouncycastle.asn1.cms.SignerInfo;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSAuthEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.operator.OutputAEADEncryptor;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import eu.eevidence.gw.pki.ca.CertificateAuthority;

/**
 * Tampering below a valid envelope (content, signed attributes, signature re-encrypted correctly, so only the
 * signature check can catch it) and weak algorithms (RSA-1024, MD5, PKCS#1 v1.5 signatures made with BC) through
 * the streaming API: a typed error and nothing released, before any signature verification for weak algorithms.
 */
class CmsStreamingTamperTest {

    @TempDir
    static Path dir;

    static DevPki pki;
    static TrustAnchors trust;
    static KeyMaterial signer;
    static KeyMaterial recipient;
    static Path spool;
    static CmsProfile profile;
    static final byte[] CONTENT = "urgent: preserve account 4711 (European Preservation Order)".getBytes();

    @BeforeAll
    static void setUp() throws Exception {
        pki = TestSupport.pki(dir.resolve("pki"));
        trust = TestSupport.trust(pki);
        signer = pki.issue(req("signer", Role.JUDICIAL_AUTHORITY, KeyKind.EC_P256));
        recipient = pki.issue(req("recipient", Role.NODE, KeyKind.RSA_3072));
        spool = Files.createDirectories(dir.resolve("spool"));
        profile = new CmsProfile(Clock.systemUTC()).withSpoolDirectory(spool);
    }

    /** Encrypts arbitrary (possibly tampered) SignedData bytes correctly for the recipient. */
    static byte[] envelope(byte[] signedData) throws Exception {
        CMSAuthEnvelopedDataGenerator gen = new CMSAuthEnvelopedDataGenerator();
        CmsProfile.addRecipients(gen, List.of(recipient.certificate()));
        OutputAEADEncryptor enc = (OutputAEADEncryptor) new JceCMSContentEncryptorBuilder(CMSAlgorithm.AES256_GCM)
                .setProvider(BouncyCastle.provider()).build();
        return gen.generate(new CMSProcessableByteArray(CMSObjectIdentifiers.data, signedData), enc).toASN1Structure()
                .getEncoded(ASN1Encoding.DER);
    }

    PkiError streamError(byte[] cms) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PkiError e = errorOf(() -> profile.openStream(new ByteArrayInputStream(cms), out, recipient, trust));
        assertThat(out.size()).as("nothing released").isZero();
        assertThat(spool).isEmptyDirectory();
        return e;
    }

    static SignerInfo signerInfo(byte[] signed) throws Exception {
        return SignerInfo.getInstance(SignedData.getInstance(ContentInfo.getInstance(ASN1Primitive.fromByteArray(signed)).getContent())
                .getSignerInfos().getObjectAt(0));
    }

    @Test
    void flippedContentSignedAttributesAndSignatureUnderAValidEnvelope() throws Exception {
        byte[] signed = profile.sign(CONTENT, signer);
        ByteArrayOutputStream ok = new ByteArrayOutputStream();
        profile.openStream(new ByteArrayInputStream(envelope(signed)), ok, recipient, trust);
        assertThat(ok.toByteArray()).isEqualTo(CONTENT);

        assertThat(streamError(envelope(TestSupport.flipInside(signed, CONTENT, 5)))).isEqualTo(PkiError.SIGNATURE_INVALID);
        SignerInfo si = signerInfo(signed);
        byte[] attrs = si.getAuthenticatedAttributes().getEncoded(ASN1Encoding.DER);
        // a bit inside the signed attributes (past the SET header: in the content-type / signing-time values)
        byte[] attrBody = java.util.Arrays.copyOfRange(attrs, 4, attrs.length);
        for (int off : new int[] {20, attrBody.length / 2, attrBody.length - 3}) {
            assertThat(streamError(envelope(TestSupport.flipInside(signed, attrBody, off)))).as("attribute byte %d", off)
                    .isIn(PkiError.SIGNATURE_INVALID, PkiError.MALFORMED_CMS);
        }
        byte[] sig = si.getEncryptedDigest().getOctets();
        assertThat(streamError(envelope(TestSupport.flipInside(signed, sig, sig.length - 1)))).isEqualTo(PkiError.SIGNATURE_INVALID);
    }

    private static byte[] bcSigned(KeyMaterial km, String alg) throws Exception {
        CMSSignedDataGenerator gen = new CMSSignedDataGenerator();
        gen.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder()
                .setProvider(BouncyCastle.provider()).build())
                .build(new JcaContentSignerBuilder(alg).setProvider(BouncyCastle.provider()).build(km.privateKey()), km.certificate()));
        gen.addCertificates(new JcaCertStore(km.chain()));
        return gen.generate(new CMSProcessableByteArray(CONTENT), true).getEncoded(ASN1Encoding.DER);
    }

    @Test
    void weakAlgorithmsAreRejectedBeforeTheSignatureIsChecked() throws Exception {
        CertificateAuthority ca = CertificateAuthority.initRoot(dir.resolve("ca"), "Weak test CA", KeyKind.EC_P256,
                Duration.ofDays(10), "pw".toCharArray(), null, null, Clock.systemUTC());
        KeyPairGenerator kpg = KeyPairGenerator.getInstance("RSA", BouncyCastle.provider());
        kpg.initialize(1024);
        KeyPair weak = kpg.generateKeyPair();
        X509Certificate weakCert = ca.certify(weak.getPublic(), new IssueRequest("rsa-1024", Role.CONTACT_POINT, List.of(),
                KeyKind.RSA_3072, Duration.ofDays(5), false, false));
        KeyMaterial weakKm = new KeyMaterial(weak.getPrivate(), List.of(weakCert, ca.certificate()));
        // the profile refuses to produce them
        assertThat(errorOf(() -> profile.sign(CONTENT, weakKm))).isEqualTo(PkiError.DISALLOWED_ALGORITHM);
        assertThat(errorOf(() -> profile.seal(CONTENT, signer, List.of(weakCert)))).isEqualTo(PkiError.DISALLOWED_ALGORITHM);
        assertThat(errorOf(() -> profile.protect(new ByteArrayInputStream(CONTENT), new ByteArrayOutputStream(), signer,
                List.of(weakCert)))).isEqualTo(PkiError.DISALLOWED_ALGORITHM);
        // and refuses them when others produce them
        KeyMaterial rsa = pki.issue(req("rsa", Role.CONTACT_POINT, KeyKind.RSA_3072));
        for (byte[] signed : List.of(bcSigned(weakKm, "SHA256withRSAandMGF1"), bcSigned(rsa, "MD5withRSA"),
                bcSigned(rsa, "SHA1withRSA"), bcSigned(rsa, "SHA256withRSA"), bcSigned(signer, "SHA1withECDSA"))) {
            assertThat(streamError(envelope(signed))).isEqualTo(PkiError.DISALLOWED_ALGORITHM);
            assertThat(errorOf(() -> profile.verify(signed, trust))).isEqualTo(PkiError.DISALLOWED_ALGORITHM);
            // tampered too: still DISALLOWED, i.e. decided before the signature is looked at
            assertThat(streamError(envelope(TestSupport.flipInside(signed, CONTENT, 0)))).isEqualTo(PkiError.DISALLOWED_ALGORITHM);
        }
    }
}
