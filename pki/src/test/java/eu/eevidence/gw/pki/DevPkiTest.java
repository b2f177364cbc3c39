package eu.eevidence.gw.pki;

import static eu.eevidence.gw.pki.TestSupport.errorOf;
import static eu.eevidence.gw.pki.TestSupport.req;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.bouncycastle.asn1.x509.Extension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DevPkiTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Role.class)
    void roleIsWrittenAndReadBack(Role role) throws Exception {
        DevPki pki = TestSupport.pki(dir);
        for (KeyKind kind : KeyKind.values()) {
            KeyMaterial km = pki.issue(req("leaf-" + role, role, kind));
            assertThat(Role.of(km.certificate())).containsExactly(role);
        }
        assertThat(Role.of(pki.rootCertificate())).isEmpty();
    }

    @Test
    void roleOidsAreUniqueUnderOneArc() {
        Set<String> oids = new HashSet<>();
        for (Role r : Role.values()) {
            assertThat(r.oid()).startsWith(Role.ARC + ".").matches("2\\.25\\.\\d+\\.[1-8]");
            oids.add(r.oid());
        }
        assertThat(oids).hasSize(Role.values().length).hasSize(8);
        assertThat(Role.NODE.oid()).endsWith(".1");
        assertThat(Role.AUDITOR.oid()).endsWith(".5");
        assertThat(Role.DIRECTORY.oid()).endsWith(".6");
        assertThat(Role.CIVIL_COURT.oid()).endsWith(".7");
        assertThat(Role.ADMINISTRATIVE_AUTHORITY.oid()).endsWith(".8");
        assertThat(Role.of(null)).isEmpty();
    }

    @Test
    void errorCodesAreStableAndUnique() {
        Set<String> codes = new HashSet<>();
        for (PkiError e : PkiError.values()) {
            assertThat(e.code()).matches("EEG-PKI-\\d{3}");
            assertThat(e.message()).isNotBlank();
            codes.add(e.code());
        }
        assertThat(codes).hasSize(PkiError.values().length);
        assertThat(PkiError.MALFORMED_CMS.code()).isEqualTo("EEG-PKI-001");
        PkiException ex = new PkiException(PkiError.NOT_A_RECIPIENT, "detail");
        assertThat(ex.code()).isEqualTo("EEG-PKI-007");
        assertThat(ex.getMessage()).contains("EEG-PKI-007").contains("detail");
    }

    @Test
    void loadOrCreateTwiceReturnsTheSameRoot() throws Exception {
        Path d = dir.resolve("pki");
        DevPki a = TestSupport.pki(d);
        DevPki b = TestSupport.pki(d);
        assertThat(b.rootCertificate()).isEqualTo(a.rootCertificate());
        assertThat(b.password()).isEqualTo(a.password());
        assertThat(a.directory()).isEqualTo(d);
        assertThat(Files.exists(d.resolve("ca.p12"))).isTrue();
        assertThat(Certificates.readPem(d.resolve("ca.pem"))).containsExactly(a.rootCertificate());
        if (FileSecurity.posix(d)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(d))).isEqualTo("rwx------");
            for (String f : List.of("password", "ca.p12", "ca.pem")) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(d.resolve(f)))).as(f).isEqualTo("rw-------");
            }
        }
        // and a different directory gives a different root
        assertThat(TestSupport.pki(dir.resolve("other")).rootCertificate()).isNotEqualTo(a.rootCertificate());
    }

    @Test
    void rootCertificateProfile() throws Exception {
        Instant now = Instant.parse("2026-03-01T10:00:00Z");
        X509Certificate root = DevPki.loadOrCreate(dir, Clock.fixed(now, ZoneOffset.UTC)).rootCertificate();
        assertThat(root.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        boolean[] ku = root.getKeyUsage();
        assertThat(ku[5]).as("keyCertSign").isTrue();
        assertThat(ku[6]).as("cRLSign").isTrue();
        assertThat(root.getPublicKey().getAlgorithm()).isIn("EC", "ECDSA");
        assertThat(Duration.between(root.getNotBefore().toInstant(), root.getNotAfter().toInstant())).isGreaterThan(Duration.ofDays(3650));
        root.verify(root.getPublicKey());
    }

    @Test
    void leafCertificateProfile() throws Exception {
        Instant now = Instant.parse("2026-03-01T10:00:00Z");
        DevPki pki = DevPki.loadOrCreate(dir, Clock.fixed(now, ZoneOffset.UTC));
        KeyMaterial ec = pki.issue(new IssueRequest("gw.example", Role.NODE, List.of("gw.example", "127.0.0.1", "::1"),
                KeyKind.EC_P256, Duration.ofDays(90), true, false));
        X509Certificate c = ec.certificate();
        assertThat(ec.chain()).containsExactly(c, pki.rootCertificate());
        assertThat(c.getNotBefore().toInstant()).isEqualTo(now.minus(Duration.ofMinutes(5)));
        assertThat(c.getNotAfter().toInstant()).isEqualTo(now.plus(Duration.ofDays(90)));
        assertThat(c.getSerialNumber().signum()).isPositive();
        assertThat(c.getSerialNumber().bitLength()).isLessThanOrEqualTo(128).isGreaterThan(64);
        assertThat(c.getBasicConstraints()).isEqualTo(-1);
        boolean[] ku = c.getKeyUsage();
        assertThat(ku[0]).as("digitalSignature").isTrue();
        assertThat(ku[4]).as("keyAgreement").isTrue();
        assertThat(ku[2]).as("keyEncipherment").isFalse();
        assertThat(c.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        Collection<List<?>> sans = c.getSubjectAlternativeNames();
        assertThat(sans).extracting(l -> l.get(1).toString()).contains("gw.example", "127.0.0.1");
        assertThat(sans).extracting(l -> (Integer) l.get(0)).containsExactly(2, 7, 7);
        assertThat(c.getExtensionValue(Extension.authorityKeyIdentifier.getId())).isNotNull();
        c.verify(pki.rootCertificate().getPublicKey());

        KeyMaterial rsa = pki.issue(new IssueRequest("client", Role.CONTACT_POINT, List.of(), KeyKind.RSA_3072,
                Duration.ofDays(1), false, true));
        boolean[] rku = rsa.certificate().getKeyUsage();
        assertThat(rku[0]).isTrue();
        assertThat(rku[2]).as("keyEncipherment").isTrue();
        assertThat(rku[4]).as("keyAgreement").isFalse();
        assertThat(rsa.certificate().getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        assertThat(((java.security.interfaces.RSAPublicKey) rsa.certificate().getPublicKey()).getModulus().bitLength()).isEqualTo(3072);

        assertThat(errorOf(() -> pki.issue(new IssueRequest("x", Role.NODE, List.of("not a name!"), KeyKind.EC_P256,
                Duration.ofDays(1), true, false)))).isEqualTo(PkiError.CERTIFICATE_INVALID);
    }

    @Test
    void loadOrIssueReusesTheKey() throws Exception {
        DevPki pki = TestSupport.pki(dir);
        IssueRequest r = req("node-a", Role.NODE, KeyKind.EC_P256);
        KeyMaterial first = pki.loadOrIssue("node-a", r);
        KeyMaterial second = TestSupport.pki(dir).loadOrIssue("node-a", r);
        assertThat(second.fingerprint()).isEqualTo(first.fingerprint());
        assertThat(second.privateKey().getEncoded()).isEqualTo(first.privateKey().getEncoded());
        assertThat(second.chain()).hasSize(2);
        assertThat(Certificates.readPem(dir.resolve("node-a.pem"))).containsExactly(first.certificate());
        // a different name gives a different key
        assertThat(pki.loadOrIssue("node-b", r).fingerprint()).isNotEqualTo(first.fingerprint());
        // the pem is rewritten when missing
        Files.delete(dir.resolve("node-a.pem"));
        pki.loadOrIssue("node-a", r);
        assertThat(Certificates.readPem(dir.resolve("node-a.pem"))).containsExactly(first.certificate());
        assertThat(errorOf(() -> pki.loadOrIssue("../evil", r))).isEqualTo(PkiError.INTERNAL);
    }

    @Test
    void pkcs12RoundTripAndJdkCompatibility() throws Exception {
        DevPki pki = TestSupport.pki(dir.resolve("pki"));
        for (KeyKind kind : KeyKind.values()) {
            KeyMaterial km = pki.issue(req("p12-" + kind, Role.AUDITOR, kind));
            Path p12 = dir.resolve(kind + ".p12");
            km.savePkcs12(p12, "s3cret".toCharArray(), "me");
            if (FileSecurity.posix(p12)) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p12))).isEqualTo("rw-------");
            }
            KeyMaterial back = KeyMaterial.loadPkcs12(p12, "s3cret".toCharArray());
            assertThat(back.chain()).isEqualTo(km.chain());
            assertThat(back.privateKey().getEncoded()).isEqualTo(km.privateKey().getEncoded());
            assertThat(back.fingerprint()).isEqualTo(km.fingerprint()).isEqualTo(Certificates.sha256Fingerprint(km.certificate()))
                    .matches("[0-9a-f]{64}");
            // the JDK's own PKCS12 key store reads it too (e.g. for Jetty)
            KeyStore jdk = KeyStore.getInstance("PKCS12");
            jdk.load(new ByteArrayInputStream(Files.readAllBytes(p12)), "s3cret".toCharArray());
            assertThat(jdk.getCertificateChain("me")).hasSize(2);
            assertThat(jdk.getKey("me", "s3cret".toCharArray()).getEncoded()).isNotEmpty();

            assertThat(errorOf(() -> KeyMaterial.loadPkcs12(p12, "wrong".toCharArray()))).isEqualTo(PkiError.KEYSTORE_UNREADABLE);
        }
        assertThat(errorOf(() -> KeyMaterial.loadPkcs12(dir.resolve("missing.p12"), "x".toCharArray())))
                .isEqualTo(PkiError.KEYSTORE_UNREADABLE);
    }

    @Test
    void pemRoundTrip() throws Exception {
        DevPki pki = TestSupport.pki(dir);
        KeyMaterial km = pki.issue(req("pem", Role.PLATFORM, KeyKind.EC_P256));
        String pem = Certificates.toPem(km.certificate()) + Certificates.privateKeyToPem(km.privateKey())
                + Certificates.toPem(pki.rootCertificate());
        assertThat(Certificates.parsePem(pem)).containsExactly(km.certificate(), pki.rootCertificate());
        assertThat(Certificates.privateKeyToPem(km.privateKey())).startsWith("-----BEGIN ").contains("PRIVATE KEY");
        assertThat(errorOf(() -> Certificates.parsePem("nothing here"))).isEqualTo(PkiError.CERTIFICATE_INVALID);
        assertThat(errorOf(() -> Certificates.parsePem("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")))
                .isEqualTo(PkiError.CERTIFICATE_INVALID);
    }

    @Test
    void timeStampingCertificateHasOnlyTheCriticalTimeStampingPurpose() throws Exception {
        DevPki pki = TestSupport.pki(dir);
        KeyMaterial tsa = pki.loadOrIssue("tsa", IssueRequest.timeStamping("dev TSA", Role.NODE, KeyKind.EC_P256, Duration.ofDays(30)));
        X509Certificate c = tsa.certificate();
        assertThat(c.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.8");
        assertThat(c.getCriticalExtensionOIDs()).contains(Extension.extendedKeyUsage.getId());
        boolean[] ku = c.getKeyUsage();
        assertThat(ku[0]).as("digitalSignature").isTrue();
        assertThat(ku[1]).as("nonRepudiation").isTrue();
        assertThat(ku[4]).as("keyAgreement").isFalse();
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> new IssueRequest("x", Role.NODE, List.of(), KeyKind.EC_P256,
                Duration.ofDays(1), true, false, true))).isInstanceOf(IllegalArgumentException.class);
        // a token of the dev TSA with this certificate verifies against the dev root (EKU checked by the verifier)
        CmsProfile p = new CmsProfile(Clock.systemUTC()).withTimeStamper(new eu.eevidence.gw.pki.ca.DevTsa(tsa, Clock.systemUTC()))
                .withTimeStampVerification(TestSupport.trust(pki), true);
        KeyMaterial signer = pki.issue(req("judge", Role.JUDICIAL_AUTHORITY, KeyKind.EC_P256));
        assertThat(p.verify(p.sign(new byte[] {1}, signer), TestSupport.trust(pki)).content()).containsExactly(1);
    }

    @Test
    void theDevRootIsACertificateAuthorityThatKnowsEveryLeafForOcsp() throws Exception {
        DevPki pki = TestSupport.pki(dir);
        KeyMaterial leaf = pki.issue(req("platform", Role.PLATFORM, KeyKind.EC_P256));
        KeyMaterial node = pki.loadOrIssue("node", req("node", Role.NODE, KeyKind.EC_P256));
        eu.eevidence.gw.pki.ca.CertificateAuthority ca = pki.certificateAuthority();
        assertThat(ca.certificate()).isEqualTo(pki.rootCertificate());
        assertThat(ca.find(leaf.certificate().getSerialNumber()).role()).isEqualTo("PLATFORM");
        assertThat(ca.find(node.certificate().getSerialNumber())).isNotNull();
        TrustStore viaOcsp = TrustStore.load(Clock.systemUTC(), List.of(dir.resolve("ca.pem")), List.of(),
                (request, cert, issuer) -> ca.ocspResponder(Duration.ofHours(1)).respond(request), true);
        viaOcsp.validate(leaf.certificate(), leaf.chain(), Instant.now());
        TestSupport.pki(dir).certificateAuthority().revoke(leaf.certificate().getSerialNumber(), 1); // another instance
        assertThat(errorOf(() -> viaOcsp.validate(leaf.certificate(), leaf.chain(), Instant.now()))).isEqualTo(PkiError.REVOKED);
        // a leaf issued before the database existed is registered when it is loaded again
        Files.delete(dir.resolve("index.tsv"));
        TestSupport.pki(dir).loadOrIssue("node", req("node", Role.NODE, KeyKind.EC_P256));
        assertThat(TestSupport.pki(dir).certificateAuthority().find(node.certificate().getSerialNumber())).isNotNull();
        // a certificate of another CA is refused
        KeyMaterial foreign = TestSupport.pki(dir.resolve("other")).issue(req("x", Role.NODE, KeyKind.EC_P256));
        assertThat(errorOf(() -> ca.register(foreign.certificate(), "NODE"))).isEqualTo(PkiError.CERTIFICATE_INVALID);
    }
}
