package eu.eevidence.gw.adapter.portal.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import eu.eevidence.gw.adapter.api.DeliveryRequest;
import eu.eevidence.gw.adapter.api.PortalHttp;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Fuzz targets of how the JSON portal adapter reads a portal's answers (docs/design/fuzzing.md): the problem body of an
 * error answer (RFC 9457 {@code detail}/{@code title}, reduced to a sanitised reason) and the receipt of a delivered
 * order. Contract: a reason string / a {@code DeliveryOutcome} for any bytes; nothing escapes.
 */
class PortalAnswerFuzzTest {

    static final byte[] PAYLOAD = "payload".getBytes(StandardCharsets.UTF_8);
    static final DeliveryRequest REQUEST = new DeliveryRequest("R-1", "K-1",
            new DeliveryRequest.Destination("portal", URI.create("https://portal.example/"), null), "EU_EPOC", PAYLOAD,
            PortalHttp.sha256(PAYLOAD), 1);
    static final JsonPortalAdapter ADAPTER = new JsonPortalAdapter();

    @FuzzTest
    void problem(byte[] body) {
        String reason = ADAPTER.reason(body);
        assertThat(reason).isNotNull().hasSizeLessThanOrEqualTo(2 + 2 * 300);
        assertThat(reason.chars().noneMatch(Character::isISOControl)).as("printable").isTrue();
    }

    @FuzzTest
    void receipt(byte[] body) {
        assertThat(ADAPTER.receipt(REQUEST, body)).isNotNull();
    }
}
