package dev.checklistbot.store;

import org.sqlite.SQLiteConnection;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;

/** SQLite: one writer at a time for the whole file ({@code BEGIN IMMEDIATE}), PRAGMAs per connection. */
final class SqliteDialect extends Dialect {
    private static final int MAX_GROUP = 64;
    private final boolean inMemory;

    SqliteDialect(boolean inMemory) {
        this.inMemory = inMemory;
    }

    @Override
    String migrations() {
        return "classpath:db/migration/sqlite";
    }

    @Override
    int maxGroup() {
        return MAX_GROUP;
    }

    /**
     * The commit's durability first (SQLite takes {@code synchronous} outside a transaction only), then
     * {@code BEGIN IMMEDIATE}, which takes the file's write lock before anything is read, waiting for another
     * process's write no longer than the time left (the busy timeout, set to it on every attempt).
     */
    @Override
    void beginWrite(Sql writer, long leftMillis, long deadlineMillis, boolean synced) throws SQLException {
        if (!inMemory && synced != writer.synced) {
            writer.exec(synced ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
            writer.synced = synced;
        }
        int busyTimeout = (int) Math.min(Integer.MAX_VALUE, leftMillis);
        if (!inMemory && busyTimeout != writer.busyTimeoutMillis) {
            if (writer.connection() instanceof SQLiteConnection sqlite) {
                sqlite.setBusyTimeout(busyTimeout);
            } else {
                writer.exec("PRAGMA busy_timeout = " + busyTimeout);
            }
            writer.busyTimeoutMillis = busyTimeout;
        }
        try {
            writer.exec("BEGIN IMMEDIATE");
        } catch (SQLException e) {
            if (e.getMessage() == null || !e.getMessage().contains("within a transaction")) {
                throw e;
            }
            // An earlier failure left the connection inside a transaction that nothing could roll back then.
            try {
                writer.exec("ROLLBACK");
            } catch (SQLException ignored) {
                // the BEGIN below says whether it worked
            }
            writer.exec("BEGIN IMMEDIATE");
        }
    }

    @Override
    void beginRead(Sql reader) throws SQLException {
        try {
            reader.exec("BEGIN");
        } catch (SQLException e) {
            if (e.getMessage() == null || !e.getMessage().contains("within a transaction")) {
                throw e;
            }
            reader.exec("ROLLBACK");
            reader.exec("BEGIN");
        }
    }

    @Override
    void lockChannel(Sql sql, String channel) {
        // BEGIN IMMEDIATE holds the whole file's write lock already
    }

    @Override
    String forUpdate() {
        return "";
    }

    @Override
    boolean recordEventId(Sql sql, String eventId, String at) throws SQLException {
        return sql.update("INSERT OR IGNORE INTO seen_events (event_id, seen_at) VALUES (?, ?)", eventId, at) == 1;
    }

    @Override
    long insertReturningId(Sql sql, String insert, Object... args) throws SQLException {
        sql.update(insert, args);
        try (ResultSet rs = sql.bind("SELECT last_insert_rowid()").executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    void savePosted(Sql sql, PostedMessage message) throws SQLException {
        sql.update("INSERT OR REPLACE INTO posted_messages (channel, message_id, run_id, step) VALUES (?, ?, ?, ?)",
                message.channel(), message.messageId(), message.runId(), message.step());
    }

    @Override
    String touchHealth() {
        return "INSERT OR REPLACE INTO health (id, checked_at) VALUES (1, ?)";
    }

    @Override
    String notIn(String column) {
        return column + " NOT IN (SELECT value FROM json_each(?))";
    }

    @Override
    Object textSet(Sql sql, Set<String> values, RunJson json) {
        return json.write(values);
    }

    @Override
    boolean isSecondActiveRun(SQLException e) {
        return e.getMessage() != null && e.getMessage().contains("runs.channel");
    }

    @Override
    String insertIgnoring(String intoAndRows) {
        return "INSERT OR IGNORE " + intoAndRows;
    }

    @Override
    String headJoin() {
        return " JOIN outbox o ON o.id = l.head_id"; // SQLite joins by nested loops: the rowid look-up per lease row
    }

    @Override
    String skipLocked() {
        return "";
    }

    @Override
    void afterCopy(Sql sql) {
        // AUTOINCREMENT's counters (sqlite_sequence) follow the ids inserted
    }
}
