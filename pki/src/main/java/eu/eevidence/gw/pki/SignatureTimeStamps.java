package eu.eevidence.gw.pki;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSAttributeTableGenerationException;
import org.bouncycastle.cms.CMSAttributeTableGenerator;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.tsp.TimeStampToken;

/**
 * CAdES-T (ETSI EN 319 122-1): the signature-time-stamp unsigned attribute id-aa-signatureTimeStampToken
 * (1.2.840.113549.1.9.16.2.14), an RFC 3161 TimeStampToken over the SHA-256 of the SignerInfo's signature value.
 */
public final class SignatureTimeStamps {

    /** id-aa-signatureTimeStampToken. */
    public static final ASN1ObjectIdentifier ATTRIBUTE = PKCSObjectIdentifiers.id_aa_signatureTimeStampToken;

    private static final List<ASN1ObjectIdentifier> TSA_SIGNATURES = List.of(
            X9ObjectIdentifiers.ecdsa_with_SHA256, X9ObjectIdentifiers.ecdsa_with_SHA384, X9ObjectIdentifiers.ecdsa_with_SHA512,
            PKCSObjectIdentifiers.id_RSASSA_PSS, PKCSObjectIdentifiers.sha256WithRSAEncryption,
            PKCSObjectIdentifiers.sha384WithRSAEncryption, PKCSObjectIdentifiers.sha512WithRSAEncryption,
            PKCSObjectIdentifiers.rsaEncryption, X9ObjectIdentifiers.id_ecPublicKey);

    private SignatureTimeStamps() {
    }

    /** Unsigned-attribute generator that time-stamps the signature value with {@code stamper}. */
    static CMSAttributeTableGenerator generator(TimeStamper stamper) {
        return params -> {
            byte[] signature = (byte[]) ((Map<?, ?>) params).get(CMSAttributeTableGenerator.SIGNATURE);
            try {
                byte[] token = stamper.timeStampToken(Certificates.sha256(signature));
                ContentInfo ci = ContentInfo.getInstance(ASN1Primitive.fromByteArray(token));
                ASN1EncodableVector v = new ASN1EncodableVector();
                v.add(new Attribute(ATTRIBUTE, new DERSet(ci)));
                return new AttributeTable(v);
            } catch (PkiException e) {
                throw new CMSAttributeTableGenerationException(e.getMessage(), e);
            } catch (IOException | RuntimeException e) {
                throw new CMSAttributeTableGenerationException("unparseable time-stamp token",
                        new PkiException(PkiError.TIMESTAMP_INVALID, "unparseable time-stamp token", e));
            }
        };
    }

    /** Maps a generator failure back to the PkiException that caused it. */
    static PkiException unwrap(Throwable e, String what) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PkiException) {
                return (PkiException) t;
            }
        }
        return new PkiException(PkiError.INTERNAL, what, e);
    }

    /**
     * Verifies the signature time-stamp(s) of {@code signer}: message imprint = hash of the signature value,
     * token signature (BC provider), TSA certificate with id-kp-timeStamping, TSA path via {@code tsaTrust} at
     * the time-stamp's genTime, and genTime not before the signing time (minus 5 minutes of clock skew).
     *
     * @return the earliest genTime, or {@code null} when there is none and none is required
     */
    public static Instant verify(SignerInformation signer, Instant signingTime, SignerValidator tsaTrust, boolean required)
            throws PkiException {
        AttributeTable unsigned = signer.getUnsignedAttributes();
        ASN1EncodableVector attrs = unsigned == null ? new ASN1EncodableVector() : unsigned.getAll(ATTRIBUTE);
        if (attrs.size() == 0) {
            if (required) {
                throw new PkiException(PkiError.TIMESTAMP_INVALID, "no signature time-stamp");
            }
            return null;
        }
        Instant earliest = null;
        for (int i = 0; i < attrs.size(); i++) {
            for (ASN1Encodable value : Attribute.getInstance(attrs.get(i)).getAttrValues()) {
                Instant t = verifyToken(value, signer.getSignature(), tsaTrust);
                if (t.isBefore(signingTime.minus(CmsProfile.MAX_FUTURE_SKEW))) {
                    throw new PkiException(PkiError.TIMESTAMP_INVALID, "time-stamp " + t + " precedes the signing time "
                            + signingTime);
                }
                earliest = earliest == null || t.isBefore(earliest) ? t : earliest;
            }
        }
        return earliest;
    }

    /** Verifies one TimeStampToken over {@code data}; returns its genTime. */
    public static Instant verifyToken(ASN1Encodable tokenContentInfo, byte[] data, SignerValidator tsaTrust)
            throws PkiException {
        return verifyToken(tokenContentInfo, Objects.requireNonNull(data, "data"), null, tsaTrust);
    }

    /** Verifies one TimeStampToken whose imprint must be the SHA-256 value {@code sha256Imprint}; returns genTime. */
    public static Instant verifyTokenForImprint(ASN1Encodable tokenContentInfo, byte[] sha256Imprint, SignerValidator tsaTrust)
            throws PkiException {
        return verifyToken(tokenContentInfo, null, Objects.requireNonNull(sha256Imprint, "sha256Imprint"), tsaTrust);
    }

    private static Instant verifyToken(ASN1Encodable tokenContentInfo, byte[] data, byte[] sha256Imprint,
            SignerValidator tsaTrust) throws PkiException {
        TimeStampToken tst;
        X509Certificate tsaCert;
        List<X509Certificate> others = new ArrayList<>();
        try {
            tst = new TimeStampToken(ContentInfo.getInstance(tokenContentInfo));
            CmsAlgorithmPolicy.checkDigestAlg(tst.getTimeStampInfo().getHashAlgorithm(), "time-stamp imprint hash");
            AlgorithmIdentifier imprintAlg = tst.getTimeStampInfo().getHashAlgorithm();
            byte[] expected;
            if (data == null) {
                if (!NISTObjectIdentifiers.id_sha256.equals(imprintAlg.getAlgorithm())) {
                    throw new PkiException(PkiError.TIMESTAMP_INVALID, "time-stamp imprint is not SHA-256");
                }
                expected = sha256Imprint;
            } else {
                expected = MessageDigest.getInstance(imprintAlg.getAlgorithm().getId(), BouncyCastle.provider()).digest(data);
            }
            if (!MessageDigest.isEqual(expected, tst.getTimeStampInfo().getMessageImprintDigest())) {
                throw new PkiException(PkiError.TIMESTAMP_INVALID, "time-stamp imprint does not match the signature");
            }
            SignerInformation tsi = tst.toCMSSignedData().getSignerInfos().getSigners().iterator().next();
            CmsAlgorithmPolicy.checkDigestAlg(tsi.getDigestAlgorithmID(), "time-stamp digest");
            if (!TSA_SIGNATURES.contains(new ASN1ObjectIdentifier(tsi.getEncryptionAlgOID()))) {
                throw new PkiException(PkiError.DISALLOWED_ALGORITHM, "time-stamp signature algorithm not allowed: "
                        + tsi.getEncryptionAlgOID());
            }
            @SuppressWarnings("unchecked")
            Collection<X509CertificateHolder> matches = tst.getCertificates().getMatches(tst.getSID());
            if (matches.size() != 1) {
                throw new PkiException(PkiError.TIMESTAMP_INVALID, "time-stamp without (unique) TSA certificate");
            }
            X509CertificateHolder holder = matches.iterator().next();
            JcaX509CertificateConverter conv = new JcaX509CertificateConverter().setProvider(BouncyCastle.provider());
            tsaCert = conv.getCertificate(holder);
            @SuppressWarnings("unchecked")
            Collection<X509CertificateHolder> all = tst.getCertificates().getMatches(null);
            for (X509CertificateHolder h : all) {
                if (!h.equals(holder)) {
                    others.add(conv.getCertificate(h));
                }
            }
            // signature, ESS signing certificate and the critical id-kp-timeStamping EKU (RFC 3161 2.3)
            tst.validate(new JcaSimpleSignerInfoVerifierBuilder().setProvider(BouncyCastle.provider()).build(holder));
        } catch (PkiException e) {
            throw e;
        } catch (Exception | StackOverflowError e) {
            throw new PkiException(PkiError.TIMESTAMP_INVALID, "time-stamp token does not verify: " + e.getMessage(), e);
        }
        Instant genTime = tst.getTimeStampInfo().getGenTime().toInstant();
        try {
            tsaTrust.validate(tsaCert, others, genTime);
        } catch (PkiException e) {
            throw new PkiException(PkiError.TIMESTAMP_INVALID, "TSA certificate not trusted: " + e.getMessage(), e);
        }
        return genTime;
    }
}
