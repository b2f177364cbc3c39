package eu.eevidence.gw.gateway.alert;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import eu.eevidence.gw.pki.DevPki;
import eu.eevidence.gw.pki.IssueRequest;
import eu.eevidence.gw.pki.KeyKind;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.pki.Tls;
import eu.eevidence.gw.pki.TrustAnchors;

import javax.net.ssl.SSLContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The receivers of the alarm tests: a TLS server key for 127.0.0.1 from a development CA made at test time, WireMock over
 * HTTPS with it (webhooks), and GreenMail behind a {@link StartTlsFront} with it (e-mail). {@code ca.pem} is the trust
 * file the node's configuration names for both.
 */
public final class AlarmReceivers implements AutoCloseable {

    public static final String SMTP_USER = "gw-at";
    public static final String SMTP_PASSWORD = "correct horse battery staple";
    public static final String WEBHOOK_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    public final Path dir;
    public final Path caPem;
    public final SSLContext serverTls;
    public final WireMockServer webhooks;
    public final GreenMail mail;
    public final StartTlsFront front;

    public AlarmReceivers(Path dir) throws Exception {
        this.dir = dir;
        DevPki pki = DevPki.loadOrCreate(dir.resolve("pki"), Clock.systemUTC());
        KeyMaterial server = pki.issue(new IssueRequest("127.0.0.1", Role.NODE, List.of("127.0.0.1"), KeyKind.EC_P256, Duration.ofDays(1), true,
                false));
        this.caPem = pki.directory().resolve("ca.pem");
        this.serverTls = Tls.sslContext(server, TrustAnchors.of(List.of(pki.rootCertificate())));
        char[] pw = "test-only".toCharArray();
        Path p12 = dir.resolve("receiver-tls.p12");
        server.savePkcs12(p12, pw, "receiver");
        this.webhooks = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").httpDisabled(true).dynamicHttpsPort()
                .keystorePath(p12.toString()).keystorePassword(new String(pw)).keyManagerPassword(new String(pw)).keystoreType("PKCS12"));
        webhooks.start();
        this.mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
                .withConfiguration(GreenMailConfiguration.aConfig().withUser("gw@gw.at.example", SMTP_USER, SMTP_PASSWORD));
        mail.start();
        this.front = new StartTlsFront(serverTls, mail.getSmtp().getPort(), null);
        Files.writeString(dir.resolve("hook-secret.txt"), WEBHOOK_SECRET);
        Files.writeString(dir.resolve("smtp-password.txt"), SMTP_PASSWORD);
    }

    public String webhookUrl(String path) {
        return "https://127.0.0.1:" + webhooks.httpsPort() + path;
    }

    /** An alarms configuration: quick dispatch and retries, SMTP through the STARTTLS front unless {@code smtpPort} is given. */
    public String config(int smtpPort, String smtpPasswordFile, String subscribers) {
        return "{\"linkBase\": \"https://gw.at.example:8443\", \"digestEvery\": \"PT1H\", \"dispatchEvery\": \"PT0.05S\", "
                + "\"retry\": {\"maxAttempts\": 3, \"first\": \"PT0.05S\", \"max\": \"PT0.2S\"}, "
                + "\"smtp\": {\"host\": \"127.0.0.1\", \"port\": " + (smtpPort == 0 ? front.port() : smtpPort) + ", \"from\": \"alarms@gw.at.example\", "
                + "\"user\": \"" + SMTP_USER + "\", \"passwordFile\": \"" + smtpPasswordFile + "\", \"trust\": \"" + caPem + "\", \"timeout\": \"PT5S\"}, "
                + "\"subscribers\": [" + subscribers + "]}";
    }

    public static String mailSubscriber(String id, String desk, String role, String address) {
        return "{\"id\": \"" + id + "\", \"desk\": \"" + desk + "\", \"role\": \"" + role + "\", \"email\": \"" + address + "\"}";
    }

    public String hookSubscriber(String id, String desk, String role, String path) {
        return "{\"id\": \"" + id + "\", \"desk\": \"" + desk + "\", \"role\": \"" + role + "\", \"webhook\": {\"url\": \"" + webhookUrl(path)
                + "\", \"secretFile\": \"hook-secret.txt\", \"trust\": \"" + caPem + "\"}}";
    }

    public AlarmsConfig load(String json) throws Exception {
        Path f = dir.resolve("alarms.json");
        Files.writeString(f, json);
        return AlarmsConfig.load(f);
    }

    @Override
    public void close() throws Exception {
        front.close();
        mail.stop();
        webhooks.stop();
    }
}
