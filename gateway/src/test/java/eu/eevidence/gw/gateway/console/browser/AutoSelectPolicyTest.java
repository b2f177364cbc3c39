package eu.eevidence.gw.gateway.console.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The policy file Chromium reads: its schema (a list of JSON strings), loopback only, same content every session. */
class AutoSelectPolicyTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void refusesAnOriginThatIsNotLoopbackHttps() {
        assertThatThrownBy(() -> AutoSelectPolicy.write(dir, URI.create("https://example.org:8443"), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only written for https on 127.0.0.1");
        assertThatThrownBy(() -> AutoSelectPolicy.write(dir, URI.create("http://127.0.0.1:8080"), null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void eachEntryIsAJsonStringWithPatternAndIssuerFilter() throws Exception {
        JsonNode root = JSON.readTree(AutoSelectPolicy.content("eevidence-gateway development"));
        JsonNode list = root.get("AutoSelectCertificateForUrls");
        assertThat(list).hasSize(2);
        assertThat(list.get(0).isTextual()).isTrue();
        JsonNode first = JSON.readTree(list.get(0).asText());
        assertThat(first.get("pattern").asText()).isEqualTo("https://127.0.0.1:*");
        assertThat(first.at("/filter/ISSUER/O").asText()).isEqualTo("eevidence-gateway development");
        assertThat(JSON.readTree(list.get(1).asText()).get("pattern").asText()).isEqualTo("https://localhost:*");
        assertThat(JSON.readTree(JSON.readTree(AutoSelectPolicy.content(null)).get("AutoSelectCertificateForUrls").get(0).asText())
                .get("filter").size()).isZero();
    }

    @Test
    void everySessionWritesItsOwnFileWithTheSameContentAndRemovesIt() throws Exception {
        AutoSelectPolicy a = AutoSelectPolicy.write(dir, URI.create("https://127.0.0.1:40001"), "O1");
        try (AutoSelectPolicy b = AutoSelectPolicy.write(dir, URI.create("https://localhost:40002"), "O1")) {
            assertThat(a.file()).isNotEqualTo(b.file());
            assertThat(a.file().getFileName().toString()).startsWith(AutoSelectPolicy.PREFIX).endsWith(".json");
            assertThat(Files.readString(a.file())).isEqualTo(Files.readString(b.file()));
            a.close();
            assertThat(a.file()).doesNotExist();
            assertThat(b.file()).exists();
        }
        assertThat(dir).isEmptyDirectory();
    }
}
