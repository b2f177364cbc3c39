package eu.eevidence.gw.gateway.order;

import eu.eevidence.gw.gateway.infra.Tx;

/** Told of every timeline event inside the transaction that appends it (the custody log uses it for events no other hook records). */
@FunctionalInterface
public interface TimelineListener {

    TimelineListener NONE = (c, requestId, e) -> { };

    void appended(Tx c, String requestId, TimelineEvent e);
}
