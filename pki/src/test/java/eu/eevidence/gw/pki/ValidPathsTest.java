package eu.eevidence.gw.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The remembered certification paths of {@link TrustAnchors} (issue 18): never an answer the path builder would not give. */
class ValidPathsTest {

    @TempDir
    Path dir;

    @Test
    void aPathValidForOneSetOfAnchorsIsStillRefusedByAnother() throws Exception {
        DevPki ours = TestSupport.pki(dir.resolve("ours"));
        DevPki other = TestSupport.pki(dir.resolve("other"));
        KeyMaterial leaf = ours.issue(TestSupport.req("leaf", Role.NODE, KeyKind.EC_P256));
        TrustAnchors trusted = TestSupport.trust(ours);
        TrustAnchors foreign = TestSupport.trust(other);
        trusted.validate(leaf.certificate(), List.of(), Instant.now());

        assertThat(TestSupport.errorOf(() -> foreign.validate(leaf.certificate(), List.of(), Instant.now())))
                .isEqualTo(PkiError.UNTRUSTED_SIGNER);
        assertThat(TestSupport.errorOf(() -> foreign.validate(leaf.certificate(), List.of(), Instant.now())))
                .isEqualTo(PkiError.UNTRUSTED_SIGNER);
    }

    @Test
    void aRememberedPathIsNotUsedOutsideItsCertificatesValidity() throws Exception {
        DevPki pki = TestSupport.pki(dir.resolve("pki"));
        KeyMaterial leaf = pki.issue(TestSupport.req("leaf", Role.NODE, KeyKind.EC_P256));
        TrustAnchors trust = TestSupport.trust(pki);
        trust.validate(leaf.certificate(), List.of(), Instant.now());

        Instant afterExpiry = leaf.certificate().getNotAfter().toInstant().plusSeconds(1);
        Instant beforeIssue = leaf.certificate().getNotBefore().toInstant().minusSeconds(1);
        assertThat(TestSupport.errorOf(() -> trust.validate(leaf.certificate(), List.of(), afterExpiry)))
                .isEqualTo(PkiError.SIGNER_EXPIRED);
        assertThat(TestSupport.errorOf(() -> trust.validate(leaf.certificate(), List.of(), beforeIssue)))
                .isEqualTo(PkiError.SIGNER_EXPIRED);
    }

    @Test
    void theWindowIsTheIntersectionOfThePathAndItsAnchor() throws Exception {
        DevPki pki = TestSupport.pki(dir.resolve("pki"));
        KeyMaterial leaf = pki.issue(TestSupport.req("leaf", Role.NODE, KeyKind.EC_P256));
        ValidPaths paths = new ValidPaths();
        List<java.nio.ByteBuffer> key = ValidPaths.key(leaf.certificate(), List.of());
        assertThat(paths.contains(key, Instant.now())).isFalse();

        java.security.cert.X509CertSelector target = new java.security.cert.X509CertSelector();
        target.setCertificate(leaf.certificate());
        java.security.cert.PKIXBuilderParameters params = new java.security.cert.PKIXBuilderParameters(
                java.util.Set.of(new java.security.cert.TrustAnchor(pki.rootCertificate(), null)), target);
        params.setRevocationEnabled(false);
        params.addCertStore(java.security.cert.CertStore.getInstance("Collection",
                new java.security.cert.CollectionCertStoreParameters(List.of(leaf.certificate())), BouncyCastle.provider()));
        paths.remember(key, (java.security.cert.PKIXCertPathBuilderResult) java.security.cert.CertPathBuilder
                .getInstance("PKIX", BouncyCastle.provider()).build(params));

        Instant leafEnd = leaf.certificate().getNotAfter().toInstant();
        Instant rootStart = pki.rootCertificate().getNotBefore().toInstant();
        Instant leafStart = leaf.certificate().getNotBefore().toInstant();
        assertThat(paths.contains(key, Instant.now())).isTrue();
        assertThat(paths.contains(key, leafEnd.plusSeconds(1))).isFalse();
        assertThat(paths.contains(key, (leafStart.isAfter(rootStart) ? leafStart : rootStart).minusSeconds(1))).isFalse();
        assertThat(paths.contains(ValidPaths.key(pki.rootCertificate(), List.of()), Instant.now())).isFalse();
    }
}
