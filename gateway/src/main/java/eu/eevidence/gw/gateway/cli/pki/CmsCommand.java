package eu.eevidence.gw.gateway.cli.pki;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import eu.eevidence.gw.pki.Certificates;
import eu.eevidence.gw.pki.CmsProfile;
import eu.eevidence.gw.pki.HttpOcspClient;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.OpenedStream;
import eu.eevidence.gw.pki.ProtectedStream;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.pki.SignerValidator;
import eu.eevidence.gw.pki.TrustAnchors;
import eu.eevidence.gw.pki.TrustStore;
import eu.eevidence.gw.pki.TsaClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import eu.eevidence.gw.gateway.cli.CliError;

/** {@code cms protect|open}: the gateway's CMS profile on files, streaming (constant memory). */
@Command(name = "cms", mixinStandardHelpOptions = true,
        description = "Sign+encrypt (protect) and decrypt+verify (open) files with the gateway's CMS profile.",
        subcommands = {CmsCommand.Protect.class, CmsCommand.Open.class, CmsBench.class})
public final class CmsCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "protect", mixinStandardHelpOptions = true,
            description = {"Signs (CAdES-BES, ECDSA P-256 or RSASSA-PSS) and encrypts (AuthEnvelopedData AES-256-GCM) a file",
                    "for one or more recipients. Prints the SHA-256 of content and output. On failure: one coded line,",
                    "non-zero exit, no output file."})
    static final class Protect implements Callable<Integer> {
        @Mixin
        KeyOptions.Signer signer;
        @Option(names = "--recipient", required = true, paramLabel = "CERT.pem", description = "Recipient certificate, repeatable.")
        List<Path> recipients = new ArrayList<>();
        @Option(names = "--in", required = true, paramLabel = "FILE")
        Path in;
        @Option(names = "--out", required = true, paramLabel = "FILE.p7m")
        Path out;
        @Option(names = "--tsa", paramLabel = "URL", description = "RFC 3161 TSA: add a CAdES-T signature time-stamp.")
        URI tsa;
        @Option(names = "--tsa-trust", paramLabel = "PEM", description = "Anchors the TSA certificate must chain to.")
        Path tsaTrust;

        @Override
        public Integer call() {
            return CliSupport.run(System.err, () -> {
                KeyMaterial km = signer.load();
                List<X509Certificate> to = new ArrayList<>();
                for (Path r : recipients) {
                    to.add(Certificates.readPem(r).get(0));
                }
                CmsProfile profile = new CmsProfile(Clock.systemUTC());
                if (tsa != null) {
                    profile = profile.withTimeStamper(new TsaClient(tsa, Duration.ofSeconds(30),
                            tsaTrust == null ? null : TrustAnchors.of(Certificates.readPem(tsaTrust))));
                }
                CmsProfile p = profile;
                ProtectedStream[] result = new ProtectedStream[1];
                if (!Files.isRegularFile(in)) {
                    throw new CliException(CliError.CLI_IO.code(), "no such input file " + in, 1);
                }
                CliSupport.writeAtomically(out, os -> {
                    try (InputStream is = Files.newInputStream(in)) {
                        result[0] = p.protect(is, os, km, to);
                    }
                });
                System.out.println(CliError.CMS_PROTECTED.code() + " " + out + " content-sha256 " + result[0].contentSha256Hex() + " bytes "
                        + result[0].contentLength() + " cms-sha256 " + result[0].cmsSha256Hex() + " bytes " + result[0].cmsLength());
                return 0;
            });
        }
    }

    @Command(name = "open", mixinStandardHelpOptions = true,
            description = {"Decrypts and verifies a file made by cms protect (or openssl cms -sign | -encrypt -aes-256-gcm).",
                    "The output file appears only after the GCM tag, the signature, the certificate path (and revocation,",
                    "when asked) verified; on failure: one coded line, non-zero exit, no output file."})
    static final class Open implements Callable<Integer> {
        @Mixin
        KeyOptions key;
        @Option(names = "--trust", required = true, paramLabel = "CA.pem", description = "Trust anchors (PEM), repeatable.")
        List<Path> trust = new ArrayList<>();
        @Option(names = "--crl", paramLabel = "FILE|DIR", description = "CRL files (PEM/DER) or directories, repeatable.")
        List<Path> crls = new ArrayList<>();
        @Option(names = "--ocsp", description = "Ask the OCSP responder named in each certificate (AIA) when no current CRL covers it.")
        boolean ocsp;
        @Option(names = "--ocsp-url", paramLabel = "URL", description = "Ask this OCSP responder for every certificate.")
        URI ocspUrl;
        @Option(names = "--require-revocation", description = "Fail (EEG-PKI-013) when no CRL or OCSP answer is available.")
        boolean requireRevocation;
        @Option(names = "--role", description = "Require the signer to hold one of these roles, repeatable.")
        List<String> roles = new ArrayList<>();
        @Option(names = "--tsa-trust", paramLabel = "PEM", description = "Verify signature time-stamps against these anchors.")
        Path tsaTrust;
        @Option(names = "--require-timestamp", description = "Fail when the signature carries no valid time-stamp (needs --tsa-trust).")
        boolean requireTimestamp;
        @Option(names = "--spool-dir", paramLabel = "DIR", description = "Directory for the encrypted staging file (default: next to --out).")
        Path spoolDir;
        @Option(names = "--in", required = true, paramLabel = "FILE.p7m")
        Path in;
        @Option(names = "--out", required = true, paramLabel = "FILE")
        Path out;

        @Override
        public Integer call() {
            return CliSupport.run(System.err, () -> {
                KeyMaterial km = key.load();
                SignerValidator validator = TrustStore.load(Clock.systemUTC(), trust, crls,
                        ocspUrl != null ? new HttpOcspClient(ocspUrl, Duration.ofSeconds(15))
                                : ocsp ? new HttpOcspClient(null, Duration.ofSeconds(15)) : null,
                        requireRevocation);
                if (!roles.isEmpty()) {
                    List<Role> rs = new ArrayList<>();
                    for (String r : roles) {
                        rs.add(CliSupport.role(r));
                    }
                    validator = validator.requiringRole(rs.toArray(new Role[0]));
                }
                Path spool = spoolDir != null ? spoolDir : out.toAbsolutePath().getParent();
                CmsProfile profile = new CmsProfile(Clock.systemUTC()).withSpoolDirectory(spool);
                if (tsaTrust != null) {
                    profile = profile.withTimeStampVerification(TrustAnchors.of(Certificates.readPem(tsaTrust)), requireTimestamp);
                } else if (requireTimestamp) {
                    throw new CliException(CliError.CLI_USAGE.code(), "--require-timestamp needs --tsa-trust", 2);
                }
                if (!Files.isRegularFile(in)) {
                    throw new CliException(CliError.CLI_IO.code(), "no such input file " + in, 1);
                }
                CmsProfile p = profile;
                SignerValidator v = validator;
                OpenedStream[] result = new OpenedStream[1];
                CliSupport.writeAtomically(out, os -> {
                    try (InputStream is = Files.newInputStream(in)) {
                        result[0] = p.openStream(is, os, km, v);
                    }
                });
                OpenedStream o = result[0];
                System.out.println(CliError.CMS_OPENED.code() + " " + out + " signer \"" + o.signer().getSubjectX500Principal().getName() + "\" roles "
                        + o.signerRoles() + " signing-time " + o.signingTime() + " content-sha256 " + o.contentSha256Hex()
                        + " bytes " + o.contentLength() + " cms-sha256 " + o.cmsSha256Hex());
                return 0;
            });
        }
    }
}
