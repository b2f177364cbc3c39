package eu.eevidence.gw.gateway.custody;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The text a purged request's custody record keeps (ADR-0020): no free text, marked purged, keys sorted. */
class CustodyRecordRedactionTest {

    @Test
    void aRecordThatIsNotAJsonObjectKeepsOnlyThePurgeMark() {
        assertThat(CustodyRecordStore.redacted("not json")).isEqualTo("{\"purged\":true}");
        assertThat(CustodyRecordStore.redacted("[1,2]")).isEqualTo("{\"purged\":true}");
    }

    @Test
    void aRecordLosesItsDetailAndKeepsTheRest() {
        String redacted = CustodyRecordStore.redacted("{\"event\":\"REQUEST_RECEIVED\",\"detail\":\"CANARY victim name\",\"actor\":\"client:x\"}");
        assertThat(redacted).doesNotContain("CANARY").doesNotContain("detail");
        assertThat(redacted).isEqualTo("{\"actor\":\"client:x\",\"event\":\"REQUEST_RECEIVED\",\"purged\":true}");
    }
}
