package eu.eevidence.gw.gateway.cli.bench;

import picocli.CommandLine.Command;

/** {@code bench}: measurements of the machine the gateway runs on (issue 18); {@code bench floor} so far. */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = FloorCommand.class,
        description = "Measure the machine's floor: native and Bouncy Castle crypto, fsync "
                + "(see docs/design/performance.md).")
public final class BenchCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
