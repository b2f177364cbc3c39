package eu.eevidence.gw.gateway.cli.pki;

import eu.eevidence.gw.gateway.cli.CliCapture.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static eu.eevidence.gw.gateway.cli.CliCapture.cli;
import static org.assertj.core.api.Assertions.assertThat;


/**
 * The {@code pki} and {@code cms} commands, in process, with keys and certificates made by {@code openssl}
 * (req/x509/pkcs12) and by the gateway's own CA; every failure is one coded line, a non-zero exit and no output file.
 */
class PkiCmsCliTest {

    @TempDir
    static Path dir;
    static Path o;

    static void openssl(Path wd, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("openssl");
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(wd.toFile()).redirectErrorStream(true)
                .redirectOutput(wd.resolve("openssl.log").toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("openssl %s: %s", String.join(" ", args), Files.readString(wd.resolve("openssl.log"))).isZero();
    }

    static boolean opensslAvailable() {
        try {
            return new ProcessBuilder("openssl", "version").start().waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    @BeforeAll
    static void setUp() throws Exception {
        Assumptions.assumeTrue(opensslAvailable(), "openssl not installed");
        o = Files.createDirectories(dir.resolve("ossl"));
        openssl(o, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "root.key",
                "-out", "root.pem", "-subj", "/O=Member State X/CN=OpenSSL Root", "-days", "30",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        Files.writeString(o.resolve("ec.cnf"), "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyAgreement\n"
                + "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n");
        Files.writeString(o.resolve("rsa.cnf"), "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n"
                + "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n");
        for (String k : List.of("ec", "rsa")) {
            if (k.equals("ec")) {
                openssl(o, "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "ec.key",
                        "-out", "ec.csr", "-subj", "/CN=OpenSSL EC police unit");
            } else {
                openssl(o, "req", "-new", "-newkey", "rsa:3072", "-nodes", "-keyout", "rsa.key", "-out", "rsa.csr",
                        "-subj", "/CN=OpenSSL RSA gateway");
            }
            openssl(o, "x509", "-req", "-in", k + ".csr", "-CA", "root.pem", "-CAkey", "root.key", "-CAcreateserial",
                    "-out", k + ".pem", "-days", "10", "-extfile", k + ".cnf");
            openssl(o, "pkcs12", "-export", "-in", k + ".pem", "-inkey", k + ".key", "-certfile", "root.pem",
                    "-out", k + ".p12", "-passout", "pass:secret", "-name", k);
        }
        Files.writeString(o.resolve("pw.txt"), "secret\n");
    }

    static Path payload(String name, int size) throws IOException {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        return Files.write(dir.resolve(name), b);
    }

    static void assertNoLeftovers(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            assertThat(s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".partial") || n.startsWith(".eeg-spool")))
                    .isEmpty();
        }
    }

    @Test
    void protectAndOpenWithOpensslMadeKeysBothWays() throws Exception {
        Path in = payload("evidence.bin", 1_500_000);
        Path p7m = dir.resolve("evidence.p7m");
        Run r = cli("cms", "protect", "--signer", o.resolve("ec.p12").toString(), "--password", "secret",
                "--recipient", o.resolve("rsa.pem").toString(), "--recipient", o.resolve("ec.pem").toString(),
                "--in", in.toString(), "--out", p7m.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("EEG-CMS-PROTECTED");
        // OpenSSL opens it
        openssl(dir, "cms", "-decrypt", "-inform", "DER", "-in", p7m.toString(), "-recip", o.resolve("rsa.pem").toString(),
                "-inkey", o.resolve("rsa.key").toString(), "-out", "ossl-signed.der");
        openssl(dir, "cms", "-verify", "-inform", "DER", "-in", "ossl-signed.der", "-CAfile", o.resolve("root.pem").toString(),
                "-out", "ossl-content.bin");
        assertThat(Files.readAllBytes(dir.resolve("ossl-content.bin"))).isEqualTo(Files.readAllBytes(in));
        // we open it with the PKCS#12 (password from a file) and with the PEM key + certificate
        Path out1 = dir.resolve("opened1.bin");
        r = cli("cms", "open", "--key", o.resolve("rsa.p12").toString(), "--password-file", o.resolve("pw.txt").toString(),
                "--trust", o.resolve("root.pem").toString(), "--in", p7m.toString(), "--out", out1.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("EEG-CMS-OPENED").contains("OpenSSL EC police unit");
        assertThat(Files.readAllBytes(out1)).isEqualTo(Files.readAllBytes(in));
        Path out2 = dir.resolve("opened2.bin");
        r = cli("cms", "open", "--key", o.resolve("ec.key").toString(), "--key-cert", o.resolve("ec.pem").toString(),
                "--trust", o.resolve("root.pem").toString(), "--in", p7m.toString(), "--out", out2.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(Files.readAllBytes(out2)).isEqualTo(Files.readAllBytes(in));

        // what OpenSSL signs and encrypts, the CLI opens
        openssl(dir, "cms", "-sign", "-binary", "-nodetach", "-cades", "-md", "sha256", "-signer", o.resolve("rsa.pem").toString(),
                "-inkey", o.resolve("rsa.key").toString(), "-keyopt", "rsa_padding_mode:pss", "-in", in.toString(),
                "-outform", "DER", "-out", "o-signed.der");
        openssl(dir, "cms", "-encrypt", "-binary", "-aes-256-gcm", "-recip", o.resolve("ec.pem").toString(), "-keyopt",
                "ecdh_kdf_md:sha256", "-in", "o-signed.der", "-outform", "DER", "-out", "o-sealed.der");
        Path out3 = dir.resolve("opened3.bin");
        r = cli("cms", "open", "--key", o.resolve("ec.p12").toString(), "--password", "secret", "--trust",
                o.resolve("root.pem").toString(), "--in", dir.resolve("o-sealed.der").toString(), "--out", out3.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(Files.readAllBytes(out3)).isEqualTo(Files.readAllBytes(in));
        assertNoLeftovers(dir);
    }

    @Test
    void everyFailureIsOneCodedLineAndNoOutputFile() throws Exception {
        Path in = payload("order.json", 20_000);
        Path p7m = dir.resolve("order.p7m");
        assertThat(cli("cms", "protect", "--signer", o.resolve("ec.p12").toString(), "--password", "secret",
                "--recipient", o.resolve("rsa.pem").toString(), "--in", in.toString(), "--out", p7m.toString()).exit()).isZero();
        byte[] good = Files.readAllBytes(p7m);
        Path out = dir.resolve("must-not-exist.bin");
        String[] open = {"cms", "open", "--key", o.resolve("rsa.p12").toString(), "--password", "secret", "--trust",
            o.resolve("root.pem").toString(), "--in", p7m.toString(), "--out", out.toString()};

        byte[] tag = good.clone();
        tag[tag.length - 7] ^= 1; // last byte of the GCM tag (three BER end-of-contents pairs follow it)
        Files.write(p7m, tag);
        expectFailure(open, "EEG-PKI-008", out);
        byte[] body = good.clone();
        body[body.length / 2] ^= 1;
        Files.write(p7m, body);
        expectFailure(open, "EEG-PKI-00", out);
        Files.write(p7m, new byte[] {0x30, 0x03, 1, 2, 3});
        expectFailure(open, "EEG-PKI-001", out);
        Files.write(p7m, good);

        String[] wrongRecipient = open.clone();
        wrongRecipient[3] = o.resolve("ec.p12").toString();
        expectFailure(wrongRecipient, "EEG-PKI-007", out);
        String[] wrongPassword = open.clone();
        wrongPassword[5] = "nope";
        expectFailure(wrongPassword, "EEG-PKI-009", out);
        Run noPw = cli("cms", "open", "--key", o.resolve("rsa.p12").toString(), "--trust", o.resolve("root.pem").toString(),
                "--in", p7m.toString(), "--out", out.toString());
        assertThat(noPw.exit()).isNotZero();
        assertThat(out).doesNotExist();
        Path otherRoot = Files.createDirectories(dir.resolve("other"));
        openssl(otherRoot, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "x.key",
                "-out", "x.pem", "-subj", "/CN=Other root", "-days", "3");
        String[] untrusted = open.clone();
        untrusted[7] = otherRoot.resolve("x.pem").toString();
        expectFailure(untrusted, "EEG-PKI-004", out);
        String[] wrongRole = java.util.Arrays.copyOf(open, open.length + 2);
        wrongRole[open.length] = "--role";
        wrongRole[open.length + 1] = "judicial-authority";
        expectFailure(wrongRole, "EEG-PKI-006", out);
        String[] missing = open.clone();
        missing[9] = dir.resolve("nope.p7m").toString();
        expectFailure(missing, "EEG-CLI-IO", out);
        // the untampered file still opens
        assertThat(cli(open).exit()).isZero();
        Files.delete(out);
        assertNoLeftovers(dir);
    }

    private static void expectFailure(String[] args, String codePrefix, Path out) throws IOException {
        Run r = cli(args);
        assertThat(r.exit()).as(r.err()).isNotZero();
        assertThat(r.err().strip()).startsWith(codePrefix).doesNotContain("\n").doesNotContain("\tat ");
        assertThat(out).doesNotExist();
        assertNoLeftovers(out.getParent());
    }

    @Test
    void networkPkiCommandsEndToEnd() throws Exception {
        Path root = dir.resolve("net-root");
        Path node = dir.resolve("net-node-at");
        Path issued = Files.createDirectories(dir.resolve("issued"));
        Run r = cli("pki", "init-root", "--out", root.toString(), "--cn", "EEG Test Network Root", "--password", "rootpw");
        assertThat(r.exit()).as(r.err()).isZero();
        r = cli("pki", "issue-intermediate", "--ca", root.toString(), "--out", node.toString(), "--cn", "EEG Node AT",
                "--password", "rootpw", "--out-password", "nodepw");
        assertThat(r.exit()).as(r.err()).isZero();
        r = cli("pki", "issue", "--ca", node.toString(), "--password", "nodepw", "--role", "contact-point", "--cn", "AT 24/7 point",
                "--out-dir", issued.toString(), "--name", "cp", "--out-password", "cppw");
        assertThat(r.exit()).as(r.err()).isZero();
        String serial = r.out().replaceAll("(?s).*serial ([0-9a-f]+) .*", "$1");
        r = cli("pki", "issue", "--ca", node.toString(), "--password", "nodepw", "--role", "node", "--cn", "gateway-at",
                "--key", "rsa", "--out-dir", issued.toString(), "--name", "gw", "--tls-server", "--tls-client");
        assertThat(r.exit()).as(r.err()).isZero();
        // an OpenSSL-made key certified through a CSR
        r = cli("pki", "issue", "--ca", node.toString(), "--password", "nodepw", "--role", "judicial-authority", "--cn", "Judge",
                "--csr", o.resolve("ec.csr").toString(), "--out-dir", issued.toString(), "--name", "judge");
        assertThat(r.exit()).as(r.err()).isZero();
        openssl(issued, "verify", "-CAfile", root.resolve("ca.pem").toString(), "-untrusted", node.resolve("ca.pem").toString(),
                "judge.pem");
        r = cli("pki", "crl", "--ca", root.toString(), "--password", "rootpw", "--out", dir.resolve("crls/root.pem").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        r = cli("pki", "crl", "--ca", node.toString(), "--password", "nodepw", "--out", dir.resolve("crls/node.pem").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        openssl(dir, "crl", "-in", dir.resolve("crls/node.pem").toString(), "-CAfile", node.resolve("ca.pem").toString(), "-noout");

        Path in = payload("request.json", 3000);
        Path p7m = dir.resolve("request.p7m");
        r = cli("cms", "protect", "--signer", issued.resolve("cp.p12").toString(), "--password", "cppw",
                "--recipient", issued.resolve("gw.pem").toString(), "--in", in.toString(), "--out", p7m.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        Path out = dir.resolve("request.out");
        String[] open = {"cms", "open", "--key", issued.resolve("gw.p12").toString(), "--password", "nodepw",
            "--trust", root.resolve("ca.pem").toString(), "--crl", dir.resolve("crls").toString(), "--require-revocation",
            "--role", "contact-point", "--in", p7m.toString(), "--out", out.toString()};
        r = cli(open);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("CONTACT_POINT");
        Files.delete(out);

        r = cli("pki", "revoke", "--ca", node.toString(), "--password", "nodepw", "--serial", serial, "--reason", "key-compromise");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(cli("pki", "revoke", "--ca", node.toString(), "--password", "nodepw", "--serial", serial).err())
                .startsWith("EEG-PKI-017");
        assertThat(cli("pki", "crl", "--ca", node.toString(), "--password", "nodepw", "--out",
                dir.resolve("crls/node.pem").toString()).exit()).isZero();
        expectFailure(open, "EEG-PKI-012", out);
        assertThat(cli("pki", "issue", "--ca", node.toString(), "--password", "nodepw", "--role", "chief", "--cn", "x").err())
                .startsWith("EEG-CLI-USAGE");

        // a TSA certificate for serve --tsa-key: critical id-kp-timeStamping as the only purpose
        r = cli("pki", "issue", "--ca", node.toString(), "--password", "nodepw", "--role", "node", "--cn", "AT TSA", "--time-stamping",
                "--out-dir", issued.toString(), "--name", "tsa", "--out-password", "tsapw");
        assertThat(r.exit()).as(r.err()).isZero();
        java.security.cert.X509Certificate tsa = eu.eevidence.gw.pki.KeyMaterial.loadPkcs12(issued.resolve("tsa.p12"), "tsapw".toCharArray())
                .certificate();
        assertThat(tsa.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.8");
        assertThat(tsa.getCriticalExtensionOIDs()).contains("2.5.29.37");
        assertThat(cli("pki", "issue", "--ca", node.toString(), "--password", "nodepw", "--role", "node", "--cn", "y", "--time-stamping",
                "--tls-server").err()).startsWith("EEG-CLI-USAGE");
    }
}
