package eu.eevidence.gw.adapter.etsi103120;

import eu.eevidence.gw.adapter.api.PlatformAdapter;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;

/** The gateway finds this adapter through ServiceLoader, by its kind. */
class SpiRegistrationTest {

    @Test
    void isRegisteredAsTheEtsi103120Adapter() {
        List<PlatformAdapter> found = ServiceLoader.load(PlatformAdapter.class).stream().map(ServiceLoader.Provider::get).toList();
        assertThat(found).hasSize(1);
        assertThat(found.get(0)).isInstanceOf(Etsi103120Adapter.class);
        assertThat(found.get(0).kind()).isEqualTo("etsi-103120");
        assertThat(found.get(0).answerChannels()).containsExactly(PlatformAdapter.AnswerChannel.POLL);
    }

    @Test
    void refusesTheFollowUpsTs103120HasNoOperationFor() {
        PlatformAdapter a = new Etsi103120Adapter();
        assertThat(java.util.Arrays.stream(eu.eevidence.gw.adapter.api.Operation.values()).filter(a::supports))
                .containsExactlyInAnyOrder(eu.eevidence.gw.adapter.api.Operation.PRODUCTION, eu.eevidence.gw.adapter.api.Operation.PRESERVATION,
                        eu.eevidence.gw.adapter.api.Operation.WITHDRAWAL, eu.eevidence.gw.adapter.api.Operation.CORRESPONDENCE);
    }
}
