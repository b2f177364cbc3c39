package eu.eevidence.gw.gateway.cli.pki;

import eu.eevidence.gw.gateway.network.NetworkDirectory;
import eu.eevidence.gw.gateway.network.NetworkException;
import eu.eevidence.gw.gateway.network.VerifiedDirectory;
import eu.eevidence.gw.pki.Certificates;
import eu.eevidence.gw.pki.CmsProfile;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.PkiException;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.pki.TrustAnchors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import eu.eevidence.gw.gateway.cli.CliError;
import eu.eevidence.gw.gateway.network.NetworkError;

/**
 * {@code directory sign|verify}: the network directory authority signs the directory's canonical JSON (CMS
 * SignedData by a {@link Role#DIRECTORY} certificate); anyone checks a signed directory against the network's trust
 * anchors. See docs/design/network-directory.md.
 */
@Command(name = "directory", mixinStandardHelpOptions = true,
        description = "Sign and verify the network directory (nodes, platforms, instruments).",
        subcommands = {DirectoryCommand.Sign.class, DirectoryCommand.Verify.class})
public final class DirectoryCommand implements Runnable {

    /** Exit: the directory is valid (verify) or was written (sign). */
    public static final int OK = 0;
    /** Exit: the directory is refused (its EEG-DIR code is printed). */
    public static final int REFUSED = 1;
    /** Exit: the command could not run (usage, unreadable input, bad trust anchors or key). */
    public static final int CANNOT_RUN = 2;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static byte[] read(Path in) throws CliException {
        if (!Files.isRegularFile(in)) {
            throw new CliException(CliError.CLI_IO.code(), "no such input file " + in, CANNOT_RUN);
        }
        try (InputStream is = Files.newInputStream(in)) {
            byte[] b = is.readNBytes(NetworkDirectory.MAX_BYTES + 1);
            if (b.length > NetworkDirectory.MAX_BYTES) {
                throw new CliException(NetworkError.DIR_TOO_LARGE.code(), in + " exceeds " + NetworkDirectory.MAX_BYTES + " bytes", REFUSED);
            }
            return b;
        } catch (IOException e) {
            throw new CliException(CliError.CLI_IO.code(), "cannot read " + in + ": " + e.getClass().getSimpleName(), CANNOT_RUN);
        }
    }

    static int run(PrintStream err, CliSupport.Body body) {
        return CliSupport.run(err, () -> {
            try {
                return body.run();
            } catch (NetworkException e) {
                err.println(e.code() + " " + CliSupport.firstLine(e.getMessage()));
                return REFUSED;
            } catch (PkiException e) {
                err.println(CliSupport.firstLine(e.getMessage()));
                return CANNOT_RUN;
            }
        });
    }

    @Command(name = "sign", mixinStandardHelpOptions = true,
            description = {"Checks a directory JSON (strict: every rule of the directory, not expired) and signs its canonical",
                    "form with the directory authority's key (a certificate with the DIRECTORY role). The output appears only",
                    "when everything succeeded. Exit: 0 signed, 1 directory refused (code printed), 2 cannot run."})
    static final class Sign implements Callable<Integer> {
        @Mixin
        KeyOptions key;
        @Option(names = "--in", required = true, paramLabel = "directory.json")
        Path in;
        @Option(names = "--out", required = true, paramLabel = "directory.p7s")
        Path out;

        @Override
        public Integer call() {
            return run(System.err, () -> {
                KeyMaterial km = key.load();
                if (!Role.of(km.certificate()).contains(Role.DIRECTORY)) {
                    throw new CliException(NetworkError.DIR_SIGNER_ROLE.code(), km.certificate().getSubjectX500Principal().getName()
                            + " does not carry the DIRECTORY role (issue one with: pki issue --role directory)", REFUSED);
                }
                Clock clock = Clock.systemUTC();
                NetworkDirectory d = NetworkDirectory.read(read(in), clock.instant());
                byte[] signed = VerifiedDirectory.sign(new CmsProfile(clock), d, km);
                CliSupport.writeAtomically(out, os -> os.write(signed));
                System.out.println(CliError.DIR_SIGNED.code() + " " + out + " version " + d.version() + " nodes " + d.nodes().size() + " platforms "
                        + d.platforms().size() + " valid-until " + d.validUntil() + " bytes " + signed.length);
                return OK;
            });
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Verifies a signed directory: signature, signer with the DIRECTORY role and a path to --trust,",
                    "canonical content, every rule, not expired, and (with --min-version) not older than a version already seen.",
                    "Prints the version, the nodes and the platforms. Exit: 0 valid, 1 refused (code printed), 2 cannot run."})
    static final class Verify implements Callable<Integer> {
        @Option(names = "--trust", required = true, paramLabel = "CA.pem", description = "Trust anchors (PEM), repeatable.")
        List<Path> trust = new ArrayList<>();
        @Option(names = "--in", required = true, paramLabel = "directory.p7s")
        Path in;
        @Option(names = "--min-version", paramLabel = "N", description = "Refuse (EEG-DIR-ROLLBACK) a version lower than N.")
        Long minVersion;

        @Override
        public Integer call() {
            return run(System.err, () -> {
                List<X509Certificate> anchors = new ArrayList<>();
                for (Path t : trust) {
                    if (!Files.isRegularFile(t)) {
                        throw new CliException(CliError.CLI_IO.code(), "no such trust file " + t, CANNOT_RUN);
                    }
                    anchors.addAll(Certificates.readPem(t));
                }
                if (anchors.isEmpty()) {
                    throw new CliException(CliError.CLI_USAGE.code(), "no certificate in --trust", CANNOT_RUN);
                }
                Clock clock = Clock.systemUTC();
                VerifiedDirectory v = VerifiedDirectory.verify(new CmsProfile(clock), read(in), TrustAnchors.of(anchors), clock.instant());
                if (minVersion != null && v.version() < minVersion) {
                    throw new NetworkException(NetworkError.DIR_ROLLBACK.code(), "version " + v.version() + " is older than --min-version " + minVersion);
                }
                NetworkDirectory d = v.directory();
                System.out.println(CliError.DIR_VALID.code() + " " + v.summary() + " signer \"" + v.signer().getSubjectX500Principal().getName() + "\"");
                for (NetworkDirectory.NodeEntry n : d.nodes()) {
                    System.out.println("node " + n.nodeId() + " " + n.country() + " " + n.role() + " " + n.endpoint() + " instruments "
                            + n.instruments().keySet() + " types " + n.messageTypes().size() + " languages " + n.languages());
                }
                for (NetworkDirectory.PlatformEntry p : d.platforms()) {
                    List<String> entities = new ArrayList<>();
                    for (NetworkDirectory.ProviderEntity e : p.providerEntities()) {
                        entities.add(e.country() + "<-" + e.servesRegions());
                    }
                    System.out.println("platform " + p.id() + " \"" + p.name() + "\" " + p.adapter() + " " + p.endpoint() + " entities " + entities
                            + " types " + p.messageTypes().size());
                }
                return OK;
            });
        }
    }
}
