package eu.eevidence.gw.pki;

import java.math.BigInteger;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Null;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.cms.AuthEnvelopedData;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.EncryptedContentInfo;
import org.bouncycastle.asn1.cms.GCMParameters;
import org.bouncycastle.asn1.cms.KeyAgreeRecipientInfo;
import org.bouncycastle.asn1.cms.KeyTransRecipientInfo;
import org.bouncycastle.asn1.cms.OriginatorIdentifierOrKey;
import org.bouncycastle.asn1.cms.OriginatorPublicKey;
import org.bouncycastle.asn1.cms.RecipientInfo;
import org.bouncycastle.asn1.cms.SignerInfo;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAESOAEPparams;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cms.KeyAgreeRecipientInformation;
import org.bouncycastle.cms.KeyTransRecipientInformation;
import org.bouncycastle.cms.RecipientInformation;

import eu.eevidence.gw.pki.CmsAlgorithms.ContentEncryption;
import eu.eevidence.gw.pki.CmsAlgorithms.Curve;
import eu.eevidence.gw.pki.CmsAlgorithms.Digest;
import eu.eevidence.gw.pki.CmsAlgorithms.KeyAgreement;
import eu.eevidence.gw.pki.CmsAlgorithms.KeyTransport;
import eu.eevidence.gw.pki.CmsAlgorithms.KeyWrap;
import eu.eevidence.gw.pki.CmsAlgorithms.Signature;

/**
 * The {@link CmsProfile}'s algorithm allow-list applied to parsed CMS structures, before any cryptographic operation:
 * the lists are the enums of {@link CmsAlgorithms}; the structural rules (parameters, versions, sizes) are here. Every
 * refusal is a {@link PkiException}: {@link PkiError#DISALLOWED_ALGORITHM} for an algorithm outside the lists,
 * {@link PkiError#MALFORMED_CMS} or {@link PkiError#SIGNATURE_INVALID} for a structure the profile does not accept.
 */
final class CmsAlgorithmPolicy {

    private CmsAlgorithmPolicy() {
    }

    /** The kind of a public key as far as the profile is concerned. */
    enum KeyType { EC_P256, EC_OTHER_NAMED, RSA, OTHER }

    static KeyType keyType(PublicKey pub) {
        try {
            if (pub instanceof RSAPublicKey) {
                return ((RSAPublicKey) pub).getModulus().bitLength() >= 2048 ? KeyType.RSA : KeyType.OTHER;
            }
            SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(pub.getEncoded());
            if (X9ObjectIdentifiers.id_ecPublicKey.equals(spki.getAlgorithm().getAlgorithm())) {
                ASN1Encodable params = spki.getAlgorithm().getParameters();
                if (Curve.P256.oid().equals(params)) {
                    return KeyType.EC_P256;
                }
                if (Curve.of(params).isPresent()) {
                    return KeyType.EC_OTHER_NAMED;
                }
            }
            return KeyType.OTHER;
        } catch (RuntimeException e) {
            return KeyType.OTHER;
        }
    }

    // ------------------------------------------------------------------------------------------ envelope

    /** The whole AuthEnvelopedData: version, AES-256-GCM, 16-byte MAC, inner type, every RecipientInfo. */
    static void checkAuthEnvelopedPolicy(AuthEnvelopedData aed) throws PkiException {
        if (!aed.getVersion().hasValue(0)) {
            throw new PkiException(PkiError.MALFORMED_CMS, "AuthEnvelopedData version must be 0");
        }
        EncryptedContentInfo eci = aed.getAuthEncryptedContentInfo();
        checkContentEncryption(eci.getContentEncryptionAlgorithm());
        if (aed.getMac() == null || aed.getMac().getOctets().length != ContentEncryption.AES256_GCM.tagBytes()) {
            throw new PkiException(PkiError.MALFORMED_CMS, "MAC must be 16 bytes");
        }
        if (eci.getEncryptedContent() == null) {
            throw new PkiException(PkiError.MALFORMED_CMS, "no encrypted content");
        }
        ASN1ObjectIdentifier innerType = eci.getContentType();
        if (!CMSObjectIdentifiers.data.equals(innerType) && !CMSObjectIdentifiers.signedData.equals(innerType)) {
            throw new PkiException(PkiError.MALFORMED_CMS, "inner content type must be id-data or id-signedData");
        }
        ASN1Set ris = aed.getRecipientInfos();
        if (ris.size() == 0) {
            throw new PkiException(PkiError.MALFORMED_CMS, "no RecipientInfo");
        }
        for (ASN1Encodable e : ris) {
            ASN1Encodable info = RecipientInfo.getInstance(e).getInfo();
            if (info instanceof KeyTransRecipientInfo) {
                KeyTransRecipientInfo ktri = (KeyTransRecipientInfo) info;
                boolean bySki = ktri.getRecipientIdentifier().getId() instanceof ASN1OctetString;
                if (!ktri.getVersion().hasValue(bySki ? 2 : 0)) {
                    throw new PkiException(PkiError.MALFORMED_CMS, "KeyTransRecipientInfo version does not match its rid");
                }
                checkOaep(ktri.getKeyEncryptionAlgorithm());
            } else if (info instanceof KeyAgreeRecipientInfo) {
                KeyAgreeRecipientInfo kari = (KeyAgreeRecipientInfo) info;
                if (!kari.getVersion().hasValue(3)) {
                    throw new PkiException(PkiError.MALFORMED_CMS, "KeyAgreeRecipientInfo version must be 3");
                }
                checkKeyAgreement(kari.getKeyEncryptionAlgorithm());
                checkOriginator(kari.getOriginator());
            } else {
                throw notTransportOrAgreement();
            }
        }
    }

    /** The allow-list of {@link #checkAuthEnvelopedPolicy} for a parsed (streaming) RecipientInformation. */
    static void checkRecipientPolicy(RecipientInformation ri) throws PkiException {
        if (ri instanceof KeyTransRecipientInformation) {
            checkOaep(ri.getKeyEncryptionAlgorithm());
        } else if (ri instanceof KeyAgreeRecipientInformation) {
            checkKeyAgreement(ri.getKeyEncryptionAlgorithm());
            checkOriginator(((KeyAgreeRecipientInformation) ri).getOriginator());
        } else {
            throw notTransportOrAgreement();
        }
    }

    private static PkiException notTransportOrAgreement() {
        return new PkiException(PkiError.DISALLOWED_ALGORITHM,
                "only key transport (RSA-OAEP) and key agreement (ECDH) recipients are allowed");
    }

    /** AES-256-GCM with a 12-byte nonce and a 16-byte tag, nothing else. */
    static void checkContentEncryption(AlgorithmIdentifier cea) throws PkiException {
        ContentEncryption ce = ContentEncryption.of(cea.getAlgorithm()).orElseThrow(() -> new PkiException(
                PkiError.DISALLOWED_ALGORITHM, "content encryption must be AES-256-GCM, got " + cea.getAlgorithm()));
        GCMParameters gcm = GCMParameters.getInstance(cea.getParameters());
        if (gcm.getNonce().length != ce.nonceBytes() || gcm.getIcvLen() != ce.tagBytes()) {
            throw new PkiException(PkiError.DISALLOWED_ALGORITHM, "AES-GCM requires a 12-byte nonce and a 16-byte tag");
        }
    }

    private static void checkOaep(AlgorithmIdentifier alg) throws PkiException {
        if (KeyTransport.of(alg.getAlgorithm()).isEmpty()) {
            throw new PkiException(PkiError.DISALLOWED_ALGORITHM, "key transport must be RSAES-OAEP, got " + alg.getAlgorithm());
        }
        RSAESOAEPparams p = RSAESOAEPparams.getInstance(alg.getParameters() == null ? new DERSequence() : alg.getParameters());
        checkDigestAlg(p.getHashAlgorithm(), "OAEP hash");
        checkMgf1(p.getMaskGenAlgorithm(), "OAEP");
        if (!PKCSObjectIdentifiers.id_pSpecified.equals(p.getPSourceAlgorithm().getAlgorithm())) {
            throw new PkiException(PkiError.DISALLOWED_ALGORITHM, "OAEP pSource must be pSpecified");
        }
    }

    /** ECDH with the SHA-256 KDF, its parameters naming AES-256 key wrap. */
    private static void checkKeyAgreement(AlgorithmIdentifier kea) throws PkiException {
        if (KeyAgreement.of(kea.getAlgorithm()).isEmpty()) {
            throw new PkiException(PkiError.DISALLOWED_ALGORITHM,
                    "key agreement must be dhSinglePass-stdDH-sha256kdf-scheme, got " + kea.getAlgorithm());
        }
        AlgorithmIdentifier wrap = AlgorithmIdentifier.getInstance(kea.getParameters());
        if (KeyWrap.of(wrap.getAlgorithm()).isEmpty()) {
            throw new PkiException(PkiError.DISALLOWED_ALGORITHM, "key wrap must be AES-256 key wrap, got " + wrap.getAlgorithm());
        }
    }

    private static void checkOriginator(OriginatorIdentifierOrKey orig) throws PkiException {
        OriginatorPublicKey opk = orig.getOriginatorKey();
        if (opk == null) {
            throw new PkiException(PkiError.DISALLOWED_ALGORITHM, "ECDH originator must be an ephemeral public key");
        }
        AlgorithmIdentifier oa = opk.getAlgorithm();
        if (!X9ObjectIdentifiers.id_ecPublicKey.equals(oa.getAlgorithm())) {
            throw new PkiException(PkiError.DISALLOWED_ALGORITHM, "ECDH originator key must be id-ecPublicKey");
        }
        ASN1Encodable params = oa.getParameters();
        if (params != null && !(params instanceof ASN1Null) && Curve.of(params).isEmpty()) {
            throw new PkiException(PkiError.DISALLOWED_ALGORITHM, "ECDH originator key must use a named NIST curve");
        }
    }

    // ------------------------------------------------------------------------------------------ signature

    /** Algorithm allow-list and presence of signed attributes on a SignerInfo, before any cryptography. */
    static void checkSignerInfoPolicy(SignerInfo si) throws PkiException {
        checkDigestAlg(si.getDigestAlgorithm(), "signer digest");
        checkSignatureAlg(si.getDigestEncryptionAlgorithm());
        if (si.getAuthenticatedAttributes() == null || si.getAuthenticatedAttributes().size() == 0) {
            throw new PkiException(PkiError.SIGNATURE_INVALID, "signed attributes are required");
        }
    }

    static void checkDigestAlg(AlgorithmIdentifier alg, String what) throws PkiException {
        if (Digest.of(alg.getAlgorithm()).isEmpty()) {
            throw new PkiException(PkiError.DISALLOWED_ALGORITHM, what + " must be SHA-256/384/512, got " + alg.getAlgorithm());
        }
        ASN1Encodable p = alg.getParameters();
        if (p != null && !(p instanceof ASN1Null)) {
            throw new PkiException(PkiError.DISALLOWED_ALGORITHM, what + " has unexpected parameters");
        }
    }

    private static void checkMgf1(AlgorithmIdentifier mgf, String what) throws PkiException {
        if (!PKCSObjectIdentifiers.id_mgf1.equals(mgf.getAlgorithm())) {
            throw new PkiException(PkiError.DISALLOWED_ALGORITHM, what + " mask generation must be MGF1");
        }
        checkDigestAlg(AlgorithmIdentifier.getInstance(mgf.getParameters()), what + " MGF1 hash");
    }

    static void checkSignatureAlg(AlgorithmIdentifier alg) throws PkiException {
        ASN1ObjectIdentifier oid = alg.getAlgorithm();
        Signature sig = Signature.of(oid).orElseThrow(() -> new PkiException(PkiError.DISALLOWED_ALGORITHM,
                "signature algorithm must be ECDSA-SHA2 or RSASSA-PSS, got " + oid));
        if (sig.ecdsa()) {
            if (alg.getParameters() != null && !(alg.getParameters() instanceof ASN1Null)) {
                throw new PkiException(PkiError.DISALLOWED_ALGORITHM, "ECDSA signature algorithm has parameters");
            }
            return;
        }
        RSASSAPSSparams p = RSASSAPSSparams.getInstance(alg.getParameters() == null ? new DERSequence() : alg.getParameters());
        checkDigestAlg(p.getHashAlgorithm(), "RSASSA-PSS hash");
        checkMgf1(p.getMaskGenAlgorithm(), "RSASSA-PSS");
        if (!BigInteger.ONE.equals(p.getTrailerField())) {
            throw new PkiException(PkiError.DISALLOWED_ALGORITHM, "RSASSA-PSS trailer field must be 1");
        }
        if (p.getSaltLength().compareTo(BigInteger.valueOf(20)) < 0) {
            throw new PkiException(PkiError.DISALLOWED_ALGORITHM, "RSASSA-PSS salt too short");
        }
    }

    /** The signer's key is allowed and of the kind its signature algorithm needs. */
    static void checkSignerKey(PublicKey pub, String sigAlgOid) throws PkiException {
        KeyType kt = keyType(pub);
        if (kt == KeyType.OTHER) {
            throw new PkiException(PkiError.DISALLOWED_ALGORITHM,
                    "signer key must be EC on a named NIST curve or RSA >= 2048 bits");
        }
        boolean ecdsa = Signature.of(new ASN1ObjectIdentifier(sigAlgOid)).map(Signature::ecdsa).orElse(false);
        if (ecdsa != (kt == KeyType.EC_P256 || kt == KeyType.EC_OTHER_NAMED)) {
            throw new PkiException(PkiError.SIGNATURE_INVALID, "signature algorithm does not match the signer key type");
        }
    }
}
