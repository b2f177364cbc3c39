package eu.eevidence.gw.gateway.cli;

import eu.eevidence.gw.pki.Certificates;
import eu.eevidence.gw.pki.Tls;
import eu.eevidence.gw.pki.TrustAnchors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The executable jar as a user runs it (built by the package phase before failsafe runs): help, the demo on
 * the JDK running the build and on Temurin 25 when installed, and `serve` stopped with SIGTERM.
 */
class ExecutableJarIT {

    private static final Path JAR = Paths.get("target", "evidence-gateway.jar");

    @Test
    void printsHelpForTheJarAndEverySubcommand() throws Exception {
        Run root = run(currentJava(), List.of("--help"), Duration.ofSeconds(60));
        assertThat(root.exit).isZero();
        assertThat(root.out).contains("serve", "demo");
        for (String sub : List.of("serve", "demo")) {
            Run help = run(currentJava(), List.of(sub, "--help"), Duration.ofSeconds(60));
            assertThat(help.exit).as(sub).isZero();
            assertThat(help.out).contains("Usage: evidence-gateway " + sub);
        }
        Run wrong = run(currentJava(), List.of("serve"), Duration.ofSeconds(60));
        assertThat(wrong.exit).isNotZero();
        assertThat(wrong.out + wrong.err).contains("--data-dir");
    }

    @Test
    void theDemoSucceedsOnTheBuildJdk() throws Exception {
        assertDemo(currentJava());
    }

    @Test
    void theDemoSucceedsOnJava25() throws Exception {
        Optional<Path> java25 = temurin25();
        assumeTrue(java25.isPresent(), "no Temurin 25 under /usr/lib/jvm");
        assertDemo(java25.get());
    }

    @Test
    void serveAnswersHealthAndStopsCleanlyOnSigterm(@TempDir Path dir) throws Exception {
        Process p = new ProcessBuilder(currentJava().toString(), "-jar", JAR.toString(), "serve", "--data-dir", dir.toString(), "--port", "0")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            String ready = null;
            String console = null;
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith("EEG-NODE-READY ")) {
                    ready = line.split(" ")[1];
                }
                if (line.startsWith("EEG-CONSOLE-URL ")) {
                    console = line.split(" ")[1];
                    break;
                }
            }
            assertThat(ready).as("the node reported ready").isNotNull();
            assertThat(console).as("serve prints the console's URL").isEqualTo(ready + "/console/");
            TrustAnchors trust = TrustAnchors.of(Certificates.readPem(dir.resolve("pki").resolve("ca.pem")));
            HttpClient http = HttpClient.newBuilder().sslContext(Tls.sslContext(null, trust)).build();
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(ready + "/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(Files.exists(dir.resolve("broker").resolve("journal"))).isTrue();
            assertThat(Files.exists(dir.resolve("pki").resolve("contact-point.p12"))).isTrue();
            // a second node on the same data directory refuses to start, with one clear line and no stack trace
            Run second = run(currentJava(), List.of("serve", "--data-dir", dir.toString(), "--port", "0"), Duration.ofSeconds(90));
            assertThat(second.exit).isEqualTo(1);
            assertThat(second.err).contains("EEG-NODE-START-FAILED the data directory's database is locked").doesNotContain("\tat ");
            p.destroy(); // SIGTERM: the shutdown hook closes the node
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("stopped within 30 s").isTrue();
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void serveStartsWithoutWarningsAndLogsJsonWithCodesOnJava17And25(@TempDir Path dir) throws Exception {
        assertCleanJsonStart(currentJava(), List.of(), dir.resolve("17"));
        Optional<Path> java25 = temurin25();
        assumeTrue(java25.isPresent(), "no Temurin 25 under /usr/lib/jvm");
        assertCleanJsonStart(java25.get(), List.of("--sun-misc-unsafe-memory-access=allow"), dir.resolve("25")); // README, ADR-0027
    }

    /** ADR-0027: with --log-format json every line of the start is a JSON object with a code; no warning of the JVM or a library. */
    private static void assertCleanJsonStart(Path java, List<String> flags, Path dir) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(java.toString()));
        cmd.addAll(flags);
        cmd.addAll(List.of("-jar", JAR.toString(), "serve", "--data-dir", dir.toString(), "--port", "0", "--log-format", "json"));
        Path out = Files.createTempFile("eeg-jar-out", ".txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).start();
        List<String> lines = new ArrayList<>();
        try {
            BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
            for (String line; (line = err.readLine()) != null; ) {
                lines.add(line);
                if (line.contains("\"code\":\"EEG-DEV-PKI\"")) {
                    break;
                }
            }
        } finally {
            p.destroy();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            p.destroyForcibly();
        }
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        assertThat(lines).as(java.toString()).anyMatch(l -> l.contains("EEG-NODE-READY")).allSatisfy(l -> {
            assertThat(l).startsWith("{\"time\":").doesNotContain("commons-logging").doesNotContain("WARNING");
            assertThat(json.readTree(l).get("code").asText()).startsWith("EEG-").isNotEqualTo("EEG-LOG-UNCODED");
        });
        assertThat(Files.readString(out)).as("with json, standard output stays empty").isEmpty();
        Files.deleteIfExists(out);
    }

    private static void assertDemo(Path java) throws Exception {
        Run demo = run(java, List.of("demo"), Duration.ofSeconds(120));
        assertThat(demo.exit).as(demo.out + demo.err).isZero();
        assertThat(demo.out).contains("TIMELINE REQ-", "REQUEST_RECEIVED", "PRESERVED", "SUMMARY OK");
        assertThat(demo.out).containsPattern("portal-accepted=1 resubmission=same-id");
        assertThat(demo.out).containsPattern("CONSOLE https://[^ ]+/console/").contains("demo-contact-point.p12", "password: ");
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run run(Path java, List<String> args, Duration timeout) throws IOException, InterruptedException {
        assertThat(JAR).as("run `mvn package` first").exists();
        List<String> cmd = new ArrayList<>(List.of(java.toString(), "-jar", JAR.toString()));
        cmd.addAll(args);
        Path out = Files.createTempFile("eeg-jar-out", ".txt");
        Path err = Files.createTempFile("eeg-jar-err", ".txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            assertThat(p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)).as("finished within " + timeout).isTrue();
            return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            p.destroyForcibly();
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static Path currentJava() {
        return Paths.get(System.getProperty("java.home"), "bin", "java");
    }

    private static Optional<Path> temurin25() throws IOException {
        Path jvms = Paths.get("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(jvms)) {
            return dirs.filter(d -> d.getFileName().toString().startsWith("temurin-25")).map(d -> d.resolve("bin").resolve("java"))
                    .filter(Files::isExecutable).findFirst();
        }
    }
}
