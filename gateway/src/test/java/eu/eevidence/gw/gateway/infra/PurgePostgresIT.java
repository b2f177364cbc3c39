package eu.eevidence.gw.gateway.infra;

import eu.eevidence.gw.gateway.privacy.RetentionService;
import eu.eevidence.gw.gateway.order.EventCode;
import eu.eevidence.gw.gateway.order.NewRequest;
import eu.eevidence.gw.gateway.order.RequestRepository;
import eu.eevidence.gw.gateway.order.RequestState;
import eu.eevidence.gw.gateway.order.TimelineEvent;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** ADR-0020 on a real PostgreSQL server: sealed content, the owner's purge across tables, the key tombstone, onward transfers. */
class PurgePostgresIT {

    @Test
    void sealedContentAndThePurgeRunOnPostgresql() throws Exception {
        Optional<Path> bin = ThrowawayPostgres.binaries();
        assumeTrue(bin.isPresent(), "PostgreSQL server binaries not installed (Debian package postgresql); .ci/run installs them");
        Instant t = Instant.parse("2026-12-07T09:00:00Z");
        Clock clock = Clock.fixed(t, ZoneOffset.UTC);
        try (ThrowawayPostgres pg = ThrowawayPostgres.start(bin.get());
             Database db = Database.open(pg.jdbcUrl(), "eeg", "", NodeKek.ephemeral(), clock)) {
            RequestRepository repo = new RequestRepository(db);
            RetentionService retention = new RetentionService(repo, clock);
            String id = "REQ-01JDZZZZZZZZZZZZZZZZZZZPG1";
            byte[] content = "{\"victim\":\"CANARY-pg\"}".getBytes(StandardCharsets.UTF_8);
            db.inTx(c -> {
                repo.insert(c, new NewRequest(id, "BUDAPEST_ART29_PRESERVATION", "acme", "IE", "f".repeat(64), "CN=cp", "key-pg", "a".repeat(64),
                        content, new byte[] {1, 2, 3}, "b".repeat(64), 90, t), List.of(
                        new TimelineEvent(0, EventCode.REQUEST_RECEIVED, null, null, t, t, "client:x", "free text")));
                repo.setState(c, id, RequestState.COMPLETED, t);
                return null;
            });
            byte[] stored = db.read(c -> {
                try (var ps = c.connection().prepareStatement("SELECT canonical_json FROM request WHERE id = ?")) {
                    ps.setString(1, id);
                    try (var rs = ps.executeQuery()) {
                        rs.next();
                        return rs.getBytes(1);
                    }
                }
            });
            assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("CANARY");
            assertThat(repo.canonicalJson(id)).isEqualTo(content);
            assertThat(retention.onwardTransfers().record(id, "f".repeat(64), "Parquet", "Art. 14(10)(b)", "AUTH-1").transfer()).isNotNull();

            assertThat(retention.purgeNow(id, "client:x", null)).isEqualTo(RetentionService.PurgeOutcome.PURGED);
            assertThat(repo.canonicalJson(id)).isEmpty();
            assertThat(repo.sealedPayload(id)).isEmpty();
            boolean destroyed = db.read(c -> db.dataKeys().destroyed(c, id));
            assertThat(destroyed).isTrue();
            assertThat(repo.timeline(id)).extracting(TimelineEvent::event)
                    .containsExactly(EventCode.REQUEST_RECEIVED, EventCode.ONWARD_TRANSFER, EventCode.RETENTION_PURGED);
            assertThat(repo.timeline(id).get(0).detail()).isNull();
            assertThat(retention.onwardTransfers().list(id)).hasSize(1);
            assertThat(retention.onwardTransfers().record(id, "f".repeat(64), "Parquet", "Art. 14(10)(b)", "AUTH-2").purged()).isTrue();
            assertThat(retention.purgeNow(id, "client:x", null)).isEqualTo(RetentionService.PurgeOutcome.ALREADY_PURGED);
        }
    }
}
