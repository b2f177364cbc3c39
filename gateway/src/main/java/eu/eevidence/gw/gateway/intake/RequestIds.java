package eu.eevidence.gw.gateway.intake;

import java.security.SecureRandom;
import java.time.Clock;

/**
 * Request ids: {@code REQ-} followed by 26 Crockford base32 characters, 48 bits of milliseconds then
 * 80 random bits (ULID layout), so ids sort by creation time and cannot be guessed.
 */
public final class RequestIds {
    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;

    public RequestIds(Clock clock) {
        this.clock = clock;
    }

    public String next() {
        long time = clock.millis();
        byte[] rnd = new byte[10];
        random.nextBytes(rnd);
        char[] out = new char[26];
        for (int i = 9; i >= 0; i--) {
            out[i] = ALPHABET[(int) (time & 31)];
            time >>>= 5;
        }
        // 80 random bits -> 16 characters
        long hi = ((rnd[0] & 0xFFL) << 32) | ((rnd[1] & 0xFFL) << 24) | ((rnd[2] & 0xFFL) << 16) | ((rnd[3] & 0xFFL) << 8) | (rnd[4] & 0xFFL);
        long lo = ((rnd[5] & 0xFFL) << 32) | ((rnd[6] & 0xFFL) << 24) | ((rnd[7] & 0xFFL) << 16) | ((rnd[8] & 0xFFL) << 8) | (rnd[9] & 0xFFL);
        for (int i = 17; i >= 10; i--) {
            out[i] = ALPHABET[(int) (hi & 31)];
            hi >>>= 5;
        }
        for (int i = 25; i >= 18; i--) {
            out[i] = ALPHABET[(int) (lo & 31)];
            lo >>>= 5;
        }
        return "REQ-" + new String(out);
    }

    public static boolean looksValid(String id) {
        return id != null && id.matches("^REQ-[0-9A-HJKMNP-TV-Z]{26}$");
    }
}
