package eu.eevidence.gw.pki.ca;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.PolicyInformation;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;

import eu.eevidence.gw.pki.BouncyCastle;
import eu.eevidence.gw.pki.Certificates;
import eu.eevidence.gw.pki.FileSecurity;
import eu.eevidence.gw.pki.IssueRequest;
import eu.eevidence.gw.pki.KeyKind;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.PkiError;
import eu.eevidence.gw.pki.PkiException;

/**
 * A file-backed certification authority of the network: the root, or a per-node intermediate. Directory layout
 * (owner-only where POSIX):
 * <ul>
 * <li>{@code ca.p12} &ndash; the CA key with its chain (CA first), protected by the caller's password</li>
 * <li>{@code ca.pem} / {@code chain.pem} &ndash; the CA certificate / the chain up to the root</li>
 * <li>{@code index.tsv} &ndash; the database: one {@link IssuedCertificate} per line</li>
 * <li>{@code certs/<serial hex>.pem} &ndash; every issued certificate</li>
 * <li>{@code crlnumber}, {@code crl.pem} &ndash; the last CRL published by {@link #publishCrl}</li>
 * <li>{@code ca.properties} &ndash; optional {@code crl.url}, {@code ocsp.url} written into issued certificates</li>
 * </ul>
 * Issued end-entity certificates carry the role as certificate policy ({@link eu.eevidence.gw.pki.Role#oid()}),
 * keyUsage digitalSignature+nonRepudiation plus keyAgreement (EC) or keyEncipherment (RSA), and, when they have
 * any EKU, id-kp-emailProtection too so that {@code openssl cms -verify} accepts them for signing. Serial numbers
 * are 128-bit random. Methods are synchronized; the database is rewritten atomically.
 */
public final class CertificateAuthority {

    private static final Duration BACKDATE = Duration.ofMinutes(5);

    private final Path dir;
    private final Clock clock;
    private final KeyMaterial ca;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, String> props;
    private final CaDatabase database;

    private CertificateAuthority(Path dir, Clock clock, KeyMaterial ca, Map<String, String> props) {
        this.dir = dir;
        this.clock = clock;
        this.ca = ca;
        this.props = props;
        this.database = new CaDatabase(dir);
    }

    // ------------------------------------------------------------------------------------------ create/open

    /**
     * Creates a self-signed root CA in the empty (or absent) directory {@code dir}.
     *
     * @param crlUrl  written as CRL distribution point into certificates this CA issues; may be {@code null}
     * @param ocspUrl written as AIA OCSP responder into certificates this CA issues; may be {@code null}
     */
    public static CertificateAuthority initRoot(Path dir, String commonName, KeyKind kind, Duration validity,
            char[] password, String crlUrl, String ocspUrl, Clock clock) throws PkiException {
        prepareEmpty(dir);
        try {
            KeyPair kp = CaCrypto.generate(kind);
            Instant now = clock.instant();
            X500Name subject = CaCrypto.name(commonName);
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, CaCrypto.serial(new SecureRandom()),
                    Date.from(now.minus(BACKDATE)), Date.from(now.plus(validity)), subject, kp.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(kp.getPublic()));
            X509Certificate cert = CaCrypto.convert(b.build(CaCrypto.signer(kp.getPrivate())));
            KeyMaterial km = new KeyMaterial(kp.getPrivate(), List.of(cert));
            return create(dir, km, password, crlUrl, ocspUrl, clock);
        } catch (PkiException e) {
            throw e;
        } catch (GeneralSecurityException | IOException | RuntimeException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new PkiException(PkiError.CA_DATABASE, "cannot create root CA in " + dir, e);
        }
    }

    /** Opens an existing CA directory. */
    public static CertificateAuthority open(Path dir, char[] password, Clock clock) throws PkiException {
        Objects.requireNonNull(clock, "clock");
        Path p12 = dir.resolve("ca.p12");
        if (!Files.isRegularFile(p12)) {
            throw new PkiException(PkiError.CA_DATABASE, "no CA in " + dir + " (ca.p12 missing)");
        }
        KeyMaterial km = KeyMaterial.loadPkcs12(p12, password);
        return new CertificateAuthority(dir, clock, km, readProps(dir));
    }

    /**
     * Issues a per-node intermediate CA (pathLen 0) into the new directory {@code childDir}, protected by
     * {@code childPassword}; its certificates carry the given CRL/OCSP URLs.
     */
    public synchronized CertificateAuthority issueIntermediate(Path childDir, String commonName, KeyKind kind,
            Duration validity, char[] childPassword, String crlUrl, String ocspUrl) throws PkiException {
        prepareEmpty(childDir);
        try {
            KeyPair kp = CaCrypto.generate(kind);
            X509v3CertificateBuilder b = builder(CaCrypto.name(commonName), kp.getPublic(), validity);
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
            X509Certificate cert = sign(b);
            database.record(cert, "-");
            List<X509Certificate> chain = new ArrayList<>();
            chain.add(cert);
            chain.addAll(ca.chain());
            return create(childDir, new KeyMaterial(kp.getPrivate(), chain), childPassword, crlUrl, ocspUrl, clock);
        } catch (PkiException e) {
            throw e;
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            throw new PkiException(PkiError.CA_DATABASE, "cannot issue intermediate CA", e);
        }
    }

    private static CertificateAuthority create(Path dir, KeyMaterial km, char[] password, String crlUrl, String ocspUrl,
            Clock clock) throws PkiException, IOException {
        km.savePkcs12(dir.resolve("ca.p12"), password, "ca");
        CaDatabase.write(dir.resolve("ca.pem"), Certificates.toPem(km.certificate()));
        StringBuilder chain = new StringBuilder();
        for (X509Certificate c : km.chain()) {
            chain.append(Certificates.toPem(c));
        }
        CaDatabase.write(dir.resolve("chain.pem"), chain.toString());
        CaDatabase.write(dir.resolve("index.tsv"), "");
        Map<String, String> props = new LinkedHashMap<>();
        if (crlUrl != null && !crlUrl.isBlank()) {
            props.put("crl.url", crlUrl.strip());
        }
        if (ocspUrl != null && !ocspUrl.isBlank()) {
            props.put("ocsp.url", ocspUrl.strip());
        }
        StringBuilder p = new StringBuilder();
        props.forEach((k, v) -> p.append(k).append('=').append(v).append('\n'));
        CaDatabase.write(dir.resolve("ca.properties"), p.toString());
        Files.createDirectories(dir.resolve("certs"));
        return new CertificateAuthority(dir, clock, km, props);
    }

    private static void prepareEmpty(Path dir) throws PkiException {
        try {
            if (Files.exists(dir.resolve("ca.p12"))) {
                throw new PkiException(PkiError.CA_DATABASE, dir + " already holds a CA");
            }
            FileSecurity.createOwnerOnlyDirectory(dir);
        } catch (IOException e) {
            throw new PkiException(PkiError.CA_DATABASE, "cannot create " + dir, e);
        }
    }

    private static Map<String, String> readProps(Path dir) throws PkiException {
        Map<String, String> m = new LinkedHashMap<>();
        Path f = dir.resolve("ca.properties");
        if (!Files.exists(f)) {
            return m;
        }
        try {
            for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                int i = line.indexOf('=');
                if (i > 0 && !line.startsWith("#")) {
                    m.put(line.substring(0, i).strip(), line.substring(i + 1).strip());
                }
            }
            return m;
        } catch (IOException e) {
            throw new PkiException(PkiError.CA_DATABASE, "cannot read " + f, e);
        }
    }

    // ------------------------------------------------------------------------------------------ accessors

    public X509Certificate certificate() {
        return ca.certificate();
    }

    /** This CA's chain, this CA first. */
    public List<X509Certificate> chain() {
        return ca.chain();
    }

    /** The CA key and chain (for the OCSP responder and for tests). */
    public KeyMaterial keyMaterial() {
        return ca;
    }

    public Path directory() {
        return dir;
    }

    // ------------------------------------------------------------------------------------------ issue

    /** Issues a role certificate with a fresh key pair; returns key and chain (leaf, this CA, ... root). */
    public synchronized KeyMaterial issue(IssueRequest request) throws PkiException {
        Objects.requireNonNull(request, "request");
        try {
            KeyPair kp = CaCrypto.generate(request.keyKind());
            X509Certificate cert = certify(kp.getPublic(), request);
            List<X509Certificate> chain = new ArrayList<>();
            chain.add(cert);
            chain.addAll(ca.chain());
            return new KeyMaterial(kp.getPrivate(), chain);
        } catch (GeneralSecurityException e) {
            throw new PkiException(PkiError.INTERNAL, "cannot generate a key pair", e);
        }
    }

    /** Certifies an existing public key (for example from an OpenSSL CSR) for {@code request}'s role and names. */
    public synchronized X509Certificate certify(PublicKey key, IssueRequest request) throws PkiException {
        try {
            X509v3CertificateBuilder b = builder(CaCrypto.name(request.commonName()), key, request.validity());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            boolean rsa = "RSA".equals(key.getAlgorithm());
            int ku = KeyUsage.digitalSignature | KeyUsage.nonRepudiation
                    | (request.timeStamping() ? 0 : rsa ? KeyUsage.keyEncipherment : KeyUsage.keyAgreement);
            b.addExtension(Extension.keyUsage, true, new KeyUsage(ku));
            if (request.timeStamping()) {
                b.addExtension(Extension.extendedKeyUsage, true, new ExtendedKeyUsage(KeyPurposeId.id_kp_timeStamping));
            }
            List<KeyPurposeId> ekus = new ArrayList<>();
            if (request.tlsServer()) {
                ekus.add(KeyPurposeId.id_kp_serverAuth);
            }
            if (request.tlsClient()) {
                ekus.add(KeyPurposeId.id_kp_clientAuth);
            }
            if (!ekus.isEmpty()) {
                ekus.add(KeyPurposeId.id_kp_emailProtection);
                b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(ekus.toArray(new KeyPurposeId[0])));
            }
            if (!request.subjectAltNames().isEmpty()) {
                List<GeneralName> names = new ArrayList<>();
                for (String san : request.subjectAltNames()) {
                    names.add(san.matches("[0-9.]+|.*:.*") ? new GeneralName(GeneralName.iPAddress, san)
                            : new GeneralName(GeneralName.dNSName, san));
                }
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(new GeneralName[0])));
            }
            b.addExtension(Extension.certificatePolicies, false,
                    new CertificatePolicies(new PolicyInformation(new ASN1ObjectIdentifier(request.role().oid()))));
            X509Certificate cert = sign(b);
            database.record(cert, request.timeStamping() ? "-" : request.role().name());
            return cert;
        } catch (PkiException e) {
            throw e;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new PkiException(PkiError.CERTIFICATE_INVALID, "cannot issue certificate: " + e.getMessage(), e);
        }
    }

    /** Issues a time-stamping certificate (critical EKU id-kp-timeStamping only, RFC 3161 2.3) for a TSA. */
    public synchronized KeyMaterial issueTimeStamping(String commonName, KeyKind kind, Duration validity) throws PkiException {
        try {
            KeyPair kp = CaCrypto.generate(kind);
            X509v3CertificateBuilder b = builder(CaCrypto.name(commonName), kp.getPublic(), validity);
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
            b.addExtension(Extension.extendedKeyUsage, true, new ExtendedKeyUsage(KeyPurposeId.id_kp_timeStamping));
            X509Certificate cert = sign(b);
            database.record(cert, "-");
            List<X509Certificate> chain = new ArrayList<>();
            chain.add(cert);
            chain.addAll(ca.chain());
            return new KeyMaterial(kp.getPrivate(), chain);
        } catch (PkiException e) {
            throw e;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new PkiException(PkiError.INTERNAL, "cannot issue TSA certificate", e);
        }
    }

    private X509v3CertificateBuilder builder(X500Name subject, PublicKey key, Duration validity) throws IOException,
            GeneralSecurityException {
        Instant now = clock.instant();
        Instant notAfter = now.plus(validity);
        Instant caNotAfter = ca.certificate().getNotAfter().toInstant();
        if (notAfter.isAfter(caNotAfter)) {
            notAfter = caNotAfter;
        }
        X500Name issuer = X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded());
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, CaCrypto.serial(random), Date.from(now.minus(BACKDATE)),
                Date.from(notAfter), subject, key);
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(key));
        b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca.certificate()));
        String crl = props.get("crl.url");
        if (crl != null) {
            b.addExtension(Extension.cRLDistributionPoints, false, new CRLDistPoint(new DistributionPoint[] {
                new DistributionPoint(new DistributionPointName(new GeneralNames(
                        new GeneralName(GeneralName.uniformResourceIdentifier, crl))), null, null)}));
        }
        String ocsp = props.get("ocsp.url");
        if (ocsp != null) {
            b.addExtension(Extension.authorityInfoAccess, false, new AuthorityInformationAccess(AccessDescription.id_ad_ocsp,
                    new GeneralName(GeneralName.uniformResourceIdentifier, ocsp)));
        }
        return b;
    }

    private X509Certificate sign(X509v3CertificateBuilder b) throws PkiException {
        try {
            return CaCrypto.convert(b.build(CaCrypto.signer(ca.privateKey())));
        } catch (GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new PkiException(PkiError.INTERNAL, "cannot sign certificate", e);
        }
    }

    // ------------------------------------------------------------------------------------------ database (CaDatabase)

    /**
     * Adds a certificate this CA signed elsewhere (for example by {@link eu.eevidence.gw.pki.DevPki}, which shares the
     * directory) to the database, so that it can be revoked and answered for by OCSP. No-op when already listed.
     *
     * @throws PkiException {@link PkiError#CERTIFICATE_INVALID} when the certificate is not signed by this CA's key
     */
    public synchronized void register(X509Certificate cert, String role) throws PkiException {
        try {
            cert.verify(ca.certificate().getPublicKey(), BouncyCastle.provider());
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new PkiException(PkiError.CERTIFICATE_INVALID, "not issued by this CA: " + cert.getSubjectX500Principal());
        }
        if (find(cert.getSerialNumber()) == null) {
            try {
                FileSecurity.createOwnerOnlyDirectory(dir.resolve("certs"));
            } catch (IOException e) {
                throw new PkiException(PkiError.CA_DATABASE, "cannot create " + dir.resolve("certs"), e);
            }
            database.record(cert, role == null || role.isBlank() ? "-" : role);
        }
    }

    /** Every certificate this CA issued, in issuing order (re-read from {@code index.tsv}). */
    public synchronized List<IssuedCertificate> issued() throws PkiException {
        return database.issued();
    }

    /** The database entry for {@code serial}, or {@code null} when this CA did not issue it. */
    public synchronized IssuedCertificate find(BigInteger serial) throws PkiException {
        return database.find(serial);
    }

    /**
     * Marks {@code serial} revoked now with RFC 5280 reason code {@code reason} (1 keyCompromise, 4 superseded,
     * 5 cessationOfOperation, ...). Publish with {@link #publishCrl}.
     */
    public synchronized IssuedCertificate revoke(BigInteger serial, int reason) throws PkiException {
        return database.revoke(serial, reason, clock.instant());
    }

    /**
     * Signs a CRL (v2, CRL number, authority key identifier, reasons) of every revoked certificate, valid until
     * now + {@code nextUpdate}, writes it to {@code crl.pem} and returns it.
     */
    public synchronized X509CRL publishCrl(Duration nextUpdate) throws PkiException {
        try {
            Instant now = clock.instant();
            Path numberFile = dir.resolve("crlnumber");
            BigInteger number = Files.exists(numberFile)
                    ? new BigInteger(Files.readString(numberFile, StandardCharsets.US_ASCII).strip(), 16).add(BigInteger.ONE)
                    : BigInteger.ONE;
            X500Name issuer = X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded());
            X509v2CRLBuilder b = new X509v2CRLBuilder(issuer, Date.from(now.minus(BACKDATE)));
            b.setNextUpdate(Date.from(now.plus(nextUpdate)));
            for (IssuedCertificate ic : issued()) {
                if (ic.revoked()) {
                    b.addCRLEntry(ic.serial(), Date.from(ic.revokedAt()), ic.reason());
                }
            }
            b.addExtension(Extension.cRLNumber, false, new CRLNumber(number));
            b.addExtension(Extension.authorityKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(ca.certificate()));
            X509CRL crl = new JcaX509CRLConverter().setProvider(BouncyCastle.provider()).getCRL(b.build(CaCrypto.signer(ca.privateKey())));
            CaDatabase.write(numberFile, number.toString(16) + "\n");
            CaDatabase.write(dir.resolve("crl.pem"), CaCrypto.pem("X509 CRL", crl.getEncoded()));
            return crl;
        } catch (IOException | GeneralSecurityException | RuntimeException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new PkiException(PkiError.CA_DATABASE, "cannot publish CRL", e);
        }
    }

    /** An OCSP responder answering for this CA from its database, signed with the CA key. */
    public OcspResponder ocspResponder(Duration validity) {
        return new OcspResponder(this, validity, clock);
    }

    Clock clock() {
        return clock;
    }

}
