package eu.eevidence.gw.gateway.cli.audit;

import eu.eevidence.gw.custody.bench.CustodyBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "bench", hidden = true, mixinStandardHelpOptions = true,
        description = "Custody log benchmark: durable append throughput (1 and 8 writers), proof sizes and full verification time.")
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--entries", defaultValue = "1000000", description = "Size of the generated log (default: ${DEFAULT-VALUE}).")
    long entries;

    @Option(names = "--dir", description = "Where to generate it (default: a temporary directory, deleted afterwards).")
    Path dir;

    @Option(names = "--keep", description = "Keep the generated logs.")
    boolean keep;

    @Override
    public Integer call() throws Exception {
        return CustodyBench.run(entries, dir, keep, System.out);
    }
}
