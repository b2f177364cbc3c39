package eu.eevidence.gw.gateway.order;

import eu.eevidence.gw.gateway.infra.DataKeys;
import eu.eevidence.gw.gateway.infra.Tx;

import java.time.Instant;

/**
 * One feature's part of destroying the personal data of a request (ADR-0020): implemented by the feature's store, next
 * to the SQL of its own tables, and called by {@code privacy.RequestShredder} inside the purge's transaction (row lock
 * held), so that privacy holds no other feature's SQL. Here, in the bottom-layer order feature, so that the features
 * above privacy (network, cases, handoff, transfer) can implement it.
 */
@FunctionalInterface
public interface RequestDataPurge {

    /** Nothing to do after the commit. */
    Runnable NOTHING = () -> { };

    /**
     * Erases what this feature holds of request {@code requestId} in the purge's transaction {@code tx};
     * {@code keys} destroys data keys. Returns what to do once the purge committed (delete files; a rolled-back purge
     * keeps them), or {@link #NOTHING}.
     */
    Runnable purge(Tx tx, DataKeys keys, String requestId, Instant now);
}
