package eu.eevidence.gw.gateway.cli.pki;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;


import eu.eevidence.gw.pki.Certificates;
import eu.eevidence.gw.pki.IssueRequest;
import eu.eevidence.gw.pki.KeyKind;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.pki.ca.CertificateAuthority;
import eu.eevidence.gw.pki.ca.IssuedCertificate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import eu.eevidence.gw.gateway.cli.CliError;

/** {@code pki ...}: the network's certification authorities (see {@link CertificateAuthority}). */
@Command(name = "pki", mixinStandardHelpOptions = true,
        description = "Network PKI: root CA, per-node intermediate CAs, role certificates, revocation, CRLs.",
        subcommands = {PkiCommand.InitRoot.class, PkiCommand.IssueIntermediate.class, PkiCommand.Issue.class,
            PkiCommand.Revoke.class, PkiCommand.Crl.class})
public final class PkiCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static KeyKind keyKind(String s) throws CliException {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "ec", "p-256", "p256", "ec-p256" -> KeyKind.EC_P256;
            case "rsa", "rsa-3072", "rsa3072" -> KeyKind.RSA_3072;
            default -> throw new CliException(CliError.CLI_USAGE.code(), "unknown key type " + s + " (ec, rsa)", 2);
        };
    }

    static String safeName(String cn) {
        String n = cn.replaceAll("[^A-Za-z0-9._-]", "-");
        return n.isEmpty() ? "key" : n;
    }

    static void writePem(Path f, List<X509Certificate> certs) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (X509Certificate c : certs) {
            sb.append(Certificates.toPem(c));
        }
        CliSupport.writeAtomically(f, out -> out.write(sb.toString().getBytes(StandardCharsets.US_ASCII)));
    }

    @Command(name = "init-root", mixinStandardHelpOptions = true, description = "Creates the network's root CA in a new directory.")
    static final class InitRoot implements Callable<Integer> {
        @Option(names = "--out", required = true, paramLabel = "DIR", description = "New CA directory.")
        Path out;
        @Option(names = "--cn", defaultValue = "EEG Network Root CA", description = "Common name (default: ${DEFAULT-VALUE}).")
        String cn;
        @Option(names = "--key", defaultValue = "ec", description = "ec (P-256, default) or rsa (3072).")
        String key;
        @Option(names = "--days", defaultValue = "3650", description = "Validity in days (default: ${DEFAULT-VALUE}).")
        int days;
        @Option(names = "--crl-url", description = "CRL distribution point written into certificates this CA issues.")
        String crlUrl;
        @Option(names = "--ocsp-url", description = "OCSP responder URL written into certificates this CA issues.")
        String ocspUrl;
        @Mixin
        PasswordOptions password;

        @Override
        public Integer call() {
            return CliSupport.run(System.err, () -> {
                CertificateAuthority ca = CertificateAuthority.initRoot(out, cn, keyKind(key), Duration.ofDays(days),
                        password.resolve(), crlUrl, ocspUrl, Clock.systemUTC());
                System.out.println(CliError.PKI_CA_CREATED.code() + " " + out.resolve("ca.pem") + " serial "
                        + ca.certificate().getSerialNumber().toString(16) + " sha256 " + Certificates.sha256Fingerprint(ca.certificate()));
                return 0;
            });
        }
    }

    @Command(name = "issue-intermediate", mixinStandardHelpOptions = true,
            description = "Issues a per-node intermediate CA (path length 0) from a CA directory into a new directory.")
    static final class IssueIntermediate implements Callable<Integer> {
        @Mixin
        KeyOptions.Ca issuer;
        @Option(names = "--out", required = true, paramLabel = "DIR", description = "New CA directory.")
        Path out;
        @Option(names = "--cn", required = true, description = "Common name, e.g. 'EEG Node AT CA'.")
        String cn;
        @Option(names = "--key", defaultValue = "ec", description = "ec (default) or rsa.")
        String key;
        @Option(names = "--days", defaultValue = "1825", description = "Validity in days (default: ${DEFAULT-VALUE}).")
        int days;
        @Option(names = "--crl-url", description = "CRL distribution point for certificates the new CA issues.")
        String crlUrl;
        @Option(names = "--ocsp-url", description = "OCSP URL for certificates the new CA issues.")
        String ocspUrl;
        @Mixin
        NewPasswordOptions newPassword;

        @Override
        public Integer call() {
            return CliSupport.run(System.err, () -> {
                char[] pw = issuer.password();
                CertificateAuthority parent = issuer.open(pw);
                CertificateAuthority child = parent.issueIntermediate(out, cn, keyKind(key), Duration.ofDays(days),
                        newPassword.resolve(pw), crlUrl, ocspUrl);
                System.out.println(CliError.PKI_CA_CREATED.code() + " " + out.resolve("ca.pem") + " serial "
                        + child.certificate().getSerialNumber().toString(16));
                return 0;
            });
        }
    }

    @Command(name = "issue", mixinStandardHelpOptions = true,
            description = {"Issues a role certificate from a CA directory: a new key pair (written as NAME.p12, NAME.pem,",
                    "NAME-chain.pem in --out-dir) or, with --csr, a certificate for an existing key (NAME.pem, NAME-chain.pem)."})
    static final class Issue implements Callable<Integer> {
        @Mixin
        KeyOptions.Ca issuer;
        @Option(names = "--role", required = true,
                description = "node, contact-point, judicial-authority, platform, auditor or directory (written as certificate policy).")
        String role;
        @Option(names = "--cn", required = true, description = "Subject common name.")
        String cn;
        @Option(names = "--san", description = "Subject alternative name (DNS name or IP), repeatable.")
        List<String> sans = new ArrayList<>();
        @Option(names = "--key", defaultValue = "ec", description = "ec (default) or rsa.")
        String key;
        @Option(names = "--days", defaultValue = "365", description = "Validity in days (default: ${DEFAULT-VALUE}).")
        int days;
        @Option(names = "--tls-server", description = "Add EKU serverAuth.")
        boolean tlsServer;
        @Option(names = "--tls-client", description = "Add EKU clientAuth.")
        boolean tlsClient;
        @Option(names = "--time-stamping", description = "A TSA certificate (for serve --tsa-key): critical EKU id-kp-timeStamping only; not with --tls-*.")
        boolean timeStamping;
        @Option(names = "--csr", paramLabel = "FILE", description = "PEM PKCS#10 request (e.g. from openssl req -new) to certify.")
        Path csr;
        @Option(names = "--out-dir", defaultValue = ".", paramLabel = "DIR", description = "Where to write (default: current directory).")
        Path outDir;
        @Option(names = "--name", description = "Base name of the files written (default: from --cn).")
        String name;
        @Mixin
        NewPasswordOptions newPassword;

        @Override
        public Integer call() {
            return CliSupport.run(System.err, () -> {
                char[] pw = issuer.password();
                Role r = CliSupport.role(role);
                CertificateAuthority ca = issuer.open(pw);
                if (timeStamping && (tlsServer || tlsClient)) {
                    throw new CliException(CliError.CLI_USAGE.code(), "--time-stamping excludes --tls-server and --tls-client", 2);
                }
                IssueRequest req = new IssueRequest(cn, r, sans, keyKind(key), Duration.ofDays(days), tlsServer, tlsClient, timeStamping);
                String base = name != null ? name : safeName(cn);
                X509Certificate cert;
                if (csr != null) {
                    cert = ca.certify(csrKey(csr), req);
                } else {
                    KeyMaterial km = ca.issue(req);
                    km.savePkcs12(outDir.resolve(base + ".p12"), newPassword.resolve(pw), base);
                    cert = km.certificate();
                }
                List<X509Certificate> chain = new ArrayList<>();
                chain.add(cert);
                chain.addAll(ca.chain());
                writePem(outDir.resolve(base + ".pem"), List.of(cert));
                writePem(outDir.resolve(base + "-chain.pem"), chain);
                System.out.println(CliError.PKI_ISSUED.code() + " " + r + " " + cert.getSubjectX500Principal().getName() + " serial "
                        + cert.getSerialNumber().toString(16) + " -> " + outDir.resolve(base + (csr != null ? ".pem" : ".p12")));
                return 0;
            });
        }

        private static PublicKey csrKey(Path file) throws Exception {
            return Certificates.readCsrPublicKey(file);
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Marks a certificate revoked in the CA database (then run pki crl).")
    static final class Revoke implements Callable<Integer> {
        @Mixin
        KeyOptions.Ca issuer;
        @Option(names = "--serial", required = true, paramLabel = "N", description = "Serial number in hex (as printed by pki issue).")
        String serial;
        @Option(names = "--reason", defaultValue = "unspecified",
                description = "unspecified, key-compromise, ca-compromise, affiliation-changed, superseded, cessation-of-operation, "
                        + "certificate-hold, privilege-withdrawn, or the RFC 5280 number (default: ${DEFAULT-VALUE}).")
        String reason;

        @Override
        public Integer call() {
            return CliSupport.run(System.err, () -> {
                BigInteger s;
                try {
                    s = new BigInteger(serial.replace(":", "").replaceFirst("^0[xX]", ""), 16);
                } catch (NumberFormatException e) {
                    throw new CliException(CliError.CLI_USAGE.code(), "serial must be hexadecimal: " + serial, 2);
                }
                CertificateAuthority ca = issuer.open(issuer.password());
                IssuedCertificate r = ca.revoke(s, reasonCode(reason));
                System.out.println(CliError.PKI_REVOKED.code() + " serial " + r.serial().toString(16) + " " + r.subject() + " at " + r.revokedAt());
                return 0;
            });
        }

        static int reasonCode(String r) throws CliException {
            String k = r.toLowerCase(Locale.ROOT).replace('_', '-');
            return switch (k) {
                case "unspecified", "0" -> 0;
                case "key-compromise", "keycompromise", "1" -> 1;
                case "ca-compromise", "cacompromise", "2" -> 2;
                case "affiliation-changed", "3" -> 3;
                case "superseded", "4" -> 4;
                case "cessation-of-operation", "5" -> 5;
                case "certificate-hold", "6" -> 6;
                case "privilege-withdrawn", "9" -> 9;
                default -> throw new CliException(CliError.CLI_USAGE.code(), "unknown revocation reason " + r, 2);
            };
        }
    }

    @Command(name = "crl", mixinStandardHelpOptions = true, description = "Publishes a CRL of the CA (PEM), also kept as DIR/crl.pem.")
    static final class Crl implements Callable<Integer> {
        @Mixin
        KeyOptions.Ca issuer;
        @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the CRL (PEM).")
        Path out;
        @Option(names = "--days", defaultValue = "7", description = "nextUpdate in days from now (default: ${DEFAULT-VALUE}).")
        int days;

        @Override
        public Integer call() {
            return CliSupport.run(System.err, () -> {
                CertificateAuthority ca = issuer.open(issuer.password());
                X509CRL crl = ca.publishCrl(Duration.ofDays(days));
                byte[] pem = Files.readAllBytes(issuer.dir.resolve("crl.pem"));
                CliSupport.writeAtomically(out, o -> o.write(pem));
                System.out.println(CliError.PKI_CRL.code() + " " + out + " entries " + (crl.getRevokedCertificates() == null ? 0
                        : crl.getRevokedCertificates().size()) + " nextUpdate " + crl.getNextUpdate().toInstant());
                return 0;
            });
        }
    }
}
