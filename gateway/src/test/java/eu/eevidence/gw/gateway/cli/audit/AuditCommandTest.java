package eu.eevidence.gw.gateway.cli.audit;

import eu.eevidence.gw.custody.CustodyLog;
import eu.eevidence.gw.custody.entry.CustodyEntry;
import eu.eevidence.gw.custody.entry.CustodyEventType;
import eu.eevidence.gw.custody.entry.ExportedRecord;
import eu.eevidence.gw.custody.merkle.Rfc6962;
import eu.eevidence.gw.custody.note.Ed25519;
import eu.eevidence.gw.custody.note.NoteVerifierKey;
import eu.eevidence.gw.custody.tiles.TileLayout;
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
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Exit codes of every audit subcommand (0 valid, 1 invalid, 2 malformed), through GatewayCli.execute. */
class AuditCommandTest {

    @TempDir
    Path tmp;
    Path log;
    KeyPair keys;
    String vkey;
    String root5;
    String root8;
    long recordIndex;
    byte[] salt = new byte[32];
    final String record = "{\"event\":\"REQUEST_RECEIVED\",\"note\":\"full record with personal data\"}";

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream oldOut;
    private PrintStream oldErr;

    @BeforeEach
    void build() throws Exception {
        log = tmp.resolve("log");
        keys = Ed25519.generate();
        new java.util.Random(5).nextBytes(salt);
        try (CustodyLog l = CustodyLog.open(log, "node.example/custody", keys)) {
            for (int i = 0; i < 5; i++) {
                l.append(("entry-" + i).getBytes(StandardCharsets.US_ASCII));
            }
            root5 = b64(l.storage().root(5));
            CustodyEntry e = new CustodyEntry(CustodyEventType.REQUEST_RECEIVED, Instant.EPOCH, Instant.EPOCH, null, Optional.of(UUID.randomUUID()),
                    null, "RECEIVED", null, List.of(), CustodyEntry.commit(salt, record.getBytes(StandardCharsets.UTF_8)));
            recordIndex = l.append(e.encode());
            for (int i = 6; i < 300; i++) {
                l.storage().appendAsync(("entry-" + i).getBytes(StandardCharsets.US_ASCII));
            }
            l.append("entry-300".getBytes(StandardCharsets.US_ASCII));
            root8 = b64(l.storage().root(8));
            l.publish();
            vkey = l.verifierKey().encode();
        }
        oldOut = System.out;
        oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(oldOut);
        System.setErr(oldErr);
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    private int run(String... args) {
        out.reset();
        err.reset();
        return GatewayCli.execute(args);
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void everySubcommandHasHelp() {
        for (String sub : List.of("verify", "inclusion", "consistency", "checkpoint", "record", "watch")) {
            assertThat(run("audit", sub, "--help")).as(sub).isZero();
            assertThat(output()).contains("Usage:");
        }
        assertThat(run("audit")).isZero();
        assertThat(output()).contains("verify").doesNotContain("bench");
    }

    @Test
    void verifyExitCodes() throws Exception {
        assertThat(run("audit", "verify", "--log", log.toString(), "--vkey", vkey)).isZero();
        assertThat(output()).startsWith("OK ");
        Path vkeyFile = tmp.resolve("node.vkey");
        Files.writeString(vkeyFile, vkey + "\n");
        assertThat(run("audit", "verify", "--log", log.toString(), "--vkey", vkeyFile.toString(), "--no-progress")).isZero();

        assertThat(run("audit", "verify", "--log", log.toString(), "--vkey", "garbage+00000000+AAAA")).isEqualTo(2);
        assertThat(output()).contains("EEG-CUS-011");
        assertThat(run("audit", "verify", "--log", tmp.resolve("nowhere").toString(), "--vkey", vkey)).isEqualTo(2);
        assertThat(run("audit", "verify", "--log", log.toString())).isEqualTo(2); // missing option (picocli)

        String other = NoteVerifierKey.of("node.example/custody", Ed25519.raw(Ed25519.generate().getPublic())).encode();
        assertThat(run("audit", "verify", "--log", log.toString(), "--vkey", other)).isEqualTo(1);
        assertThat(output()).contains("EEG-CUS-010");

        Path bundle = log.resolve(TileLayout.bundleFor(0, 301).path());
        byte[] b = Files.readAllBytes(bundle);
        b[2 + "entry-0".length() + 2 + 3] ^= 1; // a byte of entry 1
        Files.write(bundle, b);
        assertThat(run("audit", "verify", "--log", log.toString(), "--vkey", vkey)).isEqualTo(1);
        assertThat(output()).contains("first bad index 1");
    }

    @Test
    void inclusionExitCodes() throws Exception {
        try (CustodyLog l = CustodyLog.open(tmp.resolve("log2"), "x.example/log", Ed25519.generate())) {
            for (int i = 0; i < 8; i++) {
                l.append(("e" + i).getBytes(StandardCharsets.US_ASCII));
            }
            String proof = l.storage().inclusionProof(3, 8).stream().map(AuditCommandTest::b64).collect(Collectors.joining(","));
            String leaf = b64(Rfc6962.leafHash("e3".getBytes(StandardCharsets.US_ASCII)));
            String root = b64(l.storage().root(8));
            assertThat(run("audit", "inclusion", "--leaf-hash", leaf, "--index", "3", "--size", "8", "--root", root, "--proof", proof)).isZero();
            assertThat(output()).startsWith("VALID");
            assertThat(run("audit", "inclusion", "--leaf-hash", leaf, "--index", "4", "--size", "8", "--root", root, "--proof", proof)).isEqualTo(1);
            assertThat(output()).startsWith("INVALID EEG-CUS-003");
            assertThat(run("audit", "inclusion", "--leaf-hash", leaf, "--index", "18446744073709551615", "--size", "8", "--root", root, "--proof", proof))
                    .isEqualTo(2);
            assertThat(output()).contains("EEG-CUS-001");
            assertThat(run("audit", "inclusion", "--leaf-hash", "not-base64!", "--index", "3", "--size", "8", "--root", root, "--proof", proof))
                    .isEqualTo(2);
            assertThat(run("audit", "inclusion", "--leaf-hash", leaf, "--index", "3", "--size", "8", "--root", root, "--proof", proof + ",AAAA"))
                    .isEqualTo(2);
            assertThat(run("audit", "inclusion", "--leaf-hash", leaf, "--index", "-1", "--size", "8", "--root", root, "--proof", proof)).isEqualTo(2);
        }
    }

    @Test
    void consistencyExitCodes() throws Exception {
        try (CustodyLog l = CustodyLog.open(log, "node.example/custody", keys)) {
            String proof = l.storage().consistencyProof(5, 8).stream().map(AuditCommandTest::b64).collect(Collectors.joining(","));
            assertThat(run("audit", "consistency", "--size1", "5", "--size2", "8", "--root1", root5, "--root2", root8, "--proof", proof)).isZero();
            assertThat(run("audit", "consistency", "--size1", "5", "--size2", "8", "--root1", root8, "--root2", root5, "--proof", proof)).isEqualTo(1);
            assertThat(run("audit", "consistency", "--size1", "8", "--size2", "5", "--root1", root8, "--root2", root5, "--proof", proof)).isEqualTo(1);
            assertThat(run("audit", "consistency", "--size1", "5", "--size2", "18446744073709551616", "--root1", root5, "--root2", root8, "--proof", proof))
                    .isEqualTo(2);
            assertThat(run("audit", "consistency", "--size1", "5", "--size2", "8", "--root1", "AAAA", "--root2", root8, "--proof", proof)).isEqualTo(2);
        }
    }

    @Test
    void checkpointExitCodes() throws Exception {
        Path cp = log.resolve("checkpoint");
        assertThat(run("audit", "checkpoint", "--vkey", vkey, "--in", cp.toString())).isZero();
        assertThat(output()).contains("size=301");
        String other = NoteVerifierKey.of("node.example/custody", Ed25519.raw(Ed25519.generate().getPublic())).encode();
        assertThat(run("audit", "checkpoint", "--vkey", other, "--in", cp.toString())).isEqualTo(1);
        Path forged = tmp.resolve("forged");
        Files.writeString(forged, Files.readString(cp).replace("\n301\n", "\n300\n"));
        assertThat(run("audit", "checkpoint", "--vkey", vkey, "--in", forged.toString())).isEqualTo(1);
        Path garbage = tmp.resolve("garbage");
        Files.writeString(garbage, "not a note");
        assertThat(run("audit", "checkpoint", "--vkey", vkey, "--in", garbage.toString())).isEqualTo(2);
        assertThat(run("audit", "checkpoint", "--vkey", vkey, "--in", tmp.resolve("missing").toString())).isEqualTo(2);
    }

    @Test
    void recordExitCodes() throws Exception {
        Path rec = tmp.resolve("record.json");
        Files.writeString(rec, new ExportedRecord("node.example/custody", recordIndex, salt, record).toJson());
        assertThat(run("audit", "record", "--log", log.toString(), "--record", rec.toString(), "--vkey", vkey)).isZero();
        assertThat(output()).contains("REQUEST_RECEIVED");
        Files.writeString(rec, new ExportedRecord("node.example/custody", recordIndex, salt, record.replace("full", "altered")).toJson());
        assertThat(run("audit", "record", "--log", log.toString(), "--record", rec.toString(), "--vkey", vkey)).isEqualTo(1);
        assertThat(output()).contains("EEG-CUS-020");
        Files.writeString(rec, "{\"format\":\"eeg-custody-record/1\"}");
        assertThat(run("audit", "record", "--log", log.toString(), "--record", rec.toString(), "--vkey", vkey)).isEqualTo(2);
    }

    @Test
    void watchExitCodes() throws Exception {
        Path state = tmp.resolve("watch.state");
        String first = Files.readString(log.resolve("checkpoint"));
        assertThat(run("audit", "watch", "--log", log.toString(), "--state", state.toString(), "--vkey", vkey)).isZero();
        try (CustodyLog l = CustodyLog.open(log, "node.example/custody", keys)) {
            l.append("more".getBytes(StandardCharsets.US_ASCII));
            l.publish();
        }
        assertThat(run("audit", "watch", "--log", log.toString(), "--state", state.toString(), "--vkey", vkey)).isZero();
        assertThat(output()).contains("301 -> 302");
        Files.writeString(log.resolve("checkpoint"), first);
        assertThat(run("audit", "watch", "--log", log.toString(), "--state", state.toString(), "--vkey", vkey)).isEqualTo(1);
        assertThat(output()).contains("ALARM").contains("rollback");
        assertThat(run("audit", "watch", "--log", log.toString(), "--state", state.toString(), "--vkey", "x")).isEqualTo(2);
    }
}
