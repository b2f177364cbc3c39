package eu.eevidence.gw.custody.entry;

import eu.eevidence.gw.custody.CustodyError;
import eu.eevidence.gw.custody.CustodyException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CustodyEntryTest {

    static byte[] h(int v) {
        byte[] b = new byte[32];
        java.util.Arrays.fill(b, (byte) v);
        return b;
    }

    static CustodyEntry sample() {
        return new CustodyEntry(CustodyEventType.EVIDENCE_RECEIVED, Instant.parse("2026-11-25T10:00:00.123Z"), Instant.parse("2026-11-25T10:00:01Z"),
                h(0xaa), Optional.of(UUID.fromString("01234567-89ab-cdef-0123-456789abcdef")), "ACKNOWLEDGED", "EVIDENCE_RECEIVED", h(0xbb),
                List.of(h(1), h(2)), h(0xcc));
    }

    @Test
    void theDocumentedByteLayout() {
        byte[] e = sample().encode();
        String hex = HexFormat.of().formatHex(e);
        assertThat(e).hasSize(1 + 2 + 8 + 8 + 32 + 16 + 1 + 12 + 1 + 17 + 32 + 2 + 64 + 32);
        assertThat(hex).startsWith("01" + "000a" + "000001a21225d97b" + "000001a21225dce8" + "aa".repeat(32)
                + "0123456789abcdef0123456789abcdef" + "0c" + HexFormat.of().formatHex("ACKNOWLEDGED".getBytes()));
        assertThat(hex).endsWith("0002" + "01".repeat(32) + "02".repeat(32) + "cc".repeat(32));
    }

    @Test
    void roundTrips() throws CustodyException {
        assertThat(CustodyEntry.decode(sample().encode())).isEqualTo(sample());
        CustodyEntry minimal = new CustodyEntry(CustodyEventType.RETENTION_PURGE, Instant.EPOCH, Instant.EPOCH, null, Optional.empty(), null, null,
                null, List.of(), h(9));
        assertThat(CustodyEntry.decode(minimal.encode()).requestId()).isEmpty();
    }

    @Test
    void decodingIsStrict() {
        byte[] good = sample().encode();
        byte[] version = good.clone();
        version[0] = 2;
        byte[] type = good.clone();
        type[2] = 99;
        byte[] trailing = java.util.Arrays.copyOf(good, good.length + 1);
        for (byte[] bad : List.of(version, type, trailing, java.util.Arrays.copyOf(good, good.length - 1), new byte[0])) {
            assertThatThrownBy(() -> CustodyEntry.decode(bad)).isInstanceOf(CustodyException.class)
                    .extracting(x -> ((CustodyException) x).error()).isEqualTo(CustodyError.ENTRY_MALFORMED);
        }
        assertThatThrownBy(() -> new CustodyEntry(CustodyEventType.REQUEST_SENT, Instant.EPOCH, Instant.EPOCH, new byte[31], Optional.empty(), null,
                null, null, List.of(), h(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CustodyEntry(CustodyEventType.REQUEST_SENT, Instant.EPOCH, Instant.EPOCH, null, Optional.empty(), "lower",
                null, null, List.of(), h(1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyEventTypeHasAUniqueStableCode() throws CustodyException {
        assertThat(CustodyEventType.values()).extracting(CustodyEventType::code).doesNotHaveDuplicates();
        for (CustodyEventType t : CustodyEventType.values()) {
            assertThat(CustodyEventType.of(t.code())).isEqualTo(t);
        }
        assertThat(CustodyEventType.REQUEST_RECEIVED.code()).isEqualTo(1);
        assertThat(CustodyEventType.RETENTION_PURGE.code()).isEqualTo(16);
    }
}
