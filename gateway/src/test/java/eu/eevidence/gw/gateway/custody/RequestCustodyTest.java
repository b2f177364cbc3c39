package eu.eevidence.gw.gateway.custody;

import eu.eevidence.gw.custody.CustodyException;
import eu.eevidence.gw.custody.CustodyLog;
import eu.eevidence.gw.custody.entry.CustodyEntry;
import eu.eevidence.gw.custody.entry.CustodyEventType;
import eu.eevidence.gw.custody.entry.ExportedRecord;
import eu.eevidence.gw.custody.merkle.ProofVerifier;
import eu.eevidence.gw.custody.note.NodeKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The auditor's snapshot of a request's custody: proofs against the published checkpoint, pending records, the node's own check. */
class RequestCustodyTest {

    static final String REQ = "REQ-01JF8ZQ3V4W5X6Y7Z8A9B0C1D2";

    @TempDir
    Path dir;

    private CustodyLog log;
    private final List<ExportedRecord> records = new ArrayList<>();

    private CustodyLog open() throws Exception {
        log = CustodyLog.open(dir.resolve("log"), "test.example/custody", NodeKey.loadOrCreate(dir.resolve("node.key")));
        return log;
    }

    /** Appends one entry; the request's entries also get an exported record (salt and record text). */
    private long append(String requestId, boolean matchingRecord) throws Exception {
        byte[] salt = new byte[32];
        salt[0] = (byte) log.size();
        String text = "{\"event\":\"REQUEST_RECEIVED\",\"n\":" + log.size() + "}";
        byte[] commitment = CustodyEntry.commit(salt, text.getBytes(StandardCharsets.UTF_8));
        CustodyEntry e = new CustodyEntry(CustodyEventType.REQUEST_RECEIVED, Instant.EPOCH, Instant.EPOCH, null,
                RequestIdBytes.of(requestId), null, "RECEIVED", null, List.of(), commitment);
        long index = log.append(e.encode());
        if (REQ.equals(requestId)) {
            records.add(new ExportedRecord(log.origin(), index, salt, matchingRecord ? text : text.replace("REQUEST", "REQUEXT")));
        }
        return index;
    }

    @Test
    void withoutAPublishedCheckpointThereIsNoSnapshotAndTheStatusSaysWhy() throws Exception {
        open();
        append(REQ, true);
        assertThatThrownBy(() -> RequestCustody.of(log, id -> records, REQ)).isInstanceOf(CustodyException.class)
                .hasMessageContaining("no checkpoint");
        RequestCustody.Status s = RequestCustody.status(log);
        assertThat(s.signatureValid()).isFalse();
        assertThat(s.problem()).startsWith("EEG-CUS-014");
        log.close();
    }

    @Test
    void aCheckpointWhoseSignatureWasAlteredIsRefused() throws Exception {
        open();
        append(REQ, true);
        log.publish();
        Path cp = dir.resolve("log").resolve("checkpoint");
        Files.writeString(cp, Files.readString(cp).replaceFirst("\n1\n", "\n2\n"));
        assertThat(RequestCustody.status(log).signatureValid()).isFalse();
        assertThat(RequestCustody.status(log).problem()).startsWith("EEG-CUS-010");
        assertThatThrownBy(() -> RequestCustody.of(log, id -> records, REQ)).isInstanceOf(CustodyException.class);
        log.close();
    }

    @Test
    void aRecordThatItsEntryDoesNotCommitToFailsTheNodesCheck() throws Exception {
        open();
        append(REQ, false);
        append("REQ-01JF8ZQ3V4W5X6Y7Z8A9B0C1D3", true);
        log.publish();
        assertThat(RequestCustody.of(log, id -> records, REQ).nodeChecked()).isFalse();
        log.close();
    }

    @Test
    void everyRecordInTheCheckpointHasAValidProofAndLaterOnesArePending() throws Exception {
        open();
        for (int i = 0; i < 13; i++) {
            append(i % 3 == 0 ? REQ : "REQ-01JF8ZQ3V4W5X6Y7Z8A9B0C1D3", true);
        }
        log.publish();
        append(REQ, true); // after the checkpoint: not provable yet
        RequestCustody.Snapshot s = RequestCustody.of(log, id -> records, REQ);
        assertThat(s.nodeChecked()).isTrue();
        assertThat(s.checkpoint().size()).isEqualTo(13);
        assertThat(s.pending()).isEqualTo(1);
        assertThat(s.records()).extracting(p -> p.record().index()).containsExactly(0L, 3L, 6L, 9L, 12L);
        for (RequestCustody.Proven p : s.records()) {
            assertThat(ProofVerifier.verifyInclusion(p.record().index(), 13, p.leafHash(), p.proof(), s.checkpoint().root()).ok()).isTrue();
            assertThat(p.decoded().requestId()).isEqualTo(RequestIdBytes.of(REQ));
        }
        assertThat(RequestCustody.status(log).signatureValid()).isTrue();
        assertThat(RequestCustody.status(log).logSize()).isEqualTo(14);
        log.close();
    }
}
