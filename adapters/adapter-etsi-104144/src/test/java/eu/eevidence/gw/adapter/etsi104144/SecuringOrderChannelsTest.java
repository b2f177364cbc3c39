package eu.eevidence.gw.adapter.etsi104144;

import eu.eevidence.gw.adapter.api.Operation;
import eu.eevidence.gw.adapter.api.PlatformAdapter;
import eu.eevidence.gw.adapter.etsi103120.Etsi103120Adapter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stand-alone securing order (CONTENT_PRESERVATION_ORDER, CM/Rec(2026)2 para. 33) is a preservation: TS 104 144 carries
 * only the EPOC-PR of criminal proceedings and refuses it at submission; TS 103 120 carries it as a preservation task.
 */
class SecuringOrderChannelsTest {

    private static final String TYPE = "CONTENT_PRESERVATION_ORDER";

    @Test
    void theEEvidenceChannelRefusesASecuringOrderAtSubmission() {
        PlatformAdapter.Unsupported eev = new Etsi104144Adapter().unsupported(TYPE).orElseThrow();
        assertThat(eev.code()).isEqualTo("EEG-EEV-REMOVAL-UNSUPPORTED");
        assertThat(eev.reason()).contains("TS 104 144", "EPOC-PR", "json-portal");
    }

    @Test
    void itIsAPreservationOperationAndTs103120TakesIt() {
        assertThat(Operation.of(TYPE)).contains(Operation.PRESERVATION);
        assertThat(Operation.of("CONTENT_REMOVAL_ORDER")).isEmpty();
        assertThat(new Etsi103120Adapter().unsupported(TYPE)).isEmpty();
    }
}
