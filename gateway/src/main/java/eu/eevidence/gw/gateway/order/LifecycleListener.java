package eu.eevidence.gw.gateway.order;

import eu.eevidence.gw.gateway.infra.Tx;
import java.time.Instant;

/**
 * Told of every lifecycle event of a request, inside the transaction that records it (the deadline engine starts,
 * meets and stops deadlines here, so a deadline can never disagree with the state it belongs to).
 */
@FunctionalInterface
public interface LifecycleListener {

    LifecycleListener NONE = (c, r, event, at, notBefore) -> { };

    /**
     * @param event      the event name used by the deadline rules (a state name such as DELIVERED, or an action such as MLA_RECEIVED)
     * @param at         when the event legally happened (e.g. the receipt time stated by the addressee)
     * @param notBefore  a lower bound for periods that end by expiry (e.g. the preservation end the platform stated), or null
     */
    void onEvent(Tx c, RequestRecord r, String event, Instant at, Instant notBefore);
}
