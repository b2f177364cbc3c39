package eu.eevidence.gw.gateway.archive;

import eu.eevidence.gw.gateway.infra.Database;
import eu.eevidence.gw.gateway.order.EventCode;
import eu.eevidence.gw.gateway.order.NewRequest;
import eu.eevidence.gw.gateway.order.RequestRepository;
import eu.eevidence.gw.gateway.order.RequestState;
import eu.eevidence.gw.gateway.order.TimelineEvent;
import eu.eevidence.gw.gateway.privacy.RetentionService;
import eu.eevidence.gw.testkit.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Secure archiving (ADR-0039): negative cases first, then the archive, its recorded reads and its own retention. */
class ArchivesTest {

    private static final AtomicInteger DB = new AtomicInteger();
    private static final Instant T0 = Instant.parse("2026-01-10T09:00:00Z");
    private static final String OWNER = "f".repeat(64);
    private static final int ARCHIVE_DAYS = 3650;

    private final MutableClock clock = new MutableClock(T0);
    private Database db;
    private RequestRepository repo;
    private Archives archives;

    @BeforeEach
    void setUp() {
        db = Database.open("jdbc:h2:mem:archive" + DB.incrementAndGet()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1", "sa", "");
        repo = new RequestRepository(db);
        archives = new Archives(repo, clock, ARCHIVE_DAYS);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private String request(RequestState state) {
        String id = "REQ-ARC-" + DB.incrementAndGet();
        db.inTx(c -> {
            repo.insert(c, new NewRequest(id, "BUDAPEST_ART29_PRESERVATION", "acme", "IE", OWNER, "CN=cp", "key-" + id,
                    "0".repeat(64), "{\"a\":1}".getBytes(), new byte[] {1, 2, 3}, "1".repeat(64), null, clock.instant()),
                    List.of());
            repo.setState(c, id, state, clock.instant());
            return null;
        });
        return id;
    }

    private List<EventCode> events(String id) {
        return repo.timeline(id).stream().map(TimelineEvent::event).toList();
    }

    @Test
    void aRunningRequestIsNotArchivedAndNothingIsRecorded() {
        String id = request(RequestState.PRESERVED);
        assertThat(archives.archive(id, OWNER, "case closed")).isEqualTo(Archives.Outcome.NOT_ENDED);
        assertThat(Archives.Outcome.NOT_ENDED.error().spec().status()).isEqualTo(409);
        assertThat(archives.readOnly(id)).isFalse();
        assertThat(events(id)).isEmpty();
    }

    @Test
    void anotherUsersRequestIsNotFound() {
        String id = request(RequestState.COMPLETED);
        assertThat(archives.archive(id, "e".repeat(64), "case closed")).isEqualTo(Archives.Outcome.NOT_FOUND);
        assertThat(archives.archive("REQ-NONE", OWNER, "case closed")).isEqualTo(Archives.Outcome.NOT_FOUND);
        assertThat(archives.readOnly(id)).isFalse();
    }

    @Test
    void archivingNeedsAReason() {
        String id = request(RequestState.COMPLETED);
        assertThat(archives.archive(id, OWNER, "  ")).isEqualTo(Archives.Outcome.REASON);
        assertThat(archives.readOnly(id)).isFalse();
        assertThat(events(id)).isEmpty();
    }

    @Test
    void aReadWithoutReasonIsRefusedAndNothingIsRecorded() {
        String id = request(RequestState.COMPLETED);
        archives.archive(id, OWNER, "case closed");
        assertThat(archives.recordRead(id, OWNER, "content", null)).isEqualTo(Archives.Outcome.REASON);
        assertThat(archives.recordRead(id, OWNER, "content", "")).isEqualTo(Archives.Outcome.REASON);
        assertThat(Archives.Outcome.REASON.error().spec().status()).isEqualTo(422);
        assertThat(events(id)).containsExactly(EventCode.ARCHIVED);
    }

    @Test
    void archivingTwiceIsRefused() {
        String id = request(RequestState.WITHDRAWN);
        assertThat(archives.archive(id, OWNER, "case closed")).isEqualTo(Archives.Outcome.DONE);
        assertThat(archives.archive(id, OWNER, "again")).isEqualTo(Archives.Outcome.ALREADY);
        assertThat(events(id)).containsExactly(EventCode.ARCHIVED);
    }

    @Test
    void anEndedRequestIsArchivedReadOnlyWithItsStateKept() {
        String id = request(RequestState.COMPLETED);
        assertThat(archives.archive(id, OWNER, "case closed by judgment 4/2026")).isEqualTo(Archives.Outcome.DONE);
        assertThat(archives.readOnly(id)).isTrue();
        assertThat(repo.find(id).orElseThrow().state()).isEqualTo(RequestState.COMPLETED);
        ArchiveStore.Marker m = archives.marker(id).orElseThrow();
        assertThat(m.archivedAt()).isEqualTo(T0);
        assertThat(m.retentionDays()).isEqualTo(ARCHIVE_DAYS);
        assertThat(m.reason()).isEqualTo("case closed by judgment 4/2026");
        TimelineEvent e = repo.timeline(id).get(0);
        assertThat(e.actor()).isEqualTo("client:" + OWNER);
        assertThat(e.detail()).contains("case closed by judgment 4/2026");
    }

    @Test
    void everyReadWithAReasonIsRecordedWithTheReaderAndTheReason() {
        String id = request(RequestState.COMPLETED);
        String other = request(RequestState.COMPLETED);
        archives.archive(id, OWNER, "case closed");
        assertThat(archives.recordRead(other, OWNER, "content", null)).isEqualTo(Archives.Outcome.NOT_ARCHIVED);
        assertThat(archives.recordRead(id, "a".repeat(64), "evidence EV-1", "appeal 7/2026")).isEqualTo(Archives.Outcome.DONE);
        TimelineEvent read = repo.timeline(id).get(1);
        assertThat(read.event()).isEqualTo(EventCode.ARCHIVE_READ);
        assertThat(read.actor()).isEqualTo("client:" + "a".repeat(64));
        assertThat(read.detail()).contains("evidence EV-1").contains("appeal 7/2026");
        assertThat(events(other)).isEmpty();
    }

    @Test
    void theArchivesOwnRetentionReplacesTheNormalOneAndAHoldIsRespected() {
        RetentionService retention = new RetentionService(repo, clock);
        String archived = request(RequestState.COMPLETED);
        String held = request(RequestState.COMPLETED);
        String plain = request(RequestState.COMPLETED);
        archives.archive(archived, OWNER, "case closed");
        archives.archive(held, OWNER, "case closed");
        assertThat(retention.setLegalHold(held, "order 12/2026", "client:x")).isTrue();
        clock.advance(Duration.ofDays(46));
        assertThat(retention.purgeDue()).isEqualTo(1);
        assertThat(repo.canonicalJson(plain)).isEmpty();
        assertThat(repo.canonicalJson(archived)).isNotEmpty();
        clock.advance(Duration.ofDays(ARCHIVE_DAYS - 46 - 1));
        assertThat(retention.purgeDue()).isZero();
        clock.advance(Duration.ofDays(1));
        assertThat(retention.purgeDue()).isEqualTo(1);
        assertThat(repo.canonicalJson(archived)).isEmpty();
        assertThat(repo.canonicalJson(held)).isNotEmpty();
        assertThat(archives.readOnly(archived)).isTrue();
    }
}
