package eu.eevidence.gw.gateway.console;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;

/**
 * CSRF tokens of the console's forms (ADR-0024): {@code HMAC-SHA256(key, "eeg-console-csrf|" + day + "|" + fingerprint)},
 * base64url, where {@code key} is 32 random bytes drawn when the node starts (kept in memory only), {@code day} the UTC date
 * and {@code fingerprint} the SHA-256 fingerprint of the client certificate of the TLS connection. A token is accepted on the
 * day it was made and the next (a form opened before midnight UTC still works), for the same certificate only; a restart of
 * the node invalidates the forms open at that moment (the person reloads). Nothing is stored per session.
 */
public final class CsrfTokens {

    /** The form field that carries the token. */
    public static final String FIELD = "csrf";

    private final byte[] key;
    private final Clock clock;

    public CsrfTokens(Clock clock) {
        this(randomKey(), clock);
    }

    CsrfTokens(byte[] key, Clock clock) {
        if (key.length < 32) {
            throw new IllegalArgumentException("the CSRF key needs at least 32 bytes");
        }
        this.key = key.clone();
        this.clock = clock;
    }

    /** Today's token for the certificate with this fingerprint. */
    public String issue(String fingerprint) {
        return token(today(), fingerprint);
    }

    /** True when {@code token} was made for this certificate today or yesterday (UTC); constant-time comparison. */
    public boolean valid(String fingerprint, String token) {
        if (fingerprint == null || token == null || token.isEmpty() || token.length() > 128) {
            return false;
        }
        byte[] given = token.getBytes(StandardCharsets.US_ASCII);
        LocalDate today = today();
        boolean ok = MessageDigest.isEqual(given, token(today, fingerprint).getBytes(StandardCharsets.US_ASCII));
        ok |= MessageDigest.isEqual(given, token(today.minusDays(1), fingerprint).getBytes(StandardCharsets.US_ASCII));
        return ok;
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private String token(LocalDate day, String fingerprint) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] tag = mac.doFinal(("eeg-console-csrf|" + day + "|" + fingerprint).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(tag);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static byte[] randomKey() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return k;
    }
}
