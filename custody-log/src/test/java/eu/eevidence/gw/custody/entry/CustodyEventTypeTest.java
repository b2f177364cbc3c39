package eu.eevidence.gw.custody.entry;

import eu.eevidence.gw.custody.CustodyException;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CustodyEventTypeTest {

    @Test
    void codesAreUniqueAndDecodeToTheirType() throws CustodyException {
        assertThat(Arrays.stream(CustodyEventType.values()).map(CustodyEventType::code)).doesNotHaveDuplicates();
        for (CustodyEventType t : CustodyEventType.values()) {
            assertThat(CustodyEventType.of(t.code())).isSameAs(t);
        }
        assertThatThrownBy(() -> CustodyEventType.of(0)).isInstanceOf(CustodyException.class);
    }

    @Test
    void storedEvidenceHasItsOwnCodeDistinctFromReceived() throws CustodyException {
        assertThat(CustodyEventType.of(45)).isSameAs(CustodyEventType.EVIDENCE_STORED);
        assertThat(CustodyEventType.EVIDENCE_RECEIVED.code()).isEqualTo(10);
    }
}
