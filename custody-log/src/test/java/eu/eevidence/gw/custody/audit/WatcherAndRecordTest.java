package eu.eevidence.gw.custody.audit;

import eu.eevidence.gw.custody.CustodyError;
import eu.eevidence.gw.custody.CustodyException;
import eu.eevidence.gw.custody.CustodyLog;
import eu.eevidence.gw.custody.entry.CustodyEntry;
import eu.eevidence.gw.custody.entry.CustodyEventType;
import eu.eevidence.gw.custody.entry.ExportedRecord;
import eu.eevidence.gw.custody.note.Ed25519;
import eu.eevidence.gw.custody.tiles.DirectorySource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WatcherAndRecordTest {

    @TempDir
    Path tmp;

    @Test
    void theWatcherAcceptsExtensionsAndAlarmsOnRollbackAndSplitView() throws Exception {
        Path dir = tmp.resolve("log");
        Path state = tmp.resolve("watch.state");
        KeyPair keys = Ed25519.generate();
        try (CustodyLog log = CustodyLog.open(dir, "node.example/custody", keys)) {
            for (int i = 0; i < 300; i++) {
                log.storage().appendAsync(("e" + i).getBytes(StandardCharsets.US_ASCII));
            }
            log.append("e300".getBytes(StandardCharsets.US_ASCII));
            String first = log.publish();
            DirectorySource src = new DirectorySource(dir);
            assertThat(Watcher.check(src, log.verifierKey(), state).outcome()).isEqualTo(Watcher.Outcome.FIRST_SEEN);
            assertThat(Watcher.check(src, log.verifierKey(), state).outcome()).isEqualTo(Watcher.Outcome.UNCHANGED);
            for (int i = 0; i < 700; i++) {
                log.storage().appendAsync(("f" + i).getBytes(StandardCharsets.US_ASCII));
            }
            log.append("last".getBytes(StandardCharsets.US_ASCII));
            String second = log.publish();
            Watcher.Result r = Watcher.check(src, log.verifierKey(), state);
            assertThat(r.outcome()).as(r.message()).isEqualTo(Watcher.Outcome.EXTENDED);

            Files.writeString(dir.resolve("checkpoint"), first); // the operator serves an older checkpoint
            Watcher.Result rollback = Watcher.check(src, log.verifierKey(), state);
            assertThat(rollback.outcome()).isEqualTo(Watcher.Outcome.ROLLBACK);
            assertThat(rollback.ok()).isFalse();
            assertThat(rollback.message()).startsWith(CustodyError.SPLIT_VIEW.code());

            // a second tree of the same size signed with the same key (what the signer refuses to do)
            Path fork = tmp.resolve("fork");
            try (CustodyLog forked = CustodyLog.open(fork, "node.example/custody", keys)) {
                for (int i = 0; i < 1002; i++) {
                    forked.storage().appendAsync(("x" + i).getBytes(StandardCharsets.US_ASCII)).join();
                }
                forked.publish();
            }
            Watcher.Result split = Watcher.check(new DirectorySource(fork), log.verifierKey(), state);
            assertThat(split.outcome()).isEqualTo(Watcher.Outcome.SPLIT_VIEW);
            Files.writeString(dir.resolve("checkpoint"), second);
        }
    }

    @Test
    void anExportedRecordIsProvenCommittedAndAChangedOneIsNot() throws Exception {
        Path dir = tmp.resolve("log");
        String record = "{\"event\":\"REQUEST_RECEIVED\",\"requester\":\"Officer X\"}";
        byte[] salt = new byte[32];
        new java.security.SecureRandom().nextBytes(salt);
        UUID id = UUID.randomUUID();
        try (CustodyLog log = CustodyLog.open(dir, "node.example/custody", Ed25519.generate())) {
            for (int i = 0; i < 5; i++) {
                log.append(("pad" + i).getBytes(StandardCharsets.US_ASCII));
            }
            CustodyEntry e = new CustodyEntry(CustodyEventType.REQUEST_RECEIVED, Instant.parse("2026-11-25T10:00:00Z"),
                    Instant.parse("2026-11-25T10:00:01Z"), new byte[32], Optional.of(id), "", "RECEIVED", new byte[32], List.of(),
                    CustodyEntry.commit(salt, record.getBytes(StandardCharsets.UTF_8)));
            long index = log.append(e.encode());
            log.append("after".getBytes(StandardCharsets.US_ASCII));
            log.publish();
            ExportedRecord ok = ExportedRecord.parse(new ExportedRecord(log.origin(), index, salt, record).toJson());
            RecordCheck.Result r = RecordCheck.check(log.published(), log.verifierKey(), ok);
            assertThat(r.ok()).as(r.message()).isTrue();
            assertThat(r.entry().requestId()).contains(id);

            ExportedRecord changed = new ExportedRecord(log.origin(), index, salt, record.replace("X", "Y"));
            assertThat(RecordCheck.check(log.published(), log.verifierKey(), changed).ok()).isFalse();
            ExportedRecord otherIndex = new ExportedRecord(log.origin(), index + 10, salt, record);
            assertThat(RecordCheck.check(log.published(), log.verifierKey(), otherIndex).ok()).isFalse();
        }
    }

    @Test
    void exportedRecordJsonIsStrict() {
        for (String bad : List.of("{}", "{\"format\":\"eeg-custody-record/1\"}", "[1]",
                "{\"format\":\"eeg-custody-record/1\",\"origin\":\"o\",\"index\":1,\"salt\":\"AAAAAAAAAAAAAAAAAAAAAA==\",\"record\":\"r\",\"x\":\"y\"}",
                "{\"format\":\"eeg-custody-record/1\",\"origin\":\"o\",\"index\":1,\"index\":2,\"salt\":\"AAAAAAAAAAAAAAAAAAAAAA==\",\"record\":\"r\"}",
                "{\"format\":\"eeg-custody-record/1\",\"origin\":\"o\",\"index\":18446744073709551615,\"salt\":\"AAAAAAAAAAAAAAAAAAAAAA==\",\"record\":\"r\"}",
                "{\"format\":\"eeg-custody-record/1\",\"origin\":\"o\",\"index\":1,\"salt\":\"AAAA\",\"record\":\"r\"}",
                "{\"format\":\"eeg-custody-record/1\",\"origin\":\"o\",\"index\":1,\"salt\":\"AAAAAAAAAAAAAAAAAAAAAA==\",\"record\":\"r\"} x")) {
            assertThatThrownBy(() -> ExportedRecord.parse(bad)).as(bad).isInstanceOf(CustodyException.class);
        }
    }
}
