package eu.eevidence.gw.gateway.deadline;

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

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class RetentionServiceTest {

    private static final AtomicInteger DB = new AtomicInteger();
    private static final Instant T0 = Instant.parse("2026-01-10T09:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private Database db;
    private RequestRepository repo;
    private RetentionService retention;

    @BeforeEach
    void setUp() {
        db = Database.open("jdbc:h2:mem:retention" + DB.incrementAndGet() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1", "sa", "");
        repo = new RequestRepository(db);
        retention = new RetentionService(repo, clock);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private String request(String type, RequestState state) throws SQLException {
        String id = "REQ-RET-" + DB.incrementAndGet();
        db.inTx(c -> {
            repo.insert(c, new NewRequest(id, type, "acme", "IE", "f".repeat(64), "CN=cp", "key-" + id, "0".repeat(64),
                    "{\"victim\":\"name\"}".getBytes(), new byte[] {1, 2, 3}, "1".repeat(64), null, clock.instant()), List.of());
            repo.setState(c, id, state, clock.instant());
            return null;
        });
        return id;
    }

    @Test
    void personalDataOfAClosedRequestArePurgedAfterItsRetentionAndTheMetadataStay() throws Exception {
        String closed = request("BUDAPEST_ART29_PRESERVATION", RequestState.COMPLETED);
        String open = request("BUDAPEST_ART29_PRESERVATION", RequestState.PRESERVED);
        clock.advance(Duration.ofDays(44));
        assertThat(retention.purgeDue()).isZero();
        clock.advance(Duration.ofDays(2));
        assertThat(retention.purgeDue()).isEqualTo(1);
        assertThat(repo.canonicalJson(closed)).isEmpty();
        assertThat(repo.sealedPayload(closed)).isEmpty();
        assertThat(repo.canonicalJson(open)).isNotEmpty();
        assertThat(repo.find(closed).orElseThrow().state()).isEqualTo(RequestState.COMPLETED);
        assertThat(repo.timeline(closed)).extracting(TimelineEvent::event).containsExactly(EventCode.RETENTION_PURGED);
        assertThat(retention.purgeDue()).isZero(); // once
    }

    @Test
    void aLegalHoldKeepsTheDataUntilItIsLifted() throws Exception {
        String id = request("BUDAPEST_ART29_PRESERVATION", RequestState.WITHDRAWN);
        assertThat(retention.setLegalHold(id, "order 12/2026 of the investigating judge", "client:x")).isTrue();
        clock.advance(Duration.ofDays(400));
        assertThat(retention.purgeDue()).isZero();
        assertThat(repo.canonicalJson(id)).isNotEmpty();
        assertThat(retention.setLegalHold(id, null, "client:x")).isTrue();
        assertThat(retention.purgeDue()).isEqualTo(1);
        assertThat(repo.timeline(id)).extracting(TimelineEvent::event)
                .containsExactly(EventCode.LEGAL_HOLD_PLACED, EventCode.LEGAL_HOLD_LIFTED, EventCode.RETENTION_PURGED);
        assertThat(retention.setLegalHold(id, "too late", "client:x")).isFalse();
    }

    @Test
    void retentionPeriodsAreDataPerMessageType() {
        assertThat(retention.retentionDays("BUDAPEST_ART29_PRESERVATION")).isEqualTo(45);
        assertThat(retention.retentionDays("PROTOCOL_ART9_EMERGENCY_DISCLOSURE")).isEqualTo(90);
        assertThat(retention.retentionDays("SOMETHING_ELSE")).isEqualTo(45);
    }

    @Test
    void anEmergencyRequestIsKeptLonger() throws Exception {
        String id = request("PROTOCOL_ART9_EMERGENCY_DISCLOSURE", RequestState.COMPLETED);
        clock.advance(Duration.ofDays(60));
        assertThat(retention.purgeDue()).isZero();
        clock.advance(Duration.ofDays(31));
        assertThat(retention.purgeDue()).isEqualTo(1);
        assertThat(repo.canonicalJson(id)).isEmpty();
    }

    @Test
    void theOwnersPurgeIsRefusedWhileInProgressOrHeldAndThenDestroysTheKey() throws Exception {
        String running = request("BUDAPEST_ART29_PRESERVATION", RequestState.PRESERVED);
        assertThat(retention.purgeNow(running, "client:x", null)).isEqualTo(RetentionService.PurgeOutcome.NOT_CLOSED);
        String held = request("BUDAPEST_ART29_PRESERVATION", RequestState.COMPLETED);
        retention.setLegalHold(held, "order 12/2026", "client:x");
        assertThat(retention.purgeNow(held, "client:x", null)).isEqualTo(RetentionService.PurgeOutcome.LEGAL_HOLD);
        assertThat(repo.canonicalJson(held)).isNotEmpty();
        String done = request("BUDAPEST_ART29_PRESERVATION", RequestState.COMPLETED);
        assertThat(retention.isPurged(done)).isFalse();
        assertThat(retention.purgeNow(done, "client:x", null)).isEqualTo(RetentionService.PurgeOutcome.PURGED);
        assertThat(retention.isPurged(done)).isTrue();
        assertThat(repo.canonicalJson(done)).isEmpty();
        assertThat(db.read(c -> db.dataKeys().find(c, done)).isPresent()).isFalse();
        assertThat(repo.timeline(done)).extracting(TimelineEvent::event).containsExactly(EventCode.RETENTION_PURGED);
        assertThat(repo.timeline(done).get(0).actor()).isEqualTo("client:x");
        assertThat(retention.purgeNow(done, "client:x", null)).isEqualTo(RetentionService.PurgeOutcome.ALREADY_PURGED);
        assertThat(retention.purgeNow("REQ-NONE", "client:x", null)).isEqualTo(RetentionService.PurgeOutcome.UNKNOWN);
        assertThat(repo.canonicalJson(running)).isNotEmpty(); // the others untouched
    }

    @Test
    void onwardTransfersNeedTheAuthorisationAndStopAtThePurge() throws Exception {
        String id = request("BUDAPEST_ART29_PRESERVATION", RequestState.COMPLETED);
        var onward = retention.onwardTransfers();
        assertThat(onward.record(id, "f".repeat(64), "Parquet de Paris", "Art. 14(10)(b)", " ").violations())
                .extracting(eu.eevidence.gw.schema.validation.Violation::code).containsExactly("EEG-ONW-AUTHORISATION");
        assertThat(onward.record(id, "f".repeat(64), null, null, null).violations())
                .extracting(eu.eevidence.gw.schema.validation.Violation::code)
                .containsExactly("EEG-ONW-RECIPIENT", "EEG-ONW-LEGAL-BASIS", "EEG-ONW-AUTHORISATION");
        assertThat(onward.list(id)).isEmpty();
        var ok = onward.record(id, "f".repeat(64), "Parquet de Paris", "Art. 14(10)(b)", "IE-DOJ-1");
        assertThat(ok.transfer()).isNotNull();
        assertThat(onward.list(id)).extracting(t -> t.authorisationReference()).containsExactly("IE-DOJ-1");
        assertThat(repo.timeline(id)).extracting(TimelineEvent::event).containsExactly(EventCode.ONWARD_TRANSFER);
        retention.purgeNow(id, "client:x", null);
        assertThat(onward.record(id, "f".repeat(64), "Parquet de Paris", "Art. 14(10)(b)", "IE-DOJ-2").purged()).isTrue();
        assertThat(onward.list(id)).hasSize(1); // the record of the transfer stays
    }
}
