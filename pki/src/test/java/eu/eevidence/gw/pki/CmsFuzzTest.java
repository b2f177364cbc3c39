package eu.eevidence.gw.pki;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import eu.eevidence.gw.pki.ca.CertificateAuthority;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzz targets of the CMS boundary (docs/design/fuzzing.md): {@link CmsProfile#verify}, {@link CmsProfile#open},
 * {@link CmsProfile#unwrapSignedData} and the streaming {@link CmsProfile#openStream}. Contract: an
 * {@link OpenedMessage} or a {@link PkiException} (clean rejection); any other exception escaping, Bouncy Castle's
 * included, is a finding.
 *
 * <p>The signer validator accepts every certificate so that the committed SignedData seeds (public certificates
 * only, produced by {@link PkiFuzzSeeds}) reach the signature, attribute and time-stamp checks. The recipient key is
 * minted at test time (never committed), so sealed seeds stop at recipient matching: their parsing is what is fuzzed.
 */
class CmsFuzzTest {

    @TempDir
    static Path dir;

    static final SignerValidator ANY = (leaf, intermediates, at) -> { };
    static CmsProfile profile;
    static KeyMaterial recipient;

    @BeforeAll
    static void setUp() throws Exception {
        CertificateAuthority root = CertificateAuthority.initRoot(dir.resolve("root"), "fuzz root", KeyKind.EC_P256, Duration.ofDays(30),
                "pw".toCharArray(), null, null, Clock.systemUTC());
        recipient = root.issue(new IssueRequest("fuzz recipient", Role.NODE, List.of(), KeyKind.EC_P256, Duration.ofDays(30), false, false));
        profile = new CmsProfile(Clock.systemUTC()).withTimeStampVerification(ANY, false).withSpoolDirectory(dir);
    }

    @FuzzTest
    void verify(byte[] cms) {
        try {
            assertThat(profile.verify(cms, ANY).content()).isNotNull();
        } catch (PkiException e) {
            assertThat(e.code()).startsWith("EEG-");
        }
    }

    @FuzzTest
    void open(byte[] cms) {
        try {
            assertThat(profile.open(cms, recipient, ANY).content()).isNotNull();
        } catch (PkiException e) {
            assertThat(e.code()).startsWith("EEG-");
        }
        try {
            assertThat(profile.unwrapSignedData(cms, recipient)).isNotNull();
        } catch (PkiException e) {
            assertThat(e.code()).startsWith("EEG-");
        }
    }

    @FuzzTest
    void openStream(byte[] cms) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            assertThat(profile.openStream(new ByteArrayInputStream(cms), out, recipient, ANY)).isNotNull();
        } catch (PkiException e) {
            assertThat(e.code()).startsWith("EEG-");
            assertThat(out.size()).as("nothing written on failure").isZero();
        }
    }
}
