package eu.eevidence.gw.adapter.etsi104144;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import eu.eevidence.gw.adapter.api.DeliveryOutcome;
import eu.eevidence.gw.adapter.api.DeliveryRequest;
import eu.eevidence.gw.adapter.api.FetchLimits;
import eu.eevidence.gw.adapter.api.FetchOutcome;
import eu.eevidence.gw.adapter.api.InboundMessage;
import eu.eevidence.gw.adapter.api.InboundReply;
import eu.eevidence.gw.adapter.api.PollOutcome;
import eu.eevidence.gw.adapter.api.PortalAnswer;
import eu.eevidence.gw.adapter.api.PortalHttp;
import eu.eevidence.gw.adapter.api.RefusalReason;
import eu.eevidence.gw.adapter.etsi.hi1.Hi1;
import eu.eevidence.gw.adapter.etsi.hi1.Hi1PortalSim;
import eu.eevidence.gw.adapter.etsi.hi1.Hi1Reader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The etsi-104144 contract against a WireMock provider speaking HI-1 on the /eevidence endpoints: every operation,
 * receipts, the portal faults of the threat list, pushed answers on each node-side channel, and the download of
 * items above the in-band limit. Each case checks the outcome and the calls (and applied effects) at the portal.
 */
class Etsi104144AdapterContractIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T09:00:00Z"), ZoneOffset.UTC);
    private static final Etsi104144Adapter ADAPTER = new Etsi104144Adapter(new PortalHttp(Duration.ofSeconds(2), TIMEOUT, 1024 * 1024), CLOCK);
    private static final byte[] PAYLOAD = {0x30, (byte) 0x80, 1, 2, 3, 0, (byte) 0xFF};
    private static final String DIGEST = PortalHttp.sha256(PAYLOAD);
    private static final String KEY = "REQ-01JDAAAAAAAAAAAAAAAAAAAAAA";
    private static final String PRODUCTION = "/eevidence/production";
    private static final Map<String, String> SETTINGS = Map.of("hi1.sender.country", "XX", "hi1.sender.id", "NODE",
            "hi1.receiver.country", "IE", "hi1.receiver.id", "PLATFORM");
    private static final Hi1PortalSim SIM = new Hi1PortalSim();
    private static WireMockServer portal;
    private static WireMockServer elsewhere;

    @BeforeAll
    static void start() {
        portal = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().extensions(SIM));
        portal.start();
        elsewhere = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        elsewhere.start();
        // warm the client and the portal up: a cold start on a loaded machine must not eat a timed case's deadline
        portal.stubFor(post(urlPathMatching("/eevidence/.*")).willReturn(aResponse().withTransformers(Hi1PortalSim.NAME)));
        ADAPTER.deliver(order());
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
        portal.stubFor(post(urlPathMatching("/eevidence/.*")).atPriority(10).willReturn(aResponse().withTransformers(Hi1PortalSim.NAME)));
    }

    private static DeliveryRequest.Destination destination(Map<String, String> settings) {
        return new DeliveryRequest.Destination("acme-eu", URI.create("http://127.0.0.1:" + portal.port() + "/"), null, settings);
    }

    private static DeliveryRequest request(String type, String related) {
        return new DeliveryRequest(KEY, KEY, destination(SETTINGS), type, PAYLOAD, DIGEST, 1,
                new DeliveryRequest.Context(related, List.of(new DeliveryRequest.TargetIdentifier(DeliveryRequest.IdentifierType.ACCOUNT_ID, "80351110224678912")),
                        Instant.parse("2026-12-05T09:00:00Z"), null));
    }

    private static DeliveryRequest order() {
        return request("EU_EPOC", null);
    }

    private static List<LoggedRequest> sent(String path) {
        return portal.findAll(postRequestedFor(urlPathEqualTo(path)));
    }

    private static void fault(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder response) {
        portal.stubFor(post(urlPathEqualTo(PRODUCTION)).atPriority(1).willReturn(response));
    }

    // ---- deliveries ----

    @ParameterizedTest
    @CsvSource({"EU_EPOC,/eevidence/production,", "EU_EPOC_PR,/eevidence/preservation,", "SUBSEQUENT_PRODUCTION,/eevidence/subsequentproduction,R",
            "PRESERVATION_EXTENSION,/eevidence/preservationextension,R", "END_OF_PRESERVATION,/eevidence/endpreservation,R",
            "NEW_DEADLINE,/eevidence/newdeadline,R", "WITHDRAWAL,/eevidence/withdraw,R", "CORRESPONDENCE,/eevidence/correspondence,R"})
    void postsEachOperationToItsEndpoint(String type, String path, String related) throws Exception {
        String rel = related == null ? null : Hi1.uuid("earlier:auth");
        assertThat(ADAPTER.deliver(request(type, rel))).isInstanceOf(DeliveryOutcome.Delivered.class);
        assertThat(sent(path)).hasSize(1);
        assertThat(portal.getAllServeEvents()).hasSize(1);
        Hi1Reader.Message m = Hi1Reader.read(sent(path).get(0).getBody());
        assertThat(m.header().receiver()).isEqualTo(new Hi1.Party("IE", "PLATFORM"));
        String xml = new String(sent(path).get(0).getBody(), StandardCharsets.UTF_8);
        assertThat(xml).contains("<NationalProfileOwner>EU</NationalProfileOwner>").contains(java.util.Base64.getEncoder().encodeToString(PAYLOAD));
        if (rel != null) {
            assertThat(xml).contains(rel);
        }
    }

    @Test
    void anOrderIsDeliveredOnlyWithAReceiptNamingItsObjects() {
        assertThat(ADAPTER.deliver(order())).isInstanceOfSatisfying(DeliveryOutcome.Delivered.class, d -> {
            assertThat(d.receiptId()).isEqualTo(Hi1.uuid(KEY + ":auth"));
            assertThat(new String(d.receiptBody(), StandardCharsets.UTF_8)).contains(Hi1.uuid(KEY + ":tx"));
        });
        assertThat(sent(PRODUCTION)).extracting(r -> r.getHeader("Idempotency-Key")).containsExactly(KEY);
    }

    @Test
    void theDocumentTypeCanFollowTheProfileInUse() {
        Map<String, String> s = new HashMap<>(SETTINGS);
        s.put("eevidence.documentType.PRODUCTION", "EPOCForm1");
        ADAPTER.deliver(new DeliveryRequest(KEY, KEY, destination(s), "EU_EPOC", PAYLOAD, DIGEST, 1));
        assertThat(new String(sent(PRODUCTION).get(0).getBody(), StandardCharsets.UTF_8)).contains("<common:Value>EPOCForm1</common:Value>");
    }

    @Test
    void rejectsLocallyAFollowUpWithoutItsOrderAndADestinationWithoutIdentities() {
        assertThat(ADAPTER.deliver(request("WITHDRAWAL", null))).isInstanceOfSatisfying(DeliveryOutcome.Rejected.class,
                r -> assertThat(r.code()).isEqualTo("EEG-ADP-NO-RELATED-ORDER"));
        assertThat(ADAPTER.deliver(new DeliveryRequest(KEY, KEY, destination(Map.of()), "EU_EPOC", PAYLOAD, DIGEST, 1)))
                .isInstanceOfSatisfying(DeliveryOutcome.Rejected.class, r -> assertThat(r.code()).isEqualTo("EEG-ADP-CONFIG"));
        assertThat(ADAPTER.deliver(request("BUDAPEST_ART31_MLA", null))).isInstanceOfSatisfying(DeliveryOutcome.Rejected.class,
                r -> assertThat(r.code()).isEqualTo("EEG-ADP-UNSUPPORTED-MESSAGE"));
        assertThat(portal.getAllServeEvents()).isEmpty();
    }

    @Test
    void aRetryAfterALostReceiptIsAppliedOnce() {
        fault(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        assertThat(ADAPTER.deliver(order())).isInstanceOf(DeliveryOutcome.RetryableFailure.class);
        portal.listAllStubMappings().getMappings().stream().filter(m -> m.getPriority() == 1).toList().forEach(portal::removeStub);
        assertThat(ADAPTER.deliver(order())).isInstanceOf(DeliveryOutcome.Delivered.class);
        assertThat(ADAPTER.deliver(order())).isInstanceOf(DeliveryOutcome.Delivered.class);
        assertThat(sent(PRODUCTION)).hasSize(3).extracting(r -> r.getHeader("Idempotency-Key")).containsOnly(KEY);
        assertThat(SIM.applied).containsExactly(KEY);
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, 504, 408, 429})
    void retriesServerErrorsWithAndWithoutRetryAfter(int status) throws Exception {
        fault(aResponse().withStatus(status));
        assertThat(ADAPTER.deliver(order())).isInstanceOfSatisfying(DeliveryOutcome.RetryableFailure.class, f -> {
            assertThat(f.code()).isEqualTo("EEG-DLV-HTTP-" + status);
            assertThat(f.retryAfter()).isNull();
        });
        fault(aResponse().withStatus(status).withHeader("Retry-After", "12"));
        assertThat(ADAPTER.deliver(order())).isInstanceOfSatisfying(DeliveryOutcome.RetryableFailure.class,
                f -> assertThat(f.retryAfter()).isEqualTo(Duration.ofSeconds(12)));
        assertThat(sent(PRODUCTION)).hasSize(2).extracting(r -> r.getHeader("Idempotency-Key")).containsOnly(KEY);
        assertThat(Hi1Reader.read(sent(PRODUCTION).get(0).getBody()).header().transactionId())
                .isEqualTo(Hi1Reader.read(sent(PRODUCTION).get(1).getBody()).header().transactionId());
        assertThat(SIM.applied).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = Fault.class, names = {"CONNECTION_RESET_BY_PEER", "EMPTY_RESPONSE", "MALFORMED_RESPONSE_CHUNK", "RANDOM_DATA_THEN_CLOSE"})
    void treatsBrokenConnectionsAsRetryable(Fault fault) {
        fault(aResponse().withFault(fault));
        assertThat(ADAPTER.deliver(order())).isInstanceOfSatisfying(DeliveryOutcome.RetryableFailure.class,
                f -> assertThat(f.code()).isIn("EEG-DLV-IO", "EEG-DLV-BAD-RECEIPT"));
        assertThat(sent(PRODUCTION)).hasSize(1);
    }

    @Test
    void emptyAndMalformedAnswersAreNotReceipts() {
        for (String body : List.of("", "<HI1Message xmlns=\"" + Hi1.CORE + "\">", "null")) {
            fault(aResponse().withStatus(200).withBody(body));
            assertThat(ADAPTER.deliver(order())).isInstanceOfSatisfying(DeliveryOutcome.RetryableFailure.class,
                    f -> assertThat(f.code()).isEqualTo("EEG-DLV-BAD-RECEIPT"));
        }
        assertThat(sent(PRODUCTION)).hasSize(3);
    }

    @Test
    void slowAndEndlessAnswersEndAtTheDeadline() {
        long t0 = System.nanoTime();
        fault(aResponse().withStatus(200).withFixedDelay(6_000));
        assertThat(ADAPTER.deliver(order())).isInstanceOfSatisfying(DeliveryOutcome.RetryableFailure.class, f -> assertThat(f.code()).isEqualTo("EEG-DLV-TIMEOUT"));
        fault(aResponse().withStatus(200).withBody(" ".repeat(4000)).withChunkedDribbleDelay(400, 30_000));
        assertThat(ADAPTER.deliver(order())).isInstanceOfSatisfying(DeliveryOutcome.RetryableFailure.class, f -> assertThat(f.code()).isEqualTo("EEG-DLV-TIMEOUT"));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(TIMEOUT.multipliedBy(5));
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 409, 422})
    void refusalsAreNotRetried(int status) {
        fault(aResponse().withStatus(status).withBody("nope"));
        assertThat(ADAPTER.deliver(order())).isInstanceOfSatisfying(DeliveryOutcome.Rejected.class, r -> {
            assertThat(r.code()).isEqualTo("EEG-DLV-REJECTED");
            assertThat(r.httpStatus()).isEqualTo(status);
        });
        assertThat(sent(PRODUCTION)).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(value = Hi1PortalSim.Mode.class, names = {"CROSS_TRANSACTION", "WRONG_RECEIVER", "WRONG_OBJECT"})
    void anAcknowledgementForAnotherRequestIsNotADelivery(Hi1PortalSim.Mode mode) {
        SIM.mode = mode;
        assertThat(ADAPTER.deliver(order())).isInstanceOfSatisfying(DeliveryOutcome.RetryableFailure.class,
                f -> assertThat(f.code()).isEqualTo("EEG-DLV-CROSS-RECEIPT"));
        assertThat(sent(PRODUCTION)).hasSize(1);
    }

    @Test
    void neverFollowsARedirect() {
        elsewhere.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200)));
        fault(aResponse().withStatus(307).withHeader("Location", "http://127.0.0.1:" + elsewhere.port() + PRODUCTION));
        assertThat(ADAPTER.deliver(order())).isInstanceOfSatisfying(DeliveryOutcome.Rejected.class, r -> assertThat(r.code()).isEqualTo("EEG-DLV-REDIRECT"));
        assertThat(elsewhere.getAllServeEvents()).isEmpty();
    }

    // ---- pushed answers ----

    private static final String AUTH = Hi1.uuid(KEY + ":auth");
    private static final Instant T = Instant.parse("2026-11-26T08:00:00Z");

    private static InboundMessage pushed(String channel, String... objects) {
        return new InboundMessage(destination(SETTINGS), channel, "application/xml",
                Hi1PortalSim.pushed(Hi1.uuid("push-" + channel), List.of(objects)).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsEachAnswerChannel() {
        byte[] data = "subscriber: alice".getBytes(StandardCharsets.UTF_8);
        assertThat(ADAPTER.receive(pushed("nonexecution", Hi1PortalSim.notification("n1", AUTH, "NonExecution", "EPOC lacks the account id", T,
                "<n:NationalNotificationParameters><ReasonCode>InsufficientInformation</ReasonCode></n:NationalNotificationParameters>"))))
                .isInstanceOfSatisfying(PollOutcome.Answers.class, a -> assertThat(a.answers().get(0)).isInstanceOfSatisfying(PortalAnswer.Refused.class, r -> {
                    assertThat(r.reason()).isEqualTo(RefusalReason.INSUFFICIENT_INFORMATION);
                    assertThat(r.text()).isEqualTo("EPOC lacks the account id");
                    assertThat(r.reference()).isEqualTo(AUTH);
                }));
        assertThat(ADAPTER.receive(pushed("datapreserved", Hi1PortalSim.notification("n2", AUTH, "DataPreserved", "", T,
                "<n:NationalNotificationParameters><PreservedUntil>2027-01-25T08:00:00Z</PreservedUntil></n:NationalNotificationParameters>"))))
                .isInstanceOfSatisfying(PollOutcome.Answers.class, a -> assertThat(a.answers().get(0)).isInstanceOfSatisfying(PortalAnswer.PreservationConfirmed.class,
                        p -> assertThat(p.until()).isEqualTo(Instant.parse("2027-01-25T08:00:00Z"))));
        assertThat(ADAPTER.receive(pushed("confirmwithdrawal", Hi1PortalSim.notification("n3", AUTH, "ConfirmationOfWithdrawal", "", T, ""))))
                .isInstanceOfSatisfying(PollOutcome.Answers.class, a -> assertThat(a.answers().get(0)).isInstanceOf(PortalAnswer.WithdrawalConfirmed.class));
        assertThat(ADAPTER.receive(pushed("correspondence", Hi1PortalSim.notification("n4", AUTH, "RequestAdditionalInformation", "Which time zone?", T, ""))))
                .isInstanceOfSatisfying(PollOutcome.Answers.class, a -> assertThat(a.answers().get(0)).isInstanceOf(PortalAnswer.ClarificationRequested.class));
        assertThat(ADAPTER.receive(pushed("outcome",
                Hi1PortalSim.inlineDelivery("d1", AUTH, "DLV-7", 2, true, data, PortalHttp.sha256(data)),
                Hi1PortalSim.externalDelivery("d2", AUTH, "DLV-7", 1, false, "http://127.0.0.1:" + portal.port() + "/dl/1", 3, "ab".repeat(32)),
                Hi1PortalSim.inlineDelivery("d1", AUTH, "DLV-7", 2, true, data, PortalHttp.sha256(data)))))
                .isInstanceOfSatisfying(PollOutcome.Answers.class, a -> {
                    assertThat(a.answers()).extracting(PortalAnswer::answerId).containsExactly("d1", "d2"); // duplicate kept once, order as received
                    assertThat(a.nextCursor()).isNull();
                });
    }

    @Test
    void refusesPushedMessagesThatDoNotFit() {
        String refusal = Hi1PortalSim.notification("n1", AUTH, "DataNotHeld", "", T, "");
        assertThat(ADAPTER.receive(pushed("outcome", refusal))).isInstanceOfSatisfying(PollOutcome.Failed.class,
                f -> assertThat(f.code()).isEqualTo("EEG-EEV-CHANNEL-MISMATCH"));
        assertThat(ADAPTER.receive(pushed("groundsforrefusal", refusal))).isInstanceOfSatisfying(PollOutcome.Failed.class,
                f -> assertThat(f.code()).isEqualTo("EEG-EEV-UNKNOWN-CHANNEL"));
        assertThat(ADAPTER.receive(pushed("outcome"))).isInstanceOfSatisfying(PollOutcome.Failed.class, f -> assertThat(f.code()).isEqualTo("EEG-EEV-EMPTY"));
        assertThat(ADAPTER.receive(new InboundMessage(destination(SETTINGS), "outcome", "application/xml",
                "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOfSatisfying(PollOutcome.Failed.class, f -> assertThat(f.code()).isEqualTo("EEG-HI1-NOT-XML"));
        Map<String, String> other = new HashMap<>(SETTINGS);
        other.put("hi1.sender.id", "ANOTHER-NODE");
        assertThat(ADAPTER.receive(new InboundMessage(destination(other), "nonexecution", "application/xml", pushed("nonexecution", refusal).body())))
                .isInstanceOfSatisfying(PollOutcome.Failed.class, f -> assertThat(f.code()).isEqualTo("EEG-EEV-NOT-FOR-US"));
    }

    @Test
    void repliesToTheProviderInHi1() throws Exception {
        InboundMessage m = pushed("datapreserved", Hi1PortalSim.notification("n2", AUTH, "DataPreserved", "", T, ""));
        InboundReply ok = ADAPTER.reply(m, ADAPTER.receive(m));
        assertThat(ok.status()).isEqualTo(200);
        Hi1Reader.Message r = Hi1Reader.read(ok.body());
        assertThat(r.header().transactionId()).isEqualTo(Hi1.uuid("push-datapreserved"));
        assertThat(r.responses()).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo("CREATEResponse");
            assertThat(a.identifier()).isEqualTo("n2");
        });
        InboundMessage wrong = pushed("outcome", Hi1PortalSim.notification("n1", AUTH, "DataNotHeld", "", T, ""));
        InboundReply refused = ADAPTER.reply(wrong, ADAPTER.receive(wrong));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(Hi1Reader.read(refused.body()).error().code()).isEqualTo("EEG-EEV-CHANNEL-MISMATCH");
    }

    // ---- downloads above the in-band limit ----

    private static final byte[] BIG = "x".repeat(200_000).getBytes(StandardCharsets.UTF_8);
    private static final FetchLimits LIMITS = new FetchLimits(1_000_000, Duration.ofSeconds(3));

    private static PortalAnswer.DownloadReference ref(String path, long size, String sha) {
        return new PortalAnswer.DownloadReference(URI.create("http://127.0.0.1:" + portal.port() + path), size, sha);
    }

    @Test
    void fetchesALargeItemHashingOnTheWayIn() {
        portal.stubFor(get(urlPathEqualTo("/dl/1")).willReturn(aResponse().withStatus(200).withBody(BIG)));
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        assertThat(ADAPTER.fetch(destination(SETTINGS), ref("/dl/1", BIG.length, PortalHttp.sha256(BIG)), sink, LIMITS))
                .isInstanceOfSatisfying(FetchOutcome.Fetched.class, f -> {
                    assertThat(f.size()).isEqualTo(BIG.length);
                    assertThat(f.sha256()).isEqualTo(PortalHttp.sha256(BIG));
                });
        assertThat(sink.toByteArray()).isEqualTo(BIG);
        assertThat(portal.findAll(getRequestedFor(urlPathEqualTo("/dl/1")))).hasSize(1);
    }

    @Test
    void aDownloadThatDoesNotMatchFails() {
        portal.stubFor(get(urlPathEqualTo("/dl/1")).willReturn(aResponse().withStatus(200).withBody(BIG)));
        var d = destination(SETTINGS);
        assertThat(ADAPTER.fetch(d, ref("/dl/1", BIG.length, "00".repeat(32)), new ByteArrayOutputStream(), LIMITS))
                .isInstanceOfSatisfying(FetchOutcome.Failed.class, f -> {
                    assertThat(f.code()).isEqualTo("EEG-FETCH-HASH-MISMATCH");
                    assertThat(f.retryable()).isFalse();
                });
        assertThat(ADAPTER.fetch(d, ref("/dl/1", BIG.length - 1, PortalHttp.sha256(BIG)), new ByteArrayOutputStream(), LIMITS))
                .isInstanceOfSatisfying(FetchOutcome.Failed.class, f -> assertThat(f.code()).isEqualTo("EEG-FETCH-SIZE-MISMATCH"));
        assertThat(ADAPTER.fetch(d, ref("/dl/1", BIG.length + 1, PortalHttp.sha256(BIG)), new ByteArrayOutputStream(), LIMITS))
                .isInstanceOfSatisfying(FetchOutcome.Failed.class, f -> {
                    assertThat(f.code()).isEqualTo("EEG-FETCH-SIZE-MISMATCH");
                    assertThat(f.retryable()).isTrue();
                });
        assertThat(ADAPTER.fetch(d, ref("/dl/1", 2_000_000, PortalHttp.sha256(BIG)), new ByteArrayOutputStream(), LIMITS))
                .isInstanceOfSatisfying(FetchOutcome.Failed.class, f -> assertThat(f.code()).isEqualTo("EEG-FETCH-TOO-LARGE"));
        assertThat(portal.findAll(getRequestedFor(urlPathEqualTo("/dl/1")))).hasSize(3); // the too-large one was never asked for
    }

    @Test
    void downloadsOnlyFromTheProvidersHostAndNeverFollowRedirects() {
        elsewhere.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(200).withBody(BIG)));
        var foreign = new PortalAnswer.DownloadReference(URI.create("http://localhost:" + elsewhere.port() + "/dl/1"), BIG.length, PortalHttp.sha256(BIG));
        assertThat(ADAPTER.fetch(destination(SETTINGS), foreign, new ByteArrayOutputStream(), LIMITS))
                .isInstanceOfSatisfying(FetchOutcome.Failed.class, f -> assertThat(f.code()).isEqualTo("EEG-FETCH-HOST"));
        portal.stubFor(get(urlPathEqualTo("/dl/2")).willReturn(aResponse().withStatus(302).withHeader("Location", foreign.uri().toString())));
        assertThat(ADAPTER.fetch(destination(SETTINGS), ref("/dl/2", BIG.length, PortalHttp.sha256(BIG)), new ByteArrayOutputStream(), LIMITS))
                .isInstanceOfSatisfying(FetchOutcome.Failed.class, f -> assertThat(f.code()).isEqualTo("EEG-FETCH-REDIRECT"));
        assertThat(elsewhere.getAllServeEvents()).isEmpty();
        Map<String, String> allowed = new HashMap<>(SETTINGS);
        allowed.put("download.allowedHosts", "localhost");
        assertThat(ADAPTER.fetch(destination(allowed), foreign, new ByteArrayOutputStream(), LIMITS)).isInstanceOf(FetchOutcome.Fetched.class);
    }

    @Test
    void downloadFaultsAreClassified() {
        var d = destination(SETTINGS);
        portal.stubFor(get(urlPathEqualTo("/dl/3")).willReturn(aResponse().withStatus(503).withHeader("Retry-After", "30")));
        assertThat(ADAPTER.fetch(d, ref("/dl/3", 10, "ab".repeat(32)), new ByteArrayOutputStream(), LIMITS)).isInstanceOfSatisfying(FetchOutcome.Failed.class, f -> {
            assertThat(f.code()).isEqualTo("EEG-FETCH-HTTP-503");
            assertThat(f.retryable()).isTrue();
            assertThat(f.retryAfter()).isEqualTo(Duration.ofSeconds(30));
        });
        portal.stubFor(get(urlPathEqualTo("/dl/4")).willReturn(aResponse().withStatus(404)));
        assertThat(ADAPTER.fetch(d, ref("/dl/4", 10, "ab".repeat(32)), new ByteArrayOutputStream(), LIMITS))
                .isInstanceOfSatisfying(FetchOutcome.Failed.class, f -> assertThat(f.retryable()).isFalse());
        portal.stubFor(get(urlPathEqualTo("/dl/5")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        assertThat(ADAPTER.fetch(d, ref("/dl/5", 10, "ab".repeat(32)), new ByteArrayOutputStream(), LIMITS))
                .isInstanceOfSatisfying(FetchOutcome.Failed.class, f -> assertThat(f.code()).isEqualTo("EEG-FETCH-IO"));
        portal.stubFor(get(urlPathEqualTo("/dl/6")).willReturn(aResponse().withStatus(200).withBody(BIG).withChunkedDribbleDelay(200, 60_000)));
        long t0 = System.nanoTime();
        assertThat(ADAPTER.fetch(d, ref("/dl/6", BIG.length, PortalHttp.sha256(BIG)), new ByteArrayOutputStream(), LIMITS))
                .isInstanceOfSatisfying(FetchOutcome.Failed.class, f -> assertThat(f.code()).isEqualTo("EEG-FETCH-TIMEOUT"));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(6));
    }
}
