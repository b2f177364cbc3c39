package eu.eevidence.gw.adapter.portal.json;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The JSON portal protocol carries any catalogue type in X-Message-Type, a removal order included. */
class RemovalCarriedTest {

    @Test
    void aRemovalOrderIsNotRefusedAtSubmission() {
        assertThat(new JsonPortalAdapter().unsupported("CONTENT_REMOVAL_ORDER")).isEmpty();
    }

    @Test
    void aSecuringOrderIsNotRefusedAtSubmission() {
        assertThat(new JsonPortalAdapter().unsupported("CONTENT_PRESERVATION_ORDER")).isEmpty();
    }
}
