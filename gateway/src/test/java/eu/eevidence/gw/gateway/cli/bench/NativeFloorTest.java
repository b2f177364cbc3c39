package eu.eevidence.gw.gateway.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import eu.eevidence.gw.pki.CryptoFloor;

class NativeFloorTest {

    private static final String SPEED = """
            Doing 256 bits sign ecdsa's for 1s: 5215 256 bits ECDSA signs in 0.07s
            Doing 256 bits verify ecdsa's for 1s: 2152 256 bits ECDSA verify in 0.09s
            Doing 256 bits  ecdh's for 1s: 2853 256-bits ECDH ops in 0.09s
            version: 3.0.19
                                          sign    verify    sign/s verify/s
             256 bits ecdsa (nistp256)   0.0000s   0.0000s  74500.0  23911.1
                                          op      op/s
             256 bits ecdh (nistp256)   0.0000s  31700.0
            """;

    @TempDir
    Path dir;

    @Test
    void outputWithoutTheP256SummaryIsNoFloor() {
        assertThat(NativeFloor.parse("", "openssl")).isNull();
        assertThat(NativeFloor.parse("Doing 256 bits sign ecdsa's for 1s: 5215 256 bits ECDSA signs in 0.07s", "x"))
                .isNull();
        assertThat(NativeFloor.parse(SPEED.replace("ecdh (nistp256)", "ecdh (nistp384)"), "x")).isNull();
    }

    @Test
    void theSummaryLinesOfOpensslSpeedAreRead() {
        NativeFloor.OpenSsl o = NativeFloor.parse(SPEED, "OpenSSL 3.0.19");

        assertThat(o.signs()).isEqualTo(74500.0);
        assertThat(o.verifies()).isEqualTo(23911.1);
        assertThat(o.agreements()).isEqualTo(31700.0);
        assertThat(o.version()).isEqualTo("OpenSSL 3.0.19");
    }

    @Test
    void theFsyncLoopCountsEveryAppendAndLeavesNoFile() throws Exception {
        NativeFloor.Fsync f = NativeFloor.fsync(dir, 20);

        assertThat(f.ops()).isEqualTo(20);
        assertThat(f.perSecond()).isPositive();
        assertThat(f.p99Micros()).isGreaterThanOrEqualTo(f.p50Micros());
        try (var files = java.nio.file.Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void theJsonNamesMachineLoadAndEveryFloor() {
        Machine m = new Machine(2, "cpu", "jvm", "os", 0.5, java.time.Instant.EPOCH);
        Map<String, Object> json = FloorCommand.json(m, 0.7, new NativeFloor.OpenSsl("v", 1, 2, 3),
                new NativeFloor.Fsync(10, 4000, 200, 900, "."),
                List.of(new CryptoFloor.Rates("BC", 9000, 3000, 10000, 3600)));

        assertThat(json).containsKeys("machine", "openssl", "fsync", "jca");
        @SuppressWarnings("unchecked")
        Map<String, Object> machine = (Map<String, Object>) json.get("machine");
        assertThat(machine).containsEntry("loadAverage1m", 0.5).containsEntry("loadAverage1mAfter", 0.7);
        assertThat(NativeFloor.shortVersion("OpenSSL 3.0.19 27 Jan 2026 (Library: OpenSSL 3.0.19 27 Jan 2026)"))
                .isEqualTo("OpenSSL 3.0.19");
        CryptoFloor.Rates bc = new CryptoFloor.Rates("BC", 9000, 3000, 10000, 3600);
        assertThat(bc.sealFloor()).isCloseTo(1 / (1 / 9000.0 + 1 / 10000.0 + 1 / 3600.0), within(1e-6));
        assertThat(bc.openFloor()).isCloseTo(1 / (1 / 3000.0 + 1 / 3600.0), within(1e-6));
    }
}
