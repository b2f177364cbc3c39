package eu.eevidence.gw.schema.codec;

/**
 * Strict UTF-8 (RFC 3629 section 4, Unicode Table 3-7 "well-formed UTF-8 byte sequences") for every body the node
 * reads as text. Jackson's and the JDK's decoders are lenient about some ill-formed input (overlong forms, encoded
 * surrogates), so bodies are checked byte by byte before they are parsed.
 * <p>Refused: overlong forms ({@code C0 AF}, {@code E0 80 AF}, {@code F0 80 80 AF}), encoded UTF-16 surrogates
 * ({@code ED A0 80} .. {@code ED BF BF}), code points above U+10FFFF ({@code F4 90 ..}, {@code F5}..{@code FF}),
 * lone continuation bytes, truncated sequences. A byte order mark is refused separately by the callers
 * ({@link #hasBom(byte[])}): RFC 8259 section 8.1 says implementations MUST NOT add one to JSON text, and the node
 * does not guess encodings.
 * <p>Static, allocation-free, thread-safe.
 */
public final class Utf8 {

    private Utf8() {
    }

    /** True when the whole array is well-formed UTF-8. */
    public static boolean isValid(byte[] b) {
        return firstInvalid(b, 0, b.length) < 0;
    }

    /** The offset of the first byte of the first ill-formed sequence in {@code b}, or -1 when all of it is well-formed. */
    public static int firstInvalid(byte[] b) {
        return firstInvalid(b, 0, b.length);
    }

    /**
     * The offset (into {@code b}) of the first byte of the first ill-formed sequence in {@code b[off, off+len)}, or -1
     * when the range is well-formed UTF-8. A sequence cut by the end of the range is ill-formed.
     */
    public static int firstInvalid(byte[] b, int off, int len) {
        if (off < 0 || len < 0 || off > b.length - len) {
            throw new IndexOutOfBoundsException("off " + off + ", len " + len + ", length " + b.length);
        }
        int i = off;
        int end = off + len;
        while (i < end) {
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                i++;
                continue;
            }
            int need;
            int lo = 0x80;
            int hi = 0xBF;
            if (c >= 0xC2 && c <= 0xDF) {
                need = 1;
            } else if (c == 0xE0) {
                need = 2;
                lo = 0xA0; // E0 80..9F would be overlong
            } else if (c == 0xED) {
                need = 2;
                hi = 0x9F; // ED A0..BF would encode a surrogate
            } else if (c >= 0xE1 && c <= 0xEF) {
                need = 2;
            } else if (c == 0xF0) {
                need = 3;
                lo = 0x90; // F0 80..8F would be overlong
            } else if (c == 0xF4) {
                need = 3;
                hi = 0x8F; // F4 90.. would be above U+10FFFF
            } else if (c >= 0xF1 && c <= 0xF3) {
                need = 3;
            } else {
                return i; // 80..C1 (continuation or overlong lead), F5..FF
            }
            if (end - i <= need) {
                return i; // truncated
            }
            int c1 = b[i + 1] & 0xFF;
            if (c1 < lo || c1 > hi) {
                return i;
            }
            for (int k = 2; k <= need; k++) {
                int ck = b[i + k] & 0xFF;
                if (ck < 0x80 || ck > 0xBF) {
                    return i;
                }
            }
            i += need + 1;
        }
        return -1;
    }

    /** True when the bytes start with the UTF-8 byte order mark {@code EF BB BF}. */
    public static boolean hasBom(byte[] b) {
        return b.length >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF;
    }

    /**
     * True when the bytes look like UTF-16 or UTF-32 rather than UTF-8: a UTF-16/32 byte order mark ({@code FE FF},
     * {@code FF FE}, {@code 00 00 FE FF}) or a NUL among the first four bytes (the pattern of RFC 4627 section 3: JSON
     * text starts with two ASCII characters, so UTF-16/32 puts a NUL in the first four bytes, UTF-8 never does).
     */
    public static boolean looksUtf16Or32(byte[] b) {
        if (b.length >= 2) {
            int b0 = b[0] & 0xFF;
            int b1 = b[1] & 0xFF;
            if ((b0 == 0xFE && b1 == 0xFF) || (b0 == 0xFF && b1 == 0xFE)) {
                return true;
            }
        }
        int n = Math.min(4, b.length);
        for (int i = 0; i < n; i++) {
            if (b[i] == 0) {
                return true;
            }
        }
        return false;
    }
}
