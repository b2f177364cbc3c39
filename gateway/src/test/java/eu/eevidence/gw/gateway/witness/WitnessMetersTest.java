package eu.eevidence.gw.gateway.witness;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

class WitnessMetersTest {

    @Test
    void aNodeWithoutWitnessesHasTheMetersAtZeroAndNoCosignedCheckpoint() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        WitnessMeters.register(null, Clock.systemUTC(), meters);
        assertThat(meters.get("eeg.custody.cosignatures").gauge().value()).isZero();
        assertThat(meters.get("eeg.custody.cosignature.threshold").gauge().value()).isZero();
        assertThat(meters.get("eeg.custody.cosigned.age").gauge().value()).isEqualTo(-1);
        assertThat(meters.getMeters()).hasSize(3).allSatisfy(m -> assertThat(m.getId().getTags()).isEmpty());
    }
}
