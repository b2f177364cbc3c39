package eu.eevidence.gw.gateway.infra;

import java.sql.SQLException;

/**
 * The database failed (ADR-0026): unchecked, so that services and resources stay free of java.sql. Thrown by the
 * stores and by {@link Transactions} with the {@link SQLException} as its cause; its message starts with the stable
 * code {@link InfraError#STORAGE_FAILED} unless the cause's message already carries a code of its own (e.g.
 * {@code EEG-DB-CONFLICT}, an optimistic-lock conflict), which is kept.
 */
public final class StorageException extends RuntimeException {

    /** The prefix every code of the node has (kept when a database refusal already carries one). */
    private static final String CODE_PREFIX = InfraError.STORAGE_FAILED.code().substring(0, InfraError.STORAGE_FAILED.code().indexOf('-') + 1);

    public StorageException(SQLException cause) {
        super(message(cause), cause);
    }

    /**
     * The work of a transaction gave up for a reason of its own (a seal or signature that failed, a peer not
     * connected): the transaction rolls back and the caller sees {@code message}, which starts with its code.
     */
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }

    /** As {@link #StorageException(String, Throwable)} without a cause. */
    public StorageException(String message) {
        super(message);
    }

    private static String message(SQLException cause) {
        String m = cause.getMessage();
        return m != null && m.startsWith(CODE_PREFIX) ? m : InfraError.STORAGE_FAILED.code() + " " + m;
    }

    /** The stable code of this failure. */
    public String code() {
        String m = getMessage();
        int space = m.indexOf(' ');
        return space < 0 ? m : m.substring(0, space);
    }

    /** The SQLState of the database's exception (null when the driver gave none or the work gave up itself). */
    public String sqlState() {
        return getCause() instanceof SQLException e ? e.getSQLState() : null;
    }

    /** The simple class name of the database's exception, or of this one (what operator logs name; never a message). */
    public String causeName() {
        return (getCause() instanceof SQLException e ? e : this).getClass().getSimpleName();
    }
}
