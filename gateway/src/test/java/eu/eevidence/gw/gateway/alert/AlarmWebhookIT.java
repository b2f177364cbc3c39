package eu.eevidence.gw.gateway.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import eu.eevidence.gw.gateway.infra.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Signed CloudEvents webhooks against WireMock over HTTPS (ADR-0030). */
class AlarmWebhookIT {

    private static final String DESK = "ab12cd34";
    private static final String NAME = "Maria Muster";
    private static final String EMAIL = "maria.muster@example.org";

    @TempDir
    Path dir;
    private AlarmReceivers receivers;
    private Database db;
    private AlertModule module;

    @BeforeEach
    void setUp() throws Exception {
        receivers = new AlarmReceivers(dir);
        db = Database.open("jdbc:h2:mem:hooks-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1", "sa", "");
    }

    @AfterEach
    void tearDown() throws Exception {
        if (module != null) {
            module.close();
        }
        db.close();
        receivers.close();
    }

    private static Alarm breach(String requestId) {
        return new Alarm.DeadlineBreach(new Alarm.Subject(requestId, "EPOC", Instant.parse("2026-12-08T12:00:00Z"), requestId + "/EPOC-10", DESK));
    }

    private List<LoggedRequest> posts(String path) {
        return receivers.webhooks.findAll(postRequestedFor(urlPathEqualTo(path)));
    }

    @Test
    void aReceiverAnswering500ForeverGetsBoundedRetriesThenTheAlarmFailsAndAnotherReceiverIsUnaffected() throws Exception {
        receivers.webhooks.stubFor(post(urlPathEqualTo("/down")).willReturn(aResponse().withStatus(500)));
        receivers.webhooks.stubFor(post(urlPathEqualTo("/up")).willReturn(aResponse().withStatus(204)));
        AlarmsConfig config = receivers.load(receivers.config(0, "smtp-password.txt", receivers.hookSubscriber("down", DESK, "requester", "/down")
                + ", " + receivers.hookSubscriber("up", DESK, "requester", "/up")));
        module = new AlertModule(config, db, Clock.systemUTC()).start();
        ((AlarmStore) module.log()).raise(breach("REQ-500"));
        await().atMost(Duration.ofSeconds(20)).until(() -> module.failed(10).size() == 1 && posts("/up").size() == 1);
        AlarmDelivery failed = module.failed(10).get(0);
        assertThat(failed.subscriberId()).isEqualTo("down");
        assertThat(failed.attempts()).isEqualTo(3);
        assertThat(failed.lastError()).startsWith("EEG-ALM-WEBHOOK-STATUS HTTP 500");
        assertThat(posts("/down")).hasSize(3); // bounded: maxAttempts, no more
        assertThat(posts("/down")).extracting(r -> r.getHeader("webhook-id")).containsOnly(failed.batchId());
        assertThat(module.dispatcher().deliveries(AlarmStore.SENT, 10)).extracting(AlarmDelivery::subscriberId).containsExactly("up");
    }

    @Test
    void aReceiverCertificateOutsideTheConfiguredTrustIsAFailedAttemptAndNothingIsSent() throws Exception {
        receivers.webhooks.stubFor(post(urlPathEqualTo("/up")).willReturn(aResponse().withStatus(204)));
        AlarmsConfig config = receivers.load(receivers.config(0, "smtp-password.txt",
                receivers.hookSubscriber("up", DESK, "requester", "/up").replace("\"trust\": \"" + receivers.caPem + "\"", "\"trust\": null")));
        module = new AlertModule(config, db, Clock.systemUTC()).start();
        ((AlarmStore) module.log()).raise(breach("REQ-TLS"));
        await().atMost(Duration.ofSeconds(20)).until(() -> module.failed(10).size() == 1);
        assertThat(module.failed(10).get(0).lastError()).startsWith("EEG-ALM-WEBHOOK-FAILED");
        assertThat(posts("/up")).isEmpty();
    }

    @Test
    void anAlarmArrivesOnceAsASignedCloudEventWithoutPersonalData() throws Exception {
        receivers.webhooks.stubFor(post(urlPathEqualTo("/up")).willReturn(aResponse().withStatus(200)));
        AlarmsConfig config = receivers.load(receivers.config(0, "smtp-password.txt", receivers.hookSubscriber("up", DESK, "requester", "/up")));
        module = new AlertModule(config, db, Clock.systemUTC()).start();
        ((AlarmStore) module.log()).raise(breach("REQ-OK"));
        await().atMost(Duration.ofSeconds(20)).until(() -> posts("/up").size() == 1);
        module.dispatcher().tick();
        assertThat(posts("/up")).hasSize(1);
        LoggedRequest r = posts("/up").get(0);
        String body = r.getBodyAsString();
        assertThat(r.getHeader("content-type")).isEqualTo("application/cloudevents+json; charset=utf-8");
        byte[] secret = AlarmsConfig.webhookSecret("t", AlarmReceivers.WEBHOOK_SECRET);
        long ts = Long.parseLong(r.getHeader("webhook-timestamp"));
        assertThat(Math.abs(ts - Instant.now().getEpochSecond())).isLessThan(60);
        assertThat(WebhookSignature.verify(secret, r.getHeader("webhook-id"), ts, body, r.getHeader("webhook-signature"))).isTrue();
        JsonNode e = new ObjectMapper().readTree(body);
        assertThat(e.get("id").asText()).isEqualTo(r.getHeader("webhook-id"));
        assertThat(e.get("type").asText()).isEqualTo("eu.eevidence.gw.alarm.deadline-breach");
        assertThat(e.get("data").get("requestId").asText()).isEqualTo("REQ-OK");
        assertThat(e.get("data").get("link").asText()).isEqualTo("https://gw.at.example:8443/console/requests/REQ-OK");
        assertThat(body).doesNotContain(DESK).doesNotContain(NAME).doesNotContain(EMAIL);
    }
}
