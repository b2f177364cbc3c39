package eu.eevidence.gw.gateway.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.eevidence.gw.gateway.demo.Demo;
import eu.eevidence.gw.gateway.delivery.EmbeddedBroker;
import eu.eevidence.gw.gateway.order.Digests;
import eu.eevidence.gw.gateway.order.EventCode;
import eu.eevidence.gw.gateway.order.NewRequest;
import eu.eevidence.gw.gateway.order.RequestState;
import eu.eevidence.gw.gateway.order.TimelineEvent;
import eu.eevidence.gw.pki.CmsProfile;
import eu.eevidence.gw.schema.codec.DecodeResult;
import eu.eevidence.gw.schema.codec.JsonCodec;
import eu.eevidence.gw.testkit.ContactPointClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Nothing accepted is lost when the node stops: the journal and the database carry the work across a restart. */
class NodeRestartIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EmbeddedBroker.RetryPolicy SLOW_RETRY = new EmbeddedBroker.RetryPolicy(Duration.ofMillis(300), 1.0, Duration.ofMillis(300), 1000);

    @Test
    void aRequestWaitingForAPortalIsDeliveredOnceAfterARestart(@TempDir Path dir) throws Exception {
        try (TestNetwork net = new TestNetwork(dir, SLOW_RETRY)) {
            net.portal.failNext(1_000_000, 503); // the portal is down
            ContactPointClient cp = net.client(net.contactPoint);
            String key = "restart-" + UUID.randomUUID();
            ContactPointClient.Answer created = cp.submit(Demo.sample(), key);
            assertThat(created.status()).isEqualTo(201);
            String id = JSON.readTree(created.body()).get("id").asText();
            await().atMost(20, TimeUnit.SECONDS).until(() -> net.node.requests().find(id).orElseThrow().state() == RequestState.DISPATCHED);

            net.stopNode();
            net.portal.heal();
            int deliveriesWhileDown = net.portal.deliveriesReceived();
            net.startNode();

            ContactPointClient again = net.client(net.contactPoint);
            JsonNode status = await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(50))
                    .until(() -> JSON.readTree(again.get("api/v1/requests/" + id).body()), s -> "PRESERVED".equals(s.get("state").asText()));
            assertThat(status.get("deliveryAttempts").asInt()).isGreaterThan(1);
            assertThat(net.portal.accepted()).extracting(a -> a.requestId()).containsExactly(id);
            assertThat(net.portal.deliveriesReceived()).isGreaterThan(deliveriesWhileDown);
            // the resubmission after the restart still finds the same request
            ContactPointClient.Answer replay = again.submit(Demo.sample(), key);
            assertThat(replay.status()).isEqualTo(200);
            assertThat(JSON.readTree(replay.body()).get("id").asText()).isEqualTo(id);
        }
    }

    @Test
    void aRequestStoredButNeverQueuedIsQueuedAtStartUp(@TempDir Path dir) throws Exception {
        try (TestNetwork net = new TestNetwork(dir, SLOW_RETRY)) {
            // the state a crash between the database commit and the broker send leaves behind
            JsonCodec codec = new JsonCodec();
            byte[] canonical = codec.canonical(((DecodeResult.Valid) codec.decodeRequest(Demo.sample())).request());
            byte[] sealed = new CmsProfile(Clock.systemUTC()).seal(canonical, net.node.nodeKey(), List.of(net.platformKey.certificate()));
            String id = "REQ-01JDZZZZZZZZZZZZZZZZZZZZZZ";
            Instant now = Instant.now();
            net.node.requests().database().inTx(c -> {
                net.node.requests().insert(c, new NewRequest(id, "BUDAPEST_ART29_PRESERVATION", Demo.PLATFORM_ID, "IE",
                        net.contactPoint.fingerprint(), "CN=test", "crash-key", Digests.sha256(canonical), canonical, sealed,
                        Digests.sha256(sealed), 90, now), List.of(new TimelineEvent(0, EventCode.REQUEST_QUEUED, null, RequestState.ACCEPTED, now,
                                now, "node", null)));
                return null;
            });
            net.stopNode();
            net.startNode();
            await().atMost(30, TimeUnit.SECONDS).until(() -> net.node.requests().find(id).orElseThrow().state() == RequestState.PRESERVED);
            assertThat(net.portal.accepted()).extracting(a -> a.requestId()).containsExactly(id);
            // a second restart does not deliver it again
            net.stopNode();
            net.startNode();
            assertThat(net.node.requests().find(id).orElseThrow().state()).isEqualTo(RequestState.PRESERVED);
            assertThat(net.portal.accepted()).hasSize(1);
        }
    }
}
