package eu.eevidence.gw.gateway.cli.audit;

import eu.eevidence.gw.custody.note.NoteVerifierKey;
import eu.eevidence.gw.gateway.bundle.BundleVerifier;
import eu.eevidence.gw.gateway.cli.CliError;
import eu.eevidence.gw.pki.TrustAnchors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Checks a court bundle offline and prints a verdict per check: container, mimetype, the manifest's CAdES",
                "signature and its chain to the trust anchor, every file's SHA-256 (extra and missing files), the checkpoint's",
                "signature and cosignatures (with a witness policy, --witness/--threshold or --witness-policy: which witnesses",
                "cosigned, FAIL below the threshold), every custody record's inclusion proof, and the CMS seals.",
                "Exit: 0 every check passed, 1 a check failed, 2 malformed input (no such file, unreadable trust anchor, bad policy)."})
final class BundleVerifyCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "The bundle (.zip).")
    Path file;

    @Option(names = "--trust", required = true, paramLabel = "PEM",
            description = "The trust anchor(s): CA certificate(s) of the network, PEM. The node's and the peers' signatures must chain to one.")
    Path trust;

    @Option(names = "--vkey", paramLabel = "VKEY",
            description = "The node's custody verifier key as its operator publishes it, or a file holding it (default: the bundle's vkey.txt).")
    String vkey;

    @picocli.CommandLine.Mixin
    WitnessOptions witnessOptions = new WitnessOptions();

    @Override
    public Integer call() {
        TrustAnchors anchors;
        NoteVerifierKey key = null;
        eu.eevidence.gw.custody.witness.WitnessPolicy policy;
        try {
            policy = witnessOptions.policy();
            anchors = TrustAnchors.of(certificates(trust));
            if (vkey != null) {
                key = AuditInputs.vkey(vkey);
            }
        } catch (AuditInputs.Malformed e) {
            System.err.println(e.getMessage());
            return AuditCommand.MALFORMED;
        }
        if (!Files.isRegularFile(file)) {
            System.err.println(CliError.CLI_IO.code() + " no such file: " + file);
            return AuditCommand.MALFORMED;
        }
        BundleVerifier.Report r = new BundleVerifier(anchors, key, policy, Clock.systemUTC()).verify(file);
        r.checks().forEach(c -> System.out.println(c.line()));
        return verdict(r);
    }

    static int verdict(BundleVerifier.Report r) {
        if (r.valid()) {
            System.out.println("VALID: " + r.checks().size() + " checks, none failed");
            return AuditCommand.VALID;
        }
        System.out.println("INVALID: " + r.failures().size() + " of " + r.checks().size() + " checks failed, in: "
                + r.failures().stream().map(BundleVerifier.Check::part).distinct().toList());
        return AuditCommand.INVALID;
    }

    static List<X509Certificate> certificates(Path pem) throws AuditInputs.Malformed {
        List<X509Certificate> out = new ArrayList<>();
        try (InputStream in = Files.newInputStream(pem)) {
            for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                out.add((X509Certificate) c);
            }
        } catch (IOException | CertificateException e) {
            throw new AuditInputs.Malformed(CliError.CLI_IO.code() + " cannot read the trust anchor(s) in " + pem);
        }
        if (out.isEmpty()) {
            throw new AuditInputs.Malformed(CliError.CLI_IO.code() + " no certificate in " + pem);
        }
        return out;
    }
}
