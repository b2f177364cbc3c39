package eu.eevidence.gw.gateway.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The key, certificate and password options of {@code cms}, {@code directory}, {@code pki} and {@code serve} come from
 * shared mixins (pki.KeyOptions, pki.KeyOptions.Signer, pki.KeyOptions.Ca, ServeKeyOptions); every option name they had
 * before still parses, on the same subcommands.
 */
class KeyOptionsCliTest {

    private static Set<String> names(String... path) {
        CommandLine c = new CommandLine(new GatewayCli());
        for (String p : path) {
            c = c.getSubcommands().get(p);
        }
        Set<String> out = new TreeSet<>();
        for (CommandLine.Model.OptionSpec o : c.getCommandSpec().options()) {
            out.addAll(List.of(o.names()));
        }
        return out;
    }

    @Test
    void everyKeyAndPasswordOptionKeepsItsName() {
        List<String> password = List.of("--password", "--password-env", "--password-file");
        assertThat(names("cms", "protect")).contains("--signer", "--signer-cert").containsAll(password).doesNotContain("--key");
        assertThat(names("cms", "open")).contains("--key", "--key-cert").containsAll(password).doesNotContain("--signer");
        assertThat(names("directory", "sign")).contains("--key", "--key-cert").containsAll(password);
        assertThat(names("pki", "init-root")).contains("--key").containsAll(password).doesNotContain("--ca");
        for (String sub : List.of("issue-intermediate", "issue")) {
            assertThat(names("pki", sub)).contains("--ca", "--key", "--out-password", "--out-password-env", "--out-password-file")
                    .containsAll(password);
        }
        for (String sub : List.of("revoke", "crl")) {
            assertThat(names("pki", sub)).contains("--ca").containsAll(password).doesNotContain("--key-cert");
        }
        assertThat(names("serve")).contains("--node-key", "--node-key-password-file", "--trust", "--ocsp-ca",
                "--ocsp-ca-password-file", "--tsa-key", "--tsa-key-password-file", "--data-dir", "--network-directory");
    }

    @Test
    void serveKeyOptionsBindToTheMixin() {
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs("--data-dir", "d", "--node-key", "n.p12", "--node-key-password-file", "n.pw",
                "--trust", "ca.pem", "--ocsp-ca", "ca", "--ocsp-ca-password-file", "ca.pw", "--tsa-key", "t.p12",
                "--tsa-key-password-file", "t.pw");
        assertThat(serve.keys.nodeKey).isEqualTo(Path.of("n.p12"));
        assertThat(serve.keys.nodeKeyPasswordFile).isEqualTo(Path.of("n.pw"));
        assertThat(serve.keys.trustFile).isEqualTo(Path.of("ca.pem"));
        assertThat(serve.keys.ocspCa).isEqualTo(Path.of("ca"));
        assertThat(serve.keys.ocspCaPasswordFile).isEqualTo(Path.of("ca.pw"));
        assertThat(serve.keys.tsaKey).isEqualTo(Path.of("t.p12"));
        assertThat(serve.keys.tsaKeyPasswordFile).isEqualTo(Path.of("t.pw"));
        assertThat(serve.keys.nodeKeyWithoutTrust()).isFalse();
    }

    @Test
    void serveNodeKeyWithoutTrustIsRefusedBeforeAnythingStarts() {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        synchronized (System.class) {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            try {
                exit = GatewayCli.execute("serve", "--data-dir", "target/never-created", "--node-key", "n.p12");
            } finally {
                System.setErr(saved);
            }
        }
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("EEG-CFG-004 --node-key needs --trust");
    }
}
