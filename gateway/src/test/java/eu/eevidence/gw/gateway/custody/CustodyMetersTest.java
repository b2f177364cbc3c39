package eu.eevidence.gw.gateway.custody;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CustodyMetersTest {

    @Test
    void aMalformedOrShortCheckpointCountsAsZero() {
        assertThat(CustodyMeters.sizeOf("")).isZero();
        assertThat(CustodyMeters.sizeOf("origin only")).isZero();
        assertThat(CustodyMeters.sizeOf("origin\nnot a number\nroot\n")).isZero();
    }

    @Test
    void theSizeIsTheSecondLineOfTheCheckpoint() {
        assertThat(CustodyMeters.sizeOf("example.org/log\n42\nq6h0e6cV1S4/qSkYbRBp3GqKxuM0ix0dmCJNPEQvLR8=\n\n— sig\n")).isEqualTo(42);
    }
}
