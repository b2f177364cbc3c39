package eu.eevidence.gw.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.junit.jupiter.api.Test;

/** The profile's allow-list as data: the OIDs of the standards, nothing else, and the policy refusing what is not listed. */
class CmsAlgorithmPolicyTest {

    @Test
    void algorithmsOutsideTheListsAreNotFound() {
        assertThat(CmsAlgorithms.Digest.of(OIWObjectIdentifiers.idSHA1)).isEmpty();
        assertThat(CmsAlgorithms.Signature.of(PKCSObjectIdentifiers.sha256WithRSAEncryption)).isEmpty();
        assertThat(CmsAlgorithms.ContentEncryption.of(NISTObjectIdentifiers.id_aes128_GCM)).isEmpty();
        assertThat(CmsAlgorithms.ContentEncryption.of(NISTObjectIdentifiers.id_aes256_CBC)).isEmpty();
        assertThat(CmsAlgorithms.KeyWrap.of(NISTObjectIdentifiers.id_aes128_wrap)).isEmpty();
        assertThat(CmsAlgorithms.KeyTransport.of(PKCSObjectIdentifiers.rsaEncryption)).isEmpty();
        assertThat(CmsAlgorithms.KeyAgreement.of(SECObjectIdentifiers.dhSinglePass_stdDH_sha384kdf_scheme)).isEmpty();
        assertThat(CmsAlgorithms.Curve.of(SECObjectIdentifiers.secp256k1)).isEmpty();
        assertThat(CmsAlgorithms.Curve.of(null)).isEmpty();
    }

    @Test
    void aDigestOutsideTheListOrWithParametersIsADisallowedAlgorithm() {
        assertThatThrownBy(() -> CmsAlgorithmPolicy.checkDigestAlg(new AlgorithmIdentifier(OIWObjectIdentifiers.idSHA1), "digest"))
                .isInstanceOfSatisfying(PkiException.class, e -> assertThat(e.error()).isEqualTo(PkiError.DISALLOWED_ALGORITHM));
        assertThatThrownBy(() -> CmsAlgorithmPolicy.checkDigestAlg(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256,
                new ASN1ObjectIdentifier("1.2.3")), "digest"))
                .isInstanceOfSatisfying(PkiException.class, e -> assertThat(e.error()).isEqualTo(PkiError.DISALLOWED_ALGORITHM));
    }

    @Test
    void theListedAlgorithmsCarryTheOidsOfTheirStandards() throws Exception {
        assertThat(Arrays.stream(CmsAlgorithms.Digest.values()).map(a -> a.oid().getId()))
                .containsExactly("2.16.840.1.101.3.4.2.1", "2.16.840.1.101.3.4.2.2", "2.16.840.1.101.3.4.2.3");
        assertThat(Arrays.stream(CmsAlgorithms.Signature.values()).map(a -> a.oid().getId()))
                .containsExactly("1.2.840.10045.4.3.2", "1.2.840.10045.4.3.3", "1.2.840.10045.4.3.4", "1.2.840.113549.1.1.10");
        assertThat(CmsAlgorithms.ContentEncryption.AES256_GCM.oid().getId()).isEqualTo("2.16.840.1.101.3.4.1.46");
        assertThat(CmsAlgorithms.KeyAgreement.ECDH_SHA256KDF.oid().getId()).isEqualTo("1.3.132.1.11.1");
        assertThat(CmsAlgorithms.KeyWrap.AES256_WRAP.oid().getId()).isEqualTo("2.16.840.1.101.3.4.1.45");
        assertThat(CmsAlgorithms.KeyTransport.RSAES_OAEP.oid().getId()).isEqualTo("1.2.840.113549.1.1.7");
        assertThat(Arrays.stream(CmsAlgorithms.Curve.values()).map(a -> a.oid().getId()))
                .containsExactly("1.2.840.10045.3.1.7", "1.3.132.0.34", "1.3.132.0.35");
        // a listed digest without parameters (or with NULL) passes
        CmsAlgorithmPolicy.checkDigestAlg(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha384, DERNull.INSTANCE), "digest");
    }
}
