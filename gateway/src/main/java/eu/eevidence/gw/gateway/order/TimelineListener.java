package eu.eevidence.gw.gateway.order;

import java.sql.Connection;
import java.sql.SQLException;

/** Told of every timeline event inside the transaction that appends it (the custody log uses it for events no other hook records). */
@FunctionalInterface
public interface TimelineListener {

    TimelineListener NONE = (c, requestId, e) -> { };

    void appended(Connection c, String requestId, TimelineEvent e) throws SQLException;
}
