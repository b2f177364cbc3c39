package eu.eevidence.gw.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.PolicyInformation;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import eu.eevidence.gw.pki.ca.CertificateAuthority;

/**
 * Development PKI: a root CA generated on first start under a directory and reused afterwards.
 *
 * <p>Layout of the directory (created rwx------ where POSIX; every file rw-------):
 * <ul>
 * <li>{@code password} &ndash; random password (UTF-8, one line) protecting every PKCS#12 file here</li>
 * <li>{@code ca.p12} / {@code ca.pem} &ndash; root key+certificate / root certificate (EC P-256, 10 years,
 * basicConstraints CA critical, keyUsage keyCertSign+cRLSign critical)</li>
 * <li>{@code <name>.p12} / {@code <name>.pem} &ndash; leaves made by {@link #loadOrIssue}</li>
 * <li>{@code index.tsv}, {@code certs/} &ndash; the database of every certificate issued here, shared with
 * {@link #certificateAuthority()} (revocation, CRL, OCSP)</li>
 * </ul>
 * Not for production: the root key sits next to its password.
 */
public final class DevPki {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Duration BACKDATE = Duration.ofMinutes(5);
    private static final Duration ROOT_VALIDITY = Duration.ofDays(3653);
    private static final String CA_ALIAS = "ca";

    private final Path dir;
    private final Clock clock;
    private final char[] password;
    private final KeyMaterial root;
    private final SecureRandom random = new SecureRandom();
    private CertificateAuthority ca;

    private DevPki(Path dir, Clock clock, char[] password, KeyMaterial root) {
        this.dir = dir;
        this.clock = clock;
        this.password = password;
        this.root = root;
    }

    /** Loads the dev root from {@code dir}, or creates directory, password and root on first use. */
    public static DevPki loadOrCreate(Path dir, Clock clock) throws PkiException {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(clock, "clock");
        BouncyCastle.provider();
        synchronized (DevPki.class) {
            try {
                FileSecurity.createOwnerOnlyDirectory(dir);
                Path pwFile = dir.resolve("password");
                Path caP12 = dir.resolve("ca.p12");
                char[] pw;
                if (Files.exists(pwFile)) {
                    pw = Files.readString(pwFile, StandardCharsets.UTF_8).strip().toCharArray();
                    if (pw.length == 0) {
                        throw new PkiException(PkiError.KEYSTORE_UNREADABLE, "empty password file " + pwFile);
                    }
                } else {
                    if (Files.exists(caP12)) {
                        throw new PkiException(PkiError.KEYSTORE_UNREADABLE, caP12 + " exists but " + pwFile + " is missing");
                    }
                    byte[] raw = new byte[24];
                    new SecureRandom().nextBytes(raw);
                    String s = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
                    FileSecurity.writeOwnerOnly(pwFile, (s + "\n").getBytes(StandardCharsets.UTF_8));
                    pw = s.toCharArray();
                }
                KeyMaterial root;
                if (Files.exists(caP12)) {
                    root = KeyMaterial.loadPkcs12(caP12, pw);
                } else {
                    root = createRoot(clock);
                    root.savePkcs12(caP12, pw, CA_ALIAS);
                }
                Path caPem = dir.resolve("ca.pem");
                if (!Files.exists(caPem)) {
                    FileSecurity.writeOwnerOnly(caPem, Certificates.toPem(root.certificate()).getBytes(StandardCharsets.US_ASCII));
                }
                return new DevPki(dir, clock, pw, root);
            } catch (IOException e) {
                throw new PkiException(PkiError.KEYSTORE_UNREADABLE, "cannot initialise dev PKI in " + dir, e);
            }
        }
    }

    private static KeyMaterial createRoot(Clock clock) throws PkiException {
        try {
            KeyPair kp = generate(KeyKind.EC_P256);
            Instant now = clock.instant();
            SecureRandom rnd = new SecureRandom();
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.O, "eevidence-gateway development")
                    .addRDN(BCStyle.CN, "EEG Dev Root CA " + Long.toHexString(rnd.nextLong() & Long.MAX_VALUE))
                    .build();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, serial(rnd),
                    Date.from(now.minus(BACKDATE)), Date.from(now.plus(ROOT_VALIDITY)), subject, kp.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(kp.getPublic()));
            X509Certificate cert = new JcaX509CertificateConverter().setProvider(BouncyCastle.provider())
                    .getCertificate(b.build(signer(kp.getPrivate())));
            return new KeyMaterial(kp.getPrivate(), List.of(cert));
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new PkiException(PkiError.INTERNAL, "cannot create dev root CA", e);
        }
    }

    public X509Certificate rootCertificate() {
        return root.certificate();
    }

    /** The password protecting the PKCS#12 files of this directory (a copy). */
    public char[] password() {
        return password.clone();
    }

    public Path directory() {
        return dir;
    }

    /** Issues a new leaf certificate signed by the root; chain = [leaf, root]. */
    public KeyMaterial issue(IssueRequest request) throws PkiException {
        Objects.requireNonNull(request, "request");
        try {
            KeyPair kp = generate(request.keyKind());
            Instant now = clock.instant();
            Instant notBefore = now.minus(BACKDATE);
            Instant notAfter = now.plus(request.validity());
            Instant rootNotAfter = root.certificate().getNotAfter().toInstant();
            if (notAfter.isAfter(rootNotAfter)) {
                notAfter = rootNotAfter;
            }
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.O, "eevidence-gateway development")
                    .addRDN(BCStyle.CN, request.commonName())
                    .build();
            X500Name issuer = X500Name.getInstance(root.certificate().getSubjectX500Principal().getEncoded());
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, serial(random),
                    Date.from(notBefore), Date.from(notAfter), subject, kp.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            int ku = request.timeStamping() ? KeyUsage.digitalSignature | KeyUsage.nonRepudiation : KeyUsage.digitalSignature
                    | (request.keyKind() == KeyKind.EC_P256 ? KeyUsage.keyAgreement : KeyUsage.keyEncipherment);
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
                b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(ekus.toArray(new KeyPurposeId[0])));
            }
            if (!request.subjectAltNames().isEmpty()) {
                List<GeneralName> names = new ArrayList<>();
                for (String san : request.subjectAltNames()) {
                    names.add(generalName(san));
                }
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(new GeneralName[0])));
            }
            b.addExtension(Extension.certificatePolicies, false,
                    new CertificatePolicies(new PolicyInformation(new ASN1ObjectIdentifier(request.role().oid()))));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(kp.getPublic()));
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(root.certificate()));
            X509Certificate cert = new JcaX509CertificateConverter().setProvider(BouncyCastle.provider())
                    .getCertificate(b.build(signer(root.privateKey())));
            register(cert, request.timeStamping() ? "-" : request.role().name());
            return new KeyMaterial(kp.getPrivate(), List.of(cert, root.certificate()));
        } catch (PkiException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new PkiException(PkiError.CERTIFICATE_INVALID, "invalid issue request: " + e.getMessage(), e);
        } catch (GeneralSecurityException | IOException | OperatorCreationException | RuntimeException e) {
            throw new PkiException(PkiError.INTERNAL, "cannot issue certificate", e);
        }
    }

    /**
     * Reuses {@code dir/<name>.p12} when present, else issues a certificate for {@code request} and saves
     * it; in both cases {@code dir/<name>.pem} holds the leaf certificate afterwards.
     */
    public KeyMaterial loadOrIssue(String name, IssueRequest request) throws PkiException {
        if (name == null || !NAME.matcher(name).matches() || name.equals("ca") || name.equals("password")) {
            throw new PkiException(PkiError.INTERNAL, "invalid key name: " + name);
        }
        synchronized (DevPki.class) {
            Path p12 = dir.resolve(name + ".p12");
            Path pem = dir.resolve(name + ".pem");
            KeyMaterial km;
            if (Files.exists(p12)) {
                km = KeyMaterial.loadPkcs12(p12, password);
                if (certificateAuthority().find(km.certificate().getSerialNumber()) == null) {
                    register(km.certificate(), "-"); // issued before the dev PKI kept a database
                }
            } else {
                km = issue(request);
                km.savePkcs12(p12, password, name);
            }
            try {
                if (!Files.exists(pem)) {
                    FileSecurity.writeOwnerOnly(pem, Certificates.toPem(km.certificate()).getBytes(StandardCharsets.US_ASCII));
                }
            } catch (IOException e) {
                throw new PkiException(PkiError.KEYSTORE_UNREADABLE, "cannot write " + pem, e);
            }
            return km;
        }
    }

    /**
     * The development root as a {@link CertificateAuthority} over this same directory: its database
     * ({@code index.tsv}) lists every certificate this DevPki issued, so that it can revoke them, publish CRLs and
     * answer OCSP for them ({@link CertificateAuthority#ocspResponder}). One instance per DevPki; the database is
     * re-read on every query, so revocations made through another instance are seen.
     */
    public synchronized CertificateAuthority certificateAuthority() throws PkiException {
        if (ca == null) {
            ca = CertificateAuthority.open(dir, password, clock);
        }
        return ca;
    }

    private void register(X509Certificate cert, String role) throws PkiException {
        synchronized (DevPki.class) {
            certificateAuthority().register(cert, role);
        }
    }

    private static GeneralName generalName(String san) {
        String s = san.strip();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty subject alternative name");
        }
        if (isIpv4(s) || (s.contains(":") && s.matches("[0-9A-Fa-f:.]+"))) {
            return new GeneralName(GeneralName.iPAddress, s);
        }
        if (s.startsWith("[") && s.endsWith("]")) {
            return new GeneralName(GeneralName.iPAddress, s.substring(1, s.length() - 1));
        }
        if (!s.matches("(\\*\\.)?[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*")) {
            throw new IllegalArgumentException("not a DNS name or IP literal: " + san);
        }
        return new GeneralName(GeneralName.dNSName, s);
    }

    private static boolean isIpv4(String s) {
        var m = IPV4.matcher(s);
        if (!m.matches()) {
            return false;
        }
        for (int i = 1; i <= 4; i++) {
            if (Integer.parseInt(m.group(i)) > 255) {
                return false;
            }
        }
        return true;
    }

    private static BigInteger serial(SecureRandom rnd) {
        BigInteger s;
        do {
            s = new BigInteger(128, rnd); // non-negative, < 2^128
        } while (s.signum() == 0);
        return s;
    }

    static KeyPair generate(KeyKind kind) throws GeneralSecurityException {
        if (kind == KeyKind.EC_P256) {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC", BouncyCastle.provider());
            g.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            return g.generateKeyPair();
        }
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA", BouncyCastle.provider());
        g.initialize(new RSAKeyGenParameterSpec(3072, RSAKeyGenParameterSpec.F4), new SecureRandom());
        return g.generateKeyPair();
    }

    static ContentSigner signer(java.security.PrivateKey key) throws OperatorCreationException {
        String alg = key instanceof java.security.interfaces.RSAPrivateKey ? "SHA256withRSA" : "SHA256withECDSA";
        return new JcaContentSignerBuilder(alg).setProvider(BouncyCastle.provider()).build(key);
    }

}
