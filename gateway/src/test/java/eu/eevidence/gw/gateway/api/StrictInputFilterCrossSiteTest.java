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

    @Test
    void readsEmbeddedByAnotherSiteAreRefusedButNavigationsAndOtherClientsPass() {
        for (String site : new String[] {"cross-site", "same-site", " Cross-Site "}) {
            for (String path : new String[] {"/console/platform/requests/R1", "console/", "api/v1/platform/requests/R1/request.pdf", "/api/v1/requests"}) {
                assertThat(StrictInputFilter.crossSiteRead("GET", path, site, "no-cors", "image")).as(site + path).isTrue();
                assertThat(StrictInputFilter.crossSiteRead("GET", path, site, "cors", "empty")).as(site + path).isTrue();
                assertThat(StrictInputFilter.crossSiteRead("HEAD", path, site, null, null)).as(site + path).isTrue();
                assertThat(StrictInputFilter.crossSiteRead("GET", path, site, "navigate", "iframe")).as(site + path).isTrue();
                assertThat(StrictInputFilter.crossSiteRead("GET", path, site, "navigate", "document")).as(site + path).isFalse();
            }
        }
        assertThat(StrictInputFilter.crossSiteRead("GET", "/console/requests", "same-origin", "cors", "empty")).isFalse();
        assertThat(StrictInputFilter.crossSiteRead("GET", "/console/requests", "none", "navigate", "document")).isFalse();
        assertThat(StrictInputFilter.crossSiteRead("GET", "/api/v1/requests", null, null, null)).isFalse();
        assertThat(StrictInputFilter.crossSiteRead("GET", "/console/assets/console.css", "cross-site", "no-cors", "style")).isFalse();
        assertThat(StrictInputFilter.crossSiteRead("GET", "/custody/checkpoint", "cross-site", "cors", "empty")).isFalse();
        assertThat(StrictInputFilter.crossSiteRead("POST", "/api/v1/requests", "cross-site", "cors", "empty")).isFalse();
    }
}
