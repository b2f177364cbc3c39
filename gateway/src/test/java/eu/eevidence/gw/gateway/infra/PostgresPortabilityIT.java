package eu.eevidence.gw.gateway.infra;

import java.sql.SQLException;
import eu.eevidence.gw.gateway.order.EventCode;
import eu.eevidence.gw.gateway.order.NewRequest;
import eu.eevidence.gw.gateway.order.RequestRecord;
import eu.eevidence.gw.gateway.order.RequestRepository;
import eu.eevidence.gw.gateway.order.RequestState;
import eu.eevidence.gw.gateway.order.TimelineEvent;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The same migrations and SQL that run on embedded H2 run on a real PostgreSQL server. */
class PostgresPortabilityIT {

    @Test
    void migrationsAndRepositoryRunOnPostgresql() throws Exception {
        Optional<Path> bin = ThrowawayPostgres.binaries();
        assumeTrue(bin.isPresent(), "PostgreSQL server binaries not installed (Debian package postgresql); .ci/run installs them");
        try (ThrowawayPostgres pg = ThrowawayPostgres.start(bin.get());
             Database db = Database.open(pg.jdbcUrl(), "eeg", "")) {
            RequestRepository repo = new RequestRepository(db);
            Instant t = Instant.parse("2026-11-24T02:00:00.123456Z");
            NewRequest row = new NewRequest("REQ-01JDZZZZZZZZZZZZZZZZZZZZZZ", "BUDAPEST_ART29_PRESERVATION", "acme", "IE", "f".repeat(64), "CN=cp",
                    "key-1", "a".repeat(64), "{}".getBytes(), new byte[] {1, 2, 3, 0, (byte) 0xFF}, "b".repeat(64), 90, t);
            db.inTx(c -> {
                repo.insert(c, row, List.of(new TimelineEvent(0, EventCode.REQUEST_RECEIVED, null, null, t, t, "client", null),
                        new TimelineEvent(0, EventCode.REQUEST_QUEUED, null, RequestState.ACCEPTED, t, t, "node", "q")));
                return null;
            });
            RequestRecord r = repo.find(row.id()).orElseThrow();
            assertThat(r.state()).isEqualTo(RequestState.ACCEPTED);
            assertThat(r.receivedAt()).isEqualTo(t.truncatedTo(ChronoUnit.MICROS));
            assertThat(repo.sealedPayload(row.id())).containsExactly(1, 2, 3, 0, 0xFF);
            assertThat(repo.findByIdempotencyKey("f".repeat(64), "key-1")).isPresent();
            assertThat(repo.awaitingDelivery()).containsExactly(row.id());

            Instant later = t.plusSeconds(5);
            db.inTx(c -> {
                RequestRecord locked = repo.find(c, row.id(), true).orElseThrow();
                repo.appendEvent(c, row.id(), new TimelineEvent(0, EventCode.DELIVERED, RequestState.ACCEPTED, RequestState.DELIVERED, later, later,
                        "platform", null));
                repo.update(c, new RequestRecord(locked.id(), locked.messageType(), locked.platformId(), locked.requestedParty(), RequestState.DELIVERED,
                        locked.ownerFingerprint(), locked.idempotencyKey(), locked.bodySha256(), locked.sealedSha256(), locked.receivedAt(), later, 1,
                        "RCPT-1", null, null, later.plusSeconds(60), "KIND", null, null, locked.version()), "{\"r\":1}".getBytes());
                return null;
            });
            assertThat(repo.find(row.id()).orElseThrow().state()).isEqualTo(RequestState.DELIVERED);
            assertThat(repo.timeline(row.id())).extracting(e -> e.seq() + ":" + e.event()).containsExactly("1:REQUEST_RECEIVED", "2:REQUEST_QUEUED",
                    "3:DELIVERED");
            // the idempotency constraint holds on PostgreSQL too
            assertThatThrownBy(() -> db.inTx(c -> {
                repo.insert(c, new NewRequest("REQ-01JDZZZZZZZZZZZZZZZZZZZZZY", row.messageType(), "acme", "IE", row.ownerFingerprint(), "CN=cp", "key-1",
                        "c".repeat(64), "{}".getBytes(), new byte[] {1}, "d".repeat(64), 60, t), List.of());
                return null;
            })).isInstanceOf(StorageException.class).hasCauseInstanceOf(SQLException.class);
            // optimistic locking: a stale version is refused
            RequestRecord stale = repo.find(row.id()).orElseThrow();
            db.inTx(c -> {
                repo.update(c, stale, null);
                return null;
            });
            assertThatThrownBy(() -> db.inTx(c -> {
                repo.update(c, stale, null);
                return null;
            })).isInstanceOf(StorageException.class).hasCauseInstanceOf(SQLException.class).hasMessageContaining("EEG-DB-CONFLICT");
        }
    }
}
