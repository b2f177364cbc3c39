package eu.eevidence.gw.gateway.alert;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * The Standard Webhooks signature (https://www.standardwebhooks.com, "Signature scheme"): HMAC-SHA256 with the
 * subscriber's secret over {@code webhook-id + "." + webhook-timestamp + "." + body}, sent as
 * {@code webhook-signature: v1,<base64>}. A receiver recomputes it, compares in constant time, and refuses a timestamp
 * too far from its own clock (replay) and an id it has already seen (duplicate).
 */
public final class WebhookSignature {

    private WebhookSignature() {
    }

    /** The {@code webhook-signature} header value. */
    public static String sign(byte[] secret, String id, long timestampSeconds, String body) {
        return "v1," + Base64.getEncoder().encodeToString(mac(secret, id + "." + timestampSeconds + "." + body));
    }

    /** What a receiver does: true when one of the header's {@code v1,} signatures matches. */
    public static boolean verify(byte[] secret, String id, long timestampSeconds, String body, String header) {
        byte[] expected = mac(secret, id + "." + timestampSeconds + "." + body);
        for (String part : header.split(" ")) {
            if (part.startsWith("v1,")) {
                byte[] given;
                try {
                    given = Base64.getDecoder().decode(part.substring(3));
                } catch (IllegalArgumentException e) {
                    continue;
                }
                if (MessageDigest.isEqual(expected, given)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static byte[] mac(byte[] secret, String content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
