package eu.eevidence.gw.adapter.portal.json;

import eu.eevidence.gw.adapter.api.PlatformAdapter;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;

/** The gateway finds this adapter through ServiceLoader, by its kind. */
class SpiRegistrationTest {

    @Test
    void isRegisteredAsTheJsonPortalAdapter() {
        List<PlatformAdapter> found = ServiceLoader.load(PlatformAdapter.class).stream().map(ServiceLoader.Provider::get).toList();
        assertThat(found).hasSize(1);
        assertThat(found.get(0)).isInstanceOf(JsonPortalAdapter.class);
        assertThat(found.get(0).kind()).isEqualTo("json-portal");
    }

    @Test
    void carriesEveryOperation() {
        PlatformAdapter a = new JsonPortalAdapter();
        assertThat(java.util.Arrays.stream(eu.eevidence.gw.adapter.api.Operation.values()).allMatch(a::supports)).isTrue();
    }
}
