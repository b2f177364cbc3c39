package eu.eevidence.gw.gateway.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import eu.eevidence.gw.gateway.delivery.DeliveryRoutes;
import eu.eevidence.gw.gateway.demo.Demo;
import eu.eevidence.gw.gateway.order.RequestState;
import eu.eevidence.gw.pki.CmsProfile;
import eu.eevidence.gw.testkit.ContactPointClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The emergency lane (ADR-0031) on a running node against the simulated portal: an unsigned emergency refused where the
 * deployment requires the requester's signature; emergencies submitted behind a backlog of ordinary requests for a slow
 * portal reach the portal before the remaining backlog (asserted on the order of arrivals, not on times).
 */
class EmergencyLaneIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CMS = "application/pkcs7-mime; smime-type=signed-data";
    private static final int BACKLOG = 40;
    private static final int EMERGENCIES = 3;

    @Test
    void anUnsignedEmergencyIsRefusedWhereSignaturesAreRequiredAndNothingIsStored(@TempDir Path dir) throws Exception {
        try (TestNetwork net = new TestNetwork(dir, c -> c.withAccess(c.access().withSignedEmergencies(true)))) {
            ContactPointClient cp = net.client(net.contactPoint);
            int before = net.node.requests().awaitingDelivery().size();
            ContactPointClient.Answer refused = cp.post("api/v1/requests", Demo.emergencySample("msg-e-" + UUID.randomUUID()), "application/json",
                    "e-" + UUID.randomUUID());
            assertThat(refused.status()).as(refused.body()).isEqualTo(403);
            JsonNode problem = JSON.readTree(refused.body());
            assertThat(problem.get("code").asText()).isEqualTo("EEG-REQ-EMERGENCY-UNSIGNED");
            assertThat(problem.get("detail").asText()).contains("requires the requester's own signature on emergency requests");
            assertThat(net.node.requests().awaitingDelivery()).hasSize(before);

            ContactPointClient.Answer ordinary = cp.submit(Demo.sample(), "o-" + UUID.randomUUID());
            assertThat(ordinary.status()).as("an ordinary request needs no signature").isEqualTo(201);
            byte[] signed = new CmsProfile(Clock.systemUTC()).sign(Demo.emergencySample("msg-e-" + UUID.randomUUID()), net.contactPoint);
            ContactPointClient.Answer accepted = cp.post("api/v1/requests", signed, CMS, "e-" + UUID.randomUUID());
            assertThat(accepted.status()).as(accepted.body()).isEqualTo(201);
        }
    }

    @Test
    void emergenciesReachTheSlowPortalBeforeTheRemainingOrdinaryBacklog(@TempDir Path dir) throws Exception {
        try (TestNetwork net = new TestNetwork(dir)) {
            ContactPointClient cp = net.client(net.contactPoint);
            net.portal.latency(Duration.ofMillis(1000));
            // the backlog is built while the ordinary lane's route is stopped, so that it is whole however slow submissions are
            var routes = net.node.probe().camel().getRouteController();
            routes.stopRoute(DeliveryRoutes.routeId(Demo.PLATFORM_ID));
            Set<String> ordinary = new HashSet<>();
            for (int i = 0; i < BACKLOG; i++) {
                ordinary.add(submit(cp, Demo.sample(), "backlog-"));
            }
            routes.startRoute(DeliveryRoutes.routeId(Demo.PLATFORM_ID));
            await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(20)).until(() -> !arrivals(net, ordinary).isEmpty());
            List<String> emergencies = new ArrayList<>();
            List<Integer> remainingAtSubmission = new ArrayList<>();
            for (int i = 0; i < EMERGENCIES; i++) {
                remainingAtSubmission.add(BACKLOG - arrivals(net, ordinary).size());
                emergencies.add(submit(cp, Demo.emergencySample("msg-lane-" + UUID.randomUUID()), "emergency-"));
            }
            assertThat(remainingAtSubmission.get(EMERGENCIES - 1)).as("a backlog is still waiting (else this test proves nothing)")
                    .isGreaterThanOrEqualTo(BACKLOG / 2);
            for (String id : emergencies) {
                await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(50))
                        .until(() -> net.node.requests().find(id).orElseThrow().state() != RequestState.ACCEPTED);
            }
            net.portal.latency(Duration.ZERO);
            await().atMost(120, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200)).until(() -> arrivals(net, ordinary).size() == BACKLOG);

            List<String> order = arrivals(net, null);
            for (int i = 0; i < EMERGENCIES; i++) {
                int at = order.indexOf(emergencies.get(i));
                assertThat(at).as("emergency %s reached the portal", emergencies.get(i)).isNotNegative();
                long ordinaryAfter = order.subList(at + 1, order.size()).stream().filter(ordinary::contains).count();
                // at most the calls already in flight on the ordinary lane's consumers (4) overtake it, never the backlog
                assertThat(ordinaryAfter).as("ordinary requests that reached the portal after emergency %d", i)
                        .isGreaterThanOrEqualTo(remainingAtSubmission.get(i) - 8L);
            }
            assertThat(net.node.requests().find(emergencies.get(0)).orElseThrow().state()).isNotEqualTo(RequestState.FAILED);
        }
    }

    private static String submit(ContactPointClient cp, byte[] body, String keyPrefix) throws Exception {
        ContactPointClient.Answer a = cp.post("api/v1/requests", body, "application/json", keyPrefix + UUID.randomUUID());
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        return JSON.readTree(a.body()).get("id").asText();
    }

    /** Request ids in the order their first delivery reached the portal; only those of {@code among} unless null. */
    private static List<String> arrivals(TestNetwork net, Set<String> among) {
        List<ServeEvent> events = new ArrayList<>(net.portal.wireMock().getAllServeEvents());
        events.sort(Comparator.comparing(e -> e.getRequest().getLoggedDate()));
        List<String> ids = new ArrayList<>();
        for (ServeEvent e : events) {
            String id = e.getRequest().getHeader("X-Request-Id");
            if (id != null && !ids.contains(id) && (among == null || among.contains(id))) {
                ids.add(id);
            }
        }
        return ids;
    }
}
