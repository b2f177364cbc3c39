package eu.eevidence.gw.custody.fuzz;

import eu.eevidence.gw.custody.entry.CustodyEntry;
import eu.eevidence.gw.custody.entry.CustodyEventType;
import eu.eevidence.gw.custody.entry.ExportedRecord;
import eu.eevidence.gw.custody.note.Checkpoint;
import eu.eevidence.gw.custody.note.Ed25519;
import eu.eevidence.gw.custody.note.NoteVerifierKey;
import eu.eevidence.gw.custody.note.SignedNote;
import eu.eevidence.gw.custody.tiles.TileLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes the committed seeds of {@link CustodyFuzzTest} with the project's own code. Not part of the build:
 * {@code mvn -o -pl custody-log test -Dtest=CustodyFuzzSeeds -Dfuzz.seeds=write}. The Ed25519 key is generated here and
 * only its public verifier key is written ({@code seed.vkey}).
 */
@EnabledIfSystemProperty(named = "fuzz.seeds", matches = "write")
class CustodyFuzzSeeds {

    static final Path RESOURCES = Path.of("src/test/resources/eu/eevidence/gw/custody/fuzz");

    @Test
    void write() throws Exception {
        KeyPair kp = Ed25519.generate();
        NoteVerifierKey vkey = NoteVerifierKey.of("eeg.example/custody-log", Ed25519.raw(kp.getPublic()));
        put(RESOURCES.resolve("seed.vkey"), (vkey.encode() + "\n").getBytes(StandardCharsets.US_ASCII));
        Path in = RESOURCES.resolve("CustodyFuzzTestInputs");
        byte[] root = new byte[32];
        Arrays.fill(root, (byte) 7);
        Checkpoint small = Checkpoint.of(vkey.name(), 12, root);
        put(in.resolve("checkpoint/signed-12"), SignedNote.sign(small.body(), vkey, kp.getPrivate()).getBytes(StandardCharsets.UTF_8));
        Checkpoint ext = new Checkpoint(vkey.name(), 4_000_000_000L, root, List.of("extension line"));
        put(in.resolve("checkpoint/signed-extension"), SignedNote.sign(ext.body(), vkey, kp.getPrivate()).getBytes(StandardCharsets.UTF_8));
        put(in.resolve("verifierKey/vkey"), vkey.encode().getBytes(StandardCharsets.US_ASCII));
        byte[] h = new byte[32];
        put(in.resolve("tiles/bundle"), TileLayout.encodeBundle(List.of("first".getBytes(), new byte[0], h)));
        put(in.resolve("tiles/path-hash"), "tile/0/x001/234.p/5".getBytes(StandardCharsets.US_ASCII));
        put(in.resolve("tiles/path-entries"), "tile/entries/000".getBytes(StandardCharsets.US_ASCII));
        CustodyEntry e = new CustodyEntry(CustodyEventType.EVIDENCE_RECEIVED, Instant.parse("2026-11-25T10:00:00.123Z"),
                Instant.parse("2026-11-25T10:00:01Z"), fill(0xaa), Optional.of(UUID.fromString("01234567-89ab-cdef-0123-456789abcdef")),
                "ACKNOWLEDGED", "EVIDENCE_RECEIVED", fill(0xbb), List.of(fill(1), fill(2)), fill(0xcc));
        put(in.resolve("entry/entry"), e.encode());
        put(in.resolve("entry/exported"), new ExportedRecord(vkey.name(), 3, fill(9), "{\"type\":\"REQUEST_RECEIVED\"}").toJson()
                .getBytes(StandardCharsets.UTF_8));
    }

    static byte[] fill(int v) {
        byte[] b = new byte[32];
        Arrays.fill(b, (byte) v);
        return b;
    }

    private static void put(Path file, byte[] bytes) throws Exception {
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
    }
}
