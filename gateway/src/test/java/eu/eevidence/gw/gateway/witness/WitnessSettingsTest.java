package eu.eevidence.gw.gateway.witness;

import eu.eevidence.gw.custody.note.Ed25519;
import eu.eevidence.gw.custody.note.NoteVerifierKey;
import eu.eevidence.gw.custody.witness.CosignerKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** witness.properties: refusals first (each with EEG-WIT-CONFIG), then the defaults and a full policy. */
class WitnessSettingsTest {

    @TempDir
    Path dir;

    static Properties props(String text) throws Exception {
        Properties p = new Properties();
        p.load(new StringReader(text));
        return p;
    }

    @Test
    void malformedSettingsAreRefused() throws Exception {
        String logKey = NoteVerifierKey.of("x.example/custody", Ed25519.raw(Ed25519.generate().getPublic())).encode();
        for (String bad : List.of("threshold=two", "threshold=3\nwitnesses=a-1,b-2", "interval-seconds=0", "quorum=1",
                "peer.be-247.other-key=x", "peer.be-247.witness-key=" + logKey, "peer.be-247.custody-key=garbage", "peerless=1")) {
            assertThatThrownBy(() -> WitnessSettings.parse(props(bad))).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("EEG-WIT-CONFIG");
        }
    }

    @Test
    void noFileIsTheDefaultPolicy() {
        WitnessSettings s = WitnessSettings.load(dir);
        assertThat(s.witnesses()).isEmpty();
        assertThat(s.interval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.thresholdFor(0)).isZero();
        assertThat(s.thresholdFor(3)).isEqualTo(1);
    }

    @Test
    void aPolicyWithPeerKeys() throws Exception {
        NoteVerifierKey log = NoteVerifierKey.of("be.example/custody", Ed25519.raw(Ed25519.generate().getPublic()));
        CosignerKey witness = CosignerKey.of("be.example/witness", Ed25519.raw(Ed25519.generate().getPublic()));
        Files.writeString(dir.resolve(WitnessSettings.FILE), "# two of three\nwitnesses=be-247, de-247,fr-247\nthreshold=2\ninterval-seconds=3\n"
                + "peer.be-247.custody-key=" + log.encode() + "\npeer.be-247.witness-key=" + witness.encode() + "\n");
        WitnessSettings s = WitnessSettings.load(dir);
        assertThat(s.witnesses()).containsExactly("be-247", "de-247", "fr-247");
        assertThat(s.thresholdFor(3)).isEqualTo(2);
        assertThat(s.thresholdFor(1)).as("fewer witnesses with keys than the threshold: not lowered").isEqualTo(2);
        assertThat(s.interval()).isEqualTo(Duration.ofSeconds(3));
        assertThat(s.peerKeys().get("be-247")).isEqualTo(new PeerLogKeys("be-247", log, witness));
    }
}
