package eu.eevidence.gw.gateway.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code serve --alarms-config FILE} (ADR-0030): a file that cannot be used stops the start with a code, before the node starts. */
class ServeAlarmsOptionTest {

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void anAlarmsFileWithAPlainHttpWebhookStopsTheStartWithItsCode(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("secret.txt"), "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        Path alarms = dir.resolve("alarms.json");
        Files.writeString(alarms, "{\"linkBase\": \"https://gw.example\", \"subscribers\": [{\"id\": \"p\", \"desk\": \"*\", \"role\": \"operator\","
                + " \"webhook\": {\"url\": \"http://pager.example/\", \"secretFile\": \"secret.txt\"}}]}");
        CliCapture.Run run = CliCapture.cli("serve", "--data-dir", dir.resolve("data").toString(), "--port", "0", "--alarms-config",
                alarms.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).startsWith("EEG-ALM-CONFIG ").contains("https");
        assertThat(dir.resolve("data")).doesNotExist();
    }
}
