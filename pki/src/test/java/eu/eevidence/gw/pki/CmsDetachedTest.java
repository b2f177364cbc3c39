package eu.eevidence.gw.pki;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The detached form of the profile's CAdES signature (the court bundle's META-INF/signature.p7s, ADR-0029). */
class CmsDetachedTest {

    @TempDir
    static Path dir;

    static DevPki pki;
    static KeyMaterial ec;
    static KeyMaterial rsa;
    static TrustAnchors trust;
    static final CmsProfile CMS = new CmsProfile(Clock.systemUTC());
    static final byte[] CONTENT = "<asic:ASiCManifest/>".getBytes(StandardCharsets.UTF_8);

    @BeforeAll
    static void setUp() throws Exception {
        pki = TestSupport.pki(dir.resolve("pki"));
        ec = pki.issue(new IssueRequest("node ec", Role.NODE, List.of(), KeyKind.EC_P256, Duration.ofDays(1), false, true));
        rsa = pki.issue(new IssueRequest("node rsa", Role.NODE, List.of(), KeyKind.RSA_3072, Duration.ofDays(1), false, true));
        trust = TrustAnchors.of(List.of(pki.rootCertificate()));
    }

    @Test
    void aChangedContentIsRefused() throws Exception {
        byte[] sig = CMS.signDetached(CONTENT, ec);
        byte[] changed = CONTENT.clone();
        changed[3] ^= 1;
        assertThatThrownBy(() -> CMS.verifyDetached(sig, changed, trust)).isInstanceOf(PkiException.class);
    }

    @Test
    void anEncapsulatingSignatureIsNotADetachedOneAndADetachedOneIsNotForVerify() throws Exception {
        assertThatThrownBy(() -> CMS.verifyDetached(CMS.sign(CONTENT, ec), CONTENT, trust))
                .isInstanceOfSatisfying(PkiException.class, e -> assertThat(e.error()).isEqualTo(PkiError.MALFORMED_CMS));
        assertThatThrownBy(() -> CMS.verify(CMS.signDetached(CONTENT, ec), trust))
                .isInstanceOfSatisfying(PkiException.class, e -> assertThat(e.error()).isEqualTo(PkiError.MALFORMED_CMS));
    }

    @Test
    void detachedSignaturesOfBothKeyTypesVerifyOverTheirContent() throws Exception {
        for (KeyMaterial k : List.of(ec, rsa)) {
            OpenedMessage m = CMS.verifyDetached(CMS.signDetached(CONTENT, k), CONTENT, trust);
            assertThat(m.content()).isEqualTo(CONTENT);
            assertThat(m.signer()).isEqualTo(k.certificate());
        }
    }
}
