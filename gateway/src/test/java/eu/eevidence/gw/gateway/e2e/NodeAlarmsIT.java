package eu.eevidence.gw.gateway.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import eu.eevidence.gw.gateway.alert.AlarmReceivers;
import eu.eevidence.gw.gateway.alert.AlarmsConfig;
import eu.eevidence.gw.gateway.delivery.DeliveryPolicy;
import eu.eevidence.gw.gateway.demo.Demo;
import eu.eevidence.gw.gateway.order.RequestState;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.testkit.ContactPointClient;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 17 item 5 on a running node: a request whose delivery is given up raises a dead-letter alarm that GreenMail
 * (over STARTTLS) and WireMock (HTTPS, signed CloudEvent) each receive exactly once, also across a node restart, with
 * the request id, type and deadline and none of the personal data the request carried; a receiver answering 500 forever
 * gets its bounded retries, then the alarm is in the alarm-failed state that operators read through the API.
 */
class NodeAlarmsIT {

    private static final DeliveryPolicy FAST = new DeliveryPolicy(Duration.ofMillis(100), 2.0, Duration.ofSeconds(1), 0.2, 3, Duration.ofHours(1),
            Duration.ofSeconds(1), 100, Duration.ofSeconds(2));
    /** What the demo request (docs' Art. 29 sample) holds about people and accounts: none of it may leave in an alarm. */
    private static final List<String> PERSONAL = List.of("pointcontact247@interieur.example.fr", "+33140972000", "OFAC", "100004417730213",
            "203.0.113.77", "intimate images", "victim");

    @Test
    void aDeadLetterReachesMailAndWebhookExactlyOnceAcrossARestartWithoutPersonalData(@TempDir Path dir) throws Exception {
        try (AlarmReceivers r = new AlarmReceivers(dir.resolve("receivers"))) {
            r.webhooks.stubFor(post(urlPathEqualTo("/hook")).willReturn(aResponse().withStatus(204)));
            r.webhooks.stubFor(post(urlPathEqualTo("/down")).willReturn(aResponse().withStatus(500)));
            AlarmsConfig alarms = r.load(r.config(0, "smtp-password.txt", String.join(", ",
                    AlarmReceivers.mailSubscriber("desk-mail", "*", "requester", "desk@prosecution.example"),
                    r.hookSubscriber("desk-hook", "*", "requester", "/hook"),
                    r.hookSubscriber("pager-down", "*", "operator", "/down"),
                    AlarmReceivers.mailSubscriber("other-desk", "ffff", "requester", "other@prosecution.example"))));
            try (TestNetwork net = new TestNetwork(dir.resolve("node"), FAST, alarms)) {
                net.portal.failNext(FAST.maxAttempts(), 503);
                ContactPointClient cp = net.client(net.contactPoint);
                ContactPointClient.Answer created = cp.submit(Demo.sample(), "alarm-" + UUID.randomUUID());
                assertThat(created.status()).isEqualTo(201);
                String id = new ObjectMapper().readTree(created.body()).get("id").asText();
                await().atMost(Duration.ofSeconds(60)).until(() -> net.node.requests().find(id).orElseThrow().state() == RequestState.FAILED);
                await().atMost(Duration.ofSeconds(30)).until(() -> r.mail.getReceivedMessages().length == 1 && hooks(r, "/hook").size() == 1
                        && net.node.probe().alerts().failed(10).size() == 1);

                net.stopNode();
                net.startNode();
                net.node.probe().alerts().dispatcher().tick();
                net.node.probe().alerts().dispatcher().tick();

                assertThat(r.mail.getReceivedMessages()).hasSize(1);
                assertThat(hooks(r, "/hook")).hasSize(1);
                assertThat(hooks(r, "/down")).as("bounded retries, not repeated by the restart").hasSize(3);
                MimeMessage m = r.mail.getReceivedMessages()[0];
                assertThat(m.getAllRecipients()[0].toString()).isEqualTo("desk@prosecution.example");
                String mail = m.getSubject() + "\n" + m.getContent();
                String hook = hooks(r, "/hook").get(0).getBodyAsString();
                for (String text : List.of(mail, hook)) {
                    assertThat(text).contains(id).contains("BUDAPEST_ART29_PRESERVATION").contains("dead-letter");
                    for (String personal : PERSONAL) {
                        assertThat(text).doesNotContain(personal);
                    }
                    assertThat(text).doesNotContain(net.contactPoint.fingerprint());
                }
                // the receiver that answered 500 forever: the alarm-failed state, for operators through the API
                JsonNode failed = new ObjectMapper().readTree(net.client(net.contactPoint).get("api/v1/alarms/failed").body()).get("failed");
                assertThat(failed).hasSize(1);
                assertThat(failed.get(0).get("subscriber").asText()).isEqualTo("pager-down");
                assertThat(failed.get(0).get("requestId").asText()).isEqualTo(id);
                assertThat(failed.get(0).get("attempts").asInt()).isEqualTo(3);
                assertThat(failed.get(0).get("lastError").asText()).startsWith("EEG-ALM-WEBHOOK-STATUS");
                KeyMaterial platform = net.issue("a platform", Role.PLATFORM);
                assertThat(net.client(platform).get("api/v1/alarms/failed").status()).isEqualTo(403);
            }
        }
    }

    private static List<LoggedRequest> hooks(AlarmReceivers r, String path) {
        return r.webhooks.findAll(postRequestedFor(urlPathEqualTo(path)));
    }
}
