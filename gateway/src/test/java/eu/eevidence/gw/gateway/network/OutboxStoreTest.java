package eu.eevidence.gw.gateway.network;

import eu.eevidence.gw.gateway.infra.Database;
import eu.eevidence.gw.gateway.order.RequestDataPurge;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The network outbox's SQL (ADR-0026) on the embedded database: states, queueing, clipping, the purge of an envelope. */
class OutboxStoreTest {

    static Database db;
    static OutboxStore store;
    static final Instant T = Instant.parse("2026-12-08T01:00:00Z");
    static final byte[] PLAIN = "{\"personal\":\"CANARY-outbox\"}".getBytes(StandardCharsets.UTF_8);

    @BeforeAll
    static void start() {
        db = Database.open("jdbc:h2:mem:outbox-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH", "sa", "");
        store = new OutboxStore(db.dataKeys());
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    private static String message() {
        String id = "OUT-" + UUID.randomUUID();
        db.inTx(c -> {
            store.insertMessage(c, id, "fr-247", "msg-" + id, "BUDAPEST_ART29_PRESERVATION", "corr-1", PLAIN, T);
            return null;
        });
        return id;
    }

    private static Optional<NetworkOutbox.Entry> find(String id) {
        return db.read(c -> store.find(c, id));
    }

    private static List<String> pending(boolean queued) {
        List<NetworkOutbox.Entry> entries = db.read(c -> store.pending(c, queued));
        return entries.stream().map(NetworkOutbox.Entry::id).toList();
    }

    private static boolean sent(String id, String receiptId) {
        Boolean sent = db.inTx(c -> store.markSent(c, id, T, receiptId, new byte[] {1}, "a".repeat(64)));
        return sent;
    }

    @Test
    void anUnknownEntryIsNeitherFoundNorSent() {
        assertThat(find("OUT-none")).isEmpty();
        assertThat(sent("OUT-none", "RCPT-1")).isFalse();
    }

    @Test
    void aSentEntryIsSentOnlyOnceAndNotFailedAfterwards() {
        String id = message();
        assertThat(sent(id, "RCPT-1")).isTrue();
        assertThat(sent(id, "RCPT-2")).isFalse();
        db.inTx(c -> {
            store.markFailed(c, id, "EEG-X late");
            return null;
        });
        NetworkOutbox.Entry e = find(id).orElseThrow();
        assertThat(e.state()).isEqualTo("SENT");
        assertThat(e.receiptId()).isEqualTo("RCPT-1");
        assertThat(e.attempts()).isEqualTo(1);
        assertThat(e.lastError()).isNull();
    }

    @Test
    void aMessageIsStoredSealedAndOpenedWhenRead() {
        String id = message();
        NetworkOutbox.Entry e = find(id).orElseThrow();
        assertThat(e.envelope()).isEqualTo(PLAIN);
        assertThat(e.isReceipt()).isFalse();
        assertThat(e.state()).isEqualTo("PENDING");
        Optional<NetworkOutbox.Entry> byMessage = db.read(c -> store.findByMessageId(c, "msg-" + id));
        assertThat(byMessage.map(NetworkOutbox.Entry::id)).contains(id);
    }

    @Test
    void queueingMovesAnEntryBetweenTheTwoPendingLists() {
        String id = message();
        assertThat(pending(false)).contains(id);
        db.inTx(c -> {
            store.markQueued(c, id, new byte[] {9, 9}, "c".repeat(64));
            return null;
        });
        assertThat(pending(false)).doesNotContain(id);
        assertThat(pending(true)).contains(id);
        db.inTx(c -> {
            store.markNotQueued(c, id);
            return null;
        });
        assertThat(pending(false)).contains(id);
        assertThat(find(id).orElseThrow().sealed()).containsExactly(9, 9);
    }

    @Test
    void anAttemptCountsAndItsErrorIsClipped() {
        String id = message();
        db.inTx(c -> {
            store.recordAttempt(c, id, "EEG-NET-RETRY " + "x".repeat(400));
            return null;
        });
        NetworkOutbox.Entry e = find(id).orElseThrow();
        assertThat(e.attempts()).isEqualTo(1);
        assertThat(e.lastError()).hasSize(300).startsWith("EEG-NET-RETRY");
        assertThat(e.state()).isEqualTo("PENDING");
    }

    @Test
    void anErasedMessageLosesItsKeyAndItsEnvelope() {
        String id = message();
        db.inTx(c -> {
            store.eraseMessage(c, db.dataKeys(), id);
            return null;
        });
        boolean destroyed = db.read(c -> db.dataKeys().destroyed(c, id));
        assertThat(destroyed).isTrue();
        assertThat(find(id).orElseThrow().envelope()).isEmpty();
    }

    @Test
    void thePurgeOfARequestWithoutFollowUpsLeavesOtherMessagesAlone() {
        String id = message();
        Runnable then = db.inTx(c -> store.purge(c, db.dataKeys(), "REQ-none", T));
        assertThat(then).isSameAs(RequestDataPurge.NOTHING);
        assertThat(find(id).orElseThrow().envelope()).isEqualTo(PLAIN);
    }
}
