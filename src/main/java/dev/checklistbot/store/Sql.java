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
 */
final class Sql implements AutoCloseable {
    interface Work<T> {
        T run() throws SQLException;
    }

    private final Connection connection;
    private final Map<String, PreparedStatement> statements = new HashMap<>();

    Sql(Connection connection) {
        this.connection = connection;
    }

    Connection connection() {
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
            statement = connection.prepareStatement(sql);
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
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    long lastInsertId() throws SQLException {
        try (var rs = bind("SELECT last_insert_rowid()").executeQuery()) {
            rs.next();
            return rs.getLong(1);
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

    @Override
    public void close() {
        forgetStatements();
    }
}
