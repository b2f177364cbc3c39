package eu.eevidence.gw.custody.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import eu.eevidence.gw.custody.CustodyException;
import eu.eevidence.gw.custody.entry.CustodyEntry;
import eu.eevidence.gw.custody.entry.ExportedRecord;
import eu.eevidence.gw.custody.note.Checkpoint;
import eu.eevidence.gw.custody.note.NoteVerifierKey;
import eu.eevidence.gw.custody.note.SignedNote;
import eu.eevidence.gw.custody.tiles.TileLayout;
import eu.eevidence.gw.custody.tiles.TilePath;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Fuzz targets of the custody log's parsers of outside bytes (docs/design/fuzzing.md): C2SP signed notes and
 * checkpoints (what a witness, an auditor or a peer reads), verifier keys, tlog-tiles entry bundles and tile paths,
 * entries and exported records. Contract: a value or a {@link CustodyException} (clean rejection with an EEG-CUS
 * code); anything else escaping is a finding. The committed checkpoint seeds are signed by the key in
 * {@code seed.vkey} (its private half was thrown away, see {@link CustodyFuzzSeeds}), so they reach the signature
 * check.
 */
class CustodyFuzzTest {

    static final NoteVerifierKey KEY = seedKey();

    static NoteVerifierKey seedKey() {
        try (InputStream in = CustodyFuzzTest.class.getResourceAsStream("seed.vkey")) {
            return NoteVerifierKey.parse(new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim());
        } catch (IOException | CustodyException e) {
            throw new IllegalStateException("seed.vkey", e);
        }
    }

    @FuzzTest
    void checkpoint(byte[] bytes) {
        String note;
        try {
            note = SignedNote.utf8(bytes);
        } catch (CustodyException e) {
            assertThat(e.oneLine()).startsWith("EEG-");
            return;
        }
        rejectOrValue(() -> SignedNote.parse(note));
        rejectOrValue(() -> Checkpoint.parse(note));
        rejectOrValue(() -> Checkpoint.open(note, KEY));
    }

    @FuzzTest
    void verifierKey(byte[] bytes) {
        rejectOrValue(() -> NoteVerifierKey.parse(new String(bytes, StandardCharsets.UTF_8)));
    }

    @FuzzTest
    void tiles(byte[] bytes) {
        rejectOrValue(() -> TileLayout.decodeBundle(bytes));
        rejectOrValue(() -> TilePath.parse(new String(bytes, StandardCharsets.UTF_8)));
    }

    @FuzzTest
    void entry(byte[] bytes) {
        rejectOrValue(() -> CustodyEntry.decode(bytes));
        rejectOrValue(() -> ExportedRecord.parse(new String(bytes, StandardCharsets.UTF_8)));
    }

    interface Parse {
        Object run() throws CustodyException;
    }

    static void rejectOrValue(Parse p) {
        try {
            assertThat(p.run()).isNotNull();
        } catch (CustodyException e) {
            assertThat(e.oneLine()).startsWith("EEG-");
        }
    }
}
