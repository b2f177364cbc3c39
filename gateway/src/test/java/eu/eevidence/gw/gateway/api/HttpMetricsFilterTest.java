package eu.eevidence.gw.gateway.api;

import eu.eevidence.gw.gateway.access.ClientIdentity;
import eu.eevidence.gw.pki.Role;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class HttpMetricsFilterTest {

    @Test
    void noClientOrNoRoleIsNone() {
        assertThat(HttpMetricsFilter.role(null)).isEqualTo("none");
        assertThat(HttpMetricsFilter.role(new ClientIdentity("ab", "CN=x", Set.of()))).isEqualTo("none");
    }

    @Test
    void rolesAreSortedLowerCaseNamesNeverTheSubject() {
        String role = HttpMetricsFilter.role(new ClientIdentity("ab", "CN=Jane Doe", Set.of(Role.NODE, Role.AUDITOR)));
        assertThat(role).isEqualTo("auditor+node").doesNotContain("Jane");
    }

    @Test
    void outsideARequestTheTemplateIsNone() {
        assertThat(HttpMetricsFilter.template()).isEqualTo("none");
    }
}
