package eu.eevidence.gw.schema.codec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Strict UTF-8: the stress cases of Markus Kuhn's UTF-8 decoder test (written out here by hand, by section), and an
 * exhaustive comparison with an independent bit-level reference decoder over every 1-, 2- and 3-byte sequence and
 * the interesting 4-byte ones.
 */
class Utf8Test {

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    // --- refused first -----------------------------------------------------------------------------------------

    /** Kuhn 4.1, 4.2: overlong ASCII '/' and the maximum overlong forms; 4.3 overlong NUL. */
    @ParameterizedTest
    @ValueSource(strings = {"C0 AF", "E0 80 AF", "F0 80 80 AF", "F8 80 80 80 AF", "FC 80 80 80 80 AF",
            "C1 BF", "E0 9F BF", "F0 8F BF BF", "C0 80", "E0 80 80", "F0 80 80 80"})
    void overlongFormsAreRefused(String bytes) {
        assertThat(Utf8.firstInvalid(hex(bytes))).isZero();
    }

    /** Kuhn 5.1, 5.2: single and paired UTF-16 surrogates encoded in UTF-8 (CESU-8). */
    @ParameterizedTest
    @ValueSource(strings = {"ED A0 80", "ED AD BF", "ED AE 80", "ED AF BF", "ED B0 80", "ED BE 80", "ED BF BF",
            "ED A0 80 ED B0 80", "ED AF BF ED BF BF"})
    void encodedSurrogatesAreRefused(String bytes) {
        assertThat(Utf8.firstInvalid(hex(bytes))).isZero();
    }

    /** Above U+10FFFF, and the 5- and 6-byte forms of the original UTF-8 (Kuhn 2.1.5, 2.1.6, 2.2.4-6, 3.5). */
    @ParameterizedTest
    @ValueSource(strings = {"F4 90 80 80", "F4 BF BF BF", "F5 80 80 80", "F7 BF BF BF", "F8 88 80 80 80",
            "FB BF BF BF BF", "FC 84 80 80 80 80", "FD BF BF BF BF BF", "FE", "FF", "FE FE FF FF"})
    void beyondU10ffffAndImpossibleBytesAreRefused(String bytes) {
        assertThat(Utf8.firstInvalid(hex(bytes))).isZero();
    }

    /** Kuhn 3.1, 3.2: lone continuation bytes and lone start bytes followed by a space. */
    @ParameterizedTest
    @ValueSource(strings = {"80", "BF", "80 BF", "80 BF 80", "C0 20", "DF 20", "E0 20", "EF 20", "F0 20", "F4 20"})
    void loneContinuationAndStartBytesAreRefused(String bytes) {
        assertThat(Utf8.firstInvalid(hex(bytes))).isZero();
    }

    /** Kuhn 3.3, 3.4: sequences with the last byte missing, alone and concatenated. */
    @ParameterizedTest
    @ValueSource(strings = {"C2", "DF", "E0 A0", "EF BF", "E1 80", "F0 90 80", "F4 8F BF", "F1 80 80",
            "C2 E0 A0 F0 90 80"})
    void truncatedSequencesAreRefused(String bytes) {
        assertThat(Utf8.firstInvalid(hex(bytes))).isZero();
    }

    @Test
    void theOffsetNamesTheFirstBadSequence() {
        byte[] b = "{\"a\":\"x".getBytes(StandardCharsets.UTF_8);
        byte[] bad = new byte[b.length + 3];
        System.arraycopy(b, 0, bad, 0, b.length);
        bad[b.length] = (byte) 0xC0;
        bad[b.length + 1] = (byte) 0xAF;
        bad[b.length + 2] = '"';
        assertThat(Utf8.firstInvalid(bad)).isEqualTo(b.length);
        assertThat(Utf8.isValid(bad)).isFalse();
        // a valid range before the bad byte is valid; a range cutting a sequence is not
        assertThat(Utf8.firstInvalid(bad, 0, b.length)).isEqualTo(-1);
        byte[] euro = hex("41 E2 82 AC 42");
        assertThat(Utf8.firstInvalid(euro, 0, 3)).isEqualTo(1);
        assertThat(Utf8.firstInvalid(euro, 1, 3)).isEqualTo(-1);
        assertThat(Utf8.firstInvalid(euro, 2, 3)).isEqualTo(2);
        assertThatThrownBy(() -> Utf8.firstInvalid(euro, 3, 3)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void bomsAndWideEncodingsAreRecognised() {
        assertThat(Utf8.hasBom(hex("EF BB BF 7B 7D"))).isTrue();
        assertThat(Utf8.hasBom(hex("EF BB"))).isFalse();
        assertThat(Utf8.hasBom("{}".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(Utf8.looksUtf16Or32("{\"a\":1}".getBytes(StandardCharsets.UTF_16LE))).isTrue();
        assertThat(Utf8.looksUtf16Or32("{\"a\":1}".getBytes(StandardCharsets.UTF_16BE))).isTrue();
        assertThat(Utf8.looksUtf16Or32("{\"a\":1}".getBytes(StandardCharsets.UTF_16))).isTrue(); // FE FF BOM
        assertThat(Utf8.looksUtf16Or32(hex("FF FE 7B 00"))).isTrue();
        assertThat(Utf8.looksUtf16Or32(hex("00 00 00 7B"))).isTrue(); // UTF-32BE
        assertThat(Utf8.looksUtf16Or32(hex("7B 00 00 00"))).isTrue(); // UTF-32LE
        assertThat(Utf8.looksUtf16Or32("{\"a\":1}".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(Utf8.looksUtf16Or32(hex("EF BB BF 7B"))).isFalse();
        assertThat(Utf8.looksUtf16Or32(new byte[0])).isFalse();
    }

    // --- accepted ----------------------------------------------------------------------------------------------

    /** Kuhn 1, 2.1-2.3: correct text, first and last sequences of each length, other boundary conditions. */
    @ParameterizedTest
    @ValueSource(strings = {"", "00", "7F", "C2 80", "DF BF", "E0 A0 80", "EF BF BF", "F0 90 80 80", "F4 8F BF BF",
            "ED 9F BF", "EE 80 80", "EF BF BD", "F1 80 80 80", "F3 BF BF BF",
            "CE BA E1 BD B9 CF 83 CE BC CE B5", // "kosme" in Greek, Kuhn 1
            "EF BB BF"}) // a BOM is well-formed UTF-8: the callers refuse it by policy, not this check
    void wellFormedSequencesAreAccepted(String bytes) {
        assertThat(Utf8.firstInvalid(hex(bytes))).isEqualTo(-1);
    }

    @Test
    void everyScalarValueEncodedByTheJdkIsAccepted() {
        StringBuilder sb = new StringBuilder();
        for (int cp = 0; cp <= 0x10FFFF; cp++) {
            if (cp >= 0xD800 && cp <= 0xDFFF) {
                continue;
            }
            sb.appendCodePoint(cp);
        }
        byte[] all = sb.toString().getBytes(StandardCharsets.UTF_8);
        assertThat(Utf8.firstInvalid(all)).isEqualTo(-1);
    }

    // --- exhaustive comparison with a reference ----------------------------------------------------------------

    @Test
    void agreesWithTheReferenceOnEverySequenceOfUpToThreeBytes() {
        byte[] one = new byte[1];
        byte[] two = new byte[2];
        byte[] three = new byte[3];
        int disagreements = 0;
        for (int a = 0; a < 256; a++) {
            one[0] = (byte) a;
            disagreements += Utf8.isValid(one) == reference(one) ? 0 : 1;
            two[0] = (byte) a;
            three[0] = (byte) a;
            for (int b = 0; b < 256; b++) {
                two[1] = (byte) b;
                disagreements += Utf8.isValid(two) == reference(two) ? 0 : 1;
                three[1] = (byte) b;
                for (int c = 0; c < 256; c++) {
                    three[2] = (byte) c;
                    disagreements += Utf8.isValid(three) == reference(three) ? 0 : 1;
                }
            }
        }
        assertThat(disagreements).isZero();
    }

    @Test
    void agreesWithTheReferenceOnFourByteSequences() {
        int[] tails = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0xA0, 0xBF, 0xC0, 0xC2, 0xE0, 0xF0, 0xFF};
        byte[] four = new byte[4];
        int disagreements = 0;
        int valid = 0;
        for (int a = 0xC0; a < 256; a++) {
            for (int b = 0; b < 256; b++) {
                for (int c : tails) {
                    for (int d : tails) {
                        four[0] = (byte) a;
                        four[1] = (byte) b;
                        four[2] = (byte) c;
                        four[3] = (byte) d;
                        boolean ours = Utf8.isValid(four);
                        valid += ours ? 1 : 0;
                        disagreements += ours == reference(four) ? 0 : 1;
                    }
                }
            }
        }
        assertThat(disagreements).isZero();
        assertThat(valid).isPositive();
    }

    /**
     * An independent, slow formulation: length from the lead byte's high bits (up to the historical 6), every
     * continuation {@code 10xxxxxx}, then the decoded value must be a Unicode scalar value (no surrogate, at most
     * U+10FFFF) written in its shortest form.
     */
    private static boolean reference(byte[] s) {
        int i = 0;
        while (i < s.length) {
            int lead = s[i] & 0xFF;
            int len = lead < 0x80 ? 1 : lead >= 0xFC && lead <= 0xFD ? 6 : lead >= 0xF8 && lead <= 0xFB ? 5
                    : lead >= 0xF0 && lead <= 0xF7 ? 4 : lead >= 0xE0 && lead <= 0xEF ? 3 : lead >= 0xC0 && lead <= 0xDF ? 2 : -1;
            if (len < 0 || i + len > s.length) {
                return false;
            }
            long cp = len == 1 ? lead : lead & (0x7F >> len);
            for (int k = 1; k < len; k++) {
                int cont = s[i + k] & 0xFF;
                if ((cont & 0xC0) != 0x80) {
                    return false;
                }
                cp = (cp << 6) | (cont & 0x3F);
            }
            int shortest = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : cp < 0x200000 ? 4 : cp < 0x4000000 ? 5 : 6;
            if (shortest != len || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
                return false;
            }
            i += len;
        }
        return true;
    }
}
