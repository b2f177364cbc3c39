package eu.eevidence.gw.gateway.transfer;

import eu.eevidence.gw.gateway.infra.Database;
import eu.eevidence.gw.gateway.order.NewRequest;
import eu.eevidence.gw.gateway.order.RequestRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The evidence transfer's fetch jobs on H2 in PostgreSQL mode (table network_evidence_fetch, ADR-0017/0026). */
class FetchJobStoreTest {

    static final Instant T0 = Instant.parse("2026-12-08T01:00:00Z");

    final FetchJobStore jobs = new FetchJobStore();
    Database db;

    @BeforeEach
    void open() {
        db = Database.open("jdbc:h2:mem:fetch-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH", "sa", "");
        RequestRepository requests = new RequestRepository(db);
        for (String id : List.of("REQ-1", "REQ-2")) {
            db.inTx(c -> {
                requests.insert(c, new NewRequest(id, "BUDAPEST_ART29_PRESERVATION", "acme", "IE", "f".repeat(64), "CN=cp", "key-" + id,
                        "0".repeat(64), "{}".getBytes(), new byte[] {1, 2, 3}, "1".repeat(64), null, T0), List.of());
                return null;
            });
        }
    }

    @AfterEach
    void close() {
        db.close();
    }

    static EvidenceTransfers.Job pending(String requestId, String itemId, String peer, Instant next) {
        return new EvidenceTransfers.Job(requestId, itemId, peer, "MSG-1", "ANS-1", "a".repeat(64), 10, "text/plain", FetchPolicy.State.PENDING, 0, 0,
                next, null, null, null, T0);
    }

    boolean add(EvidenceTransfers.Job j) {
        return db.inTx(c -> jobs.addIfAbsent(c, j));
    }

    Optional<EvidenceTransfers.Job> find(String requestId, String itemId) {
        return db.read(c -> jobs.find(c, requestId, itemId));
    }

    List<EvidenceTransfers.Job> due(Instant now) {
        return db.read(c -> jobs.due(c, now));
    }

    List<EvidenceTransfers.Job> ofRequest(String requestId) {
        return db.read(c -> jobs.ofRequest(c, requestId));
    }

    int remaining(String requestId, String peer) {
        return db.read(c -> jobs.remaining(c, requestId, peer));
    }

    int count(String requestId, String peer) {
        return db.read(c -> jobs.count(c, requestId, peer));
    }

    void update(EvidenceTransfers.Job j, FetchPolicy.Next next) {
        db.inTx(c -> {
            jobs.update(c, j, next, 1234, T0.plusSeconds(1));
            return null;
        });
    }

    @Test
    void aSecondJobForTheSameItemIsNotAddedAndUnknownJobsAreEmpty() {
        assertThat(find("REQ-1", "item-1")).isEmpty();
        assertThat(add(pending("REQ-1", "item-1", "fr", T0))).isTrue();
        assertThat(add(pending("REQ-1", "item-1", "de", T0.plusSeconds(9)))).as("same request and item").isFalse();
        assertThat(find("REQ-1", "item-1").orElseThrow().peerNodeId()).isEqualTo("fr");
        assertThat(add(pending("REQ-2", "item-1", "fr", T0))).as("another request").isTrue();
    }

    @Test
    void onlyPendingJobsThatAreDueAreSweptTheMostOverdueFirst() {
        add(pending("REQ-1", "late", "fr", T0.plusSeconds(60)));
        add(pending("REQ-1", "b", "fr", T0.minusSeconds(5)));
        add(pending("REQ-1", "a", "fr", T0.minusSeconds(10)));
        add(pending("REQ-2", "gone", "fr", T0.minusSeconds(20)));
        update(find("REQ-2", "gone").orElseThrow(), new FetchPolicy.Next(FetchPolicy.State.FAILED, 1, 0, T0, "EEG-X", "given up"));
        assertThat(due(T0)).extracting(EvidenceTransfers.Job::itemId).containsExactly("a", "b");
        assertThat(due(T0.plusSeconds(60))).extracting(EvidenceTransfers.Job::itemId).containsExactly("a", "b", "late");
        assertThat(ofRequest("REQ-1")).extracting(EvidenceTransfers.Job::itemId).containsExactly("a", "b", "late");
    }

    @Test
    void anAttemptIsRecordedWithItsCodeAndDetailClippedAndTheRemainingItemsCountedPerPeer() {
        add(pending("REQ-1", "a", "fr", T0));
        add(pending("REQ-1", "b", "fr", T0));
        add(pending("REQ-1", "c", "de", T0));
        assertThat(remaining("REQ-1", "fr")).isEqualTo(2);
        update(find("REQ-1", "a").orElseThrow(), new FetchPolicy.Next(FetchPolicy.State.STORED, 1, 0, T0, null, null));
        update(find("REQ-1", "b").orElseThrow(), new FetchPolicy.Next(FetchPolicy.State.PENDING, 1, 2, T0.plusSeconds(30), "C".repeat(80),
                "d".repeat(600)));
        assertThat(remaining("REQ-1", "fr")).isEqualTo(1);
        assertThat(count("REQ-1", "fr")).isEqualTo(2);
        assertThat(remaining("REQ-1", "de")).isEqualTo(1);
        EvidenceTransfers.Job stored = find("REQ-1", "a").orElseThrow();
        assertThat(stored.state()).isEqualTo(FetchPolicy.State.STORED);
        assertThat(stored.lastCode()).isNull();
        assertThat(stored.lastDurationMs()).isEqualTo(1234L);
        EvidenceTransfers.Job waiting = find("REQ-1", "b").orElseThrow();
        assertThat(waiting.attempts()).isEqualTo(1);
        assertThat(waiting.waits()).isEqualTo(2);
        assertThat(waiting.nextAttemptAt()).isEqualTo(T0.plusSeconds(30));
        assertThat(waiting.lastCode()).hasSize(64);
        assertThat(waiting.lastDetail()).hasSize(500);
        assertThat(find("REQ-1", "c").orElseThrow().lastDurationMs()).as("never attempted").isNull();
    }
}
