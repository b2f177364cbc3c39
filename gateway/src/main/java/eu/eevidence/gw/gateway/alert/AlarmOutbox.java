package eu.eevidence.gw.gateway.alert;

import eu.eevidence.gw.gateway.infra.Database;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The outbox behind {@link AlarmRaiser}: an alarm and one delivery per subscriber that wants it, in the caller's
 * transaction. An urgent delivery gets its own batch id at once (it is due now); a digest delivery waits for the
 * dispatcher to put it into its subscriber's next digest. The same alarm raised twice is stored once.
 */
public final class AlarmOutbox implements AlarmRaiser {

    private final List<Subscriber> subscribers;
    private final Clock clock;
    private final AlarmStore store = new AlarmStore();

    public AlarmOutbox(List<Subscriber> subscribers, Clock clock) {
        this.subscribers = List.copyOf(subscribers);
        this.clock = clock;
    }

    @Override
    public void raise(Connection c, Alarm alarm) throws SQLException {
        Instant now = clock.instant();
        Optional<Long> id = store.insertAlarm(c, alarm, now);
        if (id.isEmpty()) {
            return;
        }
        boolean digest = alarm.severity() == Alarm.Severity.DIGEST;
        for (Subscriber s : subscribers) {
            if (s.wants(alarm)) {
                String deliveryId = UUID.randomUUID().toString();
                store.insertDelivery(c, deliveryId, id.get(), s, digest, digest ? null : deliveryId, now);
            }
        }
    }

    /** Raises in a transaction of its own (for places that hold none). */
    public void raise(Database db, Alarm alarm) throws SQLException {
        db.inTransaction(c -> {
            raise(c, alarm);
            return null;
        });
    }
}
