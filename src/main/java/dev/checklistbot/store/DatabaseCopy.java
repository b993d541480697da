package dev.checklistbot.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Copies every run, audit event, outbox message, posted-message record and seen event id of one database into another
 * that is empty (SQLite to PostgreSQL, or any other way), and the runs' timers, the schedules' last times and the known names of people, with their ids, in one transaction on the target, read from
 * one snapshot of the source; then checks that each table holds as many rows on both sides. Outbox messages keep their
 * state: the pending ones stay pending and go out from the new database. What is not copied: the health row, and
 * (once they exist) the delivery leases and the jobs' last runs, which belong to running processes.
 */
public final class DatabaseCopy {
    /** The tables copied, parents first, with their columns. */
    private static final Map<String, String> TABLES = new LinkedHashMap<>();

    static {
        TABLES.put("runs", "id, channel, checklist_id, title, status, started_at, ended_at, state");
        // the audit chains as they are: a chain hashes run ids and numbers, which the copy keeps, so it verifies there
        TABLES.put("run_audit", "run_id, chain_from, event_count, head");
        TABLES.put("run_events", "id, run_id, at, actor_id, actor_name, type, step, text, other_id, other_name, seq,"
                + " prev_hash, hash");
        TABLES.put("outbox", "id, channel, kind, run_id, step, event, created_at, attempts, next_attempt_at,"
                + " delivered_at, abandoned_at, last_error");
        TABLES.put("posted_messages", "channel, message_id, run_id, step");
        TABLES.put("seen_events", "event_id, seen_at");
        TABLES.put("timers", "run_id, step, kind, due_at");
        TABLES.put("schedules", "checklist_id, last_fired_at");
        TABLES.put("people", "user_id, display_name, fetched_at");
    }

    private static final int BATCH = 500;
    /** A copy may take a while: the write's waits and statements get minutes, not the commands' 2 s. */
    private static final long COPY_DEADLINE_MILLIS = 10 * 60 * 1000L;

    /** How many rows each table holds on both sides, and how many outbox messages wait for delivery. */
    public record Counts(long runs, long chains, long events, long outbox, long pending, long posted, long seenEvents,
                         long timers, long schedules, long people) {
        @Override
        public String toString() {
            return runs + " runs, " + events + " audit events, " + outbox + " outbox messages (" + pending
                    + " pending), " + posted + " posted messages, " + seenEvents + " event ids, " + timers
                    + " timers, " + schedules + " schedules, " + chains + " audit chains, " + people + " people";
        }
    }

    private DatabaseCopy() {
    }

    /**
     * Copies {@code from} into {@code to} (both opened, so both migrated). Refuses a target that holds anything.
     *
     * @throws StoreException if the target is not empty, a copy fails, or the counts differ after it
     */
    public static Counts copy(Database from, Database to) {
        Sql source = from.sql();
        Sql target = to.sql();
        try {
            return source.call("reading " + from.description(), () -> {
                from.dialect().beginRead(source);
                try {
                    Counts counts = counts(source);
                    write(source, target, to);
                    Counts copied = target.call("counting what was copied", () -> counts(target));
                    if (!copied.equals(counts)) {
                        throw new StoreException("the copy does not hold what " + from.description() + " holds: "
                                + copied + " instead of " + counts);
                    }
                    return counts;
                } finally {
                    source.exec("COMMIT");
                }
            });
        } finally {
            done(source, from);
            done(target, to);
        }
    }

    /** Hands a pooled connection back, or closes a SQLite file's own (an in-memory database keeps its one). */
    private static void done(Sql sql, Database database) {
        java.sql.Connection kept = sql.held();
        sql.close();
        if (kept != null && !database.isPostgres() && !database.inMemory()) {
            try {
                kept.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
    }

    private static void write(Sql source, Sql target, Database to) {
        target.call("copying into " + to.description(), () -> {
            to.dialect().beginWrite(target, COPY_DEADLINE_MILLIS, COPY_DEADLINE_MILLIS, true);
            boolean committed = false;
            try {
                List<String> present = new ArrayList<>();
                for (String table : TABLES.keySet()) {
                    long rows = count(target, table);
                    if (rows > 0) {
                        present.add(rows + " " + table);
                    }
                }
                if (!present.isEmpty()) {
                    throw new StoreException("the target database " + to.description() + " is not empty ("
                            + String.join(", ", present) + "): copy-db copies only into an empty database");
                }
                for (Map.Entry<String, String> table : TABLES.entrySet()) {
                    copyTable(source, target, table.getKey(), table.getValue());
                }
                to.dialect().afterCopy(target);
                target.exec("COMMIT");
                committed = true;
            } finally {
                if (!committed) {
                    try {
                        target.exec("ROLLBACK");
                    } catch (SQLException ignored) {
                        // the failure above is what counts
                    }
                }
            }
            return null;
        });
    }

    private static void copyTable(Sql source, Sql target, String table, String columns) throws SQLException {
        int width = columns.split(",").length;
        String insert = "INSERT INTO " + table + " (" + columns + ") VALUES (" + "?, ".repeat(width - 1) + "?)";
        PreparedStatement statement = target.bind(insert);
        int pending = 0;
        try (ResultSet rs = source.bind("SELECT " + columns + " FROM " + table + " ORDER BY " + columns.split(",")[0]
                + (table.equals("posted_messages") ? ", message_id" : "")
                + (table.equals("timers") ? ", step, kind" : "")).executeQuery()) {
            while (rs.next()) {
                for (int i = 1; i <= width; i++) {
                    statement.setObject(i, rs.getObject(i));
                }
                statement.addBatch();
                if (++pending == BATCH) {
                    statement.executeBatch();
                    pending = 0;
                }
            }
        }
        if (pending > 0) {
            statement.executeBatch();
        }
    }

    private static Counts counts(Sql sql) throws SQLException {
        long pending;
        try (ResultSet rs = sql.bind("SELECT COUNT(*) FROM outbox WHERE " + JdbcOutbox.UNDELIVERED).executeQuery()) {
            rs.next();
            pending = rs.getLong(1);
        }
        return new Counts(count(sql, "runs"), count(sql, "run_audit"), count(sql, "run_events"), count(sql, "outbox"),
                pending, count(sql, "posted_messages"), count(sql, "seen_events"), count(sql, "timers"),
                count(sql, "schedules"), count(sql, "people"));
    }

    private static long count(Sql sql, String table) throws SQLException {
        try (ResultSet rs = sql.bind("SELECT COUNT(*) FROM " + table).executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
