package eu.eevidence.gw.gateway.network;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Instant;

/**
 * Fuzz targets of the network's parsers of outside bytes (docs/design/fuzzing.md): the network directory (parse and
 * rules, {@link NetworkDirectory#read}) and a peer's network receipt ({@link NetworkReceipt#fromJson}). Contract: a
 * value or a {@link NetworkException} with an EEG code; anything else escaping is a finding.
 */
class NetworkDirectoryFuzzTest {

    static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");

    @FuzzTest
    void directory(byte[] json) {
        try {
            NetworkDirectory d = NetworkDirectory.read(json, NOW);
            assertThat(d.toCanonicalJson()).isNotEmpty();
        } catch (NetworkException e) {
            assertThat(e.code()).startsWith("EEG-");
        }
    }

    @FuzzTest
    void receipt(byte[] json) {
        try {
            assertThat(NetworkReceipt.fromJson(json).toJson()).isNotEmpty();
        } catch (NetworkException e) {
            assertThat(e.code()).startsWith("EEG-");
        }
    }
}
