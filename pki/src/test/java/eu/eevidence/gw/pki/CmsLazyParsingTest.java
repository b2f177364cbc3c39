package eu.eevidence.gw.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import eu.eevidence.gw.pki.ca.CertificateAuthority;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.bouncycastle.cms.CMSSignedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bouncy Castle parses CMS lazily and reports structural errors found late as unchecked exceptions (for example
 * {@code new CMSSignedData(bytes).getSignerInfos()}: "IllegalStateException: Expected CONTEXT tag but found
 * APPLICATION"). At the pki boundary every such exception must be a clean {@link PkiError#MALFORMED_CMS}.
 */
class CmsLazyParsingTest {

    @TempDir
    static Path dir;

    static KeyMaterial signer;
    static final CmsProfile PROFILE = new CmsProfile(Clock.systemUTC());
    static final SignerValidator ANY = (leaf, intermediates, at) -> { };

    @BeforeAll
    static void setUp() throws Exception {
        CertificateAuthority root = CertificateAuthority.initRoot(dir.resolve("root"), "lazy root", KeyKind.EC_P256, Duration.ofDays(30),
                "pw".toCharArray(), null, null, Clock.systemUTC());
        signer = root.issue(new IssueRequest("lazy signer", Role.CONTACT_POINT, List.of(), KeyKind.EC_P256, Duration.ofDays(30), false, false));
    }

    /** The signed attributes' [0] IMPLICIT tag (0xA0) turned into [APPLICATION 0] (0x60). */
    static byte[] signedAttributesTaggedApplication(byte[] signed) {
        byte[] contentTypeOid = {0x06, 0x09, 0x2A, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xF7, 0x0D, 0x01, 0x09, 0x03};
        int at = indexOf(signed, contentTypeOid);
        assertThat(at).as("contentType attribute").isPositive();
        for (int i = at - 1; i > at - 8; i--) {
            if (signed[i] == (byte) 0xA0) {
                byte[] bad = signed.clone();
                bad[i] = 0x60;
                return bad;
            }
        }
        throw new AssertionError("no [0] tag before the signed attributes");
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void bouncyCastleAloneThrowsAnUncheckedExceptionLate() throws Exception {
        byte[] bad = signedAttributesTaggedApplication(PROFILE.sign("lazy".getBytes(), signer));
        Throwable t = catchThrowable(() -> new CMSSignedData(bad).getSignerInfos().getSigners().forEach(s -> s.getSignedAttributes()));
        assertThat(t).isInstanceOf(RuntimeException.class);
    }

    @Test
    void theProfileMapsItToACleanRejection() throws Exception {
        byte[] bad = signedAttributesTaggedApplication(PROFILE.sign("lazy".getBytes(), signer));
        Throwable verify = catchThrowable(() -> PROFILE.verify(bad, ANY));
        assertThat(verify).isInstanceOf(PkiException.class);
        assertThat(((PkiException) verify).error()).isEqualTo(PkiError.MALFORMED_CMS);
    }
}
