package eu.eevidence.gw.adapter.portal.json;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import eu.eevidence.gw.adapter.api.DeliveryOutcome;
import eu.eevidence.gw.adapter.api.DeliveryRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The json-portal contract against a WireMock portal: receipts, and every portal fault of the threat list
 * (5xx with and without Retry-After, 429, 408, 4xx, redirects, resets, garbage, slow and endless answers,
 * receipts for other requests or other bytes). Each case checks the outcome and how many calls the portal saw.
 * A connection closed before any answer byte (a pooled connection the portal closed while idle) is sent once more
 * within the same attempt, with the same Idempotency-Key; never twice, never after an answer byte.
 */
class JsonPortalAdapterContractIT {

    private static final String PATH = "/le/v1/requests";
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static WireMockServer portal;
    private static WireMockServer elsewhere;
    private static final JsonPortalAdapter ADAPTER = new JsonPortalAdapter(Duration.ofSeconds(2), TIMEOUT);
    private static final byte[] PAYLOAD = {0x30, (byte) 0x80, 1, 2, 3, 0, (byte) 0xFF};
    private static final String DIGEST = "0f7b6c2f2c7d1d6c35b1d8e33d2b4a1ad0ff0c2f8ad11f3bcfa0e5e0a6a3b7c9";

    @BeforeAll
    static void start() {
        portal = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        portal.start();
        elsewhere = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        elsewhere.start();
        // warm up the portal and the client (a cold start on a loaded machine must not eat the first case's deadline)
        portal.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(503)));
        new JsonPortalAdapter(Duration.ofSeconds(10), Duration.ofSeconds(10)).deliver(request());
        ADAPTER.deliver(request());
    }

    @AfterAll
    static void stop() {
        portal.stop();
        elsewhere.stop();
    }

    @BeforeEach
    void reset() {
        portal.resetAll();
        elsewhere.resetAll();
    }

    private static DeliveryRequest request() {
        return request(portal.port());
    }

    private static DeliveryRequest request(int port) {
        return new DeliveryRequest("REQ-01JDAAAAAAAAAAAAAAAAAAAAAA", "REQ-01JDAAAAAAAAAAAAAAAAAAAAAA",
                new DeliveryRequest.Destination("acme", URI.create("http://127.0.0.1:" + port + "/"), null),
                "BUDAPEST_ART29_PRESERVATION", PAYLOAD, DIGEST, 1);
    }

    private static String receipt(String requestId, String digest, String status, String extra) {
        return "{\"receiptId\":\"RCPT-9\",\"requestId\":\"" + requestId + "\",\"payloadSha256\":\"" + digest
                + "\",\"receivedAt\":\"2026-11-24T02:00:00Z\",\"status\":\"" + status + "\"" + extra + "}";
    }

    private static int calls() {
        return portal.countRequestsMatching(postRequestedFor(urlPathEqualTo(PATH)).build()).getCount();
    }

    @Test
    void deliversAndReadsAPreservationReceipt() {
        String body = receipt("REQ-01JDAAAAAAAAAAAAAAAAAAAAAA", DIGEST, "PRESERVED", ",\"preservedUntil\":\"2027-02-22T02:00:00Z\"");
        portal.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody(body)));
        DeliveryOutcome outcome = ADAPTER.deliver(request());
        assertThat(outcome).isInstanceOfSatisfying(DeliveryOutcome.Delivered.class, d -> {
            assertThat(d.receiptId()).isEqualTo("RCPT-9");
            assertThat(d.acknowledgement()).isEqualTo(DeliveryOutcome.Acknowledgement.PRESERVED);
            assertThat(d.preservedUntil()).hasToString("2027-02-22T02:00:00Z");
            assertThat(new String(d.receiptBody())).isEqualTo(body);
        });
        List<LoggedRequest> sent = portal.findAll(postRequestedFor(urlPathEqualTo(PATH)));
        assertThat(sent).hasSize(1);
        LoggedRequest r = sent.get(0);
        assertThat(r.getBody()).isEqualTo(PAYLOAD);
        assertThat(r.getHeader("Content-Type")).isEqualTo("application/pkcs7-mime");
        assertThat(r.getHeader("Idempotency-Key")).isEqualTo("REQ-01JDAAAAAAAAAAAAAAAAAAAAAA");
        assertThat(r.getHeader("X-Request-Id")).isEqualTo("REQ-01JDAAAAAAAAAAAAAAAAAAAAAA");
        assertThat(r.getHeader("X-Message-Type")).isEqualTo("BUDAPEST_ART29_PRESERVATION");
        assertThat(r.getHeader("X-Payload-SHA256")).isEqualTo(DIGEST);
    }

    @Test
    void readsAPlainReceiptWithoutPreservationEnd() {
        portal.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(200).withBody(receipt("REQ-01JDAAAAAAAAAAAAAAAAAAAAAA", DIGEST, "RECEIVED", ""))));
        assertThat(ADAPTER.deliver(request())).isInstanceOfSatisfying(DeliveryOutcome.Delivered.class, d -> {
            assertThat(d.acknowledgement()).isEqualTo(DeliveryOutcome.Acknowledgement.RECEIVED);
            assertThat(d.preservedUntil()).isNull();
        });
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, 504, 408})
    void retriesServerErrorsAndTimeOuts(int status) {
        portal.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(status)));
        assertThat(ADAPTER.deliver(request())).isInstanceOfSatisfying(DeliveryOutcome.RetryableFailure.class, f -> {
            assertThat(f.code()).isEqualTo("EEG-DLV-HTTP-" + status);
            assertThat(f.retryAfter()).isNull();
        });
        // the same idempotency key on the next attempt
        ADAPTER.deliver(request());
        assertThat(portal.findAll(postRequestedFor(urlPathEqualTo(PATH)))).extracting(r -> r.getHeader("Idempotency-Key")).containsOnly("REQ-01JDAAAAAAAAAAAAAAAAAAAAAA").hasSize(2);
    }

    @Test
    void honoursARetryAfterInSecondsAndIgnoresAMalformedOne() {
        portal.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(503).withHeader("Retry-After", "7")));
        assertThat(ADAPTER.deliver(request())).isInstanceOfSatisfying(DeliveryOutcome.RetryableFailure.class, f -> assertThat(f.retryAfter()).isEqualTo(Duration.ofSeconds(7)));
        portal.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "30")));
        assertThat(ADAPTER.deliver(request())).isInstanceOfSatisfying(DeliveryOutcome.RetryableFailure.class, f -> {
            assertThat(f.code()).isEqualTo("EEG-DLV-HTTP-429");
            assertThat(f.retryAfter()).isEqualTo(Duration.ofSeconds(30));
        });
        for (String bad : List.of("Wed, 21 Oct 2015 07:28:00 GMT", "-5", "9999999999")) {
            portal.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(503).withHeader("Retry-After", bad)));
            assertThat(ADAPTER.deliver(request())).isInstanceOfSatisfying(DeliveryOutcome.RetryableFailure.class, f -> assertThat(f.retryAfter()).isNull());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 409, 422})
    void doesNotRetryARefusalAndKeepsThePortalsReason(int status) {
        portal.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/problem+json")
                .withBody("{\"title\":\"bad\",\"detail\":\"identifier is a display name\\u0007\\u202e\"}")));
        assertThat(ADAPTER.deliver(request())).isInstanceOfSatisfying(DeliveryOutcome.Rejected.class, r -> {
            assertThat(r.code()).isEqualTo("EEG-DLV-REJECTED");
            assertThat(r.httpStatus()).isEqualTo(status);
            assertThat(r.reason()).contains("identifier is a display name").doesNotContain("\u0007", "\u202e");
        });
        assertThat(calls()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(ints = {301, 302, 307, 308})
    void neverFollowsARedirect(int status) {
        elsewhere.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(201).withBody(receipt("REQ-01JDAAAAAAAAAAAAAAAAAAAAAA", DIGEST, "PRESERVED", ""))));
        portal.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(status).withHeader("Location", "http://127.0.0.1:" + elsewhere.port() + PATH)));
        assertThat(ADAPTER.deliver(request())).isInstanceOfSatisfying(DeliveryOutcome.Rejected.class, r -> assertThat(r.code()).isEqualTo("EEG-DLV-REDIRECT"));
        assertThat(elsewhere.getAllServeEvents()).isEmpty();
        assertThat(calls()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(value = Fault.class, names = {"CONNECTION_RESET_BY_PEER", "EMPTY_RESPONSE", "MALFORMED_RESPONSE_CHUNK", "RANDOM_DATA_THEN_CLOSE"})
    void treatsBrokenConnectionsAsRetryable(Fault fault) {
        portal.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withFault(fault)));
        assertThat(ADAPTER.deliver(request())).isInstanceOfSatisfying(DeliveryOutcome.RetryableFailure.class,
                f -> assertThat(f.code()).isIn("EEG-DLV-IO", "EEG-DLV-BAD-RECEIPT"));
    }

    @Test
    void sendsOnceMoreWhenThePortalClosedTheConnectionBeforeAnswering() {
        // the pooled connection the portal closed while idle: reset before any answer byte, then a fresh connection
        portal.stubFor(post(urlPathEqualTo(PATH)).inScenario("idle").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("reset"));
        portal.stubFor(post(urlPathEqualTo(PATH)).inScenario("idle").whenScenarioStateIs("reset")
                .willReturn(aResponse().withStatus(201).withBody(receipt("REQ-01JDAAAAAAAAAAAAAAAAAAAAAA", DIGEST, "RECEIVED", "")))
                .willSetStateTo("receipted"));
        portal.stubFor(post(urlPathEqualTo(PATH)).inScenario("idle").whenScenarioStateIs("receipted")
                .willReturn(aResponse().withStatus(409)));
        assertThat(ADAPTER.deliver(request())).isInstanceOfSatisfying(DeliveryOutcome.Delivered.class,
                d -> assertThat(d.receiptId()).isEqualTo("RCPT-9"));
        assertThat(portal.findAll(postRequestedFor(urlPathEqualTo(PATH)))).hasSize(2)
                .extracting(r -> r.getHeader("Idempotency-Key")).containsOnly("REQ-01JDAAAAAAAAAAAAAAAAAAAAAA");
        assertThat(scenarioState("idle")).as("one receipt, one effect").isEqualTo("receipted");
    }

    @Test
    void sendsOnceMoreAtMostTwoResetsInARowAreARetryableFailure() {
        portal.stubFor(post(urlPathEqualTo(PATH)).inScenario("resets").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("reset-1"));
        portal.stubFor(post(urlPathEqualTo(PATH)).inScenario("resets").whenScenarioStateIs("reset-1")
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("reset-2"));
        portal.stubFor(post(urlPathEqualTo(PATH)).inScenario("resets").whenScenarioStateIs("reset-2")
                .willReturn(aResponse().withStatus(201).withBody(receipt("REQ-01JDAAAAAAAAAAAAAAAAAAAAAA", DIGEST, "RECEIVED", ""))));
        assertThat(ADAPTER.deliver(request())).isInstanceOfSatisfying(DeliveryOutcome.RetryableFailure.class,
                f -> assertThat(f.code()).isEqualTo("EEG-DLV-IO"));
        assertThat(calls()).isEqualTo(2);
        assertThat(scenarioState("resets")).isEqualTo("reset-2");
        // the next (scheduled) attempt goes through, with the same key
        assertThat(ADAPTER.deliver(request())).isInstanceOf(DeliveryOutcome.Delivered.class);
        assertThat(portal.findAll(postRequestedFor(urlPathEqualTo(PATH)))).hasSize(3)
                .extracting(r -> r.getHeader("Idempotency-Key")).containsOnly("REQ-01JDAAAAAAAAAAAAAAAAAAAAAA");
    }

    @ParameterizedTest
    @EnumSource(value = Fault.class, names = {"MALFORMED_RESPONSE_CHUNK", "RANDOM_DATA_THEN_CLOSE"})
    void neverSendsAgainAfterAnyAnswerByte(Fault fault) {
        portal.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withFault(fault)));
        assertThat(ADAPTER.deliver(request())).isInstanceOf(DeliveryOutcome.RetryableFailure.class);
        assertThat(calls()).isEqualTo(1);
    }

    private static String scenarioState(String name) {
        return portal.getAllScenarios().getScenarios().stream().filter(s -> s.getName().equals(name))
                .findFirst().orElseThrow().getState();
    }

    @Test
    void treatsARefusedConnectionAsRetryable() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        assertThat(ADAPTER.deliver(request(closed))).isInstanceOfSatisfying(DeliveryOutcome.RetryableFailure.class, f -> assertThat(f.code()).isEqualTo("EEG-DLV-IO"));
    }

    @Test
    void givesUpOnASlowPortalAtTheTimeOut() {
        portal.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(201).withFixedDelay(3_500)
                .withBody(receipt("REQ-01JDAAAAAAAAAAAAAAAAAAAAAA", DIGEST, "PRESERVED", ""))));
        long t0 = System.nanoTime();
        assertThat(ADAPTER.deliver(request())).isInstanceOfSatisfying(DeliveryOutcome.RetryableFailure.class, f -> assertThat(f.code()).isEqualTo("EEG-DLV-TIMEOUT"));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(TIMEOUT.multipliedBy(3));
    }

    @Test
    void givesUpOnAnEndlessDribbledAnswerWithinTheDeadline() {
        portal.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(201)
                .withBody(receipt("REQ-01JDAAAAAAAAAAAAAAAAAAAAAA", DIGEST, "PRESERVED", "") + " ".repeat(2000))
                .withChunkedDribbleDelay(200, 20_000)));
        long t0 = System.nanoTime();
        assertThat(ADAPTER.deliver(request())).isInstanceOfSatisfying(DeliveryOutcome.RetryableFailure.class, f -> assertThat(f.code()).isEqualTo("EEG-DLV-TIMEOUT"));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(TIMEOUT.multipliedBy(3));
    }

    @Test
    void refusesAnOversizedAnswer() {
        portal.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(201).withBody(new byte[JsonPortalAdapter.MAX_RESPONSE_BYTES + 10])));
        assertThat(ADAPTER.deliver(request())).isInstanceOfSatisfying(DeliveryOutcome.RetryableFailure.class,
                f -> assertThat(f.code()).isEqualTo("EEG-DLV-RESPONSE-TOO-LARGE"));
    }

    @Test
    void doesNotTakeABadReceiptForADelivery() {
        for (String body : List.of("not json", "[1,2]", "{}", "{\"receiptId\":\"R\"}",
                receipt("REQ-01JDAAAAAAAAAAAAAAAAAAAAAA", DIGEST, "MAYBE", ""),
                receipt("REQ-01JDAAAAAAAAAAAAAAAAAAAAAA", DIGEST, "PRESERVED", "").replace("2026-11-24T02:00:00Z", "yesterday"))) {
            portal.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(201).withBody(body)));
            assertThat(ADAPTER.deliver(request())).as(body).isInstanceOfSatisfying(DeliveryOutcome.RetryableFailure.class,
                    f -> assertThat(f.code()).isEqualTo("EEG-DLV-BAD-RECEIPT"));
        }
    }

    @Test
    void doesNotAcceptAReceiptForAnotherRequestOrOtherBytes() {
        portal.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(201).withBody(receipt("REQ-01JDBBBBBBBBBBBBBBBBBBBBBB", DIGEST, "PRESERVED", ""))));
        assertThat(ADAPTER.deliver(request())).isInstanceOfSatisfying(DeliveryOutcome.RetryableFailure.class, f -> assertThat(f.code()).isEqualTo("EEG-DLV-CROSS-RECEIPT"));
        portal.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(201).withBody(receipt("REQ-01JDAAAAAAAAAAAAAAAAAAAAAA", "00".repeat(32), "PRESERVED", ""))));
        assertThat(ADAPTER.deliver(request())).isInstanceOfSatisfying(DeliveryOutcome.RetryableFailure.class, f -> assertThat(f.code()).isEqualTo("EEG-DLV-DIGEST-MISMATCH"));
    }

    @Test
    void slowAnswersDoNotLeakThreads() {
        JsonPortalAdapter quick = new JsonPortalAdapter(Duration.ofMillis(300), Duration.ofMillis(300));
        portal.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(201).withFixedDelay(1_000)));
        quick.deliver(request()); // warm up the client's own threads
        long before = clientThreads();
        for (int i = 0; i < 30; i++) {
            assertThat(quick.deliver(request())).isInstanceOf(DeliveryOutcome.RetryableFailure.class);
        }
        // a thread per stuck answer would add about 30; only the HTTP client's own threads count (WireMock's server
        // threads grow with the delayed answers it holds)
        assertThat(clientThreads()).isLessThanOrEqualTo(before + 4);
    }

    private static long clientThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && t.getName().startsWith("HttpClient")).count();
    }
}
