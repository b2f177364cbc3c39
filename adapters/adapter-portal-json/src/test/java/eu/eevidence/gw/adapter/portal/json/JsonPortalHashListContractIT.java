package eu.eevidence.gw.adapter.portal.json;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import eu.eevidence.gw.adapter.api.DeliveryOutcome;
import eu.eevidence.gw.adapter.api.DeliveryRequest;
import eu.eevidence.gw.adapter.api.Operation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A hash list (resurfacing prevention, ADR-0038) to a WireMock json-portal: it travels as its own sealed follow-up,
 * operation {@code HASH_LIST} in X-Message-Type, the notice id as Idempotency-Key; the portal's refusal is kept, its
 * receipt for other bytes is not taken as delivery. Negative cases first.
 */
class JsonPortalHashListContractIT {

    private static final String PATH = "/le/v1/requests";
    private static final String REQUEST = "REQ-01JDHASHLISTAAAAAAAAAAAA";
    private static final String NOTICE = "NTC-HASH_LIST-" + REQUEST;
    private static final byte[] SEALED = {0x30, (byte) 0x80, 9, 8, 7, 0, 0};
    private static final String DIGEST = "1f7b6c2f2c7d1d6c35b1d8e33d2b4a1ad0ff0c2f8ad11f3bcfa0e5e0a6a3b7c9";
    private static final JsonPortalAdapter ADAPTER = new JsonPortalAdapter(Duration.ofSeconds(5), Duration.ofSeconds(5));
    private static WireMockServer portal;

    @BeforeAll
    static void start() {
        portal = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        portal.start();
    }

    @AfterAll
    static void stop() {
        portal.stop();
    }

    @BeforeEach
    void reset() {
        portal.resetAll();
    }

    private static DeliveryRequest hashList() {
        return new DeliveryRequest(REQUEST, NOTICE,
                new DeliveryRequest.Destination("acme", URI.create("http://127.0.0.1:" + portal.port() + "/"), null),
                Operation.HASH_LIST.name(), SEALED, DIGEST, 1,
                new DeliveryRequest.Context("RCPT-REMOVAL-1", List.of(), null, null));
    }

    private static String receipt(String digest) {
        return "{\"receiptId\":\"RCPT-HL-1\",\"requestId\":\"" + REQUEST + "\",\"payloadSha256\":\"" + digest
                + "\",\"receivedAt\":\"2026-12-08T02:00:00Z\",\"status\":\"RECEIVED\"}";
    }

    @Test
    void aPortalThatRefusesHashListsIsARefusalNotARetry() {
        portal.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(422).withHeader("Content-Type", "application/problem+json")
                .withBody("{\"title\":\"unsupported\",\"detail\":\"this portal takes no hash lists\"}")));
        assertThat(ADAPTER.deliver(hashList())).isInstanceOfSatisfying(DeliveryOutcome.Rejected.class, r -> {
            assertThat(r.httpStatus()).isEqualTo(422);
            assertThat(r.reason()).contains("takes no hash lists");
        });
        assertThat(portal.countRequestsMatching(postRequestedFor(urlPathEqualTo(PATH)).build()).getCount()).isEqualTo(1);
    }

    @Test
    void aReceiptForOtherBytesIsNotDelivery() {
        portal.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody(receipt("0".repeat(64)))));
        assertThat(ADAPTER.deliver(hashList())).isNotInstanceOf(DeliveryOutcome.Delivered.class);
    }

    @Test
    void aPortalDownIsRetryable() {
        portal.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(503)));
        assertThat(ADAPTER.deliver(hashList())).isInstanceOf(DeliveryOutcome.RetryableFailure.class);
    }

    @Test
    void carriesTheHashListAsItsOwnOperation() {
        assertThat(ADAPTER.supports(Operation.HASH_LIST)).isTrue();
        portal.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody(receipt(DIGEST))));
        assertThat(ADAPTER.deliver(hashList())).isInstanceOfSatisfying(DeliveryOutcome.Delivered.class,
                d -> assertThat(d.receiptId()).isEqualTo("RCPT-HL-1"));
        LoggedRequest r = portal.findAll(postRequestedFor(urlPathEqualTo(PATH))).get(0);
        assertThat(r.getHeader("X-Message-Type")).isEqualTo("HASH_LIST");
        assertThat(r.getHeader("Idempotency-Key")).isEqualTo(NOTICE);
        assertThat(r.getHeader("X-Request-Id")).isEqualTo(REQUEST);
        assertThat(r.getBody()).isEqualTo(SEALED);
    }
}
