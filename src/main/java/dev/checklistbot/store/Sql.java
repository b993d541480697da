package dev.checklistbot.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/** One connection and its prepared statements, each prepared once. Not thread-safe: its owner holds a lock. */
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

    /** Runs JDBC work, turning an SQLException into a StoreException that says what was being done. */
    static <T> T call(String what, Work<T> work) {
        try {
            return work.run();
        } catch (SQLException e) {
            throw new StoreException("database error while " + what + ": " + e.getMessage(), e);
        }
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

    @Override
    public void close() {
        for (PreparedStatement statement : statements.values()) {
            try {
                statement.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
        statements.clear();
    }
}
