package eu.eevidence.gw.gateway.network;

import eu.eevidence.gw.gateway.infra.Tx;
import java.sql.ResultSet;
import java.sql.PreparedStatement;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.eevidence.gw.gateway.delivery.EmbeddedBroker;
import eu.eevidence.gw.gateway.node.GatewayNode;
import eu.eevidence.gw.gateway.node.NodeConfig;
import eu.eevidence.gw.gateway.observe.NodeTracing;
import eu.eevidence.gw.gateway.observe.TraceSettings;
import eu.eevidence.gw.gateway.order.Digests;
import eu.eevidence.gw.gateway.order.RequestRecord;
import eu.eevidence.gw.gateway.order.RequestState;
import eu.eevidence.gw.gateway.routing.NodeIdentity;
import eu.eevidence.gw.gateway.routing.NodeRole;
import eu.eevidence.gw.gateway.routing.PeerSpec;
import eu.eevidence.gw.pki.CmsProfile;
import eu.eevidence.gw.pki.DevPki;
import eu.eevidence.gw.pki.IssueRequest;
import eu.eevidence.gw.pki.KeyKind;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.pki.Tls;
import eu.eevidence.gw.pki.TrustAnchors;
import eu.eevidence.gw.schema.Envelope;
import eu.eevidence.gw.schema.EvidenceRequest;
import eu.eevidence.gw.schema.LifecycleMessage;
import eu.eevidence.gw.testkit.ContactPointClient;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two nodes in one JVM on loopback, keys from one test CA, each configured with the other as its peer: node A (France's
 * 24/7 contact point) and node B (Ireland's). The network endpoint's refusals first, then an Art. 29 preservation from
 * A's contact point across to B, a duplicate, B down and back, and B's answers travelling back through its outbox.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoNodeTransportIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EmbeddedBroker.RetryPolicy RETRY = new EmbeddedBroker.RetryPolicy(Duration.ofMillis(100), 1.5, Duration.ofSeconds(1), 40);
    private static final NodeIdentity FR = new NodeIdentity("fr-247", "FR", NodeRole.CONTACT_POINT_24_7);
    private static final NodeIdentity IE = new NodeIdentity("ie-247", "IE", NodeRole.CONTACT_POINT_24_7);

    @TempDir
    static Path dir;
    TrustAnchors trust;
    KeyMaterial keyA;
    KeyMaterial keyB;
    KeyMaterial rogue;
    KeyMaterial contactPoint;
    NodeConfig configB;
    GatewayNode nodeA;
    GatewayNode nodeB;
    final RecordingCases casesB = new RecordingCases();
    final InMemorySpanExporter spansA = InMemorySpanExporter.create();
    final InMemorySpanExporter spansB = InMemorySpanExporter.create();
    final CmsProfile cms = new CmsProfile(Clock.systemUTC());
    ContactPointClient cpA;
    String sentMessageId;
    String requestA;
    String withdrawnA;

    @BeforeAll
    void twoNodes() throws Exception {
        DevPki pki = DevPki.loadOrCreate(dir.resolve("pki"), Clock.systemUTC());
        trust = TrustAnchors.of(List.of(pki.rootCertificate()));
        keyA = node(pki, "node fr");
        keyB = node(pki, "node ie");
        rogue = node(pki, "node nobody knows");
        contactPoint = pki.issue(new IssueRequest("fr contact point", Role.CONTACT_POINT, List.of(), KeyKind.EC_P256, Duration.ofDays(3), false, true));
        int portA = freePort();
        int portB = freePort();
        PeerSpec peerA = new PeerSpec(FR, URI.create("https://127.0.0.1:" + portA + "/"), keyA.certificate(), Set.of());
        PeerSpec peerB = new PeerSpec(IE, URI.create("https://127.0.0.1:" + portB + "/"), keyB.certificate(), Set.of());
        configB = config(dir.resolve("b"), portB, keyB).withNetwork(IE, List.of(peerA)).withTracing(TraceSettings.exportingTo(spansB));
        nodeB = GatewayNode.start(configB, casesB);
        nodeA = GatewayNode.start(config(dir.resolve("a"), portA, keyA).withNetwork(FR, List.of(peerB)).withTracing(TraceSettings.exportingTo(spansA)));
        cpA = new ContactPointClient(nodeA.baseUrl(), contactPoint, trust);
    }

    @AfterAll
    void stop() {
        if (nodeA != null) {
            nodeA.close();
        }
        if (nodeB != null) {
            nodeB.close();
        }
    }

    // ------------------------------------------------------------------ refusals of the network endpoint

    @Test
    @Order(1)
    void aNodeCertificateThatIsNoPeerIsRefusedWithoutReceipt() throws Exception {
        HttpResponse<byte[]> r = post(rogue, "fr-247", "fr-247:refused-0001", seal(envelope("fr-247:refused-0001", "IE"), keyA));
        assertProblem(r, 403, "EEG-NET-UNKNOWN-PEER");
        HttpResponse<byte[]> contactPointCalling = post(contactPoint, "fr-247", "fr-247:refused-0001", seal(envelope("fr-247:refused-0001", "IE"), keyA));
        assertProblem(contactPointCalling, 403, "EEG-NET-UNKNOWN-PEER");
        assertThat(nodeB.probe().networkInbox().acceptedFrom("fr-247")).isZero();
    }

    @Test
    @Order(2)
    void aSenderHeaderThatIsNotTheCertificatesPeerIsRefused() throws Exception {
        assertProblem(post(keyA, "ie-247", "fr-247:refused-0002", seal(envelope("fr-247:refused-0002", "IE"), keyA)), 403, "EEG-NET-UNKNOWN-PEER");
        assertProblem(post(keyA, "de-247", "fr-247:refused-0002", seal(envelope("fr-247:refused-0002", "IE"), keyA)), 403, "EEG-NET-UNKNOWN-PEER");
        assertProblem(post(keyA, "fr-247", null, seal(envelope("fr-247:refused-0002", "IE"), keyA)), 400, "EEG-NET-MESSAGE-ID");
    }

    @Test
    @Order(3)
    void aMessageSignedByAnotherNodeIsRejectedWithASignedReceipt() throws Exception {
        byte[] sealed = seal(envelope("fr-247:refused-0003", "IE"), rogue);
        assertRejected(post(keyA, "fr-247", "fr-247:refused-0003", sealed), sealed, "fr-247:refused-0003", "EEG-NET-SIGNER-MISMATCH");
    }

    @Test
    @Order(4)
    void aMessageForAnotherPartyIsRejected() throws Exception {
        byte[] sealed = seal(envelope("fr-247:refused-0004", "DE"), keyA);
        assertRejected(post(keyA, "fr-247", "fr-247:refused-0004", sealed), sealed, "fr-247:refused-0004", "EEG-NET-NOT-FOR-US");
        byte[] otherId = seal(envelope("fr-247:refused-0005", "IE"), keyA);
        assertRejected(post(keyA, "fr-247", "fr-247:refused-0006", otherId), otherId, "fr-247:refused-0006", "EEG-NET-MESSAGE-ID-MISMATCH");
    }

    @Test
    @Order(5)
    void aTamperedMessageIsRejected() throws Exception {
        byte[] sealed = seal(envelope("fr-247:refused-0007", "IE"), keyA);
        sealed[sealed.length - 20] ^= 0x01;
        assertRejected(post(keyA, "fr-247", "fr-247:refused-0007", sealed), sealed, "fr-247:refused-0007", "EEG-NET-UNREADABLE");
    }

    @Test
    @Order(6)
    void theSameMessageIdWithOtherBytesIsAConflictAndAnUnknownCorrelationIsRejected() throws Exception {
        byte[] first = seal(envelope("fr-247:direct-0001", "IE"), keyA);
        HttpResponse<byte[]> ok = post(keyA, "fr-247", "fr-247:direct-0001", first);
        assertThat(ok.statusCode()).isEqualTo(200);
        NetworkReceipt receipt = NetworkReceipt.verify(cms, ok.body(), trust, keyB.certificate(), "fr-247:direct-0001", sha(first));
        assertThat(receipt.evidence()).isEqualTo(NetworkReceipt.Evidence.SUBMISSION_ACCEPTED);
        byte[] other = seal(envelope("fr-247:direct-0001", "IE"), keyA); // same content, sealed again: other bytes
        assertRejected(post(keyA, "fr-247", "fr-247:direct-0001", other), other, "fr-247:direct-0001", "EEG-NET-DUPLICATE-CONFLICT");
        assertThat(casesB.requestsWithId("fr-247:direct-0001")).isEqualTo(1);

        byte[] followUp = seal(withdrawal("fr-247:withdraw-0001", "fr-247:never-sent-0001"), keyA);
        assertRejected(post(keyA, "fr-247", "fr-247:withdraw-0001", followUp), followUp, "fr-247:withdraw-0001", "EEG-NET-UNKNOWN-CORRELATION");
    }

    @Test
    @Order(7)
    void anXmlEnvelopeIsAcceptedToo() throws Exception {
        eu.eevidence.gw.schema.catalogue.MessageCatalogue catalogue = new eu.eevidence.gw.schema.catalogue.MessageCatalogue();
        Envelope e = ((eu.eevidence.gw.schema.codec.Decoded.Valid) catalogue.decodeJson(envelope("fr-247:direct-xml-0001", "IE"))).envelope();
        byte[] sealed = seal(catalogue.encodeXml(e), keyA);
        HttpResponse<byte[]> ok = post(keyA, "fr-247", "fr-247:direct-xml-0001", sealed);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(NetworkReceipt.verify(cms, ok.body(), trust, keyB.certificate(), "fr-247:direct-xml-0001", sha(sealed)).evidence())
                .isEqualTo(NetworkReceipt.Evidence.SUBMISSION_ACCEPTED);
        assertThat(casesB.requestsWithId("fr-247:direct-xml-0001")).isEqualTo(1);
    }

    // ------------------------------------------------------------------ A's contact point -> A -> B

    @Test
    @Order(10)
    void aPreservationForTheRequestedPartyTravelsToItsNodeOnce() throws Exception {
        long t0 = System.nanoTime();
        ContactPointClient.Answer created = cpA.submit(art29("FR-OFAC-NET-0001"), "net-0001");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        requestA = idOf(created);
        RequestRecord r = awaitState(nodeA, requestA, RequestState.DELIVERED);
        System.out.printf("EEG-BENCH network: Art. 29 from A's contact point delivered to B with a verified receipt in %d ms%n",
                (System.nanoTime() - t0) / 1_000_000);
        assertThat(r.platformId()).isEqualTo("ie-247");
        sentMessageId = "fr-247:" + requestA;
        assertThat(casesB.requestsWithId(sentMessageId)).isEqualTo(1);
        Envelope received = casesB.requests.stream().filter(e -> e.messageId().equals(sentMessageId)).findFirst().orElseThrow();
        assertThat(received.sender().id()).isEqualTo("fr-247");
        assertThat(received.receiver().country()).isEqualTo("IE");

        byte[] receipt = receiptBody(nodeA, requestA);
        NetworkReceipt verified = NetworkReceipt.verify(cms, receipt, trust, keyB.certificate(), sentMessageId,
                nodeA.requests().find(requestA).orElseThrow().sealedSha256());
        assertThat(verified.receiptId()).isEqualTo(r.receiptId());
        assertThat(custody(nodeA, "RECEIPT_RECEIVED")).anyMatch(t -> t.contains(r.receiptId()));
        assertThat(custody(nodeB, "NETWORK_RECEIVED")).anyMatch(t -> t.contains(sentMessageId));
        oneTraceAcrossBothNodes();
        assertThat(custody(nodeB, "RECEIPT_ISSUED")).anyMatch(t -> t.contains(r.receiptId()));
    }

    @Test
    @Order(11)
    void theSameBytesAgainGetTheSameReceiptAndNoSecondCase() throws Exception {
        byte[] sealed = nodeA.requests().sealedPayload(requestA);
        HttpResponse<byte[]> again = post(keyA, "fr-247", sentMessageId, sealed);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(receiptBody(nodeA, requestA));
        assertThat(casesB.requestsWithId(sentMessageId)).isEqualTo(1);
    }

    @Test
    @Order(12)
    void aStateAddressedRequestWithoutAPeerForThatPartyHasNoRoute() throws Exception {
        ObjectNode req = (ObjectNode) JSON.readTree(art29("FR-OFAC-NET-0002"));
        req.put("requestedParty", "DE");
        ContactPointClient.Answer refused = cpA.submit(JSON.writeValueAsBytes(req), "net-0002");
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.body()).contains("EEG-REQ-UNKNOWN-PLATFORM");
    }

    @Test
    @Order(13)
    void aPeerThatIsDownGetsTheRequestWhenItIsBack() throws Exception {
        nodeB.close();
        nodeB = null;
        ContactPointClient.Answer created = cpA.submit(art29("FR-OFAC-NET-0003"), "net-0003");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = idOf(created);
        await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(100))
                .until(() -> nodeA.requests().find(id).orElseThrow().deliveryAttempts() >= 2);
        assertThat(nodeA.requests().find(id).orElseThrow().state()).isEqualTo(RequestState.DISPATCHED);
        nodeB = GatewayNode.start(configB, casesB);
        awaitState(nodeA, id, RequestState.DELIVERED);
        assertThat(casesB.requestsWithId("fr-247:" + id)).isEqualTo(1);
    }

    @Test
    @Order(14)
    void aWithdrawalOfARequestSentToAPeerReachesItsCaseHandling() throws Exception {
        ContactPointClient.Answer created = cpA.submit(art29("FR-OFAC-NET-0004"), "net-0004");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = idOf(created);
        awaitState(nodeA, id, RequestState.DELIVERED);
        ContactPointClient.Answer withdrawn = cpA.post("api/v1/requests/" + id + "/withdraw",
                "{\"reason\":\"the suspect was identified otherwise\"}".getBytes(StandardCharsets.UTF_8), "application/json", null);
        assertThat(withdrawn.status()).as(withdrawn.body()).isEqualTo(200);
        await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(50))
                .until(() -> nodeA.requests().notices(id).get(0).state(), "SENT"::equals);
        Envelope w = casesB.followUps.stream().filter(e -> ("fr-247:" + id).equals(e.correlationId())).findFirst().orElseThrow();
        assertThat(w.messageType().name()).isEqualTo("WITHDRAWAL");
        assertThat(w.sender().id()).isEqualTo("fr-247");
        withdrawnA = id;
    }

    // ------------------------------------------------------------------ B answers back through its outbox

    @Test
    @Order(20)
    void theRequestedPartysAnswersMoveTheRequestOnTheRequestingNode() throws Exception {
        String ack = answer("ie-247:ack-0001", sentMessageId, "{\"type\":\"ACKNOWLEDGEMENT\",\"receivedAt\":\"2026-11-24T09:00:05+01:00\"}");
        String outId = nodeB.requests().database().inTx(c -> nodeB.probe().peerMessenger().send(c, "fr-247", "ie-247:ack-0001",
                ack.getBytes(StandardCharsets.UTF_8)));
        awaitState(nodeA, requestA, RequestState.ACKNOWLEDGED);
        String confirmed = answer("ie-247:preserved-0001", sentMessageId, "{\"type\":\"PRESERVATION_CONFIRMED\","
                + "\"preservedFrom\":\"2026-11-24T04:00:00+01:00\",\"preservedUntil\":\"2027-02-22T04:00:00+01:00\"}");
        long t0 = System.nanoTime();
        nodeB.requests().database().inTx(c -> nodeB.probe().peerMessenger().send(c, "fr-247", "ie-247:preserved-0001",
                confirmed.getBytes(StandardCharsets.UTF_8)));
        RequestRecord r = awaitState(nodeA, requestA, RequestState.PRESERVED);
        System.out.printf("EEG-BENCH network: B's preservation confirmation applied on A in %d ms after PeerMessenger.send%n",
                (System.nanoTime() - t0) / 1_000_000);
        assertThat(r.preservationEnd()).isNotNull();

        NetworkOutbox.Entry sent = await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(50))
                .until(() -> nodeB.probe().peerMessenger().find(outId).orElseThrow(), e -> "SENT".equals(e.state()));
        NetworkReceipt receipt = NetworkReceipt.verify(cms, sent.receipt(), trust, keyA.certificate(), "ie-247:ack-0001", sent.sealedSha256());
        assertThat(receipt.issuer()).isEqualTo("fr-247");
        assertThat(custody(nodeB, "RECEIPT_RECEIVED")).anyMatch(t -> t.contains(receipt.receiptId()));
        assertThat(custody(nodeA, "NETWORK_RECEIVED")).anyMatch(t -> t.contains("ie-247:preserved-0001"));
        assertThat(nodeA.requests().timeline(requestA)).anyMatch(e -> "node:ie-247".equals(e.actor()));
    }

    @Test
    @Order(21)
    void anAnswerTheRequestingNodeRefusesEndsTheOutboxEntryFailed() throws Exception {
        String orphan = answer("ie-247:ack-0002", "fr-247:nothing-0001", "{\"type\":\"ACKNOWLEDGEMENT\",\"receivedAt\":\"2026-11-24T09:00:05+01:00\"}");
        String outId = nodeB.requests().database().inTx(c -> nodeB.probe().peerMessenger().send(c, "fr-247", "ie-247:ack-0002",
                orphan.getBytes(StandardCharsets.UTF_8)));
        NetworkOutbox.Entry failed = await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(50))
                .until(() -> nodeB.probe().peerMessenger().find(outId).orElseThrow(), e -> !"PENDING".equals(e.state()));
        assertThat(failed.state()).isEqualTo("FAILED");
        assertThat(failed.lastError()).startsWith("EEG-NET-UNKNOWN-CORRELATION"); // the real case handling knows no such case
    }

    @Test
    @Order(22)
    void aLateAcknowledgementOfAnEndedRequestIsRecordedWithoutAStateChange() throws Exception {
        // B's outbox may deliver a case's acknowledgement after its final answer (several consumers, retries): A keeps it on
        // the timeline and does not refuse it, so B's outbox entry ends SENT, not FAILED with EEG-LIFE-001
        assertThat(nodeA.requests().find(withdrawnA).orElseThrow().state()).isEqualTo(RequestState.WITHDRAWN);
        String late = answer("ie-247:ack-late-0001", "fr-247:" + withdrawnA, "{\"type\":\"ACKNOWLEDGEMENT\",\"receivedAt\":\"2026-11-24T09:00:05+01:00\"}");
        String outId = nodeB.requests().database().inTx(c -> nodeB.probe().peerMessenger().send(c, "fr-247", "ie-247:ack-late-0001",
                late.getBytes(StandardCharsets.UTF_8)));
        NetworkOutbox.Entry done = await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(50))
                .until(() -> nodeB.probe().peerMessenger().find(outId).orElseThrow(), e -> !"PENDING".equals(e.state()));
        assertThat(done.state()).as(done.lastError()).isEqualTo("SENT");
        assertThat(nodeA.requests().find(withdrawnA).orElseThrow().state()).isEqualTo(RequestState.WITHDRAWN);
        assertThat(nodeA.requests().timeline(withdrawnA)).anyMatch(e -> "node:ie-247".equals(e.actor()) && e.detail().contains("ie-247:ack-late-0001"));
    }

    @Test
    @Order(23)
    void caseHandlingPluggedInAfterStartMakesPeersWaitInsteadOfRefusing() throws Exception {
        nodeA.useInboundCases(new PendingInboundCases());
        String followUp = answer("ie-247:ack-0003", "fr-247:case-0001", "{\"type\":\"ACKNOWLEDGEMENT\",\"receivedAt\":\"2026-11-24T09:00:05+01:00\"}");
        String outId = nodeB.requests().database().inTx(c -> nodeB.probe().peerMessenger().send(c, "fr-247", "ie-247:ack-0003",
                followUp.getBytes(StandardCharsets.UTF_8)));
        NetworkOutbox.Entry waiting = await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(50))
                .until(() -> nodeB.probe().peerMessenger().find(outId).orElseThrow(), e -> e.attempts() >= 1);
        assertThat(waiting.state()).isEqualTo("PENDING");
        assertThat(waiting.lastError()).startsWith("EEG-DLV-HTTP-503");
        RecordingCases casesA = new RecordingCases() {
            @Override
            public boolean receivedFollowUp(Tx c, PeerSpec from, Envelope envelope, LifecycleMessage message, byte[] content,
                                            java.time.Instant at) {
                return "fr-247:case-0001".equals(envelope.correlationId());
            }
        };
        nodeA.useInboundCases(casesA);
        await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(50))
                .until(() -> nodeB.probe().peerMessenger().find(outId).orElseThrow(), e -> "SENT".equals(e.state()));
    }

    // ------------------------------------------------------------------ helpers

    /** ADR-0027: A's intake, A's delivery attempt (the hop's client) and B's receiving call are one trace. */
    private void oneTraceAcrossBothNodes() {
        SpanData intake = spansA.getFinishedSpanItems().stream()
                .filter(s -> s.getKind() == SpanKind.SERVER && "POST /api/v1/requests".equals(s.getName())).findFirst().orElseThrow();
        String trace = intake.getTraceId();
        SpanData attempt = spansA.getFinishedSpanItems().stream()
                .filter(s -> "eeg.delivery.attempt".equals(s.getName()) && s.getTraceId().equals(trace)).findFirst().orElseThrow();
        assertThat(attempt.getParentSpanId()).isEqualTo(intake.getSpanId());
        assertThat(attempt.getAttributes().get(NodeTracing.DESTINATION)).isEqualTo("ie-247");
        assertThat(attempt.getAttributes().get(NodeTracing.MESSAGE_TYPE)).isEqualTo("request");
        assertThat(attempt.getAttributes().get(NodeTracing.OUTCOME)).isEqualTo("done");
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertThat(spansB.getFinishedSpanItems())
                .anyMatch(s -> s.getKind() == SpanKind.SERVER && s.getTraceId().equals(trace) && s.getParentSpanId().equals(attempt.getSpanId())));
        for (SpanData s : spansA.getFinishedSpanItems()) {
            assertThat(s.getAttributes().toString()).doesNotContain(requestA).doesNotContain("FR-OFAC-NET-0001");
        }
    }

    private static KeyMaterial node(DevPki pki, String name) throws Exception {
        return pki.issue(new IssueRequest(name, Role.NODE, List.of("127.0.0.1", "localhost"), KeyKind.EC_P256, Duration.ofDays(3), true, true));
    }

    private NodeConfig config(Path data, int port, KeyMaterial key) {
        return NodeConfig.embedded(data).withPort(port).withKeys(key, trust).withRetry(RETRY);
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static byte[] art29(String reference) throws Exception {
        try (InputStream in = TwoNodeTransportIT.class.getResourceAsStream("/demo/art29-preservation.json")) {
            ObjectNode n = (ObjectNode) JSON.readTree(in);
            n.put("clientRequestId", reference);
            return JSON.writeValueAsBytes(n);
        }
    }

    /** An Art. 29 envelope from FR's node to {@code receiverCountry}. */
    private static byte[] envelope(String messageId, String receiverCountry) throws Exception {
        ObjectNode e = JSON.createObjectNode();
        e.put("messageId", messageId);
        e.put("version", "1.0");
        e.set("sender", JSON.readTree("{\"kind\":\"CONTACT_POINT_24_7\",\"id\":\"fr-247\",\"country\":\"FR\"}"));
        e.set("receiver", JSON.readTree("{\"kind\":\"CONTACT_POINT_24_7\",\"id\":\"ie-247\",\"country\":\"" + receiverCountry + "\"}"));
        e.put("createdAt", "2026-11-25T03:00:00+01:00");
        ObjectNode body = (ObjectNode) JSON.readTree(art29("FR-OFAC-DIRECT-1"));
        e.set("body", body);
        return JSON.writeValueAsBytes(e);
    }

    private static byte[] withdrawal(String messageId, String correlationId) throws Exception {
        return ("{\"messageId\":\"" + messageId + "\",\"correlationId\":\"" + correlationId + "\",\"version\":\"1.0\","
                + "\"sender\":{\"kind\":\"CONTACT_POINT_24_7\",\"id\":\"fr-247\",\"country\":\"FR\"},"
                + "\"receiver\":{\"kind\":\"CONTACT_POINT_24_7\",\"id\":\"ie-247\",\"country\":\"IE\"},"
                + "\"createdAt\":\"2026-11-25T03:00:00+01:00\",\"body\":{\"type\":\"WITHDRAWAL\",\"reason\":\"no longer needed\"}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** An answer envelope from IE's node to FR's. */
    private static String answer(String messageId, String correlationId, String body) {
        return "{\"messageId\":\"" + messageId + "\",\"correlationId\":\"" + correlationId + "\",\"version\":\"1.0\","
                + "\"sender\":{\"kind\":\"CONTACT_POINT_24_7\",\"id\":\"ie-247\",\"country\":\"IE\"},"
                + "\"receiver\":{\"kind\":\"CONTACT_POINT_24_7\",\"id\":\"fr-247\",\"country\":\"FR\"},"
                + "\"createdAt\":\"2026-11-25T03:00:00+01:00\",\"body\":" + body + "}";
    }

    private byte[] seal(byte[] content, KeyMaterial signer) throws Exception {
        return cms.seal(content, signer, List.of(keyB.certificate()));
    }

    private HttpResponse<byte[]> post(KeyMaterial tlsKey, String sender, String messageId, byte[] body) throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(Tls.sslContext(tlsKey, trust)).connectTimeout(Duration.ofSeconds(5))
                .version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(nodeB.baseUrl() + NetworkProtocol.MESSAGES_PATH)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", NetworkProtocol.MEDIA_TYPE).header(NetworkProtocol.HEADER_SENDER_NODE, sender)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (messageId != null) {
            b.header(NetworkProtocol.HEADER_MESSAGE_ID, messageId);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static void assertProblem(HttpResponse<byte[]> r, int status, String code) throws Exception {
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(JSON.readTree(r.body()).get("code").asText()).isEqualTo(code);
    }

    private void assertRejected(HttpResponse<byte[]> r, byte[] sent, String messageId, String code) throws Exception {
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.ISO_8859_1)).isEqualTo(422);
        NetworkReceipt receipt = NetworkReceipt.verify(cms, r.body(), trust, keyB.certificate(), messageId, sha(sent));
        assertThat(receipt.evidence()).isEqualTo(NetworkReceipt.Evidence.SUBMISSION_REJECTED);
        assertThat(receipt.code()).isEqualTo(code);
        assertThat(receipt.issuer()).isEqualTo("ie-247");
    }

    private static String idOf(ContactPointClient.Answer created) {
        return created.location().substring(created.location().lastIndexOf('/') + 1);
    }

    private static String sha(byte[] b) {
        return Digests.sha256(b);
    }

    private static RequestRecord awaitState(GatewayNode node, String id, RequestState state) {
        return await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(50))
                .until(() -> node.requests().find(id).orElseThrow(), r -> r.state() == state);
    }

    private static byte[] receiptBody(GatewayNode node, String id) throws Exception {
        return node.requests().receiptBody(id); // stored under the request's data key (ADR-0020)
    }

    private static List<String> custody(GatewayNode node, String type) throws Exception {
        return node.requests().database().read(c -> {
            try (PreparedStatement ps = c.connection().prepareStatement("SELECT record_text FROM custody_record WHERE event_type = ?")) {
                ps.setString(1, type);
                try (ResultSet rs = ps.executeQuery()) {
                    List<String> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                    return out;
                }
            }
        });
    }

    /** The requested Party's case handling, recorded (the real one is another feature). */
    static class RecordingCases implements InboundCases {
        final List<Envelope> requests = new CopyOnWriteArrayList<>();
        final List<Envelope> followUps = new CopyOnWriteArrayList<>();

        @Override
        public String receivedRequest(Tx c, PeerSpec from, Envelope envelope, EvidenceRequest request, byte[] content, java.time.Instant at) {
            requests.add(envelope);
            return "CASE-" + requests.size();
        }

        @Override
        public boolean receivedFollowUp(Tx c, PeerSpec from, Envelope envelope, LifecycleMessage message, byte[] content, java.time.Instant at) {
            boolean known = requests.stream().anyMatch(e -> e.messageId().equals(envelope.correlationId()));
            if (known) {
                followUps.add(envelope);
            }
            return known;
        }

        long requestsWithId(String messageId) {
            return requests.stream().filter(e -> e.messageId().equals(messageId)).count();
        }
    }
}
