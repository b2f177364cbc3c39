package eu.eevidence.gw.gateway.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.eevidence.gw.gateway.cases.InboundCaseService;
import eu.eevidence.gw.gateway.routing.NodeIdentity;
import eu.eevidence.gw.gateway.routing.NodeRole;
import eu.eevidence.gw.gateway.network.PeerMessenger;
import eu.eevidence.gw.gateway.routing.PeerSpec;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.schema.ClarificationAnswer;
import eu.eevidence.gw.schema.Envelope;
import eu.eevidence.gw.schema.EvidenceRequest;
import eu.eevidence.gw.schema.LifecycleMessage;
import eu.eevidence.gw.schema.MessageType;
import eu.eevidence.gw.schema.Withdrawal;
import eu.eevidence.gw.schema.catalogue.MessageCatalogue;
import eu.eevidence.gw.schema.codec.Decoded;
import eu.eevidence.gw.testkit.ContactPointClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The requested Party's side on one running node (B) with a simulated portal: the test plays the transport, hands B
 * requests and follow-ups of a peer node (A) through {@code InboundCases}, drives the review API over mutual TLS as B's
 * 24/7 contact point, and reads what B handed its {@link PeerMessenger} for A. Negative cases first.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InboundCasesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MessageCatalogue CATALOGUE = new MessageCatalogue();

    @TempDir
    static Path dir;
    static TestNetwork net;
    static ContactPointClient cp;
    static InboundCaseService cases;
    static PeerSpec peerA;
    static final List<Sent> SENT = new CopyOnWriteArrayList<>();

    record Sent(String peer, String messageId, Envelope envelope) {
    }

    @BeforeAll
    static void start() throws Exception {
        net = new TestNetwork(dir);
        cp = net.client(net.contactPoint);
        cases = net.node.probe().inboundCases();
        cases.usePeerMessenger((c, peer, messageId, envelope) -> {
            Decoded d = CATALOGUE.decodeJson(envelope);
            assertThat(d).as(new String(envelope, StandardCharsets.UTF_8)).isInstanceOf(Decoded.Valid.class);
            SENT.add(new Sent(peer, messageId, ((Decoded.Valid) d).envelope()));
            return "outbox-" + messageId;
        });
        peerA = new PeerSpec(new NodeIdentity("fr-247", "FR", NodeRole.CONTACT_POINT_24_7), URI.create("https://127.0.0.1:1/"),
                net.issue("node fr-247", Role.NODE).certificate(), Set.of());
    }

    @AfterAll
    static void stop() {
        if (net != null) {
            net.close();
        }
    }

    // ------------------------------------------------------------------ helpers (the test plays the transport)

    private static byte[] corpus(String type, String messageId, String correlationId) throws Exception {
        try (InputStream in = InboundCasesIT.class.getResourceAsStream("/cases/" + type + ".json")) {
            JsonNode n = JSON.readTree(in);
            ((com.fasterxml.jackson.databind.node.ObjectNode) n).put("messageId", messageId);
            if (correlationId != null) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) n).put("correlationId", correlationId);
            }
            return JSON.writeValueAsBytes(n);
        }
    }

    /** A new request from A, as the transport hands it over; returns {case id, message id}. */
    private static String[] receive(String type, String correlationId) throws Exception {
        String messageId = "msg-" + UUID.randomUUID();
        byte[] bytes = corpus(type, messageId, correlationId);
        Envelope e = ((Decoded.Valid) CATALOGUE.decodeJson(bytes)).envelope();
        String id = net.node.requests().database().inTx(c ->
                cases.receivedRequest(c, peerA, e, (EvidenceRequest) e.body(), bytes, Instant.now()));
        return new String[] {id, messageId};
    }

    private static boolean followUp(String correlationId, LifecycleMessage body) throws Exception {
        Envelope e = new Envelope("msg-" + UUID.randomUUID(), correlationId, Envelope.CURRENT_VERSION,
                new eu.eevidence.gw.schema.Party(eu.eevidence.gw.schema.PartyKind.CONTACT_POINT_24_7, "fr-ofac-247", "FR", null),
                new eu.eevidence.gw.schema.Party(eu.eevidence.gw.schema.PartyKind.CONTACT_POINT_24_7, "ie-gncb-247", "IE", null),
                OffsetDateTime.now(ZoneOffset.UTC), body);
        assertThat(CATALOGUE.validate(e)).isEmpty();
        byte[] bytes = CATALOGUE.encodeJson(e);
        return net.node.requests().database().inTx(c ->
                cases.receivedFollowUp(c, peerA, e, (LifecycleMessage) e.body(), bytes, Instant.now()));
    }

    private static ContactPointClient.Answer decide(ContactPointClient who, String id, String json) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(net.node.baseUrl() + "/api/v1/cases/" + id + "/decision")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build();
        return who.send(r);
    }

    private static JsonNode awaitCase(String id, String state) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> JSON.readTree(cp.get("api/v1/cases/" + id).body()),
                n -> state.equals(n.path("state").asText()));
    }

    private static List<Sent> sentFor(String originalMessageId) {
        return SENT.stream().filter(s -> originalMessageId.equals(s.envelope().correlationId())).toList();
    }

    private static void assertProblem(ContactPointClient.Answer a, int status, String code) throws Exception {
        assertThat(a.status()).as(a.body()).isEqualTo(status);
        assertThat(a.contentType()).startsWith("application/problem+json");
        assertThat(JSON.readTree(a.body()).get("code").asText()).isEqualTo(code);
        assertThat(a.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    // ------------------------------------------------------------------ negative cases

    @Test
    @Order(1)
    void otherRolesCannotReviewAndUnknownCasesAreNotFound() throws Exception {
        String[] k = receive("BUDAPEST_ART29_PRESERVATION", null);
        ContactPointClient platform = net.client(net.issue("a platform", Role.PLATFORM));
        ContactPointClient judge = net.client(net.issue("a judge", Role.JUDICIAL_AUTHORITY));
        assertProblem(platform.get("api/v1/cases"), 403, "EEG-AUTH-ROLE");
        assertProblem(judge.get("api/v1/cases/" + k[0]), 403, "EEG-AUTH-ROLE");
        assertProblem(platform.send(HttpRequest.newBuilder(URI.create(net.node.baseUrl() + "/api/v1/cases/" + k[0] + "/decision"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"decision\":\"REFUSE\"}")).build()),
                403, "EEG-AUTH-ROLE");
        assertProblem(cp.get("api/v1/cases/CASE-01JDZZZZZZZZZZZZZZZZZZZZZZ"), 404, "EEG-CASE-NOT-FOUND");
        assertProblem(cp.get("api/v1/cases/REQ-01JDZZZZZZZZZZZZZZZZZZZZZZ"), 404, "EEG-CASE-NOT-FOUND");
        assertProblem(decide(cp, "CASE-01JDZZZZZZZZZZZZZZZZZZZZZZ", "{\"decision\":\"ACCEPT\",\"platformId\":\"demo-platform\"}"), 404,
                "EEG-CASE-NOT-FOUND");
        assertProblem(cp.get("api/v1/cases?state=LOST"), 400, "EEG-CASE-QUERY");
        assertThat(JSON.readTree(cp.get("api/v1/cases/" + k[0]).body()).get("state").asText()).isEqualTo("RECEIVED");
        assertThat(SENT).isEmpty();
    }

    @Test
    @Order(2)
    void incompleteOrImpossibleDecisionsChangeNothing() throws Exception {
        String[] k = receive("BUDAPEST_ART29_PRESERVATION", null);
        assertProblem(decide(cp, k[0], "[1,"), 400, "EEG-REQ-MALFORMED");
        assertProblem(decide(cp, k[0], "{\"decision\":\"APPROVE\"}"), 422, "EEG-CASE-DECISION");
        assertProblem(decide(cp, k[0], "{}"), 422, "EEG-CASE-DECISION");
        ContactPointClient.Answer a = decide(cp, k[0], "{\"decision\":\"REFUSE\"}");
        assertProblem(a, 422, "EEG-CASE-FIELD");
        assertThat(JSON.readTree(a.body()).get("errors").findValuesAsText("path")).containsExactly("$.code", "$.reason");
        assertProblem(decide(cp, k[0], "{\"decision\":\"ACCEPT\"}"), 422, "EEG-CASE-FIELD");
        assertProblem(decide(cp, k[0], "{\"decision\":\"ACCEPT\",\"platformId\":\"no-such-platform\"}"), 422, "EEG-CASE-UNKNOWN-PLATFORM");
        assertProblem(decide(cp, k[0], "{\"decision\":\"POSTPONE\",\"reason\":\"x\",\"until\":\"tomorrow\"}"), 422, "EEG-CASE-FIELD");
        assertProblem(decide(cp, k[0], "{\"decision\":\"POSTPONE\",\"reason\":\"x\",\"until\":\"2020-01-01T00:00:00Z\"}"), 422, "EEG-CASE-FIELD");
        assertProblem(decide(cp, k[0], "{\"decision\":\"CLARIFY\"}"), 422, "EEG-CASE-FIELD");
        JsonNode c = JSON.readTree(cp.get("api/v1/cases/" + k[0]).body());
        assertThat(c.get("state").asText()).isEqualTo("RECEIVED");
        assertThat(c.has("decision")).isFalse();
        assertThat(sentFor(k[1])).isEmpty();
    }

    // ------------------------------------------------------------------ the flows

    @Test
    @Order(10)
    void acceptedPreservationIsOrderedFromTheDomesticPlatformAndConfirmedToTheRequester() throws Exception {
        String[] k = receive("BUDAPEST_ART29_PRESERVATION", null);
        JsonNode listed = JSON.readTree(cp.get("api/v1/cases?state=RECEIVED").body());
        assertThat(listed.get("items").findValuesAsText("id")).contains(k[0]);
        JsonNode first = JSON.readTree(cp.get("api/v1/cases/" + k[0]).body());
        assertThat(first.get("type").asText()).isEqualTo("BUDAPEST_ART29_PRESERVATION");
        assertThat(first.get("fromNode").asText()).isEqualTo("fr-247");
        assertThat(first.at("/content/body/offence/description").asText()).isEqualTo("Non-consensual sharing of intimate images");
        assertThat(first.at("/reviewDeadline/rule").asText()).isEqualTo("BUDAPEST_ART29_DELIVERY_TARGET");
        assertThat(first.get("events").findValuesAsText("event")).contains("RECEIVED", "RETRIEVED", "CONTENT_READ");

        ContactPointClient.Answer a = decide(cp, k[0], "{\"decision\":\"ACCEPT\",\"platformId\":\"demo-platform\"}");
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        String domestic = JSON.readTree(a.body()).get("domesticRequestId").asText();
        assertThat(domestic).startsWith("REQ-");

        JsonNode preserved = awaitCase(k[0], "PRESERVED");
        assertThat(preserved.get("events").findValuesAsText("event")).containsSubsequence("ACCEPTED", "ORDERED", "PRESERVED");
        assertThat(net.portal.accepted().stream().filter(x -> x.requestId().equals(domestic)).toList()).hasSize(1);
        JsonNode req = JSON.readTree(cp.get("api/v1/requests/" + domestic).body());
        assertThat(req.get("state").asText()).isEqualTo("PRESERVED");
        assertThat(req.get("platformId").asText()).isEqualTo("demo-platform");

        List<Sent> answers = await().atMost(Duration.ofSeconds(30)).until(() -> sentFor(k[1]), l -> l.size() >= 2);
        assertThat(answers).extracting(s -> s.envelope().messageType())
                .containsExactly(MessageType.ACKNOWLEDGEMENT, MessageType.PRESERVATION_CONFIRMED);
        assertThat(answers).allSatisfy(s -> {
            assertThat(s.peer()).isEqualTo("fr-247");
            assertThat(s.envelope().receiver().id()).isEqualTo("fr-ofac-247");
        });
        assertThat(preserved.get("messages").findValuesAsText("type")).contains("BUDAPEST_ART29_PRESERVATION", "ACKNOWLEDGEMENT", "PRESERVATION_CONFIRMED");

        // a repeated ACCEPT is an illegal move now and sends nothing
        assertProblem(decide(cp, k[0], "{\"decision\":\"ACCEPT\",\"platformId\":\"demo-platform\"}"), 409, "EEG-CASE-ILLEGAL");
        assertThat(sentFor(k[1])).hasSize(2);
    }

    @Test
    @Order(11)
    void refusalGoesBackToTheRequesterAndEndsTheCase() throws Exception {
        String[] k = receive("BUDAPEST_ART29_PRESERVATION", null);
        ContactPointClient.Answer a = decide(cp, k[0], "{\"decision\":\"REFUSE\",\"code\":\"ESSENTIAL_INTERESTS\",\"reason\":\"ordre public\"}");
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        assertThat(JSON.readTree(a.body()).get("state").asText()).isEqualTo("REFUSED");
        List<Sent> sent = sentFor(k[1]);
        assertThat(sent).extracting(s -> s.envelope().messageType()).containsExactly(MessageType.REFUSAL);
        assertThat(((eu.eevidence.gw.schema.Refusal) sent.get(0).envelope().body()).grounds())
                .containsExactly(eu.eevidence.gw.schema.Refusal.Ground.ESSENTIAL_INTERESTS);
        assertProblem(decide(cp, k[0], "{\"decision\":\"ACCEPT\",\"platformId\":\"demo-platform\"}"), 409, "EEG-CASE-ILLEGAL");
        assertProblem(decide(cp, k[0], "{\"decision\":\"CLARIFY\",\"question\":\"?\"}"), 409, "EEG-CASE-ILLEGAL");
        assertThat(sentFor(k[1])).hasSize(1);
    }

    @Test
    @Order(12)
    void clarificationGoesOutAndTheAnswerReopensTheReview() throws Exception {
        String[] k = receive("BUDAPEST_ART29_PRESERVATION", null);
        ContactPointClient.Answer a = decide(cp, k[0], "{\"decision\":\"CLARIFY\",\"question\":\"Which of the two accounts posted the images?\"}");
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        Sent question = sentFor(k[1]).get(0);
        assertThat(question.envelope().messageType()).isEqualTo(MessageType.CLARIFICATION_REQUEST);
        assertThat(followUp("msg-not-a-case-0001", new ClarificationAnswer(List.of("x")))).as("unknown correlation").isFalse();
        assertThat(followUp(question.messageId(), new ClarificationAnswer(List.of("The account 100004417730213.")))).isTrue();
        JsonNode c = JSON.readTree(cp.get("api/v1/cases/" + k[0]).body());
        assertThat(c.get("state").asText()).isEqualTo("RECEIVED");
        assertThat(c.get("events").findValuesAsText("event")).contains("CLARIFICATION_REQUESTED", "CLARIFICATION_ANSWERED");
        ContactPointClient.Answer p = decide(cp, k[0], "{\"decision\":\"POSTPONE\",\"reason\":\"domestic investigation\",\"until\":\""
                + OffsetDateTime.now(ZoneOffset.UTC).plusDays(3) + "\"}");
        assertThat(p.status()).as(p.body()).isEqualTo(200);
        assertThat(JSON.readTree(p.body()).get("state").asText()).isEqualTo("POSTPONED");
        assertThat(sentFor(k[1])).extracting(s -> s.envelope().messageType())
                .containsExactly(MessageType.CLARIFICATION_REQUEST, MessageType.POSTPONEMENT);
    }

    @Test
    @Order(13)
    void withdrawalByTheRequesterWithdrawsTheDomesticOrderAndTellsThePortal() throws Exception {
        String[] k = receive("BUDAPEST_ART29_PRESERVATION", null);
        ContactPointClient.Answer a = decide(cp, k[0], "{\"decision\":\"ACCEPT\",\"platformId\":\"demo-platform\"}");
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        String domestic = JSON.readTree(a.body()).get("domesticRequestId").asText();
        awaitCase(k[0], "PRESERVED");
        assertThat(followUp(k[1], new Withdrawal("The suspect has been identified by other means."))).isTrue();
        assertThat(JSON.readTree(cp.get("api/v1/cases/" + k[0]).body()).get("state").asText()).isEqualTo("WITHDRAWN");
        await().atMost(Duration.ofSeconds(60)).until(() -> JSON.readTree(cp.get("api/v1/requests/" + domestic).body()).get("state").asText(),
                "WITHDRAWN"::equals);
        await().atMost(Duration.ofSeconds(60)).until(() -> !net.node.requests().notices(domestic).isEmpty()
                && net.node.requests().notices(domestic).stream().allMatch(n -> "SENT".equals(n.state())));
        var notices = net.portal.accepted().stream().filter(x -> x.requestId().equals(domestic))
                .map(x -> new String(x.message().content(), StandardCharsets.UTF_8)).filter(s -> s.contains("\"type\":\"WITHDRAWAL\"")).toList();
        assertThat(notices).hasSize(1);
        assertThat(notices.get(0)).contains("withdrawn by the requesting Party");
        JsonNode c = await().atMost(Duration.ofSeconds(30)).until(() -> JSON.readTree(cp.get("api/v1/cases/" + k[0]).body()),
                n -> !n.has("pendingAction"));
        assertThat(c.get("events").findValuesAsText("event")).contains("WITHDRAWN", "DOMESTIC_WITHDRAW");
        // a second withdrawal of the same case changes nothing
        assertThat(followUp(k[1], new Withdrawal("again"))).isTrue();
        assertThat(JSON.readTree(cp.get("api/v1/cases/" + k[0]).body()).get("events").findValuesAsText("event")).contains("FOLLOW_UP_NO_EFFECT");
    }

    @Test
    @Order(14)
    void aMutualAssistanceRequestHoldsThePreservationItFollowsUntilItIsDecided() throws Exception {
        String[] p = receive("BUDAPEST_ART29_PRESERVATION", null);
        ContactPointClient.Answer a = decide(cp, p[0], "{\"decision\":\"ACCEPT\",\"platformId\":\"demo-platform\"}");
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        String domestic = JSON.readTree(a.body()).get("domesticRequestId").asText();
        awaitCase(p[0], "PRESERVED");
        String[] mla = receive("BUDAPEST_ART31_MUTUAL_ASSISTANCE", p[1]);
        JsonNode m = JSON.readTree(cp.get("api/v1/cases/" + mla[0]).body());
        assertThat(m.get("relatedCaseId").asText()).isEqualTo(p[0]);
        awaitCase(p[0], "HELD");
        await().atMost(Duration.ofSeconds(30)).until(() -> JSON.readTree(cp.get("api/v1/requests/" + domestic + "/timeline").body())
                .get("events").findValuesAsText("event").contains("MLA_RECEIVED"));
        ContactPointClient.Answer r = decide(cp, mla[0], "{\"decision\":\"REFUSE\",\"code\":\"DUAL_CRIMINALITY\",\"reason\":\"not an offence here\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        awaitCase(p[0], "PRESERVED");
        await().atMost(Duration.ofSeconds(30)).until(() -> JSON.readTree(cp.get("api/v1/requests/" + domestic + "/timeline").body())
                .get("events").findValuesAsText("event").contains("MLA_DECIDED"));
    }

    @Test
    @Order(15)
    void anEmergencyDisclosureGetsTheEightHourBoundAndThePlatformsExecutionReportIsRelayed() throws Exception {
        String[] k = receive("PROTOCOL_ART9_EMERGENCY_DISCLOSURE", null);
        JsonNode c = JSON.readTree(cp.get("api/v1/cases/" + k[0]).body());
        assertThat(c.at("/reviewDeadline/rule").asText()).isEqualTo("PROTOCOL_ART9_EMERGENCY");
        assertThat(Duration.between(Instant.parse(c.get("receivedAt").asText()), Instant.parse(c.at("/reviewDeadline/at").asText())))
                .isEqualTo(Duration.ofHours(8));
        ContactPointClient.Answer a = decide(cp, k[0], "{\"decision\":\"ACCEPT\",\"platformId\":\"demo-platform\"}");
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        String domestic = JSON.readTree(a.body()).get("domesticRequestId").asText();
        await().atMost(Duration.ofSeconds(60)).until(() -> JSON.readTree(cp.get("api/v1/requests/" + domestic).body()).path("state").asText(),
                "ACKNOWLEDGED"::equals);
        assertThat(JSON.readTree(cp.get("api/v1/cases/" + k[0]).body()).get("state").asText()).isEqualTo("ORDERED");

        JsonNode report = JSON.readTree(InboundCasesIT.class.getResourceAsStream("/cases/EXECUTION_REPORT.json"));
        JsonNode ack = JSON.readTree(InboundCasesIT.class.getResourceAsStream("/cases/ACKNOWLEDGEMENT.json"));
        com.fasterxml.jackson.databind.node.ObjectNode r = (com.fasterxml.jackson.databind.node.ObjectNode) report;
        r.put("messageId", "msg-ans-" + UUID.randomUUID());
        r.put("correlationId", domestic);
        r.set("sender", ack.get("sender"));
        r.set("receiver", ack.get("receiver"));
        ContactPointClient.Answer posted = net.client(net.platformKey).post("api/v1/platform/answers", JSON.writeValueAsBytes(r), "application/json", null);
        assertThat(posted.status()).as(posted.body()).isEqualTo(201);

        awaitCase(k[0], "COMPLETED");
        List<Sent> sent = sentFor(k[1]);
        assertThat(sent).extracting(s -> s.envelope().messageType()).containsExactly(MessageType.ACKNOWLEDGEMENT, MessageType.EXECUTION_REPORT);
        eu.eevidence.gw.schema.ExecutionReport relayed = (eu.eevidence.gw.schema.ExecutionReport) sent.get(1).envelope().body();
        assertThat(relayed.manifest().items()).hasSize(report.at("/body/manifest/items").size());
        assertThat(sent.get(1).envelope().correlationId()).isEqualTo(k[1]);
    }
}
