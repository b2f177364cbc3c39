package eu.eevidence.gw.gateway.alert;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AlarmsConfigTest {

    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @TempDir
    Path dir;

    private AlarmsConfig load(String json) throws Exception {
        Files.writeString(dir.resolve("hook-secret.txt"), SECRET);
        Files.writeString(dir.resolve("smtp-password.txt"), "pw\n");
        Path f = dir.resolve("alarms.json");
        Files.writeString(f, json);
        return AlarmsConfig.load(f);
    }

    private void refused(String json, String why) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> load(json));
        assertTrue(e.getMessage().startsWith("EEG-ALM-CONFIG "), e.getMessage());
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }

    private static String hook(String url) {
        return "{\"linkBase\": \"https://gw.example\", \"subscribers\": [{\"id\": \"h\", \"desk\": \"*\", \"role\": \"operator\", "
                + "\"webhook\": {\"url\": \"" + url + "\", \"secretFile\": \"hook-secret.txt\"}}]}";
    }

    @Test
    void aWebhookOverPlainHttpIsRefused() {
        refused(hook("http://pager.example/hook"), "https");
    }

    @Test
    void unknownKindsRolesAndMissingChannelsAreRefused() {
        refused("{\"linkBase\": \"https://gw.example\", \"subscribers\": [{\"id\": \"a\", \"desk\": \"*\", \"role\": \"requester\", "
                + "\"kinds\": [\"coffee\"], \"email\": \"a@x.example\"}], \"smtp\": {\"host\": \"m\", \"from\": \"g@x.example\"}}", "unknown kind");
        refused("{\"linkBase\": \"https://gw.example\", \"subscribers\": [{\"id\": \"a\", \"desk\": \"*\", \"role\": \"boss\", "
                + "\"email\": \"a@x.example\"}], \"smtp\": {\"host\": \"m\", \"from\": \"g@x.example\"}}", "unknown role");
        refused("{\"linkBase\": \"https://gw.example\", \"subscribers\": [{\"id\": \"a\", \"desk\": \"*\", \"role\": \"operator\"}]}",
                "exactly one");
        refused("{\"linkBase\": \"https://gw.example\", \"subscribers\": [{\"id\": \"a\", \"desk\": \"*\", \"role\": \"operator\", "
                + "\"email\": \"a@x.example\"}]}", "no smtp server");
        refused("{\"linkBase\": \"http://gw.example\", \"subscribers\": []}", "linkBase");
        refused("{\"linkBase\": \"https://gw example\", \"subscribers\": []}", "linkBase is not a URL");
        refused("{\"linkBase\": \"https://gw.example\", \"digestEvery\": \"hourly\", \"subscribers\": []}", "ISO-8601");
    }

    @Test
    void aShortOrMissingWebhookSecretIsRefused() throws Exception {
        Files.writeString(dir.resolve("short.txt"), "whsec_c2hvcnQ=");
        refused(hook("https://pager.example/hook").replace("hook-secret.txt", "short.txt"), "24 to 64 bytes");
        refused(hook("https://pager.example/hook").replace("hook-secret.txt", "none.txt"), "cannot be read");
    }

    @Test
    void aDuplicateSubscriberIdIsRefused() {
        String one = "{\"id\": \"a\", \"desk\": \"*\", \"role\": \"operator\", \"webhook\": {\"url\": \"https://p.example/\", \"secretFile\": "
                + "\"hook-secret.txt\"}}";
        refused("{\"linkBase\": \"https://gw.example\", \"subscribers\": [" + one + ", " + one + "]}", "twice");
    }

    @Test
    void theDocumentedSampleLoads() throws Exception {
        AlarmsConfig c = load(Files.readString(sample()));
        assertEquals(Duration.ofHours(1), c.digestEvery());
        assertEquals(3, c.subscribers().size());
        assertInstanceOf(Subscriber.Mail.class, c.subscribers().get(0).channel());
        assertInstanceOf(Subscriber.Webhook.class, c.subscribers().get(1).channel());
        assertEquals("smtp.example.eu", c.smtp().host());
        assertEquals(587, c.smtp().port());
        assertEquals(8, c.retry().maxAttempts());
    }

    @Test
    void backOffDoublesUpToItsCapWithinItsJitter() {
        AlarmsConfig.Retry r = new AlarmsConfig.Retry(5, Duration.ofSeconds(2), Duration.ofSeconds(10), 0.2);
        assertEquals(Duration.ofMillis(1600), r.delayAfter(1, 0.0));
        assertEquals(Duration.ofMillis(2400), r.delayAfter(1, 1.0));
        assertEquals(Duration.ofSeconds(4), r.delayAfter(2, 0.5));
        assertEquals(Duration.ofSeconds(10), r.delayAfter(9, 0.5));
    }

    /** docs/samples/alarms.json, the sample that docs/configuration.md shows. */
    static Path sample() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("docs/samples/alarms.json"))) {
            p = p.getParent();
        }
        return p.resolve("docs/samples/alarms.json");
    }
}
