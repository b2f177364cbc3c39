package eu.eevidence.gw.adapter.etsi104144;

import eu.eevidence.gw.adapter.api.PlatformAdapter;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;

/** The gateway finds this adapter through ServiceLoader, by its kind (next to etsi-103120, whose codec it uses). */
class SpiRegistrationTest {

    @Test
    void isRegisteredAsTheEtsi104144Adapter() {
        List<PlatformAdapter> found = ServiceLoader.load(PlatformAdapter.class).stream().map(ServiceLoader.Provider::get).toList();
        assertThat(found).extracting(PlatformAdapter::kind).containsExactlyInAnyOrder("etsi-104144", "etsi-103120").doesNotHaveDuplicates();
        PlatformAdapter mine = found.stream().filter(a -> a.kind().equals("etsi-104144")).findFirst().orElseThrow();
        assertThat(mine).isInstanceOf(Etsi104144Adapter.class);
        assertThat(mine.answerChannels()).containsExactly(PlatformAdapter.AnswerChannel.PUSH);
    }

    @Test
    void carriesEveryOperationOfTs104144() {
        PlatformAdapter a = new Etsi104144Adapter();
        // every operation but the hash list, which TS 104 144 does not have (ADR-0038)
        assertThat(java.util.Arrays.stream(eu.eevidence.gw.adapter.api.Operation.values()).filter(o -> !a.supports(o)))
                .containsExactly(eu.eevidence.gw.adapter.api.Operation.HASH_LIST);
    }
}
