package eu.eevidence.gw.pdq;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A PDQ hash: 256 bits, written as 64 lower-case hexadecimal characters, bit {@code k} of the hash being bit
 * {@code k} of the 256-bit number the hexadecimal string spells (the layout of the reference implementation's
 * {@code Hash256}, https://github.com/facebook/ThreatExchange/tree/main/pdq). Two hashes of perceptually similar
 * images are a small hamming distance apart; {@link #DEFAULT_MATCH_DISTANCE} is the threshold the PDQ documentation
 * recommends to start from.
 *
 * <p>A hash of an intimate image is the victim's personal data: {@link #toString()} never shows the value; call
 * {@link #hex()} where the value must travel.
 */
public final class PdqHash {

    /** Hashes at most this far apart match: "Distance Threshold to consider two hashes to be similar/matching: <=31". */
    public static final int DEFAULT_MATCH_DISTANCE = 31;

    /** Bits in a PDQ hash. */
    public static final int BITS = 256;

    private static final Pattern HEX = Pattern.compile("^[0-9a-f]{64}$");

    private final long[] words; // words[0] holds bits 0..63, words[3] bits 192..255

    private PdqHash(long[] words) {
        this.words = words;
    }

    /** A hash from its 64 lower-case hexadecimal characters; anything else is refused. */
    public static PdqHash ofHex(String hex) {
        if (hex == null || !HEX.matcher(hex).matches()) {
            throw new IllegalArgumentException("a PDQ hash is 64 lower-case hexadecimal characters");
        }
        long[] w = new long[4];
        for (int i = 0; i < 4; i++) {
            int end = 64 - 16 * i;
            w[i] = Long.parseUnsignedLong(hex.substring(end - 16, end), 16);
        }
        return new PdqHash(w);
    }

    /** True when the text is a well-formed PDQ hash (64 lower-case hexadecimal characters). */
    public static boolean isWellFormed(String hex) {
        return hex != null && HEX.matcher(hex).matches();
    }

    static PdqHash ofBits(boolean[] bits) {
        long[] w = new long[4];
        for (int k = 0; k < BITS; k++) {
            if (bits[k]) {
                w[k >>> 6] |= 1L << (k & 63);
            }
        }
        return new PdqHash(w);
    }

    /** The value as 64 lower-case hexadecimal characters (most significant first). Personal data: never log it. */
    public String hex() {
        HexFormat f = HexFormat.of();
        StringBuilder sb = new StringBuilder(64);
        for (int i = 3; i >= 0; i--) {
            sb.append(f.toHexDigits(words[i]));
        }
        return sb.toString();
    }

    /** Whether bit {@code k} (0..255) is set. */
    public boolean bit(int k) {
        return (words[k >>> 6] >>> (k & 63) & 1L) != 0;
    }

    /** The number of bits in which the two hashes differ (0..256). */
    public int distance(PdqHash other) {
        int d = 0;
        for (int i = 0; i < 4; i++) {
            d += Long.bitCount(words[i] ^ other.words[i]);
        }
        return d;
    }

    /** True when the other hash is at most {@code threshold} bits away. */
    public boolean matches(PdqHash other, int threshold) {
        return distance(other) <= threshold;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PdqHash p && Arrays.equals(words, p.words);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(words);
    }

    /** The value is never shown. */
    @Override
    public String toString() {
        return "PdqHash[value hidden]";
    }
}
