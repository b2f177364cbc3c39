package eu.eevidence.gw.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Objects;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.ASN1Null;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.AuthEnvelopedData;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.EncryptedContentInfo;
import org.bouncycastle.asn1.cms.GCMParameters;
import org.bouncycastle.asn1.cms.KeyAgreeRecipientInfo;
import org.bouncycastle.asn1.cms.KeyTransRecipientInfo;
import org.bouncycastle.asn1.cms.OriginatorIdentifierOrKey;
import org.bouncycastle.asn1.cms.OriginatorPublicKey;
import org.bouncycastle.asn1.cms.RecipientInfo;
import org.bouncycastle.asn1.cms.SignedData;
import org.bouncycastle.asn1.cms.SignerInfo;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAESOAEPparams;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuerSerial;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSAuthEnvelopedData;
import org.bouncycastle.cms.CMSAuthEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.CMSVerifierCertificateNotValidException;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.KeyAgreeRecipientId;
import org.bouncycastle.cms.KeyTransRecipientId;
import org.bouncycastle.cms.Recipient;
import org.bouncycastle.cms.RecipientId;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.SignerInformationVerifier;
import org.bouncycastle.cms.SignerInfoGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyAgreeAuthEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyAgreeRecipientInfoGenerator;
import org.bouncycastle.cms.jcajce.JceKeyTransAuthEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.OutputAEADEncryptor;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.util.Store;

/**
 * THE CMS protection profile of the gateway. Every message is
 * <ol>
 * <li>a CMS SignedData (RFC 5652) with encapsulated id-data content, exactly one signer, signed with
 * ECDSA P-256/SHA-256 (EC keys) or RSASSA-PSS/SHA-256/MGF1-SHA-256/salt 32 (RSA keys of at least 2048
 * bits), with the CAdES-BES signed attributes content-type, message-digest, signing-time (from the
 * profile's clock) and signing-certificate-v2 (ESSCertIDv2, SHA-256, with issuer/serial), plus BC's
 * CMSAlgorithmProtection attribute; the signer's chain is embedded;</li>
 * <li>wrapped, as the id-data content, in an AuthEnvelopedData (RFC 5083/5084) with AES-256-GCM
 * (12-byte nonce, 16-byte tag) for every recipient: EC P-256 recipients get a KeyAgreeRecipientInfo
 * (ephemeral-static ECDH, dhSinglePass-stdDH-sha256kdf-scheme, AES-256 key wrap), RSA recipients get a
 * KeyTransRecipientInfo (RSAES-OAEP, SHA-256, MGF1-SHA-256). Recipients are identified by issuer and
 * serial number.</li>
 * </ol>
 * The inner content type is id-data (not id-signedData) because that is what OpenSSL and S/MIME
 * produce and because RFC 5083 would otherwise require authenticated attributes.
 *
 * <p>Opening checks, in this order: strict DER/BER parse (no trailing bytes); algorithm allow-list on
 * the whole AuthEnvelopedData before any cryptographic operation ({@link PkiError#DISALLOWED_ALGORITHM};
 * an EnvelopedData, i.e. unauthenticated AES-CBC, is disallowed too); our RecipientInfo by issuer+serial
 * or subject key identifier ({@link PkiError#NOT_A_RECIPIENT}); decryption and GCM tag check, no
 * plaintext leaves on failure ({@link PkiError#DECRYPTION_FAILED}); then the SignedData checks of
 * {@link #verify}: allow-list of digest (SHA-256/384/512) and signature (ECDSA with SHA-256/384/512,
 * RSASSA-PSS with SHA-256/384/512) algorithms, signer keys (EC named curves P-256/384/521, RSA &ge;
 * 2048), exactly one signer, signer certificate found in the certificate set by the SignerInfo sid only,
 * signature verified with the Bouncy Castle provider, signing-time present and not more than 5 minutes
 * in the future of the profile's clock, signing-certificate-v2 matching the signer, and the chain valid
 * against the trust anchors at the signing time. Every unchecked exception from parsing maps to
 * {@link PkiError#MALFORMED_CMS}.
 *
 * <p>Error choices worth knowing: zero or several SignerInfos, missing signed attributes, a missing
 * signing-time or signing-certificate-v2 attribute, or a signature/certificate key-type mismatch are
 * {@link PkiError#SIGNATURE_INVALID}; a signer certificate absent from the SignedData is
 * {@link PkiError#UNTRUSTED_SIGNER}; detached content or a non-id-data eContentType is
 * {@link PkiError#MALFORMED_CMS}.
 */
public final class CmsProfile {

    /** Allowed clock skew for a signing time in the future. */
    static final Duration MAX_FUTURE_SKEW = Duration.ofMinutes(5);

    private static final List<ASN1ObjectIdentifier> DIGESTS = List.of(
            NISTObjectIdentifiers.id_sha256, NISTObjectIdentifiers.id_sha384, NISTObjectIdentifiers.id_sha512);
    private static final List<ASN1ObjectIdentifier> ECDSA = List.of(
            X9ObjectIdentifiers.ecdsa_with_SHA256, X9ObjectIdentifiers.ecdsa_with_SHA384, X9ObjectIdentifiers.ecdsa_with_SHA512);
    private static final List<ASN1ObjectIdentifier> CURVES = List.of(
            SECObjectIdentifiers.secp256r1, SECObjectIdentifiers.secp384r1, SECObjectIdentifiers.secp521r1);

    private final Clock clock;
    private final ReplayGuard replayGuard;
    private final TimeStamper timeStamper;
    private final SignerValidator tsaTrust;
    private final boolean requireTimeStamp;
    private final java.nio.file.Path spoolDirectory;

    public CmsProfile(Clock clock) {
        this(clock, ReplayGuard.NONE, null, null, false, null);
    }

    private CmsProfile(Clock clock, ReplayGuard replayGuard, TimeStamper timeStamper, SignerValidator tsaTrust,
            boolean requireTimeStamp, java.nio.file.Path spoolDirectory) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.replayGuard = Objects.requireNonNull(replayGuard, "replayGuard");
        this.timeStamper = timeStamper;
        this.tsaTrust = tsaTrust;
        this.requireTimeStamp = requireTimeStamp;
        this.spoolDirectory = spoolDirectory;
        BouncyCastle.provider();
    }

    /**
     * A copy that calls {@code guard} for every verified message (id = hex SHA-256 of the signature value,
     * signing time); a replay is {@link PkiError#REPLAY}.
     */
    public CmsProfile withReplayGuard(ReplayGuard guard) {
        return new CmsProfile(clock, guard, timeStamper, tsaTrust, requireTimeStamp, spoolDirectory);
    }

    /**
     * A copy that adds a CAdES-T signature time-stamp (unsigned attribute id-aa-signatureTimeStampToken,
     * 1.2.840.113549.1.9.16.2.14) obtained from {@code stamper} to every SignerInfo it creates.
     */
    public CmsProfile withTimeStamper(TimeStamper stamper) {
        return new CmsProfile(clock, replayGuard, stamper, tsaTrust, requireTimeStamp, spoolDirectory);
    }

    /**
     * A copy that verifies signature time-stamps against {@code tsaTrust} (the TSA certificate must chain to it
     * and carry the id-kp-timeStamping EKU); with {@code required} a message without one is
     * {@link PkiError#TIMESTAMP_INVALID}.
     */
    public CmsProfile withTimeStampVerification(SignerValidator tsaTrust, boolean required) {
        return new CmsProfile(clock, replayGuard, timeStamper, Objects.requireNonNull(tsaTrust, "tsaTrust"), required,
                spoolDirectory);
    }

    /** A copy whose streaming {@link #openStream} stages encrypted temporary files in {@code dir}. */
    public CmsProfile withSpoolDirectory(java.nio.file.Path dir) {
        return new CmsProfile(clock, replayGuard, timeStamper, tsaTrust, requireTimeStamp, dir);
    }

    Clock clock() {
        return clock;
    }

    TimeStamper timeStamper() {
        return timeStamper;
    }

    java.nio.file.Path spoolDirectory() {
        return spoolDirectory != null ? spoolDirectory : java.nio.file.Path.of(System.getProperty("java.io.tmpdir"));
    }

    // ------------------------------------------------------------------------------------------ seal

    /** sign + AuthEnvelopedData(AES-256-GCM) for every recipient; DER output. */
    public byte[] seal(byte[] content, KeyMaterial signer, List<X509Certificate> recipients) throws PkiException {
        Objects.requireNonNull(recipients, "recipients");
        if (recipients.isEmpty()) {
            throw new PkiException(PkiError.INTERNAL, "at least one recipient is required");
        }
        byte[] signed = sign(content, signer);
        try {
            CMSAuthEnvelopedDataGenerator gen = new CMSAuthEnvelopedDataGenerator();
            addRecipients(gen, recipients);
            OutputAEADEncryptor enc = (OutputAEADEncryptor) new JceCMSContentEncryptorBuilder(CMSAlgorithm.AES256_GCM)
                    .setProvider(BouncyCastle.provider()).build();
            CMSAuthEnvelopedData env = gen.generate(new CMSProcessableByteArray(CMSObjectIdentifiers.data, signed), enc);
            return env.toASN1Structure().getEncoded(ASN1Encoding.DER);
        } catch (PkiException e) {
            throw e;
        } catch (GeneralSecurityException | CMSException | IOException | RuntimeException e) {
            throw new PkiException(PkiError.INTERNAL, "cannot seal message", e);
        }
    }

    /** ECDH P-256 (sha256 KDF, AES-256 wrap) or RSA-OAEP-SHA256 RecipientInfo generators, one per certificate. */
    static void addRecipients(org.bouncycastle.cms.CMSAuthEnvelopedGenerator gen, List<X509Certificate> recipients)
            throws PkiException, GeneralSecurityException, CertificateException {
        Objects.requireNonNull(recipients, "recipients");
        if (recipients.isEmpty()) {
            throw new PkiException(PkiError.INTERNAL, "at least one recipient is required");
        }
        for (X509Certificate r : recipients) {
            PublicKey pub = r.getPublicKey();
            KeyType kt = keyType(pub);
            if (kt == KeyType.EC_P256) {
                KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC", BouncyCastle.provider());
                kpg.initialize(new ECGenParameterSpec("secp256r1"));
                KeyPair eph = kpg.generateKeyPair();
                gen.addRecipientInfoGenerator(new JceKeyAgreeRecipientInfoGenerator(
                        CMSAlgorithm.ECDH_SHA256KDF, eph.getPrivate(), eph.getPublic(), CMSAlgorithm.AES256_WRAP)
                        .addRecipient(r).setProvider(BouncyCastle.provider()));
            } else if (kt == KeyType.RSA) {
                gen.addRecipientInfoGenerator(new JceKeyTransRecipientInfoGenerator(r, oaepSha256())
                        .setProvider(BouncyCastle.provider()));
            } else {
                throw new PkiException(PkiError.DISALLOWED_ALGORITHM, "recipient key must be EC P-256 or RSA >= 2048: "
                        + r.getSubjectX500Principal());
            }
        }
    }

    private static AlgorithmIdentifier oaepSha256() {
        AlgorithmIdentifier sha256 = new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256);
        return new AlgorithmIdentifier(PKCSObjectIdentifiers.id_RSAES_OAEP, new RSAESOAEPparams(sha256,
                new AlgorithmIdentifier(PKCSObjectIdentifiers.id_mgf1, sha256), RSAESOAEPparams.DEFAULT_P_SOURCE_ALGORITHM));
    }

    // ------------------------------------------------------------------------------------------ streaming

    /**
     * Streaming {@link #seal}: reads {@code content} to its end and writes to {@code out} a BER-encoded (indefinite
     * lengths) ContentInfo of the same profile, in constant memory. {@code out} is not closed. On failure part of
     * the CMS may have been written (it is ciphertext, never plaintext): callers discard it.
     */
    public ProtectedStream protect(java.io.InputStream content, java.io.OutputStream out, KeyMaterial signer,
            List<X509Certificate> recipients) throws PkiException {
        return StreamingCms.protect(this, content, out, signer, recipients);
    }

    /**
     * Streaming {@link #open}: decrypts and verifies {@code cms} in constant memory and only then writes the content
     * to {@code out} (not closed). Not-yet-authenticated plaintext is staged in an encrypted temporary file (see
     * {@link #withSpoolDirectory}, ADR-0007); on any failure nothing at all has been written to {@code out}.
     */
    public OpenedStream openStream(java.io.InputStream cms, java.io.OutputStream out, KeyMaterial recipient,
            SignerValidator trust) throws PkiException {
        return StreamingCms.open(this, cms, out, recipient, trust);
    }

    // ------------------------------------------------------------------------------------------ sign

    /**
     * CAdES-BES SignedData with encapsulated content (CAdES-T when a {@link #withTimeStamper time stamper} is
     * configured); DER output.
     */
    public byte[] sign(byte[] content, KeyMaterial signer) throws PkiException {
        Objects.requireNonNull(content, "content");
        SignerInfoGenerator sig = signerInfoGenerator(signer);
        try {
            CMSSignedDataGenerator gen = new CMSSignedDataGenerator();
            gen.addSignerInfoGenerator(sig);
            gen.addCertificates(new JcaCertStore(signer.chain()));
            CMSSignedData sd = gen.generate(new CMSProcessableByteArray(content), true);
            return sd.getEncoded(ASN1Encoding.DER);
        } catch (CMSException | CertificateException | IOException | RuntimeException e) {
            throw SignatureTimeStamps.unwrap(e, "cannot sign");
        }
    }

    /** The profile's SignerInfo generator for {@code signer}: algorithm by key type, CAdES-BES(-T) attributes. */
    SignerInfoGenerator signerInfoGenerator(KeyMaterial signer) throws PkiException {
        return signerInfoGenerator(signer, clock.instant());
    }

    SignerInfoGenerator signerInfoGenerator(KeyMaterial signer, Instant now) throws PkiException {
        Objects.requireNonNull(signer, "signer");
        X509Certificate cert = signer.certificate();
        PrivateKey key = signer.privateKey();
        String alg;
        KeyType kt = keyType(cert.getPublicKey());
        if (kt == KeyType.EC_P256 && key instanceof ECPrivateKey) {
            alg = "SHA256withECDSA";
        } else if (kt == KeyType.RSA && key instanceof RSAPrivateKey) {
            alg = "SHA256withRSAandMGF1";
        } else {
            throw new PkiException(PkiError.DISALLOWED_ALGORITHM,
                    "signer key must be EC P-256 or RSA >= 2048 and match its certificate");
        }
        try {
            ContentSigner cs = new JcaContentSignerBuilder(alg).setProvider(BouncyCastle.provider()).build(key);
            ASN1EncodableVector attrs = new ASN1EncodableVector();
            attrs.add(new Attribute(CMSAttributes.signingTime, new DERSet(new Time(Date.from(now)))));
            attrs.add(new Attribute(PKCSObjectIdentifiers.id_aa_signingCertificateV2, new DERSet(signingCertificateV2(cert))));
            JcaSignerInfoGeneratorBuilder sib = new JcaSignerInfoGeneratorBuilder(
                    new JcaDigestCalculatorProviderBuilder().setProvider(BouncyCastle.provider()).build());
            sib.setSignedAttributeGenerator(new DefaultSignedAttributeTableGenerator(new AttributeTable(attrs)));
            if (timeStamper != null) {
                sib.setUnsignedAttributeGenerator(SignatureTimeStamps.generator(timeStamper));
            }
            return sib.build(cs, cert);
        } catch (OperatorCreationException | CertificateException | RuntimeException e) {
            throw new PkiException(PkiError.INTERNAL, "cannot create signer", e);
        }
    }

    private static SigningCertificateV2 signingCertificateV2(X509Certificate cert) throws CertificateException {
        byte[] hash = Certificates.sha256(cert.getEncoded());
        X500Name issuer = X500Name.getInstance(cert.getIssuerX500Principal().getEncoded());
        IssuerSerial is = new IssuerSerial(new GeneralNames(new GeneralName(issuer)), cert.getSerialNumber());
        return new SigningCertificateV2(new ESSCertIDv2[] {
            new ESSCertIDv2(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256), hash, is)});
    }

    // ------------------------------------------------------------------------------------------ open

    /** Reverse of {@link #seal}. See the class comment for the order of checks. */
    public OpenedMessage open(byte[] cms, KeyMaterial recipient, SignerValidator trust) throws PkiException {
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(trust, "trust");
        return verifySignedData(decrypt(parseContentInfo(cms), recipient), trust);
    }

    /**
     * The SignedData to {@link #verify}: {@code cms} itself when it is a SignedData, or, when it is an AuthEnvelopedData
     * of the profile addressed to {@code recipient}, its decrypted and authenticated content (same checks as
     * {@link #open} up to the signature). Lets a receiver keep the signed bytes as evidence, whether or not they came
     * encrypted. Nothing is verified about the signature here.
     *
     * @throws PkiException {@link PkiError#MALFORMED_CMS} for anything else, and the errors of {@link #open}'s
     *                      decryption steps
     */
    public byte[] unwrapSignedData(byte[] cms, KeyMaterial recipient) throws PkiException {
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
            checkAuthEnvelopedPolicy(aed);
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
        Recipient decryptor = decryptor(ours, recipient);
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

    private static void checkAuthEnvelopedPolicy(AuthEnvelopedData aed) throws PkiException {
        if (!aed.getVersion().hasValue(0)) {
            throw new PkiException(PkiError.MALFORMED_CMS, "AuthEnvelopedData version must be 0");
        }
        EncryptedContentInfo eci = aed.getAuthEncryptedContentInfo();
        checkContentEncryption(eci.getContentEncryptionAlgorithm());
        if (aed.getMac() == null || aed.getMac().getOctets().length != 16) {
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
                checkKeyAgree((KeyAgreeRecipientInfo) info);
            } else {
                throw new PkiException(PkiError.DISALLOWED_ALGORITHM,
                        "only key transport (RSA-OAEP) and key agreement (ECDH) recipients are allowed");
            }
        }
    }

    /** BC recipient for our RecipientInfo; key unwrap and AES-GCM both on the BC provider (streaming GCM). */
    static Recipient decryptor(RecipientInformation ours, KeyMaterial recipient) {
        PrivateKey key = recipient.privateKey();
        if (ours.getRID() instanceof KeyAgreeRecipientId) {
            return new JceKeyAgreeAuthEnvelopedRecipient(key).setProvider(BouncyCastle.provider());
        }
        return new JceKeyTransAuthEnvelopedRecipient(key).setProvider(BouncyCastle.provider());
    }

    /** The allow-list of {@link #checkAuthEnvelopedPolicy} for a parsed (streaming) RecipientInformation. */
    static void checkRecipientPolicy(RecipientInformation ri) throws PkiException {
        if (ri instanceof org.bouncycastle.cms.KeyTransRecipientInformation) {
            checkOaep(ri.getKeyEncryptionAlgorithm());
        } else if (ri instanceof org.bouncycastle.cms.KeyAgreeRecipientInformation) {
            AlgorithmIdentifier kea = ri.getKeyEncryptionAlgorithm();
            if (!SECObjectIdentifiers.dhSinglePass_stdDH_sha256kdf_scheme.equals(kea.getAlgorithm())) {
                throw new PkiException(PkiError.DISALLOWED_ALGORITHM,
                        "key agreement must be dhSinglePass-stdDH-sha256kdf-scheme, got " + kea.getAlgorithm());
            }
            AlgorithmIdentifier wrap = AlgorithmIdentifier.getInstance(kea.getParameters());
            if (!NISTObjectIdentifiers.id_aes256_wrap.equals(wrap.getAlgorithm())) {
                throw new PkiException(PkiError.DISALLOWED_ALGORITHM, "key wrap must be AES-256 key wrap, got "
                        + wrap.getAlgorithm());
            }
            checkOriginator(((org.bouncycastle.cms.KeyAgreeRecipientInformation) ri).getOriginator());
        } else {
            throw new PkiException(PkiError.DISALLOWED_ALGORITHM,
                    "only key transport (RSA-OAEP) and key agreement (ECDH) recipients are allowed");
        }
    }

    /** AES-256-GCM with a 12-byte nonce and a 16-byte tag, nothing else. */
    static void checkContentEncryption(AlgorithmIdentifier cea) throws PkiException {
        if (!NISTObjectIdentifiers.id_aes256_GCM.equals(cea.getAlgorithm())) {
            throw new PkiException(PkiError.DISALLOWED_ALGORITHM, "content encryption must be AES-256-GCM, got "
                    + cea.getAlgorithm());
        }
        GCMParameters gcm = GCMParameters.getInstance(cea.getParameters());
        if (gcm.getNonce().length != 12 || gcm.getIcvLen() != 16) {
            throw new PkiException(PkiError.DISALLOWED_ALGORITHM, "AES-GCM requires a 12-byte nonce and a 16-byte tag");
        }
    }

    private static void checkOaep(AlgorithmIdentifier alg) throws PkiException {
        if (!PKCSObjectIdentifiers.id_RSAES_OAEP.equals(alg.getAlgorithm())) {
            throw new PkiException(PkiError.DISALLOWED_ALGORITHM, "key transport must be RSAES-OAEP, got " + alg.getAlgorithm());
        }
        RSAESOAEPparams p = RSAESOAEPparams.getInstance(alg.getParameters() == null ? new org.bouncycastle.asn1.DERSequence() : alg.getParameters());
        checkDigestAlg(p.getHashAlgorithm(), "OAEP hash");
        checkMgf1(p.getMaskGenAlgorithm(), "OAEP");
        if (!PKCSObjectIdentifiers.id_pSpecified.equals(p.getPSourceAlgorithm().getAlgorithm())) {
            throw new PkiException(PkiError.DISALLOWED_ALGORITHM, "OAEP pSource must be pSpecified");
        }
    }

    private static void checkKeyAgree(KeyAgreeRecipientInfo kari) throws PkiException {
        if (!kari.getVersion().hasValue(3)) {
            throw new PkiException(PkiError.MALFORMED_CMS, "KeyAgreeRecipientInfo version must be 3");
        }
        AlgorithmIdentifier kea = kari.getKeyEncryptionAlgorithm();
        if (!SECObjectIdentifiers.dhSinglePass_stdDH_sha256kdf_scheme.equals(kea.getAlgorithm())) {
            throw new PkiException(PkiError.DISALLOWED_ALGORITHM,
                    "key agreement must be dhSinglePass-stdDH-sha256kdf-scheme, got " + kea.getAlgorithm());
        }
        AlgorithmIdentifier wrap = AlgorithmIdentifier.getInstance(kea.getParameters());
        if (!NISTObjectIdentifiers.id_aes256_wrap.equals(wrap.getAlgorithm())) {
            throw new PkiException(PkiError.DISALLOWED_ALGORITHM, "key wrap must be AES-256 key wrap, got " + wrap.getAlgorithm());
        }
        checkOriginator(kari.getOriginator());
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
        if (params != null && !(params instanceof ASN1Null) && !CURVES.contains(params)) {
            throw new PkiException(PkiError.DISALLOWED_ALGORITHM, "ECDH originator key must use a named NIST curve");
        }
    }

    static RecipientInformation findRecipient(org.bouncycastle.cms.RecipientInformationStore store, KeyMaterial recipient) throws PkiException {
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

    /** Verifies a SignedData made by {@link #sign} (or any SignedData within the profile). */
    public OpenedMessage verify(byte[] signedData, SignerValidator trust) throws PkiException {
        Objects.requireNonNull(trust, "trust");
        return verifySignedData(signedData, trust);
    }

    private OpenedMessage verifySignedData(byte[] bytes, SignerValidator trust) throws PkiException {
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
                checkDigestAlg(AlgorithmIdentifier.getInstance(d), "digest");
            }
            ContentInfo eci = sd.getEncapContentInfo();
            if (!CMSObjectIdentifiers.data.equals(eci.getContentType())) {
                throw new PkiException(PkiError.MALFORMED_CMS, "encapsulated content type must be id-data");
            }
            if (eci.getContent() == null) {
                throw new PkiException(PkiError.MALFORMED_CMS, "detached content is not allowed");
            }
            content = ASN1OctetString.getInstance(eci.getContent()).getOctets();
            ASN1Set infos = sd.getSignerInfos();
            if (infos.size() != 1) {
                throw new PkiException(PkiError.SIGNATURE_INVALID, "exactly one signer required, found " + infos.size());
            }
            checkSignerInfoPolicy(SignerInfo.getInstance(infos.getObjectAt(0)));
            parseAllCertificates(sd.getCertificates());
            CMSSignedData csd = new CMSSignedData(ci);
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
        return new OpenedMessage(content, v.cert(), Role.of(v.cert()), v.signingTime());
    }

    /** The outcome of {@link #verifySigner}. */
    record Verified(X509Certificate cert, List<X509Certificate> others, Instant signingTime, SignerInformation signer) {
    }

    /** Algorithm allow-list and presence of signed attributes on a SignerInfo, before any cryptography. */
    static void checkSignerInfoPolicy(SignerInfo si) throws PkiException {
        checkDigestAlg(si.getDigestAlgorithm(), "signer digest");
        checkSignatureAlg(si.getDigestEncryptionAlgorithm());
        if (si.getAuthenticatedAttributes() == null || si.getAuthenticatedAttributes().size() == 0) {
            throw new PkiException(PkiError.SIGNATURE_INVALID, "signed attributes are required");
        }
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
        List<X509Certificate> others = new ArrayList<>();
        Instant signingTime;
        JcaX509CertificateConverter conv = new JcaX509CertificateConverter().setProvider(BouncyCastle.provider());
        try {
            @SuppressWarnings("unchecked")
            Collection<X509CertificateHolder> matches = store.getMatches(signer.getSID());
            if (matches.isEmpty()) {
                throw new PkiException(PkiError.UNTRUSTED_SIGNER, "signer certificate not included in the SignedData");
            }
            if (matches.size() > 1) {
                throw new PkiException(PkiError.SIGNATURE_INVALID, "signer identifier matches several certificates");
            }
            X509CertificateHolder holder = matches.iterator().next();
            signerCert = conv.getCertificate(holder);
            @SuppressWarnings("unchecked")
            Collection<X509CertificateHolder> all = store.getMatches(null);
            for (X509CertificateHolder h : all) {
                if (!h.equals(holder)) {
                    others.add(conv.getCertificate(h));
                }
            }
            checkSignerKey(signerCert.getPublicKey(), signer.getEncryptionAlgOID());
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
            SignerInformationVerifier v = new JcaSimpleSignerInfoVerifierBuilder().setProvider(BouncyCastle.provider())
                    .build(signerCert);
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
        if (signingTime.isAfter(clock.instant().plus(MAX_FUTURE_SKEW))) {
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
            return Time.getInstance(values.getObjectAt(0)).getDate().toInstant();
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
        checkDigestAlg(hashAlg, "signing-certificate-v2 hash");
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

    static void checkDigestAlg(AlgorithmIdentifier alg, String what) throws PkiException {
        if (!DIGESTS.contains(alg.getAlgorithm())) {
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

    private static void checkSignatureAlg(AlgorithmIdentifier alg) throws PkiException {
        ASN1ObjectIdentifier oid = alg.getAlgorithm();
        if (ECDSA.contains(oid)) {
            if (alg.getParameters() != null && !(alg.getParameters() instanceof ASN1Null)) {
                throw new PkiException(PkiError.DISALLOWED_ALGORITHM, "ECDSA signature algorithm has parameters");
            }
            return;
        }
        if (PKCSObjectIdentifiers.id_RSASSA_PSS.equals(oid)) {
            RSASSAPSSparams p = RSASSAPSSparams.getInstance(alg.getParameters() == null
                    ? new org.bouncycastle.asn1.DERSequence() : alg.getParameters());
            checkDigestAlg(p.getHashAlgorithm(), "RSASSA-PSS hash");
            checkMgf1(p.getMaskGenAlgorithm(), "RSASSA-PSS");
            if (!BigInteger.ONE.equals(p.getTrailerField())) {
                throw new PkiException(PkiError.DISALLOWED_ALGORITHM, "RSASSA-PSS trailer field must be 1");
            }
            if (p.getSaltLength().compareTo(BigInteger.valueOf(20)) < 0) {
                throw new PkiException(PkiError.DISALLOWED_ALGORITHM, "RSASSA-PSS salt too short");
            }
            return;
        }
        throw new PkiException(PkiError.DISALLOWED_ALGORITHM, "signature algorithm must be ECDSA-SHA2 or RSASSA-PSS, got " + oid);
    }

    private static void checkSignerKey(PublicKey pub, String sigAlgOid) throws PkiException {
        KeyType kt = keyType(pub);
        if (kt == KeyType.OTHER) {
            throw new PkiException(PkiError.DISALLOWED_ALGORITHM,
                    "signer key must be EC on a named NIST curve or RSA >= 2048 bits");
        }
        boolean ecdsa = ECDSA.contains(new ASN1ObjectIdentifier(sigAlgOid));
        if (ecdsa != (kt == KeyType.EC_P256 || kt == KeyType.EC_OTHER_NAMED)) {
            throw new PkiException(PkiError.SIGNATURE_INVALID, "signature algorithm does not match the signer key type");
        }
    }

    private enum KeyType { EC_P256, EC_OTHER_NAMED, RSA, OTHER }

    private static KeyType keyType(PublicKey pub) {
        try {
            if (pub instanceof RSAPublicKey) {
                return ((RSAPublicKey) pub).getModulus().bitLength() >= 2048 ? KeyType.RSA : KeyType.OTHER;
            }
            SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(pub.getEncoded());
            if (X9ObjectIdentifiers.id_ecPublicKey.equals(spki.getAlgorithm().getAlgorithm())) {
                ASN1Encodable params = spki.getAlgorithm().getParameters();
                if (SECObjectIdentifiers.secp256r1.equals(params)) {
                    return KeyType.EC_P256;
                }
                if (CURVES.contains(params)) {
                    return KeyType.EC_OTHER_NAMED;
                }
            }
            return KeyType.OTHER;
        } catch (RuntimeException e) {
            return KeyType.OTHER;
        }
    }

    // ------------------------------------------------------------------------------------------ parsing

    private static ContentInfo parseContentInfo(byte[] der) throws PkiException {
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
