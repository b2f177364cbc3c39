package eu.eevidence.gw.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A TLS client certificate with an EKU extension must list clientAuth (or any purpose). */
class ClientAuthUsageTest {

    @TempDir
    Path dir;

    static X509Certificate withEku(KeyPurposeId... purposes) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        KeyPair kp = g.generateKeyPair();
        X500Name name = new X500Name("CN=eku test");
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minusSeconds(60)), Date.from(now.plusSeconds(3600)), name, kp.getPublic());
        if (purposes.length > 0) {
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes));
        }
        return new JcaX509CertificateConverter().setProvider(BouncyCastle.provider())
                .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
    }

    @Test
    void aServerOnlyOrEmailOnlyCertificateMayNotAuthenticateAClient() throws Exception {
        assertThat(ClientAuthUsage.permitsClientAuth(withEku(KeyPurposeId.id_kp_serverAuth))).isFalse();
        assertThat(ClientAuthUsage.permitsClientAuth(withEku(KeyPurposeId.id_kp_emailProtection, KeyPurposeId.id_kp_codeSigning))).isFalse();
    }

    @Test
    void clientAuthAnyPurposeOrNoExtensionMay() throws Exception {
        assertThat(ClientAuthUsage.permitsClientAuth(withEku(KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth))).isTrue();
        assertThat(ClientAuthUsage.permitsClientAuth(withEku(KeyPurposeId.anyExtendedKeyUsage))).isTrue();
        assertThat(ClientAuthUsage.permitsClientAuth(withEku())).isTrue();
    }

    @Test
    void theDevelopmentPkiIssuesClientAuthToContactPointsPlatformsAndNodes() throws Exception {
        DevPki pki = DevPki.loadOrCreate(dir.resolve("pki"), Clock.systemUTC());
        for (Role role : List.of(Role.CONTACT_POINT, Role.PLATFORM, Role.NODE)) {
            KeyMaterial k = pki.issue(new IssueRequest("eku " + role, role, List.of("127.0.0.1"), KeyKind.EC_P256, Duration.ofDays(1), true, true));
            assertThat(ClientAuthUsage.permitsClientAuth(k.certificate())).as(role.name()).isTrue();
        }
        KeyMaterial server = pki.issue(new IssueRequest("server only", Role.NODE, List.of("127.0.0.1"), KeyKind.EC_P256, Duration.ofDays(1), true, false));
        assertThat(ClientAuthUsage.permitsClientAuth(server.certificate())).isFalse();
    }
}
