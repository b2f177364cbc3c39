package eu.eevidence.gw.gateway.alert;

import eu.eevidence.gw.gateway.infra.Database;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** E-mail over SMTP with STARTTLS required, against GreenMail (behind a STARTTLS front) and servers that refuse (ADR-0030). */
class AlarmMailIT {

    private static final String DESK = "ab12cd34";
    private static final String TO = "ee-desk@prosecution.example";

    @TempDir
    Path dir;
    private AlarmReceivers receivers;
    private Database db;
    private AlertModule module;

    @BeforeEach
    void setUp() throws Exception {
        receivers = new AlarmReceivers(dir);
        db = Database.open("jdbc:h2:mem:mail-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1", "sa", "");
    }

    @AfterEach
    void tearDown() throws Exception {
        if (module != null) {
            module.close();
        }
        db.close();
        receivers.close();
    }

    private static Alarm emergency(String requestId) {
        return new Alarm.Emergency(new Alarm.Subject(requestId, "EPOC", Instant.parse("2026-12-08T02:00:00Z"), "", DESK));
    }

    private AlarmDelivery failedAfterRaising(AlarmsConfig config) {
        module = new AlertModule(config, db, Clock.systemUTC()).start();
        ((AlarmStore) module.log()).raise(emergency("REQ-M"));
        await().atMost(Duration.ofSeconds(20)).until(() -> module.failed(10).size() == 1);
        return module.failed(10).get(0);
    }

    @Test
    void aServerWithoutStartTlsIsRefusedAtOnceAndNothingIsSent() throws Exception {
        int plain = receivers.mail.getSmtp().getPort(); // GreenMail itself: its EHLO offers no STARTTLS
        AlarmDelivery d = failedAfterRaising(receivers.load(receivers.config(plain, "smtp-password.txt",
                AlarmReceivers.mailSubscriber("desk", DESK, "requester", TO))));
        assertThat(d.lastError()).startsWith("EEG-ALM-MAIL-STARTTLS");
        assertThat(d.attempts()).isEqualTo(1);
        assertThat(receivers.mail.getReceivedMessages()).isEmpty();
    }

    @Test
    void refusedCredentialsFailTheAlarmAndNothingIsSent() throws Exception {
        Files.writeString(dir.resolve("wrong.txt"), "not the password");
        AlarmDelivery d = failedAfterRaising(receivers.load(receivers.config(0, "wrong.txt",
                AlarmReceivers.mailSubscriber("desk", DESK, "requester", TO))));
        assertThat(d.lastError()).startsWith("EEG-ALM-MAIL-AUTH");
        assertThat(receivers.mail.getReceivedMessages()).isEmpty();
    }

    @Test
    void aServerAnswering5xxFailsTheAlarm() throws Exception {
        try (StartTlsFront refusing = new StartTlsFront(receivers.serverTls, 0, "554 5.3.2 not accepting mail")) {
            AlarmDelivery d = failedAfterRaising(receivers.load(receivers.config(refusing.port(), "smtp-password.txt",
                    AlarmReceivers.mailSubscriber("desk", DESK, "requester", TO))));
            assertThat(d.lastError()).startsWith("EEG-ALM-MAIL-REFUSED SMTP 554");
        }
    }

    @Test
    void anAlarmArrivesOnceOverStartTlsWithItsBatchIdAsMessageIdAndOnlyIdTypeDeadlineAndLink() throws Exception {
        AlarmsConfig config = receivers.load(receivers.config(0, "smtp-password.txt", AlarmReceivers.mailSubscriber("desk", DESK, "requester", TO)));
        module = new AlertModule(config, db, Clock.systemUTC()).start();
        ((AlarmStore) module.log()).raise(emergency("REQ-MAIL"));
        await().atMost(Duration.ofSeconds(20)).until(() -> receivers.mail.getReceivedMessages().length == 1);
        module.dispatcher().tick();
        assertThat(receivers.mail.getReceivedMessages()).hasSize(1);
        MimeMessage m = receivers.mail.getReceivedMessages()[0];
        AlarmDelivery sent = module.dispatcher().deliveries(AlarmStore.SENT, 10).get(0);
        assertThat(m.getMessageID()).isEqualTo("<" + sent.batchId() + "@gw.at.example>");
        assertThat(m.getSubject()).isEqualTo("[EEG] emergency REQ-MAIL EPOC");
        String body = ((String) m.getContent()).strip();
        assertThat(body).isEqualTo(String.join("\r\n", "emergency (urgent)", "Request: REQ-MAIL", "Type: EPOC",
                "Deadline: 2026-12-08T02:00:00Z", "Open: https://gw.at.example:8443/console/requests/REQ-MAIL"));
        assertThat(m.getAllRecipients()[0].toString()).isEqualTo(TO);
    }
}
