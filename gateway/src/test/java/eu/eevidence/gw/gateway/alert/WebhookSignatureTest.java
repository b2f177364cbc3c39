package eu.eevidence.gw.gateway.alert;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WebhookSignatureTest {

    /** The example of the Standard Webhooks reference libraries (https://github.com/standard-webhooks/standard-webhooks). */
    private static final byte[] SECRET = AlarmsConfig.webhookSecret("t", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long TS = 1614265330L;
    private static final String BODY = "{\"test\": 2432232314}";

    @Test
    void aTamperedBodyTimestampOrIdDoesNotVerify() {
        String sig = WebhookSignature.sign(SECRET, ID, TS, BODY);
        assertFalse(WebhookSignature.verify(SECRET, ID, TS, BODY.replace('2', '3'), sig));
        assertFalse(WebhookSignature.verify(SECRET, ID, TS + 1, BODY, sig));
        assertFalse(WebhookSignature.verify(SECRET, ID + "x", TS, BODY, sig));
        assertFalse(WebhookSignature.verify(AlarmsConfig.webhookSecret("t", "whsec_" + "A".repeat(32)), ID, TS, BODY, sig));
        assertFalse(WebhookSignature.verify(SECRET, ID, TS, BODY, "v1,not-base64!"));
    }

    @Test
    void theSignatureIsTheStandardWebhooksOne() {
        String sig = WebhookSignature.sign(SECRET, ID, TS, BODY);
        assertEquals("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", sig);
        assertTrue(WebhookSignature.verify(SECRET, ID, TS, BODY, "v1,bm90LWl0 " + sig));
    }
}
