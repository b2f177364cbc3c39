package eu.eevidence.gw.custody;

import java.math.BigInteger;

/**
 * Tree sizes and indices are unsigned 64-bit values (RFC 9162). This log stores them in a Java {@code long}, so it
 * holds 0 .. 2^63-1; every value at or above 2^63 (including 2^64-1, which a careless signed parse turns into -1)
 * is rejected with {@link CustodyError#RANGE}, never wrapped.
 */
public final class Uint64 {

    /** The largest tree size or index this log accepts: 2^63-1. */
    public static final long MAX = Long.MAX_VALUE;
    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    private Uint64() {
    }

    /** Parses an ASCII decimal with no sign and no leading zeros (except "0"). */
    public static long parse(String text, String what) throws CustodyException {
        if (text == null || text.isEmpty() || text.length() > 20) {
            throw new CustodyException(CustodyError.RANGE, what + " is not an unsigned decimal: " + shorten(text));
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new CustodyException(CustodyError.RANGE, what + " is not an unsigned decimal: " + shorten(text));
            }
        }
        if (text.length() > 1 && text.charAt(0) == '0') {
            throw new CustodyException(CustodyError.RANGE, what + " has a leading zero: " + shorten(text));
        }
        BigInteger v = new BigInteger(text);
        if (v.compareTo(TWO_64) >= 0) {
            throw new CustodyException(CustodyError.RANGE, what + " exceeds 2^64-1: " + text);
        }
        if (v.bitLength() > 63) {
            throw new CustodyException(CustodyError.RANGE, what + " " + text + " is at or above 2^63, more than this log can hold");
        }
        return v.longValue();
    }

    /** Checks a value handed over as a long (an unsigned value of 2^63 or more arrives negative). */
    public static long check(long value, String what) throws CustodyException {
        if (value < 0) {
            throw new CustodyException(CustodyError.RANGE, what + " " + Long.toUnsignedString(value)
                    + " is at or above 2^63, more than this log can hold");
        }
        return value;
    }

    private static String shorten(String s) {
        if (s == null) {
            return "(none)";
        }
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
