package eu.eevidence.gw.sim;

import com.fasterxml.jackson.databind.SerializationFeature;
import eu.eevidence.gw.schema.codec.JsonCodec;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** {@code java -jar simulations/target/evidence-simulations.jar run SCENARIO}. */
@Command(name = "evidence-simulations", mixinStandardHelpOptions = true, description = "Runnable worlds for the evidence gateway on loopback.",
        subcommands = {SimulationsCli.Run.class, TrackingBenchmark.class, ConsoleBenchmark.class, DeadlineAccuracyBenchmark.class,
                RecoveryBenchmark.class, NetworkBenchmark.class, EmergencyBenchmark.class, CommandLine.HelpCommand.class})
public final class SimulationsCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        if (System.getProperty("eeg.log.level") == null) {
            System.setProperty("eeg.log.level", "WARN");
        }
        System.exit(new CommandLine(new SimulationsCli()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "run", mixinStandardHelpOptions = true, description = {"Runs a scenario and checks that nothing was lost or done twice.",
            "Worlds (built in: smoke, year-10, fault-storm; or a JSON file with 'countries'): nodes per country, portals, a virtual clock,",
            "traffic and faults; prints a summary and writes report.json and report.html to --out.",
            "Single-node scenarios (built in: single-node, throughput). Exit 0 when every invariant holds."})
    static final class Run implements Callable<Integer> {
        @Parameters(index = "0", description = "Scenario name or JSON file.")
        String scenario;

        @Option(names = "--report", description = "Also write the report as JSON to this file.")
        Path reportFile;

        @Option(names = "--data-dir", description = "Keep the node's data here (default: a temporary directory, deleted afterwards).")
        Path dataDir;

        @Option(names = "--rate", description = "Single-node scenarios: offer this many requests a second by a timer (open loop),"
                + " latency from each request's intended start; default 0: closed loop with the scenario's senders.")
        double rate;

        @Option(names = "--out", description = "Worlds: where report.json and report.html go (default: sim-out/<scenario>).")
        Path out;

        @Override
        public Integer call() throws Exception {
            com.fasterxml.jackson.databind.JsonNode tree = eu.eevidence.gw.sim.world.WorldScenario.tree(scenario);
            if (tree != null && eu.eevidence.gw.sim.world.WorldScenario.isWorld(tree)) {
                return world(eu.eevidence.gw.sim.world.WorldScenario.of(tree));
            }
            if (!(rate >= 0) || Double.isInfinite(rate)) {
                throw new CommandLine.ParameterException(new CommandLine(this), SimError.SIM_001.code() + " --rate must be 0 or a positive number");
            }
            Scenario s = Scenario.load(scenario);
            boolean temporary = dataDir == null;
            Path dir = temporary ? Files.createTempDirectory("eeg-sim-") : dataDir;
            try {
                Report report = ScenarioRunner.run(s, dir, System.out, rate);
                if (reportFile != null) {
                    JsonCodec.canonicalMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(reportFile.toFile(), report);
                }
                return report.ok() ? 0 : 1;
            } finally {
                if (temporary) {
                    delete(dir);
                }
            }
        }

        private Integer world(eu.eevidence.gw.sim.world.WorldScenario w) throws Exception {
            Path outDir = out != null ? out : Path.of("sim-out", w.name());
            boolean temporary = dataDir == null;
            Path dir = temporary ? Files.createTempDirectory("eeg-world-") : dataDir;
            try {
                eu.eevidence.gw.sim.world.WorldReport r = eu.eevidence.gw.sim.world.WorldRunner.run(w, dir,
                        eu.eevidence.gw.sim.world.CrossBorder.network(), System.out);
                eu.eevidence.gw.sim.world.WorldReports.write(r, outDir);
                eu.eevidence.gw.sim.world.WorldReports.print(r, System.out);
                System.out.println("report: " + outDir.resolve("report.json") + " and " + outDir.resolve("report.html"));
                return r.ok() ? 0 : 1;
            } finally {
                if (temporary) {
                    delete(dir);
                }
            }
        }

        private static void delete(Path dir) throws IOException {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
