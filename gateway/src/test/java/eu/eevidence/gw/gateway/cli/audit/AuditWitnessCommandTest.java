package eu.eevidence.gw.gateway.cli.audit;

import eu.eevidence.gw.custody.CustodyLog;
import eu.eevidence.gw.custody.note.Ed25519;
import eu.eevidence.gw.custody.note.SignedNote;
import eu.eevidence.gw.custody.witness.Cosignature;
import eu.eevidence.gw.custody.witness.CosignerKey;
import eu.eevidence.gw.gateway.cli.GatewayCli;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** issue 19: the witness policy of audit checkpoint, verify and watch, and the exit code of each verdict. */
class AuditWitnessCommandTest {

    @TempDir
    Path tmp;
    Path log;
    Path served;
    Path plain;
    String vkey;
    CosignerKey w1;
    CosignerKey w2;
    String line1;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private PrintStream oldOut;
    private PrintStream oldErr;

    @BeforeEach
    void build() throws Exception {
        log = tmp.resolve("log");
        KeyPair k1 = Ed25519.generate();
        w1 = CosignerKey.of("w1.example/witness", Ed25519.raw(k1.getPublic()));
        w2 = CosignerKey.of("w2.example/witness", Ed25519.raw(Ed25519.generate().getPublic()));
        try (CustodyLog l = CustodyLog.open(log, "node.example/custody", Ed25519.generate())) {
            for (int i = 0; i < 40; i++) {
                l.append(("entry-" + i).getBytes(StandardCharsets.US_ASCII));
            }
            String note = l.publish();
            plain = tmp.resolve("plain.checkpoint");
            Files.writeString(plain, note);
            line1 = Cosignature.sign(SignedNote.parse(note).text(), 1_796_000_000L, w1, k1.getPrivate());
            assertThat(l.addCosignatures(note, List.of(line1))).isPresent();
            assertThat(l.publish()).as("re-publishing the same size keeps the cosignatures").endsWith(line1);
            vkey = l.verifierKey().encode();
        }
        served = log.resolve("checkpoint");
        oldOut = System.out;
        oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(oldOut);
        System.setErr(oldErr);
    }

    private int run(String... args) {
        out.reset();
        return GatewayCli.execute(args);
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void malformedPoliciesExitTwo() throws Exception {
        assertThat(run("audit", "checkpoint", "--vkey", vkey, "--in", served.toString(), "--witness", w1.encode(), "--threshold", "2")).isEqualTo(2);
        assertThat(output()).contains("EEG-CUS-WITNESS-MALFORMED");
        assertThat(run("audit", "checkpoint", "--vkey", vkey, "--in", served.toString(), "--witness", vkey)).isEqualTo(2);
        assertThat(output()).contains("EEG-CUS-011");
        assertThat(run("audit", "checkpoint", "--vkey", vkey, "--in", served.toString(), "--threshold", "1")).isEqualTo(2);
        Path policy = tmp.resolve("policy");
        Files.writeString(policy, "witness " + w1.encode() + "\nquorum 1\n");
        assertThat(run("audit", "checkpoint", "--vkey", vkey, "--in", served.toString(), "--witness-policy", policy.toString())).isEqualTo(2);
        assertThat(run("audit", "verify", "--log", log.toString(), "--vkey", vkey, "--checkpoint", tmp.resolve("none").toString())).isEqualTo(2);
    }

    @Test
    void checkpointReportsWhoCosignedAndExitsOneBelowTheThreshold() throws Exception {
        assertThat(run("audit", "checkpoint", "--vkey", vkey, "--in", served.toString(), "--witness", w1.encode())).isZero();
        assertThat(output()).contains("VALID origin=node.example/custody").contains("WITNESSED 1 of 1").contains("cosigned w1.example/witness");
        assertThat(run("audit", "checkpoint", "--vkey", vkey, "--in", served.toString(), "--witness", w1.encode(), "--witness", w2.encode()))
                .isEqualTo(1);
        assertThat(output()).contains("INVALID EEG-CUS-COSIGNATURE-INVALID 1 of 2").contains("missing  w2.example/witness");
        Path policy = tmp.resolve("policy");
        Files.writeString(policy, "# one of two\nwitness " + w1.encode() + "\nwitness " + w2.encode() + "\nthreshold 1\n");
        assertThat(run("audit", "checkpoint", "--vkey", vkey, "--in", served.toString(), "--witness-policy", policy.toString())).isZero();
        assertThat(run("audit", "checkpoint", "--vkey", vkey, "--in", plain.toString(), "--witness-policy", policy.toString())).isEqualTo(1);
        // a cosignature whose timestamp was changed no longer verifies
        Path tampered = tmp.resolve("tampered");
        String text = Files.readString(served);
        int at = text.length() - line1.length() + line1.indexOf(' ', 2) + 1 + 8; // inside the timestamp of the cosignature
        Files.writeString(tampered, text.substring(0, at) + (text.charAt(at) == 'A' ? 'B' : 'A') + text.substring(at + 1));
        assertThat(run("audit", "checkpoint", "--vkey", vkey, "--in", tampered.toString(), "--witness", w1.encode())).isEqualTo(1);
        assertThat(output()).contains("INVALID");
        // without a policy nothing changes
        assertThat(run("audit", "checkpoint", "--vkey", vkey, "--in", plain.toString())).isZero();
    }

    @Test
    void verifyChecksTheLogAgainstACosignedCheckpoint() throws Exception {
        assertThat(run("audit", "verify", "--log", log.toString(), "--vkey", vkey, "--witness", w1.encode())).isZero();
        assertThat(output()).startsWith("OK ").contains("WITNESSED");
        assertThat(run("audit", "verify", "--log", log.toString(), "--vkey", vkey, "--witness", w2.encode())).isEqualTo(1);
        Path copy = tmp.resolve("cosigned.checkpoint");
        Files.copy(served, copy);
        Files.writeString(served, Files.readString(plain)); // the node now serves it without cosignatures
        assertThat(run("audit", "verify", "--log", log.toString(), "--vkey", vkey, "--witness", w1.encode())).isEqualTo(1);
        assertThat(run("audit", "verify", "--log", log.toString(), "--vkey", vkey, "--checkpoint", copy.toString(), "--witness", w1.encode())).isZero();
        Path forged = tmp.resolve("forged.checkpoint");
        Files.writeString(forged, Files.readString(copy).replace("\n40\n", "\n39\n"));
        assertThat(run("audit", "verify", "--log", log.toString(), "--vkey", vkey, "--checkpoint", forged.toString(), "--witness", w1.encode()))
                .isEqualTo(1);
        assertThat(output()).contains("EEG-CUS-010");
    }

    @Test
    void recordsExportChecksItsCheckpointAgainstTheWitnessPolicy() throws Exception {
        Path records = tmp.resolve("records.json");
        Files.writeString(records, new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(
                java.util.Map.of("checkpoint", Files.readString(served), "records", List.of())));
        assertThat(run("audit", "record", "--vkey", vkey, "--records", records.toString())).isZero();
        assertThat(output()).contains("INFO cosignatures").contains("w1.example/witness");
        assertThat(run("audit", "record", "--vkey", vkey, "--records", records.toString(), "--witness", w1.encode())).isZero();
        assertThat(output()).contains("PASS cosignatures").contains("1 of 1 witnesses cosigned");
        assertThat(run("audit", "record", "--vkey", vkey, "--records", records.toString(), "--witness", w1.encode(), "--witness", w2.encode()))
                .isEqualTo(1);
        assertThat(output()).contains("FAIL cosignatures").contains("missing  w2.example/witness");
        assertThat(run("audit", "record", "--vkey", vkey, "--records", records.toString(), "--threshold", "1")).isEqualTo(2);
    }

    @Test
    void watchReportsWitnessesOfTheCheckpointItChecked() throws Exception {
        Path state = tmp.resolve("watch.state");
        assertThat(run("audit", "watch", "--log", log.toString(), "--state", state.toString(), "--vkey", vkey, "--witness", w1.encode())).isZero();
        assertThat(output()).contains("OK first checkpoint").contains("WITNESSED 1 of 1");
        assertThat(run("audit", "watch", "--log", log.toString(), "--state", state.toString(), "--vkey", vkey, "--witness", w1.encode(),
                "--witness", w2.encode())).isEqualTo(1);
        assertThat(output()).contains("OK unchanged").contains("INVALID EEG-CUS-COSIGNATURE-INVALID");
    }
}
