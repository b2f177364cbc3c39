package eu.eevidence.gw.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.AuthEnvelopedData;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.SignedData;
import org.bouncycastle.asn1.cms.SignerInfo;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.IssuerSerial;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSAuthEnvelopedData;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSVerifierCertificateNotValidException;
import org.bouncycastle.cms.KeyAgreeRecipientId;
import org.bouncycastle.cms.KeyTransRecipientId;
import org.bouncycastle.cms.Recipient;
import org.bouncycastle.cms.RecipientId;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.RecipientInformationStore;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.SignerInformationVerifier;
import org.bouncycastle.cms.jcajce.JceKeyAgreeAuthEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyTransAuthEnvelopedRecipient;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.util.Store;

/**
 * The receiving side of the {@link CmsProfile}: strict parse, the algorithm allow-list of {@link CmsAlgorithmPolicy}
 * on the whole structure before any cryptography, decryption of the AuthEnvelopedData addressed to us, then the
 * SignedData checks (signer by sid, key, CAdES-BES attributes, signature, signing time, optional time-stamp, path
 * validation, replay guard). See {@link CmsProfile}'s class comment for the order of checks and the error codes.
 */
final class CmsOpener {

    private final Clock clock;
    private final ReplayGuard replayGuard;
    private final SignerValidator tsaTrust;
    private final boolean requireTimeStamp;

    CmsOpener(Clock clock, ReplayGuard replayGuard, SignerValidator tsaTrust, boolean requireTimeStamp) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.replayGuard = Objects.requireNonNull(replayGuard, "replayGuard");
        this.tsaTrust = tsaTrust;
        this.requireTimeStamp = requireTimeStamp;
    }

    /** The outcome of {@link #verifySigner}. */
    record Verified(X509Certificate cert, List<X509Certificate> others, Instant signingTime, SignerInformation signer) {
    }

    // ------------------------------------------------------------------------------------------ open

    /** Reverse of {@link CmsSealer#seal}. See the class comment for the order of checks. */
    OpenedMessage open(byte[] cms, KeyMaterial recipient, SignerValidator trust) throws PkiException {
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(trust, "trust");
        return verifySignedData(decrypt(parseContentInfo(cms), recipient), null, trust);
    }

    /**
     * The SignedData to {@link CmsProfile#verify}: {@code cms} itself when it is a SignedData, or, when it is an AuthEnvelopedData
     * of the profile addressed to {@code recipient}, its decrypted and authenticated content (same checks as
     * {@link CmsProfile#open} up to the signature). Lets a receiver keep the signed bytes as evidence, whether or not they came
     * encrypted. Nothing is verified about the signature here.
     *
     * @throws PkiException {@link PkiError#MALFORMED_CMS} for anything else, and the errors of {@link CmsProfile#open}'s
     *                      decryption steps
     */
    byte[] unwrapSignedData(byte[] cms, KeyMaterial recipient) throws PkiException {
        Objects.requireNonNull(recipient, "recipient");
        ContentInfo ci = parseContentInfo(cms);
        if (CMSObjectIdentifiers.signedData.equals(ci.getContentType())) {
            return cms;
        }
        return decrypt(ci, recipient);
    }

    private byte[] decrypt(ContentInfo ci, KeyMaterial recipient) throws PkiException {
        CMSAuthEnvelopedData env;
        try {
            ASN1ObjectIdentifier type = ci.getContentType();
            if (CMSObjectIdentifiers.envelopedData.equals(type)) {
                throw new PkiException(PkiError.DISALLOWED_ALGORITHM,
                        "EnvelopedData (unauthenticated encryption) is not allowed; AuthEnvelopedData with AES-256-GCM required");
            }
            if (!CMSObjectIdentifiers.authEnvelopedData.equals(type)) {
                throw new PkiException(PkiError.MALFORMED_CMS, "not an AuthEnvelopedData: " + type);
            }
            AuthEnvelopedData aed = AuthEnvelopedData.getInstance(ci.getContent());
            CmsAlgorithmPolicy.checkAuthEnvelopedPolicy(aed);
            env = new CMSAuthEnvelopedData(ci);
        } catch (PkiException e) {
            throw e;
        } catch (CMSException | RuntimeException | StackOverflowError e) {
            throw new PkiException(PkiError.MALFORMED_CMS, "unparseable AuthEnvelopedData", e);
        }

        RecipientInformation ours;
        try {
            ours = findRecipient(env.getRecipientInfos(), recipient);
        } catch (RuntimeException e) {
            throw new PkiException(PkiError.MALFORMED_CMS, "unparseable RecipientInfos", e);
        }
        Recipient decryptor = ours.getRID() instanceof KeyAgreeRecipientId && CmsProviders.gcm() != BouncyCastle.provider()
                ? new GcmKeyAgreeRecipient(recipient.privateKey()) : decryptor(ours, recipient);
        byte[] inner;
        try {
            // BC decrypts into memory and throws on a bad tag before returning anything.
            inner = ours.getContent(decryptor);
        } catch (CMSException | RuntimeException e) {
            throw new PkiException(PkiError.DECRYPTION_FAILED, "decryption or authentication failed", e);
        }
        if (inner == null) {
            throw new PkiException(PkiError.DECRYPTION_FAILED, "no content");
        }
        return inner;
    }

    /** BC recipient for our RecipientInfo; key unwrap and AES-GCM both on the BC provider (streaming GCM). */
    static Recipient decryptor(RecipientInformation ours, KeyMaterial recipient) {
        PrivateKey key = recipient.privateKey();
        if (ours.getRID() instanceof KeyAgreeRecipientId) {
            return new JceKeyAgreeAuthEnvelopedRecipient(key).setProvider(BouncyCastle.provider());
        }
        return new JceKeyTransAuthEnvelopedRecipient(key).setProvider(BouncyCastle.provider());
    }

    static RecipientInformation findRecipient(RecipientInformationStore store, KeyMaterial recipient) throws PkiException {
        X509Certificate cert = recipient.certificate();
        X500Name issuer = X500Name.getInstance(cert.getIssuerX500Principal().getEncoded());
        BigInteger serial = cert.getSerialNumber();
        byte[] ski = subjectKeyIdentifier(cert);
        boolean ec = recipient.privateKey() instanceof ECPrivateKey;
        boolean rsa = recipient.privateKey() instanceof RSAPrivateKey;
        for (RecipientInformation ri : store.getRecipients()) {
            RecipientId rid = ri.getRID();
            X500Name rIssuer;
            BigInteger rSerial;
            byte[] rSki;
            if (rid instanceof KeyAgreeRecipientId && ec) {
                KeyAgreeRecipientId k = (KeyAgreeRecipientId) rid;
                rIssuer = k.getIssuer();
                rSerial = k.getSerialNumber();
                rSki = k.getSubjectKeyIdentifier();
            } else if (rid instanceof KeyTransRecipientId && rsa) {
                KeyTransRecipientId k = (KeyTransRecipientId) rid;
                rIssuer = k.getIssuer();
                rSerial = k.getSerialNumber();
                rSki = k.getSubjectKeyIdentifier();
            } else {
                continue;
            }
            boolean byIssuerSerial = rIssuer != null && rSerial != null && rIssuer.equals(issuer) && rSerial.equals(serial);
            boolean bySki = rSki != null && ski != null && Arrays.equals(rSki, ski);
            if (byIssuerSerial || bySki) {
                return ri;
            }
        }
        throw new PkiException(PkiError.NOT_A_RECIPIENT, "no RecipientInfo for " + cert.getSubjectX500Principal()
                + " serial " + serial.toString(16));
    }

    private static byte[] subjectKeyIdentifier(X509Certificate cert) {
        byte[] ext = cert.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        if (ext == null) {
            return null;
        }
        try {
            return ASN1OctetString.getInstance(ASN1OctetString.getInstance(ext).getOctets()).getOctets();
        } catch (RuntimeException e) {
            return null;
        }
    }

    // ------------------------------------------------------------------------------------------ verify

    /** Verifies a SignedData made by {@link CmsSealer#sign} (or any SignedData within the profile). */
    OpenedMessage verify(byte[] signedData, SignerValidator trust) throws PkiException {
        Objects.requireNonNull(trust, "trust");
        return verifySignedData(signedData, null, trust);
    }

    /** A detached SignedData over {@code content} (no encapsulated content allowed); same checks as {@link #verify}. */
    OpenedMessage verifyDetached(byte[] signature, byte[] content, SignerValidator trust) throws PkiException {
        Objects.requireNonNull(trust, "trust");
        return verifySignedData(signature, Objects.requireNonNull(content, "content"), trust);
    }

    private OpenedMessage verifySignedData(byte[] bytes, byte[] detached, SignerValidator trust) throws PkiException {
        ContentInfo ci = parseContentInfo(bytes);
        SignerInformation signer;
        Store<X509CertificateHolder> store;
        byte[] content;
        try {
            if (!CMSObjectIdentifiers.signedData.equals(ci.getContentType())) {
                throw new PkiException(PkiError.MALFORMED_CMS, "not a SignedData: " + ci.getContentType());
            }
            SignedData sd = SignedData.getInstance(ci.getContent());
            for (ASN1Encodable d : sd.getDigestAlgorithms()) {
                CmsAlgorithmPolicy.checkDigestAlg(AlgorithmIdentifier.getInstance(d), "digest");
            }
            ContentInfo eci = sd.getEncapContentInfo();
            if (!CMSObjectIdentifiers.data.equals(eci.getContentType())) {
                throw new PkiException(PkiError.MALFORMED_CMS, "encapsulated content type must be id-data");
            }
            if (detached == null && eci.getContent() == null) {
                throw new PkiException(PkiError.MALFORMED_CMS, "detached content is not allowed");
            }
            if (detached != null && eci.getContent() != null) {
                throw new PkiException(PkiError.MALFORMED_CMS, "a detached signature must not encapsulate content");
            }
            content = detached != null ? detached : ASN1OctetString.getInstance(eci.getContent()).getOctets();
            ASN1Set infos = sd.getSignerInfos();
            if (infos.size() != 1) {
                throw new PkiException(PkiError.SIGNATURE_INVALID, "exactly one signer required, found " + infos.size());
            }
            CmsAlgorithmPolicy.checkSignerInfoPolicy(SignerInfo.getInstance(infos.getObjectAt(0)));
            parseAllCertificates(sd.getCertificates());
            CMSSignedData csd = detached == null ? new CMSSignedData(ci)
                    : new CMSSignedData(new org.bouncycastle.cms.CMSProcessableByteArray(detached), ci);
            Collection<SignerInformation> signers = csd.getSignerInfos().getSigners();
            if (signers.size() != 1) {
                throw new PkiException(PkiError.SIGNATURE_INVALID, "exactly one signer required");
            }
            signer = signers.iterator().next();
            store = csd.getCertificates();
        } catch (PkiException e) {
            throw e;
        } catch (CMSException | RuntimeException | StackOverflowError e) {
            throw new PkiException(PkiError.MALFORMED_CMS, "unparseable SignedData", e);
        }
        Verified v = verifySigner(signer, store, trust);
        return new OpenedMessage(content, v.cert(), ParsedCertificates.roles(v.cert()), v.signingTime());
    }

    static void parseAllCertificates(ASN1Set certSet) {
        if (certSet != null) {
            for (ASN1Encodable c : certSet) {
                if (!(c instanceof ASN1TaggedObject)) {
                    Certificate.getInstance(c); // force a full parse of every certificate
                }
            }
        }
    }

    /**
     * Shared tail of every verification (in memory and streaming): signer certificate by sid, key checks,
     * CAdES-BES attributes, signature with the BC provider, signing time, optional signature time-stamp,
     * path validation (with revocation when {@code trust} does it) and the replay guard.
     */
    Verified verifySigner(SignerInformation signer, Store<X509CertificateHolder> store, SignerValidator trust)
            throws PkiException {
        X509Certificate signerCert;
        X509CertificateHolder holder;
        List<X509Certificate> others = new ArrayList<>();
        Instant signingTime;
        try {
            @SuppressWarnings("unchecked")
            Collection<X509CertificateHolder> matches = store.getMatches(signer.getSID());
            if (matches.isEmpty()) {
                throw new PkiException(PkiError.UNTRUSTED_SIGNER, "signer certificate not included in the SignedData");
            }
            if (matches.size() > 1) {
                throw new PkiException(PkiError.SIGNATURE_INVALID, "signer identifier matches several certificates");
            }
            holder = matches.iterator().next();
            signerCert = ParsedCertificates.of(holder);
            @SuppressWarnings("unchecked")
            Collection<X509CertificateHolder> all = store.getMatches(null);
            for (X509CertificateHolder h : all) {
                if (!h.equals(holder)) {
                    others.add(ParsedCertificates.of(h));
                }
            }
            CmsAlgorithmPolicy.checkSignerKey(signerCert.getPublicKey(), signer.getEncryptionAlgOID());
            AttributeTable signed = signer.getSignedAttributes();
            if (signed == null) {
                throw new PkiException(PkiError.SIGNATURE_INVALID, "signed attributes are required");
            }
            signingTime = signingTime(signed);
            checkSigningCertificateV2(signed, signerCert);
        } catch (PkiException e) {
            throw e;
        } catch (CertificateException | RuntimeException | StackOverflowError e) {
            throw new PkiException(PkiError.MALFORMED_CMS, "unparseable SignedData", e);
        }

        // Cryptographic verification with the BC provider, signer identified by sid above.
        try {
            SignerInformationVerifier v = EcdsaVerifiers.of(signerCert, holder);
            if (!signer.verify(v)) {
                throw new PkiException(PkiError.SIGNATURE_INVALID, "signature does not verify");
            }
        } catch (PkiException e) {
            throw e;
        } catch (CMSVerifierCertificateNotValidException e) {
            throw new PkiException(PkiError.SIGNER_EXPIRED, "signer certificate not valid at signing time", e);
        } catch (CMSException | OperatorCreationException | RuntimeException e) {
            throw new PkiException(PkiError.SIGNATURE_INVALID, "signature verification failed", e);
        }
        if (signingTime.isAfter(clock.instant().plus(CmsProfile.MAX_FUTURE_SKEW))) {
            throw new PkiException(PkiError.SIGNATURE_INVALID, "signing time " + signingTime + " is in the future");
        }
        if (tsaTrust != null) {
            SignatureTimeStamps.verify(signer, signingTime, tsaTrust, requireTimeStamp);
        }
        trust.validate(signerCert, others, signingTime);
        replayGuard.checkAndRecord(Certificates.hex(Certificates.sha256(signer.getSignature())), signingTime);
        return new Verified(signerCert, others, signingTime, signer);
    }

    private static Instant signingTime(AttributeTable signed) throws PkiException {
        ASN1EncodableVector v = signed.getAll(CMSAttributes.signingTime);
        if (v.size() != 1) {
            throw new PkiException(PkiError.SIGNATURE_INVALID, "exactly one signing-time attribute required");
        }
        ASN1Set values = Attribute.getInstance(v.get(0)).getAttrValues();
        if (values.size() != 1) {
            throw new PkiException(PkiError.SIGNATURE_INVALID, "signing-time must have one value");
        }
        try {
            return CmsTimes.instant(Time.getInstance(values.getObjectAt(0)));
        } catch (RuntimeException e) {
            throw new PkiException(PkiError.MALFORMED_CMS, "unparseable signing-time", e);
        }
    }

    private static void checkSigningCertificateV2(AttributeTable signed, X509Certificate signerCert) throws PkiException {
        ASN1EncodableVector v = signed.getAll(PKCSObjectIdentifiers.id_aa_signingCertificateV2);
        if (v.size() != 1) {
            throw new PkiException(PkiError.SIGNATURE_INVALID, "exactly one signing-certificate-v2 attribute required");
        }
        ASN1Set values = Attribute.getInstance(v.get(0)).getAttrValues();
        if (values.size() != 1) {
            throw new PkiException(PkiError.SIGNATURE_INVALID, "signing-certificate-v2 must have one value");
        }
        SigningCertificateV2 scv2 = SigningCertificateV2.getInstance(values.getObjectAt(0));
        ESSCertIDv2[] ids = scv2.getCerts();
        if (ids.length == 0) {
            throw new PkiException(PkiError.SIGNATURE_INVALID, "signing-certificate-v2 is empty");
        }
        ESSCertIDv2 first = ids[0]; // RFC 5035: the first ESSCertIDv2 identifies the signer certificate
        AlgorithmIdentifier hashAlg = first.getHashAlgorithm();
        CmsAlgorithmPolicy.checkDigestAlg(hashAlg, "signing-certificate-v2 hash");
        byte[] expected;
        try {
            expected = java.security.MessageDigest.getInstance(hashAlg.getAlgorithm().getId(), BouncyCastle.provider())
                    .digest(signerCert.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new PkiException(PkiError.INTERNAL, "digest unavailable", e);
        }
        if (!java.security.MessageDigest.isEqual(expected, first.getCertHash())) {
            throw new PkiException(PkiError.SIGNATURE_INVALID, "signing-certificate-v2 does not match the signer certificate");
        }
        IssuerSerial is = first.getIssuerSerial();
        if (is != null) {
            if (!is.getSerial().getValue().equals(signerCert.getSerialNumber())) {
                throw new PkiException(PkiError.SIGNATURE_INVALID, "signing-certificate-v2 serial does not match");
            }
            X500Name issuer = X500Name.getInstance(signerCert.getIssuerX500Principal().getEncoded());
            boolean found = false;
            for (GeneralName gn : is.getIssuer().getNames()) {
                if (gn.getTagNo() == GeneralName.directoryName && X500Name.getInstance(gn.getName()).equals(issuer)) {
                    found = true;
                }
            }
            if (!found) {
                throw new PkiException(PkiError.SIGNATURE_INVALID, "signing-certificate-v2 issuer does not match");
            }
        }
    }

    // ------------------------------------------------------------------------------------------ parsing

    static ContentInfo parseContentInfo(byte[] der) throws PkiException {
        if (der == null || der.length == 0) {
            throw new PkiException(PkiError.MALFORMED_CMS, "empty input");
        }
        try (ASN1InputStream in = new ASN1InputStream(der)) {
            ASN1Primitive p = in.readObject();
            if (!(p instanceof ASN1Sequence)) {
                throw new PkiException(PkiError.MALFORMED_CMS, "not a ContentInfo SEQUENCE");
            }
            if (in.available() > 0 || in.readObject() != null) {
                throw new PkiException(PkiError.MALFORMED_CMS, "trailing data after ContentInfo");
            }
            ContentInfo ci = ContentInfo.getInstance(p);
            if (ci.getContent() == null) {
                throw new PkiException(PkiError.MALFORMED_CMS, "ContentInfo without content");
            }
            return ci;
        } catch (PkiException e) {
            throw e;
        } catch (IOException | RuntimeException | StackOverflowError e) {
            throw new PkiException(PkiError.MALFORMED_CMS, "not a DER/BER ContentInfo", e);
        }
    }
}
