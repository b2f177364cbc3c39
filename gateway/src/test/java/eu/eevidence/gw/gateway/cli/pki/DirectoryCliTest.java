package eu.eevidence.gw.gateway.cli.pki;

import eu.eevidence.gw.gateway.cli.CliCapture.Run;
import eu.eevidence.gw.gateway.network.DirectoryFixture;
import eu.eevidence.gw.gateway.network.NetworkDirectory;
import eu.eevidence.gw.pki.Certificates;
import eu.eevidence.gw.pki.DevPki;
import eu.eevidence.gw.pki.KeyMaterial;
import eu.eevidence.gw.pki.Role;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import static eu.eevidence.gw.gateway.cli.CliCapture.cli;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code directory sign} and {@code directory verify}, in process: exit 0 valid, 1 refused (one coded line), 2 cannot run. */
class DirectoryCliTest {

    @TempDir
    static Path dir;
    static DirectoryFixture f;
    static Path authorityP12;
    static Path nodeP12;
    static Path ca;
    static Path json;

    @BeforeAll
    static void keys() throws Exception {
        f = new DirectoryFixture(dir);
        authorityP12 = dir.resolve("authority.p12");
        f.authority.savePkcs12(authorityP12, "pw".toCharArray(), "directory");
        nodeP12 = dir.resolve("node.p12");
        f.be.savePkcs12(nodeP12, "pw".toCharArray(), "node");
        ca = dir.resolve("ca.pem");
        Files.writeString(ca, Certificates.toPem(f.pki.rootCertificate()));
        json = dir.resolve("directory.json");
        Files.write(json, f.directory(4).toCanonicalJson());
    }

    @Test
    void signsAndVerifiesADirectory() throws Exception {
        Path out = dir.resolve("signed.p7s");
        Run sign = cli("directory", "sign", "--key", authorityP12.toString(), "--password", "pw", "--in", json.toString(), "--out", out.toString());
        assertThat(sign.exit()).as(sign.err()).isZero();
        assertThat(sign.out()).startsWith("EEG-DIR-SIGNED").contains("version 4 nodes 4 platforms 1");
        Run verify = cli("directory", "verify", "--trust", ca.toString(), "--in", out.toString(), "--min-version", "4");
        assertThat(verify.exit()).as(verify.err()).isZero();
        assertThat(verify.out()).startsWith("EEG-DIR-VALID version 4").contains("node be-247 BE CONTACT_POINT_24_7")
                .contains("platform acme \"ACME Social\" json-portal").contains("IE<-[EU]");
    }

    @Test
    void aPrettyPrintedInputIsSignedInCanonicalForm() throws Exception {
        Path pretty = dir.resolve("pretty.json");
        Files.writeString(pretty, new String(f.directory(4).toCanonicalJson(), StandardCharsets.UTF_8).replace(",\"", ",\n  \""));
        Path out = dir.resolve("pretty.p7s");
        assertThat(cli("directory", "sign", "--key", authorityP12.toString(), "--password", "pw", "--in", pretty.toString(), "--out", out.toString())
                .exit()).isZero();
        assertThat(cli("directory", "verify", "--trust", ca.toString(), "--in", out.toString()).exit()).isZero();
    }

    @Test
    void verifyRefusesAnOlderVersionThanMinVersion() throws Exception {
        Path out = dir.resolve("v4.p7s");
        Files.write(out, f.sign(f.directory(4)));
        Run r = cli("directory", "verify", "--trust", ca.toString(), "--in", out.toString(), "--min-version", "5");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("EEG-DIR-ROLLBACK");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void verifyRefusesANodeSignatureAndAnUntrustedAuthority() throws Exception {
        Path byNode = dir.resolve("by-node.p7s");
        Files.write(byNode, f.sign(f.directory(1), f.be));
        Run r = cli("directory", "verify", "--trust", ca.toString(), "--in", byNode.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("EEG-DIR-SIGNER-ROLE");
        DevPki other = DevPki.loadOrCreate(dir.resolve("other"), Clock.systemUTC());
        Path otherCa = dir.resolve("other-ca.pem");
        Files.writeString(otherCa, Certificates.toPem(other.rootCertificate()));
        Path good = dir.resolve("good.p7s");
        Files.write(good, f.sign(f.directory(1)));
        Run u = cli("directory", "verify", "--trust", otherCa.toString(), "--in", good.toString());
        assertThat(u.exit()).isEqualTo(1);
        assertThat(u.err()).startsWith("EEG-DIR-UNTRUSTED");
    }

    @Test
    void signRefusesAKeyWithoutTheDirectoryRoleAndAnInvalidDirectoryAndWritesNothing() throws Exception {
        Path out = dir.resolve("refused.p7s");
        Run r = cli("directory", "sign", "--key", nodeP12.toString(), "--password", "pw", "--in", json.toString(), "--out", out.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("EEG-DIR-SIGNER-ROLE");
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, new String(f.directory(4).toCanonicalJson(), StandardCharsets.UTF_8).replace("https://nl-247", "http://nl-247"));
        Run e = cli("directory", "sign", "--key", authorityP12.toString(), "--password", "pw", "--in", bad.toString(), "--out", out.toString());
        assertThat(e.exit()).isEqualTo(1);
        assertThat(e.err()).startsWith("EEG-DIR-ENDPOINT");
        NetworkDirectory d = f.directory(4);
        Path expired = dir.resolve("expired.json");
        Files.write(expired, new NetworkDirectory(4, d.issuedAt().minus(Duration.ofDays(30)), d.issuedAt(), d.issuer(), d.nodes(), d.platforms())
                .toCanonicalJson());
        Run x = cli("directory", "sign", "--key", authorityP12.toString(), "--password", "pw", "--in", expired.toString(), "--out", out.toString());
        assertThat(x.exit()).isEqualTo(1);
        assertThat(x.err()).startsWith("EEG-DIR-EXPIRED");
        assertThat(out).doesNotExist();
        assertThat(Role.of(KeyMaterial.loadPkcs12(nodeP12, "pw".toCharArray()).certificate())).containsExactly(Role.NODE);
    }

    @Test
    void missingInputsCannotRun() {
        Run r = cli("directory", "verify", "--trust", ca.toString(), "--in", dir.resolve("nope.p7s").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("EEG-CLI-IO");
        Run t = cli("directory", "verify", "--trust", dir.resolve("nope.pem").toString(), "--in", json.toString());
        assertThat(t.exit()).isEqualTo(2);
        Run u = cli("directory", "verify", "--in", json.toString());
        assertThat(u.exit()).isEqualTo(2);
    }

    @Test
    void serveNeedsTheNodeIdentityWithADirectoryAndStopsOnAMissingDirectory() {
        Run r = cli("serve", "--data-dir", dir.resolve("serve-1").toString(), "--port", "0", "--network-directory", dir.resolve("none.p7s").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("EEG-DIR-SELF-MISSING");
        Run bad = cli("serve", "--data-dir", dir.resolve("serve-1").toString(), "--port", "0", "--node-id", "BE 24/7", "--node-country", "BE",
                "--node-role", "CONTACT_POINT_24_7");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).startsWith("EEG-NET-ID");
        Run missing = cli("serve", "--data-dir", dir.resolve("serve-2").toString(), "--port", "0", "--node-id", "be-247", "--node-country", "BE",
                "--node-role", "CONTACT_POINT_24_7", "--network-directory", dir.resolve("none.p7s").toString());
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err().lines()).anySatisfy(l -> assertThat(l).startsWith("EEG-NODE-START-FAILED EEG-DIR-UNREADABLE"));
    }

    @Test
    void pkiIssueKnowsTheDirectoryRole() throws Exception {
        Path caDir = dir.resolve("ca");
        assertThat(cli("pki", "init-root", "--out", caDir.toString(), "--password", "pw").exit()).isZero();
        Run r = cli("pki", "issue", "--ca", caDir.toString(), "--password", "pw", "--role", "directory", "--cn", "EEG directory authority",
                "--out-dir", dir.resolve("issued").toString(), "--name", "authority", "--out-password", "kp");
        assertThat(r.exit()).as(r.err()).isZero();
        KeyMaterial issued = KeyMaterial.loadPkcs12(dir.resolve("issued").resolve("authority.p12"), "kp".toCharArray());
        assertThat(Role.of(issued.certificate())).containsExactly(Role.DIRECTORY);
    }
}
