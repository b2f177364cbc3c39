package eu.eevidence.gw.gateway.cli;

import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar evidence-gateway.jar <command>}. */
@Command(name = "evidence-gateway", mixinStandardHelpOptions = true, versionProvider = GatewayCli.Version.class,
        description = "Cross-border electronic-evidence exchange gateway.",
        subcommands = {ServeCommand.class, DemoCommand.class, eu.eevidence.gw.gateway.cli.audit.AuditCommand.class,
                eu.eevidence.gw.gateway.cli.pki.PkiCommand.class, eu.eevidence.gw.gateway.cli.pki.CmsCommand.class,
                eu.eevidence.gw.gateway.cli.pki.DirectoryCommand.class, eu.eevidence.gw.gateway.cli.bench.BenchCommand.class,
                CommandLine.HelpCommand.class})
public final class GatewayCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        if (args.length > 0 && "demo".equals(args[0]) && System.getProperty("eeg.log.level") == null) {
            System.setProperty("eeg.log.level", "WARN"); // the demo prints its own timeline
        }
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        return new CommandLine(new GatewayCli()).execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = GatewayCli.class.getPackage().getImplementationVersion();
            return new String[] {"evidence-gateway " + (v == null ? "dev" : v), "Java " + System.getProperty("java.version")};
        }
    }
}
