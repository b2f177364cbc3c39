package eu.eevidence.gw.gateway.infra;

import java.sql.SQLException;
import java.sql.Connection;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

import javax.sql.DataSource;
import java.nio.file.Path;

/**
 * The node's relational store: embedded H2 in file mode by default (PostgreSQL compatibility mode, so that the
 * same migrations run on PostgreSQL), or any JDBC URL (PostgreSQL in production). Schema by Flyway migrations
 * under {@code db/migration}.
 */
public final class Database implements Transactions, AutoCloseable {

    private final HikariDataSource dataSource;
    private final DataKeys dataKeys;

    private Database(HikariDataSource dataSource, DataKeys dataKeys) {
        this.dataSource = dataSource;
        this.dataKeys = dataKeys;
    }

    /** The embedded default under {@code dataDir/db}. Commits are written through ({@code WRITE_DELAY=0}); closed by the node, not by H2's shutdown hook. */
    public static String embeddedUrl(Path dataDir) {
        return "jdbc:h2:file:" + dataDir.resolve("db").resolve("gateway").toAbsolutePath()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0"
                // the node closes the database itself, last, after the API and the routes have stopped; H2's own JVM
                // shutdown hook would close it under running threads (errors every 500 ms until the process ends)
                + ";DB_CLOSE_ON_EXIT=FALSE";
    }

    /** A database whose per-request data keys are wrapped with an in-memory key-encryption key (tests, tools). */
    public static Database open(String jdbcUrl, String user, String password) {
        return open(jdbcUrl, user, password, new DataKeys(NodeKek.ephemeral()));
    }

    /** A node's database: per-request data keys wrapped with the node's key-encryption key (ADR-0020). */
    public static Database open(String jdbcUrl, String user, String password, NodeKek kek, java.time.Clock clock) {
        return open(jdbcUrl, user, password, new DataKeys(kek, clock));
    }

    private static Database open(String jdbcUrl, String user, String password, DataKeys dataKeys) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(8);
        config.setAutoCommit(true);
        config.setPoolName("eeg-db");
        config.setConnectionTimeout(5_000);
        HikariDataSource ds = new HikariDataSource(config);
        try {
            Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
        return new Database(ds, dataKeys);
    }

    /** The per-request data keys (ADR-0020). */
    public DataKeys dataKeys() {
        return dataKeys;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public <T> T inTx(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Tx tx = new Tx(c);
                T result = work.apply(tx);
                if (tx.rollbackOnly()) {
                    c.rollback();
                } else {
                    c.commit();
                }
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                rollback(c, e);
                throw e;
            }
        } catch (SQLException e) {
            throw new StorageException(e);
        }
    }

    private static void rollback(Connection c, Throwable cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    @Override
    public <T> T read(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.apply(new Tx(c));
        } catch (SQLException e) {
            throw new StorageException(e);
        }
    }

    public boolean isHealthy() {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
