package eu.eevidence.gw.pki;

import java.util.Optional;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * The algorithms the {@link CmsProfile} allows, as data: one enum per role, each constant with its id (the JCA name,
 * or the profile's short name where JCA has none) and its OID. What is not listed here is refused
 * ({@link PkiError#DISALLOWED_ALGORITHM}); {@link CmsAlgorithmPolicy} applies these lists to parsed CMS structures.
 * Modelled on phase4's {@code ECryptoAlgorithm*} enums.
 */
final class CmsAlgorithms {

    private CmsAlgorithms() {
    }

    /** An algorithm's id and OID. */
    record Named(String id, ASN1ObjectIdentifier oid) {
    }

    /** An allowed algorithm: its id and OID. */
    interface Algorithm {
        Named named();

        default String id() {
            return named().id();
        }

        default ASN1ObjectIdentifier oid() {
            return named().oid();
        }
    }

    private static <E extends Enum<E> & Algorithm> Optional<E> byOid(Class<E> type, ASN1Encodable oid) {
        for (E e : type.getEnumConstants()) {
            if (e.oid().equals(oid)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** Message digests (signed data, signer infos, OAEP/PSS/MGF1 hashes, ESSCertIDv2, time-stamp imprints). */
    enum Digest implements Algorithm {
        SHA256("SHA-256", NISTObjectIdentifiers.id_sha256),
        SHA384("SHA-384", NISTObjectIdentifiers.id_sha384),
        SHA512("SHA-512", NISTObjectIdentifiers.id_sha512);

        private final Named named;

        Digest(String id, ASN1ObjectIdentifier oid) {
            this.named = new Named(id, oid);
        }

        @Override
        public Named named() {
            return named;
        }

        static Optional<Digest> of(ASN1ObjectIdentifier oid) {
            return byOid(Digest.class, oid);
        }
    }

    /** Signature algorithms: ECDSA with SHA-2 (no parameters) and RSASSA-PSS (parameters checked by the policy). */
    enum Signature implements Algorithm {
        ECDSA_SHA256("SHA256withECDSA", X9ObjectIdentifiers.ecdsa_with_SHA256, true),
        ECDSA_SHA384("SHA384withECDSA", X9ObjectIdentifiers.ecdsa_with_SHA384, true),
        ECDSA_SHA512("SHA512withECDSA", X9ObjectIdentifiers.ecdsa_with_SHA512, true),
        /** RSASSA-PSS; the profile signs with SHA-256, MGF1-SHA-256, salt 32. */
        RSASSA_PSS("SHA256withRSAandMGF1", PKCSObjectIdentifiers.id_RSASSA_PSS, false);

        private final Named named;
        private final boolean ecdsa;

        Signature(String id, ASN1ObjectIdentifier oid, boolean ecdsa) {
            this.named = new Named(id, oid);
            this.ecdsa = ecdsa;
        }

        @Override
        public Named named() {
            return named;
        }

        boolean ecdsa() {
            return ecdsa;
        }

        static Optional<Signature> of(ASN1ObjectIdentifier oid) {
            return byOid(Signature.class, oid);
        }
    }

    /** Content encryption: AES-256-GCM with a 12-byte nonce and a 16-byte tag (RFC 5084), nothing else. */
    enum ContentEncryption implements Algorithm {
        AES256_GCM("AES-256-GCM", NISTObjectIdentifiers.id_aes256_GCM, 12, 16);

        private final Named named;
        private final int nonceBytes;
        private final int tagBytes;

        ContentEncryption(String id, ASN1ObjectIdentifier oid, int nonceBytes, int tagBytes) {
            this.named = new Named(id, oid);
            this.nonceBytes = nonceBytes;
            this.tagBytes = tagBytes;
        }

        @Override
        public Named named() {
            return named;
        }

        int nonceBytes() {
            return nonceBytes;
        }

        int tagBytes() {
            return tagBytes;
        }

        static Optional<ContentEncryption> of(ASN1ObjectIdentifier oid) {
            return byOid(ContentEncryption.class, oid);
        }
    }

    /** Key agreement for EC recipients: ephemeral-static ECDH with the SHA-256 X9.63 KDF (RFC 5753). */
    enum KeyAgreement implements Algorithm {
        ECDH_SHA256KDF("dhSinglePass-stdDH-sha256kdf-scheme", SECObjectIdentifiers.dhSinglePass_stdDH_sha256kdf_scheme);

        private final Named named;

        KeyAgreement(String id, ASN1ObjectIdentifier oid) {
            this.named = new Named(id, oid);
        }

        @Override
        public Named named() {
            return named;
        }

        static Optional<KeyAgreement> of(ASN1ObjectIdentifier oid) {
            return byOid(KeyAgreement.class, oid);
        }
    }

    /** Key wrap of the content-encryption key after key agreement (RFC 3394). */
    enum KeyWrap implements Algorithm {
        AES256_WRAP("AES-256 key wrap", NISTObjectIdentifiers.id_aes256_wrap);

        private final Named named;

        KeyWrap(String id, ASN1ObjectIdentifier oid) {
            this.named = new Named(id, oid);
        }

        @Override
        public Named named() {
            return named;
        }

        static Optional<KeyWrap> of(ASN1ObjectIdentifier oid) {
            return byOid(KeyWrap.class, oid);
        }
    }

    /** Key transport for RSA recipients: RSAES-OAEP (RFC 8017; hash and MGF1 from {@link Digest}, pSpecified). */
    enum KeyTransport implements Algorithm {
        RSAES_OAEP("RSAES-OAEP", PKCSObjectIdentifiers.id_RSAES_OAEP);

        private final Named named;

        KeyTransport(String id, ASN1ObjectIdentifier oid) {
            this.named = new Named(id, oid);
        }

        @Override
        public Named named() {
            return named;
        }

        static Optional<KeyTransport> of(ASN1ObjectIdentifier oid) {
            return byOid(KeyTransport.class, oid);
        }
    }

    /** Named NIST curves for EC signer keys and ECDH originator keys (the profile's own keys are P-256). */
    enum Curve implements Algorithm {
        P256("secp256r1", SECObjectIdentifiers.secp256r1),
        P384("secp384r1", SECObjectIdentifiers.secp384r1),
        P521("secp521r1", SECObjectIdentifiers.secp521r1);

        private final Named named;

        Curve(String id, ASN1ObjectIdentifier oid) {
            this.named = new Named(id, oid);
        }

        @Override
        public Named named() {
            return named;
        }

        /** The curve named by EC key parameters (an OID), if allowed; anything else (null, implicit, explicit) is empty. */
        static Optional<Curve> of(ASN1Encodable params) {
            return byOid(Curve.class, params);
        }
    }
}
