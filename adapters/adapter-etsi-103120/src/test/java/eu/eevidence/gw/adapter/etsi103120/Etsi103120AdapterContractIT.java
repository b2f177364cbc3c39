package eu.eevidence.gw.adapter.etsi103120;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import eu.eevidence.gw.adapter.api.DeliveryOutcome;
import eu.eevidence.gw.adapter.api.DeliveryRequest;
import eu.eevidence.gw.adapter.api.PollOutcome;
import eu.eevidence.gw.adapter.api.PollRequest;
import eu.eevidence.gw.adapter.api.PortalAnswer;
import eu.eevidence.gw.adapter.api.PortalHttp;
import eu.eevidence.gw.adapter.etsi.hi1.Hi1;
import eu.eevidence.gw.adapter.etsi.hi1.Hi1PortalSim;
import eu.eevidence.gw.adapter.etsi.hi1.Hi1Reader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The etsi-103120 contract against a WireMock HI-1 portal ({@link Hi1PortalSim}): receipts that must echo the
 * transaction and every object, polling, and the portal faults of the threat list. Each case checks the outcome and
 * how many calls (and applied effects) the portal saw.
 */
class Etsi103120AdapterContractIT {

    private static final String PATH = "/hi1";
    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T09:00:00Z"), ZoneOffset.UTC);
    private static final Etsi103120Adapter ADAPTER = new Etsi103120Adapter(new PortalHttp(Duration.ofSeconds(2), TIMEOUT, 1024 * 1024), CLOCK);
    private static final byte[] PAYLOAD = {0x30, (byte) 0x80, 1, 2, 3, 0, (byte) 0xFF};
    private static final String DIGEST = PortalHttp.sha256(PAYLOAD);
    private static final String KEY = "REQ-01JDAAAAAAAAAAAAAAAAAAAAAA";
    private static final Map<String, String> SETTINGS = Map.of("hi1.sender.country", "XX", "hi1.sender.id", "NODE",
            "hi1.receiver.country", "GB", "hi1.receiver.id", "CSP");
    private static final Hi1PortalSim SIM = new Hi1PortalSim();
    private static WireMockServer portal;
    private static WireMockServer elsewhere;

    @BeforeAll
    static void start() {
        portal = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().extensions(SIM));
        portal.start();
        elsewhere = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        elsewhere.start();
        // warm both clients and the portal up: a cold start on a loaded machine must not eat a timed case's deadline
        portal.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withTransformers(Hi1PortalSim.NAME)));
        ADAPTER.deliver(order());
        ADAPTER.poll(poll(null));
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
        SIM.mode = Hi1PortalSim.Mode.OK;
        SIM.applied.clear();
        SIM.listTwice = false;
        synchronized (SIM) {
            SIM.held.clear();
        }
        portal.stubFor(post(urlPathEqualTo(PATH)).atPriority(10).willReturn(aResponse().withTransformers(Hi1PortalSim.NAME)));
    }

    private static DeliveryRequest.Destination destination(int port, Map<String, String> settings) {
        return new DeliveryRequest.Destination("csp", URI.create("http://127.0.0.1:" + port + "/"), null, settings);
    }

    private static DeliveryRequest request(String type, DeliveryRequest.Context context) {
        return new DeliveryRequest(KEY, KEY, destination(portal.port(), SETTINGS), type, PAYLOAD, DIGEST, 1, context);
    }

    private static DeliveryRequest order() {
        return request("UK_COPO_PRODUCTION", new DeliveryRequest.Context(null,
                List.of(new DeliveryRequest.TargetIdentifier(DeliveryRequest.IdentifierType.EMAIL, "suspect@example.org")), null, null));
    }

    private static List<LoggedRequest> sent() {
        return portal.findAll(postRequestedFor(urlPathEqualTo(PATH)));
    }

    private static void fault(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder response) {
        portal.stubFor(post(urlPathEqualTo(PATH)).atPriority(1).willReturn(response));
    }

    // ---- refusals before sending (no effect at the portal) ----

    @Test
    void rejectsLocallyWhatItCannotCarry() {
        assertThat(ADAPTER.deliver(request("SOMETHING_ELSE", null))).isInstanceOfSatisfying(DeliveryOutcome.Rejected.class,
                r -> assertThat(r.code()).isEqualTo("EEG-ADP-UNSUPPORTED-MESSAGE"));
        assertThat(ADAPTER.deliver(request("NEW_DEADLINE", new DeliveryRequest.Context("x", List.of(), null, null))))
                .isInstanceOfSatisfying(DeliveryOutcome.Rejected.class, r -> assertThat(r.code()).isEqualTo("EEG-ADP-UNSUPPORTED-OPERATION"));
        assertThat(ADAPTER.deliver(request("WITHDRAWAL", null))).isInstanceOfSatisfying(DeliveryOutcome.Rejected.class,
                r -> assertThat(r.code()).isEqualTo("EEG-ADP-NO-RELATED-ORDER"));
        assertThat(ADAPTER.deliver(new DeliveryRequest(KEY, KEY, destination(portal.port(), Map.of()), "UK_COPO_PRODUCTION", PAYLOAD, DIGEST, 1)))
                .isInstanceOfSatisfying(DeliveryOutcome.Rejected.class, r -> assertThat(r.code()).isEqualTo("EEG-ADP-CONFIG"));
        assertThat(sent()).isEmpty();
    }

    // ---- happy paths ----

    @Test
    void deliversAnOrderAsHi1CreatesAndReadsTheReceipt() throws Exception {
        DeliveryOutcome outcome = ADAPTER.deliver(order());
        assertThat(outcome).isInstanceOfSatisfying(DeliveryOutcome.Delivered.class, d -> {
            assertThat(d.receiptId()).isEqualTo(Hi1.uuid(KEY + ":auth"));
            assertThat(d.acknowledgement()).isEqualTo(DeliveryOutcome.Acknowledgement.RECEIVED);
            assertThat(d.receivedAt()).isEqualTo(Instant.parse("2026-11-25T10:00:00Z"));
        });
        assertThat(sent()).hasSize(1);
        LoggedRequest r = sent().get(0);
        assertThat(r.getHeader("Content-Type")).isEqualTo("application/xml");
        assertThat(r.getHeader("Idempotency-Key")).isEqualTo(KEY);
        Hi1Reader.Message m = Hi1Reader.read(r.getBody());
        assertThat(m.header().transactionId()).isEqualTo(Hi1.uuid(KEY + ":tx"));
        assertThat(m.header().receiver()).isEqualTo(new Hi1.Party("GB", "CSP"));
        assertThat(m.requests()).extracting(a -> Hi1Reader.xsiType(a.objects().get(0))).containsExactly("AuthorisationObject", "LDTaskObject", "DocumentObject");
        var doc = m.requests().get(2).objects().get(0);
        assertThat(java.util.Base64.getDecoder().decode(Hi1Reader.textAt(doc, "DocumentBody", "Contents"))).isEqualTo(PAYLOAD);
        assertThat(Hi1Reader.textAt(doc, "DocumentBody", "Checksum")).isEqualTo(DIGEST);
        assertThat(new String(r.getBody(), StandardCharsets.UTF_8)).contains("suspect@example.org");
        assertThat(SIM.applied).containsExactly(KEY);
    }

    @Test
    void aPreservationCreatesAnLpTaskAndAWithdrawalUpdatesTheAuthorisation() throws Exception {
        assertThat(ADAPTER.deliver(request("BUDAPEST_ART29_PRESERVATION", null))).isInstanceOf(DeliveryOutcome.Delivered.class);
        assertThat(Hi1Reader.xsiType(Hi1Reader.read(sent().get(0).getBody()).requests().get(1).objects().get(0))).isEqualTo("LPTaskObject");
        portal.resetRequests();
        String auth = Hi1.uuid(KEY + ":auth");
        DeliveryRequest withdraw = new DeliveryRequest(KEY, "W-" + KEY, destination(portal.port(), SETTINGS), "WITHDRAWAL", PAYLOAD, DIGEST, 1,
                new DeliveryRequest.Context(auth, List.of(), null, "no longer needed"));
        assertThat(ADAPTER.deliver(withdraw)).isInstanceOfSatisfying(DeliveryOutcome.Delivered.class,
                d -> assertThat(d.receiptId()).isEqualTo(Hi1.uuid("W-" + KEY + ":doc")));
        Hi1Reader.Message m = Hi1Reader.read(sent().get(0).getBody());
        assertThat(m.requests()).extracting(Hi1Reader.ActionRequest::verb).containsExactly("UPDATE", "CREATE");
        assertThat(Hi1Reader.text(m.requests().get(0).objects().get(0), "ObjectIdentifier")).isEqualTo(auth);
        assertThat(Hi1Reader.textAt(m.requests().get(0).objects().get(0), "AuthorisationDesiredStatus", "Value")).isEqualTo("Cancelled");
    }

    @Test
    void aRetriedDeliveryCarriesTheSameIdentitiesAndIsAppliedOnce() throws Exception {
        assertThat(ADAPTER.deliver(order())).isInstanceOf(DeliveryOutcome.Delivered.class);
        assertThat(ADAPTER.deliver(order())).isInstanceOf(DeliveryOutcome.Delivered.class);
        assertThat(sent()).hasSize(2);
        assertThat(SIM.applied).containsExactly(KEY);
        assertThat(Hi1Reader.read(sent().get(0).getBody()).header().transactionId()).isEqualTo(Hi1Reader.read(sent().get(1).getBody()).header().transactionId());
    }

    // ---- retryable faults: same key and transaction on the next attempt ----

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, 504, 408})
    void retriesServerErrorsWithoutRetryAfter(int status) throws Exception {
        fault(aResponse().withStatus(status));
        assertThat(ADAPTER.deliver(order())).isInstanceOfSatisfying(DeliveryOutcome.RetryableFailure.class, f -> {
            assertThat(f.code()).isEqualTo("EEG-DLV-HTTP-" + status);
            assertThat(f.retryAfter()).isNull();
        });
        ADAPTER.deliver(order());
        assertThat(sent()).hasSize(2).extracting(r -> r.getHeader("Idempotency-Key")).containsOnly(KEY);
        assertThat(Hi1Reader.read(sent().get(1).getBody()).header().transactionId()).isEqualTo(Hi1.uuid(KEY + ":tx"));
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, 429})
    void honoursRetryAfter(int status) {
        fault(aResponse().withStatus(status).withHeader("Retry-After", "7"));
        assertThat(ADAPTER.deliver(order())).isInstanceOfSatisfying(DeliveryOutcome.RetryableFailure.class, f -> {
            assertThat(f.code()).isEqualTo("EEG-DLV-HTTP-" + status);
            assertThat(f.retryAfter()).isEqualTo(Duration.ofSeconds(7));
        });
        assertThat(sent()).hasSize(1);
        assertThat(SIM.applied).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = Fault.class, names = {"CONNECTION_RESET_BY_PEER", "EMPTY_RESPONSE", "MALFORMED_RESPONSE_CHUNK", "RANDOM_DATA_THEN_CLOSE"})
    void treatsBrokenConnectionsAsRetryable(Fault fault) {
        fault(aResponse().withFault(fault));
        assertThat(ADAPTER.deliver(order())).isInstanceOfSatisfying(DeliveryOutcome.RetryableFailure.class,
                f -> assertThat(f.code()).isIn("EEG-DLV-IO", "EEG-DLV-BAD-RECEIPT"));
        assertThat(sent()).hasSize(1);
    }

    @Test
    void doesNotTakeAnEmptyMalformedOrHostileAnswerForAReceipt() {
        for (String body : List.of("", "<HI1Message", "{\"ok\":true}",
                "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/hostname\">]><HI1Message xmlns=\"" + Hi1.CORE + "\">&e;</HI1Message>")) {
            fault(aResponse().withStatus(200).withBody(body));
            assertThat(ADAPTER.deliver(order())).as(body).isInstanceOfSatisfying(DeliveryOutcome.RetryableFailure.class,
                    f -> assertThat(f.code()).isEqualTo("EEG-DLV-BAD-RECEIPT"));
        }
        assertThat(sent()).hasSize(4);
    }

    @Test
    void givesUpOnASlowPortalAndOnAnEndlessAnswerWithinTheDeadline() {
        fault(aResponse().withStatus(200).withFixedDelay(6_000).withBody("<x/>"));
        long t0 = System.nanoTime();
        assertThat(ADAPTER.deliver(order())).isInstanceOfSatisfying(DeliveryOutcome.RetryableFailure.class, f -> assertThat(f.code()).isEqualTo("EEG-DLV-TIMEOUT"));
        fault(aResponse().withStatus(200).withBody(" ".repeat(4000)).withChunkedDribbleDelay(400, 30_000));
        assertThat(ADAPTER.deliver(order())).isInstanceOfSatisfying(DeliveryOutcome.RetryableFailure.class, f -> assertThat(f.code()).isEqualTo("EEG-DLV-TIMEOUT"));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(TIMEOUT.multipliedBy(5));
    }

    // ---- refusals: never retried blindly ----

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 409, 422})
    void doesNotRetryARefusalAndKeepsThePortalsError(int status) {
        fault(aResponse().withStatus(status).withBody("<HI1Message xmlns=\"" + Hi1.CORE + "\"><Header><SenderIdentifier><CountryCode>GB</CountryCode>"
                + "<UniqueIdentifier>CSP</UniqueIdentifier></SenderIdentifier><ReceiverIdentifier><CountryCode>XX</CountryCode><UniqueIdentifier>NODE</UniqueIdentifier>"
                + "</ReceiverIdentifier><TransactionIdentifier>t</TransactionIdentifier><Timestamp>2026-11-25T10:00:00Z</Timestamp></Header><Payload><ResponsePayload>"
                + "<ErrorInformation><ErrorCode>4004</ErrorCode><ErrorDescription>unknown receiver\u202e</ErrorDescription></ErrorInformation></ResponsePayload></Payload></HI1Message>"));
        assertThat(ADAPTER.deliver(order())).isInstanceOfSatisfying(DeliveryOutcome.Rejected.class, r -> {
            assertThat(r.code()).isEqualTo("EEG-DLV-REJECTED");
            assertThat(r.httpStatus()).isEqualTo(status);
            assertThat(r.reason()).contains("4004 unknown receiver").doesNotContain("\u202e");
        });
        assertThat(sent()).hasSize(1);
    }

    @Test
    void anHi1ErrorAnswerIsARefusal() {
        SIM.mode = Hi1PortalSim.Mode.TOP_ERROR;
        assertThat(ADAPTER.deliver(order())).isInstanceOfSatisfying(DeliveryOutcome.Rejected.class, r -> {
            assertThat(r.code()).isEqualTo("EEG-HI1-ERROR");
            assertThat(r.reason()).contains("2001");
        });
        SIM.mode = Hi1PortalSim.Mode.ACTION_ERROR;
        assertThat(ADAPTER.deliver(order())).isInstanceOfSatisfying(DeliveryOutcome.Rejected.class, r -> assertThat(r.reason()).contains("3001"));
        assertThat(sent()).hasSize(2);
    }

    @ParameterizedTest
    @EnumSource(value = Hi1PortalSim.Mode.class, names = {"CROSS_TRANSACTION", "WRONG_RECEIVER", "WRONG_OBJECT"})
    void anAcknowledgementForAnotherTransactionOrObjectIsNotADelivery(Hi1PortalSim.Mode mode) {
        SIM.mode = mode;
        assertThat(ADAPTER.deliver(order())).isInstanceOfSatisfying(DeliveryOutcome.RetryableFailure.class,
                f -> assertThat(f.code()).isEqualTo("EEG-DLV-CROSS-RECEIPT"));
        assertThat(sent()).hasSize(1);
    }

    @Test
    void anAnswerMissingAnActionIsNotADelivery() {
        SIM.mode = Hi1PortalSim.Mode.MISSING_RESPONSE;
        assertThat(ADAPTER.deliver(order())).isInstanceOfSatisfying(DeliveryOutcome.RetryableFailure.class,
                f -> assertThat(f.code()).isEqualTo("EEG-DLV-BAD-RECEIPT"));
    }

    @ParameterizedTest
    @ValueSource(ints = {301, 302, 307, 308})
    void neverFollowsARedirect(int status) {
        elsewhere.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200)));
        fault(aResponse().withStatus(status).withHeader("Location", "http://127.0.0.1:" + elsewhere.port() + PATH));
        assertThat(ADAPTER.deliver(order())).isInstanceOfSatisfying(DeliveryOutcome.Rejected.class, r -> assertThat(r.code()).isEqualTo("EEG-DLV-REDIRECT"));
        assertThat(elsewhere.getAllServeEvents()).isEmpty();
        assertThat(sent()).hasSize(1);
    }

    // ---- polling ----

    private static final String AUTH = Hi1.uuid(KEY + ":auth");

    private static PollRequest poll(String cursor) {
        return new PollRequest(destination(portal.port(), SETTINGS), cursor, 100);
    }

    @Test
    void pollsAnswersSinceTheCursorAndKeepsDuplicatesOnce() {
        Instant t1 = Instant.parse("2026-11-25T10:00:00Z");
        Instant t2 = Instant.parse("2026-11-25T11:00:00Z");
        byte[] data = "id,name\n1,alice\n".getBytes(StandardCharsets.UTF_8);
        SIM.hold("n1", "NotificationObject", t1, Hi1PortalSim.notification("n1", AUTH, "RequestReceived", "", t1, ""));
        SIM.hold("n2", "NotificationObject", t1, Hi1PortalSim.notification("n2", AUTH, "RequestAdditionalInformation", "Which account?", t1, ""));
        SIM.hold("d1", "DeliveryObject", t2, Hi1PortalSim.inlineDelivery("d1", AUTH, "DLV-1", 1, true, data, PortalHttp.sha256(data)));
        SIM.hold("mine", "DocumentObject", t1, "<HI1Object xmlns:doc=\"" + Hi1.DOC + "\" xsi:type=\"doc:DocumentObject\"><ObjectIdentifier>mine</ObjectIdentifier>"
                + "<OwnerIdentifier>NODE</OwnerIdentifier><doc:DocumentName>ours</doc:DocumentName></HI1Object>");
        SIM.hold("a0", "AuthorisationObject", t1, "<HI1Object/>");
        SIM.listTwice = true;
        PollOutcome first = ADAPTER.poll(poll(null));
        assertThat(first).isInstanceOfSatisfying(PollOutcome.Answers.class, a -> {
            assertThat(a.answers()).extracting(PortalAnswer::answerId).containsExactly("n1", "n2", "d1");
            assertThat(a.answers()).allSatisfy(x -> assertThat(x.reference()).isEqualTo(AUTH));
            assertThat(a.answers().get(1)).isInstanceOf(PortalAnswer.ClarificationRequested.class);
            assertThat(a.answers().get(2)).isInstanceOfSatisfying(PortalAnswer.DataDelivery.class, d -> assertThat(d.items().get(0).inline()).isEqualTo(data));
            assertThat(a.nextCursor()).isEqualTo(t2.toString());
        });
        assertThat(sent()).hasSize(2); // one LIST, one GET
        Instant t3 = Instant.parse("2026-11-25T12:00:00Z");
        SIM.hold("n3", "NotificationObject", t3, Hi1PortalSim.notification("n3", AUTH, "DataNotHeld", "gone", t3, ""));
        assertThat(ADAPTER.poll(poll(t2.toString()))).isInstanceOfSatisfying(PollOutcome.Answers.class, a -> {
            assertThat(a.answers()).extracting(PortalAnswer::answerId).containsExactly("d1", "n3"); // d1 again at the cursor instant: stored once by the gateway
            assertThat(a.nextCursor()).isEqualTo(t3.toString());
        });
        portal.resetRequests();
        assertThat(ADAPTER.poll(poll(Instant.parse("2026-11-26T00:00:00Z").toString()))).isInstanceOfSatisfying(PollOutcome.Answers.class,
                a -> assertThat(a.answers()).isEmpty());
        assertThat(sent()).hasSize(1); // nothing new: no GET
    }

    @Test
    void aFailedPollIsClassified() {
        fault(aResponse().withStatus(503).withHeader("Retry-After", "9"));
        assertThat(ADAPTER.poll(poll(null))).isInstanceOfSatisfying(PollOutcome.Failed.class, f -> {
            assertThat(f.code()).isEqualTo("EEG-POLL-HTTP-503");
            assertThat(f.retryable()).isTrue();
            assertThat(f.retryAfter()).isEqualTo(Duration.ofSeconds(9));
        });
        fault(aResponse().withStatus(403));
        assertThat(ADAPTER.poll(poll(null))).isInstanceOfSatisfying(PollOutcome.Failed.class, f -> assertThat(f.retryable()).isFalse());
        fault(aResponse().withStatus(200).withBody("garbage"));
        assertThat(ADAPTER.poll(poll(null))).isInstanceOfSatisfying(PollOutcome.Failed.class, f -> assertThat(f.code()).isEqualTo("EEG-POLL-BAD-ANSWER"));
        fault(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        assertThat(ADAPTER.poll(poll(null))).isInstanceOfSatisfying(PollOutcome.Failed.class, f -> assertThat(f.code()).isEqualTo("EEG-POLL-IO"));
        assertThat(ADAPTER.poll(poll("yesterday"))).isInstanceOfSatisfying(PollOutcome.Failed.class, f -> assertThat(f.code()).isEqualTo("EEG-POLL-BAD-CURSOR"));
        SIM.mode = Hi1PortalSim.Mode.CROSS_TRANSACTION;
        portal.listAllStubMappings().getMappings().stream().filter(m -> m.getPriority() != null && m.getPriority() == 1).toList().forEach(portal::removeStub);
        assertThat(ADAPTER.poll(poll(null))).isInstanceOfSatisfying(PollOutcome.Failed.class, f -> assertThat(f.code()).isEqualTo("EEG-POLL-CROSS-ANSWER"));
    }
}
