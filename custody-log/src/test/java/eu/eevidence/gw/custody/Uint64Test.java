package eu.eevidence.gw.custody;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Uint64Test {

    @Test
    void rejectsValuesThisLogCannotHoldAndMalformedText() {
        for (String bad : new String[] {"18446744073709551615", "18446744073709551616", "9223372036854775808", "-1", "+1", "01", "", " 1",
                "1e3", "0x10", "99999999999999999999999"}) {
            assertThatThrownBy(() -> Uint64.parse(bad, "size")).isInstanceOf(CustodyException.class)
                    .extracting(e -> ((CustodyException) e).error()).isEqualTo(CustodyError.RANGE);
        }
        assertThatThrownBy(() -> Uint64.check(-1L, "index")).hasMessageContaining("18446744073709551615");
    }

    @Test
    void acceptsZeroToTwoToThe63Minus1() throws CustodyException {
        assertThat(Uint64.parse("0", "size")).isZero();
        assertThat(Uint64.parse("9223372036854775807", "size")).isEqualTo(Long.MAX_VALUE);
        assertThat(Uint64.check(5, "x")).isEqualTo(5);
    }
}
