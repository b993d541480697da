package dev.checklistbot.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * One connection and its prepared statements, each prepared once and kept, until a statement on the connection
 * fails: then every kept statement is closed and prepared again on next use. After SQLITE_READONLY or SQLITE_FULL,
 * sqlite-jdbc closes the failed statement for good ("statement is not executing" on its next use), so a kept
 * statement must never outlive an I/O error. Not thread-safe: its owner holds a lock.
 *
 * <p>On SQLite the connection is opened once and kept. From a pool (PostgreSQL) the connection is borrowed on first use
 * and handed back by {@link #release()} at the end of each unit of work (a group commit, a read), so that the pool
 * checks it and replaces a broken one: a server that restarted is reached again without anything of ours noticing.
 */
final class Sql implements AutoCloseable {
    interface Work<T> {
        T run() throws SQLException;
    }

    /** Where connections come from. */
    interface Source {
        Connection get() throws SQLException;
    }

    private final Source source;
    private final boolean pooled;
    private Connection connection;
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    /** SQLite only: the busy timeout last set on this connection, in ms (-1: not yet). */
    int busyTimeoutMillis = -1;
    /** SQLite only: whether this connection's commits are synced now (Database's config opens it synced). */
    boolean synced = true;

    /** A kept connection (SQLite). */
    Sql(Connection connection) {
        this.source = () -> connection;
        this.pooled = false;
        this.connection = connection;
    }

    /** A connection borrowed from {@code pool} for each unit of work, handed back by {@link #release()}. */
    Sql(Source pool, boolean pooled) {
        this.source = pool;
        this.pooled = pooled;
    }

    /** The connection, borrowed now if need be. */
    Connection connection() throws SQLException {
        if (connection == null) {
            connection = source.get();
        }
        return connection;
    }

    /** The connection if one is held now, else null (never borrows). */
    Connection held() {
        return connection;
    }

    /**
     * Runs JDBC work on this connection, turning an SQLException into a StoreException that says what was being
     * done. A failure of the work's statements drops every kept statement of this connection (see the class doc).
     */
    <T> T call(String what, Work<T> work) {
        try {
            return work.run();
        } catch (SQLException e) {
            forgetStatements();
            throw failure(what, e);
        } catch (RuntimeException e) {
            if (e.getCause() instanceof SQLException) {
                forgetStatements(); // a statement failed and the work said so in words of its own
            }
            throw e;
        }
    }

    static StoreException failure(String what, SQLException e) {
        return new StoreException("database error while " + what + ": " + e.getMessage(), e);
    }

    /** The prepared statement for {@code sql}, with the arguments bound in order. */
    PreparedStatement bind(String sql, Object... args) throws SQLException {
        PreparedStatement statement = statements.get(sql);
        if (statement == null) {
            statement = connection().prepareStatement(sql);
            statements.put(sql, statement);
        }
        statement.clearParameters();
        for (int i = 0; i < args.length; i++) {
            statement.setObject(i + 1, args[i]);
        }
        return statement;
    }

    int update(String sql, Object... args) throws SQLException {
        return bind(sql, args).executeUpdate();
    }

    void exec(String sql) throws SQLException {
        try (Statement statement = connection().createStatement()) {
            statement.execute(sql);
        }
    }

    /** Closes every kept statement; each is prepared again when next used. */
    void forgetStatements() {
        for (PreparedStatement statement : statements.values()) {
            try {
                statement.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
        statements.clear();
    }

    /** The end of a unit of work: a borrowed connection goes back to its pool (a kept one stays). */
    void release() {
        if (!pooled || connection == null) {
            return;
        }
        forgetStatements();
        try {
            connection.close();
        } catch (SQLException ignored) {
            // the pool drops a connection it cannot take back
        }
        connection = null;
    }

    @Override
    public void close() {
        forgetStatements();
        release();
    }
}
