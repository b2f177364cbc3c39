package eu.eevidence.gw.gateway.cli;

import eu.eevidence.gw.adapter.api.DeliveryRequest;
import eu.eevidence.gw.gateway.routing.Platform;
import eu.eevidence.gw.gateway.routing.PlatformSpec;
import eu.eevidence.gw.pki.Certificates;
import eu.eevidence.gw.pki.DevPki;
import eu.eevidence.gw.pki.IssueRequest;
import eu.eevidence.gw.pki.KeyKind;
import eu.eevidence.gw.pki.Role;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The platforms file's {@code settings} reach the adapter's destination; secrets never show in a string form or an error. */
class PlatformsFileTest {

    @TempDir
    static Path dir;

    @BeforeAll
    static void certificate() throws Exception {
        DevPki pki = DevPki.loadOrCreate(dir.resolve("pki"), Clock.systemUTC());
        var key = pki.issue(new IssueRequest("acme", Role.PLATFORM, List.of(), KeyKind.EC_P256, Duration.ofDays(1), false, true));
        Files.writeString(dir.resolve("acme.pem"), Certificates.toPem(key.certificate()));
    }

    private static Path file(String settings) throws Exception {
        Path f = dir.resolve("platforms-" + System.nanoTime() + ".json");
        Files.writeString(f, "{\"platforms\": [{\"id\": \"acme\", \"adapter\": \"etsi-104144\", \"endpoint\": \"https://portal.acme.example/\","
                + " \"encryptionCertificate\": \"acme.pem\"" + (settings == null ? "" : ", \"settings\": " + settings) + "}]}");
        return f;
    }

    @Test
    void settingsAreReadAsFlatStringsAndReachTheDestination() throws Exception {
        List<PlatformSpec> specs = PlatformsFile.read(file("{\"hi1.sender.id\": \"NODE\", \"poll.maxAnswers\": 50, \"legalPaper.upload\": true,"
                + " \"oauth2.clientSecret\": \"s3cret-value\", \"oauth2.clientSecretFile\": \"secret.txt\"}"));
        PlatformSpec spec = specs.get(0);
        assertThat(spec.settings()).containsEntry("hi1.sender.id", "NODE").containsEntry("poll.maxAnswers", "50")
                .containsEntry("legalPaper.upload", "true").containsEntry("oauth2.clientSecret", "s3cret-value")
                .containsEntry("oauth2.clientSecretFile", dir.toAbsolutePath().resolve("secret.txt").toString());
        Platform p = new Platform(spec.id(), spec.adapter(), spec.endpoint(), spec.encryptionCertificate(), null, spec.settings());
        DeliveryRequest.Destination d = p.destination();
        assertThat(d.setting("hi1.sender.id", null)).isEqualTo("NODE");
        assertThat(d.settings()).isEqualTo(spec.settings());
        assertThat(spec.toString()).contains("oauth2.clientSecret").doesNotContain("s3cret-value");
        assertThat(p.toString()).contains("oauth2.clientSecret").doesNotContain("s3cret-value");
        assertThat(d.toString()).contains("oauth2.clientSecret").doesNotContain("s3cret-value");
    }

    @Test
    void noSettingsIsAnEmptyMap() throws Exception {
        assertThat(PlatformsFile.read(file(null)).get(0).settings()).isEmpty();
        assertThat(new PlatformSpec("x", "json-portal", java.net.URI.create("https://x.example/"), null, List.of()).settings()).isEmpty();
    }

    @Test
    void anythingButAFlatStringObjectIsRefusedWithoutEchoingValues() throws Exception {
        assertThatThrownBy(() -> PlatformsFile.read(file("[\"a\"]"))).hasMessageStartingWith("EEG-CHN-BAD-SETTINGS");
        assertThatThrownBy(() -> PlatformsFile.read(file("{\"oauth2.clientSecret\": {\"nested\": \"s3cret-value\"}}")))
                .hasMessageStartingWith("EEG-CHN-BAD-SETTINGS").hasMessageContaining("oauth2.clientSecret").hasMessageNotContaining("s3cret-value");
    }
}
