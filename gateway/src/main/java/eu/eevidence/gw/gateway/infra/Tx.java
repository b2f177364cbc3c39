package eu.eevidence.gw.gateway.infra;

import java.sql.Connection;

/**
 * One open transaction (or one read on a pooled connection) of a {@link Transactions} unit of work (ADR-0026).
 * Services pass it from {@link Transactions#inTx} to the stores they compose, so that their writes commit or roll
 * back together; only storage classes open it with {@link #connection()} (ArchitectureTest: only storage classes
 * use java.sql). A Tx is valid only inside the callback that received it.
 */
public final class Tx {

    private final Connection connection;
    private boolean rollbackOnly;

    Tx(Connection connection) {
        this.connection = connection;
    }

    /**
     * The work decided to undo what it wrote (e.g. a refused action after its reads and locks): the unit of work rolls
     * back instead of committing when the work returns, and the work's value is returned all the same.
     */
    public void setRollbackOnly() {
        rollbackOnly = true;
    }

    boolean rollbackOnly() {
        return rollbackOnly;
    }

    /** The JDBC connection of this transaction: for store classes only. */
    public Connection connection() {
        return connection;
    }
}
