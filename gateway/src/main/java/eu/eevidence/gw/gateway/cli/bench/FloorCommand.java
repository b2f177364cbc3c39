package eu.eevidence.gw.gateway.cli.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import eu.eevidence.gw.gateway.cli.CliError;
import eu.eevidence.gw.pki.CryptoFloor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench floor}: what this machine can do at most for the gateway's primitives, in one run (issue 18, ADR-0034):
 * {@code openssl speed} P-256 signatures, verifications and ECDH; durable 256-byte appends; the Bouncy Castle (and, for
 * comparison, SunEC) P-256 operations on one thread. Prints a table and writes JSON with the machine and the load.
 */
@Command(name = "floor", mixinStandardHelpOptions = true,
        description = "The native and Bouncy Castle floor of this machine: openssl speed, fsync loop, "
                + "P-256 on one thread.")
final class FloorCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Option(names = "--seconds", defaultValue = "3",
            description = "Seconds per measured operation (default: ${DEFAULT-VALUE}).")
    int seconds;
    @Option(names = "--fsync-ops", defaultValue = "2000",
            description = "Durable appends in the fsync loop (default: ${DEFAULT-VALUE}).")
    int fsyncOps;
    @Option(names = "--dir", defaultValue = ".",
            description = "Directory of the fsync loop's file: the disk to measure (default: ${DEFAULT-VALUE}).")
    Path dir;
    @Option(names = "--out", defaultValue = "floor.json", description = "JSON result (default: ${DEFAULT-VALUE}).")
    Path out;
    @Option(names = "--providers", split = ",", defaultValue = "BC,SunEC",
            description = "JCA providers to measure (default: ${DEFAULT-VALUE}).")
    List<String> providers;
    @Option(names = "--no-openssl", description = "Skip openssl speed.")
    boolean noOpenssl;

    @Override
    public Integer call() throws Exception {
        PrintStream o = System.out;
        Machine before = Machine.now();
        o.printf("%s floor on %d cores (%s), %s, %s, load average %.2f%n", CliError.BENCH.code(), before.cores(),
                before.cpu(), before.jvm(), before.os(), before.loadAverage());
        NativeFloor.OpenSsl ossl = noOpenssl ? null : NativeFloor.openssl(seconds);
        NativeFloor.Fsync fsync = NativeFloor.fsync(dir, fsyncOps);
        List<CryptoFloor.Rates> jca = new ArrayList<>();
        for (String p : providers) {
            jca.add(CryptoFloor.measure(p.trim(), Duration.ofSeconds(seconds)));
        }
        double loadAfter = Machine.loadAverageNow();
        table(o, ossl, fsync, jca, loadAfter);
        Map<String, Object> json = json(before, loadAfter, ossl, fsync, jca);
        Files.writeString(out, JSON.writeValueAsString(json));
        o.printf("%s floor written to %s%n", CliError.BENCH.code(), out.toAbsolutePath());
        return 0;
    }

    private static void table(PrintStream o, NativeFloor.OpenSsl ossl, NativeFloor.Fsync f, List<CryptoFloor.Rates> jca,
            double loadAfter) {
        String row = "%-34s %12s %12s %12s %12s %12s %12s%n";
        o.printf(row, "P-256, one core, per CPU second", "sign/s", "verify/s", "keypair/s", "ECDH/s", "seal floor",
                "open floor");
        if (ossl != null) {
            o.printf(row, ossl.version(), n(ossl.signs()), n(ossl.verifies()), "", n(ossl.agreements()), "", "");
        }
        for (CryptoFloor.Rates r : jca) {
            o.printf(row, r.provider() + " (JCA, 1 thread)", n(r.signs()), n(r.verifies()), n(r.keyPairs()),
                    n(r.agreements()), n(r.sealFloor()), n(r.openFloor()));
        }
        o.printf("fsync: %d appends of 256 B + force: %s/s, p50 %.0f us, p99 %.0f us (%s)%n", f.ops(), n(f.perSecond()),
                f.p50Micros(), f.p99Micros(), f.dir());
        o.printf("load average after: %.2f%n", loadAfter);
    }

    private static String n(double v) {
        return String.format("%,.0f", v);
    }

    static Map<String, Object> json(Machine m, double loadAfter, NativeFloor.OpenSsl ossl, NativeFloor.Fsync f,
            List<CryptoFloor.Rates> jca) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("benchmark", "floor");
        Map<String, Object> machine = m.toJson();
        machine.put("loadAverage1mAfter", loadAfter);
        root.put("machine", machine);
        if (ossl != null) {
            root.put("openssl", Map.of("version", ossl.version(), "ecdsaP256SignPerSec", ossl.signs(),
                    "ecdsaP256VerifyPerSec", ossl.verifies(), "ecdhP256PerSec", ossl.agreements()));
        }
        root.put("fsync", Map.of("ops", f.ops(), "perSec", f.perSecond(), "p50Micros", f.p50Micros(),
                "p99Micros", f.p99Micros()));
        List<Map<String, Object>> providers = new ArrayList<>();
        for (CryptoFloor.Rates r : jca) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("provider", r.provider());
            p.put("signPerSec", r.signs());
            p.put("verifyPerSec", r.verifies());
            p.put("keyPairPerSec", r.keyPairs());
            p.put("ecdhPerSec", r.agreements());
            p.put("sealFloorPerSec", r.sealFloor());
            p.put("openFloorPerSec", r.openFloor());
            providers.add(p);
        }
        root.put("jca", providers);
        return root;
    }
}
