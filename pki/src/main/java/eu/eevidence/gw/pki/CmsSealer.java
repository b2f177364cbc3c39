package eu.eevidence.gw.pki;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAESOAEPparams;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuerSerial;
import org.bouncycastle.cms.CMSAuthEnvelopedData;
import org.bouncycastle.cms.CMSAuthEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSAuthEnvelopedGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.SignerInfoGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyAgreeRecipientInfoGenerator;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.OutputAEADEncryptor;

import eu.eevidence.gw.pki.CmsAlgorithmPolicy.KeyType;
import eu.eevidence.gw.pki.CmsAlgorithms.Digest;
import eu.eevidence.gw.pki.CmsAlgorithms.KeyAgreement;
import eu.eevidence.gw.pki.CmsAlgorithms.KeyWrap;
import eu.eevidence.gw.pki.CmsAlgorithms.Signature;

/**
 * The sending side of the {@link CmsProfile}: CAdES-BES(-T) SignedData ({@link #sign}) and, around it,
 * AuthEnvelopedData with AES-256-GCM for every recipient ({@link #seal}). The algorithms are the profile's own choices
 * from {@link CmsAlgorithms}.
 */
final class CmsSealer {

    private final Clock clock;
    private final TimeStamper timeStamper;

    CmsSealer(Clock clock, TimeStamper timeStamper) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.timeStamper = timeStamper;
    }

    /** sign + AuthEnvelopedData(AES-256-GCM) for every recipient; DER output. */
    byte[] seal(byte[] content, KeyMaterial signer, List<X509Certificate> recipients) throws PkiException {
        Objects.requireNonNull(recipients, "recipients");
        if (recipients.isEmpty()) {
            throw new PkiException(PkiError.INTERNAL, "at least one recipient is required");
        }
        byte[] signed = sign(content, signer);
        try {
            CMSAuthEnvelopedDataGenerator gen = new CMSAuthEnvelopedDataGenerator();
            addRecipients(gen, recipients);
            OutputAEADEncryptor enc = (OutputAEADEncryptor) CmsProviders.gcmEncryptorBuilder().build();
            CMSAuthEnvelopedData env = gen.generate(new CMSProcessableByteArray(CMSObjectIdentifiers.data, signed), enc);
            return env.toASN1Structure().getEncoded(ASN1Encoding.DER);
        } catch (PkiException e) {
            throw e;
        } catch (GeneralSecurityException | CMSException | IOException | RuntimeException e) {
            throw new PkiException(PkiError.INTERNAL, "cannot seal message", e);
        }
    }

    /** ECDH P-256 (sha256 KDF, AES-256 wrap) or RSA-OAEP-SHA256 RecipientInfo generators, one per certificate. */
    static void addRecipients(CMSAuthEnvelopedGenerator gen, List<X509Certificate> recipients)
            throws PkiException, GeneralSecurityException, CertificateException {
        Objects.requireNonNull(recipients, "recipients");
        if (recipients.isEmpty()) {
            throw new PkiException(PkiError.INTERNAL, "at least one recipient is required");
        }
        for (X509Certificate r : recipients) {
            PublicKey pub = r.getPublicKey();
            KeyType kt = CmsAlgorithmPolicy.keyType(pub);
            if (kt == KeyType.EC_P256) {
                KeyPair eph = CmsProviders.ephemeralP256();
                gen.addRecipientInfoGenerator(new JceKeyAgreeRecipientInfoGenerator(
                        KeyAgreement.ECDH_SHA256KDF.oid(), eph.getPrivate(), eph.getPublic(), KeyWrap.AES256_WRAP.oid())
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
        AlgorithmIdentifier sha256 = new AlgorithmIdentifier(Digest.SHA256.oid());
        return new AlgorithmIdentifier(CmsAlgorithms.KeyTransport.RSAES_OAEP.oid(), new RSAESOAEPparams(sha256,
                new AlgorithmIdentifier(PKCSObjectIdentifiers.id_mgf1, sha256), RSAESOAEPparams.DEFAULT_P_SOURCE_ALGORITHM));
    }

    /** CAdES-BES SignedData with encapsulated content (CAdES-T with a time stamper); DER output. */
    byte[] sign(byte[] content, KeyMaterial signer) throws PkiException {
        return sign(content, signer, true);
    }

    /** The same SignedData, with the content encapsulated or detached (ETSI EN 319 122-1, detached CAdES). */
    byte[] sign(byte[] content, KeyMaterial signer, boolean encapsulate) throws PkiException {
        Objects.requireNonNull(content, "content");
        SignerInfoGenerator sig = signerInfoGenerator(signer, clock.instant());
        try {
            CMSSignedDataGenerator gen = new CMSSignedDataGenerator();
            gen.addSignerInfoGenerator(sig);
            gen.addCertificates(SignerSetup.of(signer).certStore());
            CMSSignedData sd = gen.generate(new CMSProcessableByteArray(content), encapsulate);
            return sd.getEncoded(ASN1Encoding.DER);
        } catch (CMSException | IOException | RuntimeException e) {
            throw SignatureTimeStamps.unwrap(e, "cannot sign");
        }
    }

    /** The profile's SignerInfo generator for {@code signer}: algorithm by key type, CAdES-BES(-T) attributes. */
    SignerInfoGenerator signerInfoGenerator(KeyMaterial signer, Instant now) throws PkiException {
        Objects.requireNonNull(signer, "signer");
        SignerSetup setup = SignerSetup.of(signer);
        try {
            ContentSigner cs = setup.signerBuilder().build(signer.privateKey());
            ASN1EncodableVector attrs = new ASN1EncodableVector();
            attrs.add(new Attribute(CMSAttributes.signingTime, new DERSet(CmsTimes.time(now))));
            attrs.add(setup.signingCertificateV2());
            JcaSignerInfoGeneratorBuilder sib = new JcaSignerInfoGeneratorBuilder(CmsProviders.digestCalculators());
            sib.setSignedAttributeGenerator(new DefaultSignedAttributeTableGenerator(new AttributeTable(attrs)));
            if (timeStamper != null) {
                sib.setUnsignedAttributeGenerator(SignatureTimeStamps.generator(timeStamper));
            }
            return sib.build(cs, setup.holder());
        } catch (OperatorCreationException | RuntimeException e) {
            throw new PkiException(PkiError.INTERNAL, "cannot create signer", e);
        }
    }

    /** The signing algorithm of the profile for this signer: by key type, key and certificate must agree. */
    static String signatureAlgorithm(X509Certificate cert, PrivateKey key) throws PkiException {
        KeyType kt = CmsAlgorithmPolicy.keyType(cert.getPublicKey());
        if (kt == KeyType.EC_P256 && key instanceof ECPrivateKey) {
            return Signature.ECDSA_SHA256.id();
        } else if (kt == KeyType.RSA && key instanceof RSAPrivateKey) {
            return Signature.RSASSA_PSS.id();
        }
        throw new PkiException(PkiError.DISALLOWED_ALGORITHM,
                "signer key must be EC P-256 or RSA >= 2048 and match its certificate");
    }

    static SigningCertificateV2 signingCertificateV2(X509Certificate cert) throws CertificateException {
        byte[] hash = Certificates.sha256(cert.getEncoded());
        X500Name issuer = X500Name.getInstance(cert.getIssuerX500Principal().getEncoded());
        IssuerSerial is = new IssuerSerial(new GeneralNames(new GeneralName(issuer)), cert.getSerialNumber());
        return new SigningCertificateV2(new ESSCertIDv2[] {
            new ESSCertIDv2(new AlgorithmIdentifier(Digest.SHA256.oid()), hash, is)});
    }
}
