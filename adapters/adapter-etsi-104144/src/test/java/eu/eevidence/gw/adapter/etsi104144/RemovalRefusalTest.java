package eu.eevidence.gw.adapter.etsi104144;

import eu.eevidence.gw.adapter.api.PlatformAdapter;
import eu.eevidence.gw.adapter.etsi103120.Etsi103120Adapter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Neither ETSI standard has a removal operation: both adapters refuse a removal order at submission, with their own code. */
class RemovalRefusalTest {

    @Test
    void bothEtsiChannelsRefuseARemovalOrderWithTheirCode() {
        PlatformAdapter.Unsupported eev = new Etsi104144Adapter().unsupported("CONTENT_REMOVAL_ORDER").orElseThrow();
        assertThat(eev.code()).isEqualTo("EEG-EEV-REMOVAL-UNSUPPORTED");
        assertThat(eev.reason()).contains("TS 104 144", "json-portal");
        PlatformAdapter.Unsupported hi1 = new Etsi103120Adapter().unsupported("CONTENT_REMOVAL_ORDER").orElseThrow();
        assertThat(hi1.code()).isEqualTo("EEG-HI1-REMOVAL-UNSUPPORTED");
        assertThat(hi1.reason()).contains("TS 103 120");
    }

    @Test
    void theOrdersTheyCarryAreNotRefused() {
        for (String type : new String[] {"EU_EPOC", "EU_EPOC_PR", "BUDAPEST_ART29_PRESERVATION", "WITHDRAWAL"}) {
            assertThat(new Etsi104144Adapter().unsupported(type)).as(type).isEmpty();
            assertThat(new Etsi103120Adapter().unsupported(type)).as(type).isEmpty();
        }
    }
}
