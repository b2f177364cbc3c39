package eu.eevidence.gw.gateway.privacy;

import eu.eevidence.gw.gateway.infra.Database;
import eu.eevidence.gw.gateway.order.RequestDataPurge;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shredder runs every feature's purge part in order in the caller's transaction, and their file work only after. */
class RequestShredderTest {

    static Database db;
    static final Instant T = Instant.parse("2026-12-08T01:00:00Z");

    @BeforeAll
    static void start() {
        db = Database.open("jdbc:h2:mem:shredder-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH", "sa", "");
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @Test
    void aFailingPartRollsThePurgeBackAndLeavesNoFileWork() {
        List<String> log = new ArrayList<>();
        RequestDataPurge fails = (c, keys, id, now) -> {
            throw new IllegalStateException("part failed");
        };
        RequestShredder shredder = new RequestShredder(List.of((c, keys, id, now) -> () -> log.add("files of first"), fails));
        assertThatThrownBy(() -> db.inTx(c -> shredder.shred(c, db.dataKeys(), "REQ-FAIL", T))).hasMessageContaining("part failed");
        assertThat(log).isEmpty();
        boolean destroyed = db.read(c -> db.dataKeys().destroyed(c, "REQ-FAIL"));
        assertThat(destroyed).isFalse();
    }

    @Test
    void everyPartRunsInOrderAndItsFileWorkWaitsForDeleteFiles() {
        List<String> log = new ArrayList<>();
        RequestDataPurge first = (c, keys, id, now) -> {
            log.add("first " + id + " " + now);
            return () -> log.add("files of first");
        };
        RequestDataPurge second = (c, keys, id, now) -> {
            log.add("second " + id);
            return RequestDataPurge.NOTHING;
        };
        RequestShredder shredder = new RequestShredder(List.of(first, second));
        RequestShredder.Shredded done = db.inTx(c -> shredder.shred(c, db.dataKeys(), "REQ-1", T));
        assertThat(log).containsExactly("first REQ-1 " + T, "second REQ-1");
        boolean destroyed = db.read(c -> db.dataKeys().destroyed(c, "REQ-1"));
        assertThat(destroyed).isTrue();
        done.deleteFiles();
        assertThat(log).containsExactly("first REQ-1 " + T, "second REQ-1", "files of first");
    }
}
