package eu.eevidence.gw.gateway.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import eu.eevidence.gw.adapter.api.DeliveryOutcome;
import eu.eevidence.gw.gateway.delivery.DeliveryPolicy;
import eu.eevidence.gw.gateway.routing.DeliveryQueues;
import eu.eevidence.gw.gateway.delivery.DeliveryRoutes;
import eu.eevidence.gw.gateway.demo.Demo;
import eu.eevidence.gw.gateway.delivery.EmbeddedBroker;
import eu.eevidence.gw.gateway.order.RequestRecord;
import eu.eevidence.gw.gateway.order.RequestState;
import eu.eevidence.gw.testkit.ContactPointClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Reliable delivery on a running node against the simulated portal (ADR 0009): Retry-After honoured, 429, the
 * circuit breaker, dead letters after the bounds, a node problem that is not a refusal, and a restart between the
 * portal's answer and its recording. Each asserts the final state, the effects at the portal and the custody events.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeliveryReliabilityIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** 100 ms doubling up to 1 s, +-20 %, 3 attempts or 1 h; node problems after 1 s; a circuit opens after 4 failures for 2 s. */
    private static final DeliveryPolicy FAST = new DeliveryPolicy(Duration.ofMillis(100), 2.0, Duration.ofSeconds(1), 0.2, 3, Duration.ofHours(1),
            Duration.ofSeconds(1), 4, Duration.ofSeconds(2));

    private TestNetwork net;
    private ContactPointClient cp;

    @BeforeAll
    void start(@TempDir Path shared) throws Exception {
        net = new TestNetwork(shared, TestNetwork.FAST_RETRY, FAST);
        cp = net.client(net.contactPoint);
    }

    @AfterAll
    void stop() {
        if (net != null) {
            net.close();
        }
    }

    @Test
    @Order(1)
    void a503WithRetryAfterIsNotRetriedBeforeItAndTheSameKeyIsSent() throws Exception {
        net.portal.failNext(1, 503, Duration.ofSeconds(2));
        String id = submit(cp);
        awaitState(net, id, RequestState.PRESERVED);
        List<ServeEvent> calls = calls(net, id);
        assertThat(calls).hasSize(2);
        long gap = calls.get(1).getRequest().getLoggedDate().getTime() - calls.get(0).getRequest().getLoggedDate().getTime();
        assertThat(gap).isGreaterThanOrEqualTo(2000);
        assertThat(calls).extracting(e -> e.getRequest().getHeader("Idempotency-Key")).containsOnly(id);
        assertThat(effects(net, id)).isEqualTo(1);
        assertThat(net.node.requests().find(id).orElseThrow().deliveryAttempts()).isEqualTo(2);
        assertThat(custody(net, id)).containsSubsequence("REQUEST_QUEUED", "REQUEST_SENT", "RECEIPT_RECEIVED", "PRESERVATION_CONFIRMED")
                .containsOnlyOnce("REQUEST_SENT");
    }

    @Test
    @Order(2)
    void a429IsRetriedAfterItsRetryAfter() throws Exception {
        net.portal.failNext(2, 429, Duration.ofSeconds(1));
        String id = submit(cp);
        awaitState(net, id, RequestState.PRESERVED);
        List<ServeEvent> calls = calls(net, id);
        assertThat(calls).hasSize(3);
        for (int i = 1; i < calls.size(); i++) {
            assertThat(calls.get(i).getRequest().getLoggedDate().getTime() - calls.get(i - 1).getRequest().getLoggedDate().getTime())
                    .isGreaterThanOrEqualTo(1000);
        }
        assertThat(effects(net, id)).isEqualTo(1);
        assertThat(timeline(cp, id)).filteredOn("DELIVERY_ATTEMPT_FAILED"::equals).hasSize(2);
    }

    @Test
    @Order(3)
    void anAuthenticationFailureIsTheNodesProblemNotARefusal() throws Exception {
        long alerts = net.node.delivery().metrics().counters().get("operator_alerts_total");
        net.portal.failNext(1, 401);
        String id = submit(cp);
        await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(20))
                .until(() -> "EEG-DLV-OPERATOR".equals(net.node.requests().find(id).orElseThrow().failureCode())
                        || net.node.requests().find(id).orElseThrow().state() != RequestState.ACCEPTED);
        RequestRecord parked = net.node.requests().find(id).orElseThrow();
        assertThat(parked.state()).isIn(RequestState.DISPATCHED, RequestState.PRESERVED);
        assertThat(net.node.delivery().metrics().counters().get("operator_alerts_total")).isEqualTo(alerts + 1);
        // kept pending and retried after the long delay: delivered once the portal takes it
        awaitState(net, id, RequestState.PRESERVED);
        assertThat(timeline(cp, id)).doesNotContain("REFUSED").contains("DELIVERY_ATTEMPT_FAILED");
        assertThat(JSON.readTree(cp.get("api/v1/requests/" + id + "/timeline").body()).toString()).contains("EEG-DLV-OPERATOR");
        assertThat(effects(net, id)).isEqualTo(1);
        assertThat(custody(net, id)).doesNotContain("REQUEST_REFUSED", "DELIVERY_FAILED").containsOnlyOnce("REQUEST_SENT");
        assertThat(net.node.requests().find(id).orElseThrow().deliveryAttempts()).isEqualTo(1); // node problems use up no attempt
    }

    @Test
    @Order(4)
    void deadLettersAfterTheAttemptBoundWithAnAlertCounterAndACustodyEvent() throws Exception {
        long deadLetters = net.node.delivery().metrics().counters().get("dead_letters_total");
        net.portal.failNext(FAST.maxAttempts(), 503);
        String id = submit(cp);
        awaitState(net, id, RequestState.FAILED);
        RequestRecord r = net.node.requests().find(id).orElseThrow();
        assertThat(r.deliveryAttempts()).isEqualTo(FAST.maxAttempts());
        assertThat(r.failureCode()).isEqualTo("EEG-DLV-DEAD-LETTER");
        assertThat(calls(net, id)).hasSize(FAST.maxAttempts());
        assertThat(effects(net, id)).isZero();
        assertThat(net.node.delivery().metrics().counters().get("dead_letters_total")).isEqualTo(deadLetters + 1);
        assertThat(custody(net, id)).endsWith("DELIVERY_FAILED").doesNotContain("REQUEST_SENT");
        assertThat(timeline(cp, id)).contains("DELIVERY_FAILED").doesNotContain("REFUSED");
    }

    @Test
    @Order(5)
    void unreadableQueueBodiesAreDeadLetteredAndTheQueueKeepsDelivering() throws Exception {
        long deadLetters = net.node.delivery().metrics().counters().get("dead_letters_total");
        List<String> unreadable = List.of("receipt:RCPT-of-a-kind-this-version-does-not-know", "notice:", "REQ-with a space");
        try (jakarta.jms.Connection c = net.node.probe().broker().connectionFactory().createConnection()) {
            jakarta.jms.Session session = c.createSession(false, jakarta.jms.Session.AUTO_ACKNOWLEDGE);
            jakarta.jms.MessageProducer producer = session.createProducer(session.createQueue(DeliveryQueues.queueFor(Demo.PLATFORM_ID)));
            for (String body : unreadable) {
                producer.send(session.createTextMessage(body), jakarta.jms.DeliveryMode.PERSISTENT, jakarta.jms.Message.DEFAULT_PRIORITY, 0);
            }
        }
        await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(50))
                .until(() -> net.node.delivery().metrics().counters().get("dead_letters_total") == deadLetters + unreadable.size());
        await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(50))
                .until(() -> net.node.probe().broker().messageCount(DeliveryQueues.DEAD_LETTER) == 0);
        assertThat(net.node.probe().camel().getRouteController().getRouteStatus(DeliveryRoutes.routeId(Demo.PLATFORM_ID)).isStarted()).isTrue();

        String id = submit(cp); // the same queue delivers the next request as before
        awaitState(net, id, RequestState.PRESERVED);
        assertThat(effects(net, id)).isEqualTo(1);
        assertThat(net.node.delivery().metrics().counters().get("dead_letters_total")).isEqualTo(deadLetters + unreadable.size());
    }

    @Test
    @Order(10)
    void theCircuitOpensNoRequestReachesThePortalWhileOpenAndItRecovers(@TempDir Path dir) throws Exception {
        DeliveryPolicy policy = new DeliveryPolicy(Duration.ofMillis(100), 2.0, Duration.ofSeconds(1), 0.2, 100, Duration.ofHours(1),
                Duration.ofSeconds(1), 3, Duration.ofSeconds(3));
        try (TestNetwork own = new TestNetwork(dir, TestNetwork.FAST_RETRY, policy)) {
            ContactPointClient client = own.client(own.contactPoint);
            own.portal.failNext(1_000_000, 503);
            String first = submit(client);
            JsonNode open = await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(20))
                    .until(() -> circuit(client), c -> c != null && "OPEN".equals(c.get("state").asText()));
            Instant openUntil = Instant.parse(open.get("openUntil").asText());
            Instant openedAt = openUntil.minus(policy.breakerOpen());
            List<String> ids = new ArrayList<>(List.of(first));
            for (int i = 0; i < 3; i++) {
                ids.add(submit(client)); // held back while the circuit is open
            }
            await().atMost(30, TimeUnit.SECONDS).until(() -> own.node.delivery().metrics().counters().get("held_by_open_circuit_total") >= 3);
            own.portal.heal();
            for (String id : ids) {
                awaitState(own, id, RequestState.PRESERVED);
            }
            long inOpenWindow = own.portal.wireMock().getAllServeEvents().stream()
                    .map(e -> e.getRequest().getLoggedDate().toInstant())
                    .filter(t -> t.isAfter(openedAt) && t.isBefore(openUntil)).count();
            assertThat(inOpenWindow).isZero();
            JsonNode closed = circuit(client);
            assertThat(closed.get("state").asText()).isEqualTo("CLOSED");
            assertThat(closed.get("timesOpened").asLong()).isGreaterThanOrEqualTo(1);
            for (String id : ids) {
                assertThat(effects(own, id)).isEqualTo(1);
                assertThat(custody(own, id)).containsOnlyOnce("REQUEST_SENT").contains("PRESERVATION_CONFIRMED");
            }
            String prometheus = client.get("api/v1/metrics/prometheus").body();
            assertThat(prometheus).contains("eeg_delivery_circuit_state{destination=\"" + Demo.PLATFORM_ID + "\",lane=\"ordinary\"} 0").contains("eeg_delivery_held_by_open_circuit_total");
        }
    }

    @Test
    @Order(11)
    void deadLettersWhenTheNextAttemptWouldFallAfterTheTimeBound(@TempDir Path dir) throws Exception {
        DeliveryPolicy policy = new DeliveryPolicy(Duration.ofSeconds(1), 1.0, Duration.ofSeconds(1), 0.0, 100, Duration.ofMillis(1500),
                Duration.ofSeconds(1), 100, Duration.ofSeconds(1));
        try (TestNetwork own = new TestNetwork(dir, TestNetwork.FAST_RETRY, policy)) {
            own.portal.failNext(1_000_000, 503);
            String id = submit(own.client(own.contactPoint));
            awaitState(own, id, RequestState.FAILED);
            RequestRecord r = own.node.requests().find(id).orElseThrow();
            // far below the attempt bound (100); 0 when a loaded machine reaches the first attempt only after the bound
            assertThat(r.deliveryAttempts()).isBetween(0, 2);
            assertThat(r.failureCode()).isEqualTo("EEG-DLV-DEAD-LETTER");
            assertThat(r.failureReason()).contains("since acceptance");
            assertThat(custody(own, id)).endsWith("DELIVERY_FAILED");
            assertThat(effects(own, id)).isZero();
        }
    }

    @Test
    @Order(12)
    void aRestartBetweenThePortalsAnswerAndItsRecordingDeliversOnce(@TempDir Path dir) throws Exception {
        // broker redelivery after a rollback only after 5 s, so that the node is stopped before it comes
        EmbeddedBroker.RetryPolicy crashRedelivery = new EmbeddedBroker.RetryPolicy(Duration.ofSeconds(5), 1.0, Duration.ofSeconds(5), 1000);
        try (TestNetwork own = new TestNetwork(dir, crashRedelivery, FAST)) {
            CountDownLatch answered = new CountDownLatch(1);
            own.node.delivery().setAnswerHook((reqId, outcome) -> {
                if (outcome instanceof DeliveryOutcome.Delivered) {
                    answered.countDown();
                    throw new IllegalStateException("EEG-TEST-CRASH the node dies before recording the receipt");
                }
            });
            String id = submit(own.client(own.contactPoint));
            assertThat(answered.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(effects(own, id)).isEqualTo(1); // the portal has it ...
            assertThat(own.node.requests().find(id).orElseThrow().state()).isEqualTo(RequestState.ACCEPTED); // ... the node does not know

            own.stopNode();
            own.startNode();
            awaitState(own, id, RequestState.PRESERVED);
            List<ServeEvent> calls = calls(own, id);
            assertThat(calls).hasSizeGreaterThanOrEqualTo(2);
            assertThat(calls).extracting(e -> e.getRequest().getHeader("Idempotency-Key")).containsOnly(id);
            assertThat(effects(own, id)).isEqualTo(1);
            assertThat(timeline(own.client(own.contactPoint), id)).containsOnlyOnce("DELIVERED");
            assertThat(custody(own, id)).containsOnlyOnce("REQUEST_SENT").containsOnlyOnce("RECEIPT_RECEIVED").contains("PRESERVATION_CONFIRMED");
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static String submit(ContactPointClient client) throws Exception {
        ContactPointClient.Answer a = client.submit(Demo.sample(), "reliab-" + UUID.randomUUID());
        assertThat(a.status()).isEqualTo(201);
        return JSON.readTree(a.body()).get("id").asText();
    }

    private static void awaitState(TestNetwork n, String id, RequestState state) {
        await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(50))
                .until(() -> n.node.requests().find(id).orElseThrow().state() == state);
    }

    /** POSTs of this request that reached the portal, in arrival order. */
    private static List<ServeEvent> calls(TestNetwork n, String id) {
        return n.portal.wireMock().getAllServeEvents().stream()
                .filter(e -> id.equals(e.getRequest().getHeader("X-Request-Id")))
                .sorted(Comparator.comparing(e -> e.getRequest().getLoggedDate()))
                .toList();
    }

    /** Effects at the portal: requests it accepted and applied (once per idempotency key). */
    private static long effects(TestNetwork n, String id) {
        return n.portal.accepted().stream().filter(a -> a.requestId().equals(id)).count();
    }

    private static List<String> timeline(ContactPointClient client, String id) throws Exception {
        JsonNode t = JSON.readTree(client.get("api/v1/requests/" + id + "/timeline").body());
        return t.get("events").findValuesAsText("event");
    }

    private static List<String> custody(TestNetwork n, String id) throws Exception {
        return n.node.requests().database().read(c -> {
            List<String> types = new ArrayList<>();
            try (var ps = c.connection().prepareStatement("SELECT event_type FROM custody_record WHERE request_id = ? ORDER BY id")) {
                ps.setString(1, id);
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        types.add(rs.getString(1));
                    }
                }
            }
            return types;
        });
    }

    private static JsonNode circuit(ContactPointClient client) throws Exception {
        JsonNode body = JSON.readTree(client.get("api/v1/metrics/delivery").body());
        for (JsonNode c : body.get("circuits")) {
            if (Demo.PLATFORM_ID.equals(c.get("destination").asText()) && "ORDINARY".equals(c.path("lane").asText())) {
                return c;
            }
        }
        return null;
    }
}
