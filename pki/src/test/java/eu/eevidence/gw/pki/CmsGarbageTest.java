package eu.eevidence.gw.pki;

import static eu.eevidence.gw.pki.TestSupport.req;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Random bytes, truncated and bit-flipped DER: always a PkiException, never an unchecked exception. */
class CmsGarbageTest {

    @TempDir
    static Path dir;

    static TrustAnchors trust;
    static KeyMaterial signer;
    static KeyMaterial recipient;
    static byte[] sealed;
    static byte[] signed;
    static final CmsProfile PROFILE = new CmsProfile(Clock.systemUTC());

    @BeforeAll
    static void setUp() throws Exception {
        DevPki pki = TestSupport.pki(dir);
        trust = TestSupport.trust(pki);
        signer = pki.issue(req("s", Role.NODE, KeyKind.EC_P256));
        recipient = pki.issue(req("r", Role.NODE, KeyKind.EC_P256));
        sealed = PROFILE.seal("garbage test".getBytes(), signer, List.of(recipient.certificate()));
        signed = PROFILE.sign("garbage test".getBytes(), signer);
    }

    private static PkiError openError(byte[] input) {
        Throwable t = catchThrowable(() -> PROFILE.open(input, recipient, trust));
        assertThat(t).as("input %s", Arrays.toString(Arrays.copyOf(input, Math.min(16, input.length))))
                .isInstanceOf(PkiException.class);
        return ((PkiException) t).error();
    }

    private static PkiError verifyError(byte[] input) {
        Throwable t = catchThrowable(() -> PROFILE.verify(input, trust));
        assertThat(t).isInstanceOf(PkiException.class);
        return ((PkiException) t).error();
    }

    @Test
    void emptyAndNull() {
        assertThat(openError(new byte[0])).isEqualTo(PkiError.MALFORMED_CMS);
        assertThat(verifyError(new byte[0])).isEqualTo(PkiError.MALFORMED_CMS);
        assertThat(openError(new byte[] {0x30})).isEqualTo(PkiError.MALFORMED_CMS);
        assertThat(openError(new byte[] {0x30, 0x00})).isEqualTo(PkiError.MALFORMED_CMS);
        assertThat(openError(new byte[] {0x30, (byte) 0x84, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff})).isEqualTo(PkiError.MALFORMED_CMS);
        assertThat(openError(new byte[] {0x30, (byte) 0x80, 0x00, 0x00})).isEqualTo(PkiError.MALFORMED_CMS);
        Throwable t = catchThrowable(() -> PROFILE.verify(null, trust));
        assertThat(t).isInstanceOf(PkiException.class);
    }

    @Test
    void randomBytesAreMalformed() {
        Random rnd = new Random(42);
        for (int i = 0; i < 300; i++) {
            byte[] b = new byte[1 + rnd.nextInt(2000)];
            rnd.nextBytes(b);
            if (i % 3 == 0) {
                b[0] = 0x30; // make it look like a SEQUENCE
            }
            assertThat(openError(b)).isEqualTo(PkiError.MALFORMED_CMS);
            assertThat(verifyError(b)).isEqualTo(PkiError.MALFORMED_CMS);
        }
    }

    @Test
    void truncatedDerIsMalformed() {
        for (int len = 1; len < sealed.length; len += Math.max(1, sealed.length / 250)) {
            assertThat(openError(Arrays.copyOf(sealed, len))).as("truncated to %d", len).isEqualTo(PkiError.MALFORMED_CMS);
        }
        for (int len = 1; len < signed.length; len += Math.max(1, signed.length / 250)) {
            assertThat(verifyError(Arrays.copyOf(signed, len))).as("truncated to %d", len).isEqualTo(PkiError.MALFORMED_CMS);
        }
    }

    @Test
    void trailingGarbageIsMalformed() {
        byte[] b = Arrays.copyOf(sealed, sealed.length + 3);
        assertThat(openError(b)).isEqualTo(PkiError.MALFORMED_CMS);
    }

    @Test
    void bitFlipsAnywhereGiveOnlyPkiExceptions() {
        Random rnd = new Random(7);
        Map<PkiError, Integer> seen = new EnumMap<>(PkiError.class);
        for (int i = 0; i < 400; i++) {
            byte[] b = signed.clone();
            int pos = rnd.nextInt(b.length);
            b[pos] ^= (byte) (1 << rnd.nextInt(8));
            Throwable t = catchThrowable(() -> PROFILE.verify(b, trust));
            if (t != null) {
                assertThat(t).as("flip at %d", pos).isInstanceOf(PkiException.class);
                seen.merge(((PkiException) t).error(), 1, Integer::sum);
            } else { // a flip in an unsigned place (e.g. an embedded CA certificate) may still verify
                assertThat(catchThrowable(() -> assertThat(PROFILE.verify(b, trust).content())
                        .isEqualTo("garbage test".getBytes()))).isNull();
            }
            byte[] s = sealed.clone();
            int pos2 = rnd.nextInt(s.length);
            s[pos2] ^= (byte) (1 << rnd.nextInt(8));
            OpenedMessage[] opened = new OpenedMessage[1];
            Throwable t2 = catchThrowable(() -> opened[0] = PROFILE.open(s, recipient, trust));
            if (t2 == null) {
                // Only unauthenticated fields can change without detection, e.g. the letter case of the
                // recipient's issuer name (X.500 names compare case-insensitively); the content must be intact.
                assertThat(opened[0].content()).as("flip at %d of sealed", pos2).isEqualTo("garbage test".getBytes());
                continue;
            }
            assertThat(t2).as("flip at %d of sealed", pos2).isInstanceOf(PkiException.class);
            seen.merge(((PkiException) t2).error(), 1, Integer::sum);
        }
        assertThat(seen).containsKeys(PkiError.MALFORMED_CMS, PkiError.DECRYPTION_FAILED);
        assertThat(seen).doesNotContainKey(PkiError.INTERNAL);
    }
}
