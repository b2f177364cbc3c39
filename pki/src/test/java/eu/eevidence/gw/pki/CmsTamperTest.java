package eu.eevidence.gw.pki;

import static eu.eevidence.gw.pki.TestSupport.errorOf;
import static eu.eevidence.gw.pki.TestSupport.flipInside;
import static eu.eevidence.gw.pki.TestSupport.req;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.cms.AuthEnvelopedData;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.KeyAgreeRecipientInfo;
import org.bouncycastle.asn1.cms.KeyTransRecipientInfo;
import org.bouncycastle.asn1.cms.RecipientEncryptedKey;
import org.bouncycastle.asn1.cms.RecipientInfo;
import org.bouncycastle.asn1.cms.SignedData;
import org.bouncycastle.asn1.cms.SignerInfo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One flipped bit anywhere that matters is rejected with the right error and no content. */
class CmsTamperTest {

    @TempDir
    static Path dir;

    static DevPki pki;
    static TrustAnchors trust;
    static KeyMaterial signer;
    static KeyMaterial ecRecipient;
    static KeyMaterial rsaRecipient;
    static final CmsProfile PROFILE = new CmsProfile(Clock.systemUTC());
    static final byte[] CONTENT = "preservation order 123 -- please keep the subscriber data".getBytes(StandardCharsets.UTF_8);

    @BeforeAll
    static void setUp() throws Exception {
        pki = TestSupport.pki(dir);
        trust = TestSupport.trust(pki);
        signer = pki.issue(req("signer", Role.CONTACT_POINT, KeyKind.EC_P256));
        ecRecipient = pki.issue(req("ec", Role.NODE, KeyKind.EC_P256));
        rsaRecipient = pki.issue(req("rsa", Role.NODE, KeyKind.RSA_3072));
    }

    static KeyMaterial recipient(String kind) {
        return kind.equals("ec") ? ecRecipient : rsaRecipient;
    }

    static AuthEnvelopedData aed(byte[] sealed) throws Exception {
        return AuthEnvelopedData.getInstance(ContentInfo.getInstance(ASN1Primitive.fromByteArray(sealed)).getContent());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ec", "rsa"})
    void untamperedOpens(String kind) throws Exception {
        byte[] sealed = PROFILE.seal(CONTENT, signer, List.of(recipient(kind).certificate()));
        assertThat(PROFILE.open(sealed, recipient(kind), trust).content()).isEqualTo(CONTENT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ec", "rsa"})
    void flippedCiphertextBitIsDecryptionFailed(String kind) throws Exception {
        byte[] sealed = PROFILE.seal(CONTENT, signer, List.of(recipient(kind).certificate()));
        byte[] ct = aed(sealed).getAuthEncryptedContentInfo().getEncryptedContent().getOctets();
        for (int offset : new int[] {0, ct.length / 2, ct.length - 1}) {
            byte[] bad = flipInside(sealed, ct, offset);
            assertThat(errorOf(() -> PROFILE.open(bad, recipient(kind), trust))).isEqualTo(PkiError.DECRYPTION_FAILED);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ec", "rsa"})
    void flippedGcmTagIsDecryptionFailed(String kind) throws Exception {
        byte[] sealed = PROFILE.seal(CONTENT, signer, List.of(recipient(kind).certificate()));
        byte[] mac = aed(sealed).getMac().getOctets();
        assertThat(mac).hasSize(16);
        for (int offset : new int[] {0, 15}) {
            byte[] bad = flipInside(sealed, mac, offset);
            assertThat(errorOf(() -> PROFILE.open(bad, recipient(kind), trust))).isEqualTo(PkiError.DECRYPTION_FAILED);
        }
        byte[] lastByte = sealed.clone(); // the mac is the last field when there are no unauthAttrs
        lastByte[lastByte.length - 1] ^= (byte) 0x80;
        assertThat(errorOf(() -> PROFILE.open(lastByte, recipient(kind), trust))).isEqualTo(PkiError.DECRYPTION_FAILED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ec", "rsa"})
    void flippedEncryptedKeyIsDecryptionFailed(String kind) throws Exception {
        byte[] sealed = PROFILE.seal(CONTENT, signer, List.of(recipient(kind).certificate()));
        Object info = RecipientInfo.getInstance(aed(sealed).getRecipientInfos().getObjectAt(0)).getInfo();
        byte[] ek;
        if (info instanceof KeyTransRecipientInfo) {
            ek = ((KeyTransRecipientInfo) info).getEncryptedKey().getOctets();
        } else {
            ek = RecipientEncryptedKey.getInstance(((KeyAgreeRecipientInfo) info).getRecipientEncryptedKeys().getObjectAt(0))
                    .getEncryptedKey().getOctets();
        }
        for (int offset : new int[] {0, ek.length / 2, ek.length - 1}) {
            byte[] bad = flipInside(sealed, ek, offset);
            assertThat(errorOf(() -> PROFILE.open(bad, recipient(kind), trust))).isEqualTo(PkiError.DECRYPTION_FAILED);
        }
    }

    @Test
    void flippedNonceIsDecryptionFailed() throws Exception {
        byte[] sealed = PROFILE.seal(CONTENT, signer, List.of(ecRecipient.certificate()));
        byte[] nonce = org.bouncycastle.asn1.cms.GCMParameters.getInstance(aed(sealed).getAuthEncryptedContentInfo()
                .getContentEncryptionAlgorithm().getParameters()).getNonce();
        byte[] bad = flipInside(sealed, nonce, 3);
        assertThat(errorOf(() -> PROFILE.open(bad, ecRecipient, trust))).isEqualTo(PkiError.DECRYPTION_FAILED);
    }

    @Test
    void flippedSignedContentIsSignatureInvalid() throws Exception {
        byte[] signed = PROFILE.sign(CONTENT, signer);
        assertThat(PROFILE.verify(signed, trust).content()).isEqualTo(CONTENT);
        for (int offset : new int[] {0, 10, CONTENT.length - 1}) {
            byte[] bad = flipInside(signed, CONTENT, offset);
            assertThat(errorOf(() -> PROFILE.verify(bad, trust))).isEqualTo(PkiError.SIGNATURE_INVALID);
        }
    }

    @Test
    void flippedSignatureIsSignatureInvalid() throws Exception {
        for (KeyMaterial s : List.of(signer, pki.issue(req("rsa-signer", Role.NODE, KeyKind.RSA_3072)))) {
            byte[] signed = PROFILE.sign(CONTENT, s);
            SignerInfo si = SignerInfo.getInstance(SignedData.getInstance(
                    ContentInfo.getInstance(ASN1Primitive.fromByteArray(signed)).getContent()).getSignerInfos().getObjectAt(0));
            byte[] sig = si.getEncryptedDigest().getOctets();
            byte[] bad = flipInside(signed, sig, sig.length - 1);
            assertThat(errorOf(() -> PROFILE.verify(bad, trust))).isEqualTo(PkiError.SIGNATURE_INVALID);
        }
    }

    @Test
    void flippedSigningCertificateInSignedDataIsRejected() throws Exception {
        byte[] signed = PROFILE.sign(CONTENT, signer);
        byte[] sigOfCert = java.util.Arrays.copyOfRange(signer.certificate().getSignature(), 0, signer.certificate().getSignature().length);
        byte[] bad = flipInside(signed, sigOfCert, 8);
        // the cert's hash no longer matches signing-certificate-v2 / the cert no longer chains
        assertThat(errorOf(() -> PROFILE.verify(bad, trust))).isIn(PkiError.SIGNATURE_INVALID, PkiError.UNTRUSTED_SIGNER);
    }
}
