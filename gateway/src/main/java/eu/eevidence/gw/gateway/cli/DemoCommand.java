package eu.eevidence.gw.gateway.cli;

import eu.eevidence.gw.gateway.demo.Demo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs a gateway node, a simulated platform portal and a simulated 24/7 contact point in this process,",
                "on loopback ports chosen at run time, and sends one Budapest Convention Art. 29 preservation request end to end.",
                "Prints the timeline, a one-line summary and how to open the web console; exit code 0 on success, 1 on failure.",
                "With --keep-running the node stays up after the exchange for the console (Ctrl-C stops it)."})
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--data-dir", description = "Keep the node's data here (default: a temporary directory, deleted afterwards).")
    Path dataDir;

    @Option(names = "--timeout", defaultValue = "45", description = "Seconds to wait for the platform's confirmation (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--keep-running", description = "After the exchange keep the node up (until Ctrl-C) to open its web console in a browser.")
    boolean keepRunning;

    @Override
    public Integer call() throws Exception {
        boolean temporary = dataDir == null;
        Path dir = temporary ? Files.createTempDirectory("eeg-demo-") : dataDir;
        try {
            Runnable wait = null;
            if (keepRunning) {
                java.util.concurrent.CountDownLatch stop = new java.util.concurrent.CountDownLatch(1);
                Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "eeg-demo-stop"));
                wait = () -> {
                    try {
                        stop.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                };
            }
            Demo.Result result = Demo.run(dir, System.out, Duration.ofSeconds(timeoutSeconds), wait);
            if (!result.ok()) {
                System.err.println(CliError.DEMO_FAILED.code() + " " + result.failure());
            }
            return result.ok() ? 0 : 1;
        } catch (Exception e) {
            System.err.println(CliError.DEMO_FAILED.code() + " " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            return 1;
        } finally {
            if (temporary) {
                deleteTree(dir);
            }
        }
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println(CliError.DEMO_CLEANUP.code() + " could not delete " + dir);
        }
    }
}
