package eu.eevidence.gw.gateway.cli.audit;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code audit bundle verify|export}: a request's court bundle (ADR-0029). */
@Command(name = "bundle", mixinStandardHelpOptions = true,
        description = {"A request's court bundle: export it from a node, or verify it offline.",
                "Exit codes: 0 valid, 1 invalid, 2 malformed input."},
        subcommands = {BundleVerifyCommand.class, BundleExportCommand.class, CommandLine.HelpCommand.class})
final class BundleCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
