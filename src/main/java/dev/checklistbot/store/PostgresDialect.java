package dev.checklistbot.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;

/**
 * PostgreSQL: many writers at once, each command serialized with the others on its channel by a transaction-scoped
 * advisory lock and its run read {@code FOR UPDATE}; every wait bounded by the write deadline ({@code lock_timeout},
 * {@code statement_timeout}, set per transaction).
 */
final class PostgresDialect extends Dialect {
    /** The first key of the advisory locks that serialize commands per channel (the second: the channel's hash). */
    private static final int CHANNEL_LOCKS = 0x636c6231; // "clb1"

    @Override
    String migrations() {
        return "classpath:db/migration/postgresql";
    }

    /**
     * One command per transaction: PostgreSQL groups commits itself, and a transaction that holds one run's row lock
     * cannot deadlock with another process's over a second run.
     */
    @Override
    int maxGroup() {
        return 1;
    }

    /**
     * {@code lock_timeout}: waiting for another process's row or advisory lock gives up with the time left to start;
     * {@code statement_timeout}: no statement runs past the whole deadline; an unsynced commit (the outbox's own
     * bookkeeping) does not wait for the WAL to reach the disk, as SQLite's {@code synchronous = NORMAL}.
     */
    @Override
    void beginWrite(Sql writer, long leftMillis, long deadlineMillis, boolean synced) throws SQLException {
        writer.exec("BEGIN ISOLATION LEVEL READ COMMITTED; SET LOCAL lock_timeout = " + Math.max(1, leftMillis)
                + "; SET LOCAL statement_timeout = " + Math.max(1, deadlineMillis)
                + (synced ? "" : "; SET LOCAL synchronous_commit = off"));
    }

    @Override
    void beginRead(Sql reader) throws SQLException {
        reader.exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    }

    @Override
    void lockChannel(Sql sql, String channel) throws SQLException {
        try (ResultSet rs = sql.bind("SELECT pg_advisory_xact_lock(?, hashtext(?))", CHANNEL_LOCKS, channel)
                .executeQuery()) {
            rs.next();
        }
    }

    @Override
    String forUpdate() {
        return " FOR UPDATE";
    }

    @Override
    boolean recordEventId(Sql sql, String eventId, String at) throws SQLException {
        return sql.update("INSERT INTO seen_events (event_id, seen_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
                eventId, at) == 1;
    }

    @Override
    long insertReturningId(Sql sql, String insert, Object... args) throws SQLException {
        try (ResultSet rs = sql.bind(insert + " RETURNING id", args).executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    void savePosted(Sql sql, PostedMessage message) throws SQLException {
        sql.update("DELETE FROM posted_messages WHERE (channel = ? AND message_id = ?) OR (run_id = ? AND step = ?)",
                message.channel(), message.messageId(), message.runId(), message.step());
        sql.update("INSERT INTO posted_messages (channel, message_id, run_id, step) VALUES (?, ?, ?, ?)",
                message.channel(), message.messageId(), message.runId(), message.step());
    }

    @Override
    String touchHealth() {
        return "INSERT INTO health (id, checked_at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET checked_at = EXCLUDED.checked_at";
    }

    @Override
    String notIn(String column) {
        return "NOT (" + column + " = ANY (?))";
    }

    @Override
    Object textSet(Sql sql, Set<String> values, RunJson json) throws SQLException {
        return sql.connection().createArrayOf("text", values.toArray());
    }

    @Override
    boolean isSecondActiveRun(SQLException e) {
        return "23505".equals(e.getSQLState()) && e.getMessage() != null
                && e.getMessage().contains("runs_one_active_per_channel");
    }

    @Override
    String insertIgnoring(String intoAndRows) {
        return "INSERT " + intoAndRows + " ON CONFLICT DO NOTHING";
    }

    @Override
    String headJoin() {
        // A subquery with OFFSET 0 is never flattened into a join: it stays a look-up by key for each lease row.
        return " CROSS JOIN LATERAL (SELECT * FROM outbox o WHERE o.id = l.head_id OFFSET 0) o";
    }

    @Override
    String skipLocked() {
        return " FOR UPDATE OF l SKIP LOCKED";
    }

    @Override
    void afterCopy(Sql sql) throws SQLException {
        for (String table : new String[] {"runs", "run_events", "outbox"}) {
            try (ResultSet rs = sql.bind("SELECT setval(pg_get_serial_sequence('" + table + "', 'id'),"
                    + " COALESCE((SELECT MAX(id) FROM " + table + "), 0) + 1, false)").executeQuery()) {
                rs.next();
            }
        }
    }
}
