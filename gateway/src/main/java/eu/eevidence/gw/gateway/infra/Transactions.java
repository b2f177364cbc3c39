package eu.eevidence.gw.gateway.infra;

import java.sql.SQLException;

/**
 * The unit of work (ADR-0026): a service opens one transaction, passes its {@link Tx} to every store it composes, and
 * gets a value back. {@link #inTx} commits when the work returns (before the caller answers: with the embedded
 * database's {@code WRITE_DELAY=0} the commit is on disk, so a 2xx is never sent for work that is not durable) and
 * rolls back when it throws anything; a {@link SQLException} leaves as a {@link StorageException}, a runtime
 * exception or error leaves unchanged. Isolation is the driver's default (READ COMMITTED on H2 and PostgreSQL);
 * there is no automatic retry: optimistic-lock conflicts are reported ({@code EEG-DB-CONFLICT}) and the caller
 * decides, as before.
 */
public interface Transactions {

    /** The work of one transaction or read. It may throw SQLException (store code); the unit of work wraps it. */
    @FunctionalInterface
    interface Work<T> {
        T apply(Tx tx) throws SQLException;
    }

    /** Work inside one transaction: commits when it returns, rolls back when it throws. */
    <T> T inTx(Work<T> work);

    /** Read-only work on a pooled connection in auto-commit mode (each statement sees committed data). */
    <T> T read(Work<T> work);
}
