package eu.eevidence.gw.gateway.cli.audit;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code audit ...}: the auditor's tools for the custody log. Logic lives in the custody-log library; these are thin. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = {"Verify a node's custody log without trusting the node: the whole log, single proofs, checkpoints,",
                "exported event records, a request's records and court bundle, and a monitor for split views.",
                "Exit codes: 0 valid, 1 invalid, 2 malformed input."},
        subcommands = {VerifyCommand.class, InclusionCommand.class, ConsistencyCommand.class, CheckpointCommand.class, RecordCommand.class,
                RecordsCommand.class, BundleCommand.class,
                WatchCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class AuditCommand implements Runnable {

    public static final int VALID = 0;
    public static final int INVALID = 1;
    public static final int MALFORMED = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
