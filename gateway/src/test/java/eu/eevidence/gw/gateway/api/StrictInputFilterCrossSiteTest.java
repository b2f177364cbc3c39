package eu.eevidence.gw.gateway.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** EEG-HTTP-CROSS-SITE: a browser's state-changing request from another site or origin is refused, nothing else. */
class StrictInputFilterCrossSiteTest {

    @Test
    void stateChangingRequestsFromAnotherSiteOrOriginAreRefused() {
        for (String m : new String[] {"POST", "PUT", "DELETE", "PATCH"}) {
            assertThat(StrictInputFilter.crossSite(m, "cross-site")).as(m).isTrue();
            assertThat(StrictInputFilter.crossSite(m, "same-site")).as(m).isTrue();
            assertThat(StrictInputFilter.crossSite(m, " Cross-Site ")).as(m).isTrue();
        }
    }

    @Test
    void readsTheNodesOwnPagesAndClientsOtherThanBrowsersPass() {
        assertThat(StrictInputFilter.crossSite("POST", "same-origin")).isFalse();
        assertThat(StrictInputFilter.crossSite("POST", "none")).isFalse();
        assertThat(StrictInputFilter.crossSite("POST", null)).isFalse();
        assertThat(StrictInputFilter.crossSite("GET", "cross-site")).isFalse();
        assertThat(StrictInputFilter.crossSite("HEAD", "cross-site")).isFalse();
    }
}
