package eu.eevidence.gw.adapter.etsi104144;

import eu.eevidence.gw.adapter.api.Operation;
import eu.eevidence.gw.adapter.etsi103120.Etsi103120Adapter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Neither ETSI standard has an operation for a hash list (resurfacing prevention, ADR-0038): both adapters say so through
 * {@code supports}, so the gateway refuses a hash list to them at submission.
 */
class HashListChannelsTest {

    @Test
    void neitherEtsiChannelCarriesAHashList() {
        assertThat(new Etsi104144Adapter().supports(Operation.HASH_LIST)).isFalse();
        assertThat(new Etsi103120Adapter().supports(Operation.HASH_LIST)).isFalse();
    }

    @Test
    void theirOtherOperationsAreUnchanged() {
        assertThat(new Etsi104144Adapter().supports(Operation.WITHDRAWAL)).isTrue();
        assertThat(new Etsi103120Adapter().supports(Operation.CORRESPONDENCE)).isTrue();
        assertThat(Operation.of("HASH_LIST")).contains(Operation.HASH_LIST);
        assertThat(Operation.HASH_LIST.followUp()).isTrue();
    }
}
