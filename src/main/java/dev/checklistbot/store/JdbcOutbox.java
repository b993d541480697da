package dev.checklistbot.store;

import dev.checklistbot.run.MessageKind;
import dev.checklistbot.run.OutboxMessage;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The outbox and the posted messages in SQL, on a store's {@link Connections}; see {@link Outbox}. */
final class JdbcOutbox {
    private static final int MAX_ERROR_CHARS = 1_000;
    static final String UNDELIVERED = "delivered_at IS NULL AND abandoned_at IS NULL";
    static final String COLUMNS = "o.id, o.channel, o.kind, o.run_id, o.step, o.event, o.attempts, o.created_at,"
            + " o.next_attempt_at";
    /**
     * Each channel's oldest undelivered message ({@code o}) with the channel's lease row ({@code l}), followed by a
     * condition: one row per channel waiting, read through the index of the heads ({@code channel_leases.head_id},
     * kept by the schema's triggers with every write of the outbox, migration V7), not every undelivered message.
     */
    static String waiting(Dialect dialect) {
        return " FROM channel_leases l" + dialect.headJoin() + " WHERE l.head_id IS NOT NULL AND ";
    }

    /**
     * The lease rows of the channels waiting ({@code l}), followed by a condition, for a statement that reads each
     * channel's head through {@link #ofHead}: one look-up by key per channel waiting. Joined instead ({@link #waiting})
     * with no limit, PostgreSQL may hash the whole outbox, delivered history included (a sequential scan per call).
     */
    static final String LEASES_WAITING = " FROM channel_leases l WHERE l.head_id IS NOT NULL AND ";

    /** {@code expression} over a lease row's head message ({@code o}, with {@code l}): a subquery by its key. */
    static String ofHead(String expression) {
        return "(SELECT " + expression + " FROM outbox o WHERE o.id = l.head_id)";
    }

    /**
     * {@link #UNDELIVERED} said so that no index can take it for its own condition: a statement that finds its row by
     * {@code id} then uses the primary key. Said plainly, PostgreSQL may read a table it has no statistics of yet (one
     * grown fast from empty) through the partial index {@code outbox_undelivered (channel, id)} instead, every entry of
     * it, to find the one id: the whole backlog per delivery (issue 16).
     */
    static final String STILL_WAITING = "COALESCE(delivered_at, abandoned_at) IS NULL";
    /** A channel's oldest undelivered message (?): ordered and limited, an index walk that stops at the first entry. */
    static final String DUE_HEAD = "SELECT " + COLUMNS + " FROM outbox o WHERE o.channel = ? AND " + UNDELIVERED
            + " ORDER BY o.id LIMIT 1";
    /** Message ? delivered at ?, if it was waiting (a coalescing delivery's own message). */
    static final String MARK_DELIVERED = "UPDATE outbox SET delivered_at = ? WHERE id = ? AND " + STILL_WAITING;
    /** Message ? delivered at ?, unless it was already (a delivery's record). */
    static final String DELIVERED = "UPDATE outbox SET delivered_at = ? WHERE id = ? AND delivered_at IS NULL";
    /** The kinds that update a posted message (not paced, and coalesced: one delivery stands for the same ones). */
    static final String UPDATE_KINDS = "('HEADER_UPDATE', 'STEP_UPDATE')";
    /** The condition of the index {@code outbox_waiting_updates} (migration V8), as its statements must say it. */
    static final String WAITING_UPDATE = UNDELIVERED + " AND kind IN " + UPDATE_KINDS;
    /**
     * The waiting updates with the run, step, kind and channel of message ?, up to id ?, read through the index
     * {@code outbox_waiting_updates}. Each key is a subquery of its own (run once, by the primary key), so that both
     * databases compare the index's columns with plain values: PostgreSQL neither uses an index for a row value
     * compared with a subquery, nor reliably picks the right order for a join (on a table not analyzed yet, it walked
     * every waiting update and looked the message up for each).
     */
    static final String COALESCE_UPDATES = "UPDATE outbox SET delivered_at = ? WHERE " + WAITING_UPDATE
            + " AND run_id = (SELECT run_id FROM outbox WHERE id = ?)"
            + " AND step = (SELECT step FROM outbox WHERE id = ?)"
            + " AND kind = (SELECT kind FROM outbox WHERE id = ?)"
            + " AND channel = (SELECT channel FROM outbox WHERE id = ?) AND id <= ?";

    private final Connections db;
    private final Dialect dialect;
    private final RunJson json;

    JdbcOutbox(Connections db, RunJson json) {
        this.db = db;
        this.dialect = db.dialect();
        this.json = json;
    }

    /** The due heads (now, skipped channels, limit), oldest first. */
    static String dueHeads(Dialect dialect) {
        return "SELECT " + COLUMNS + waiting(dialect) + "(o.next_attempt_at IS NULL OR o.next_attempt_at <= ?) AND "
                + dialect.notIn("l.channel") + " ORDER BY l.head_id LIMIT ?";
    }

    /** When the next head is due (skipped channels). */
    static String nextDue(Dialect dialect) {
        return "SELECT MIN(" + ofHead("COALESCE(o.next_attempt_at, o.created_at)") + ")" + LEASES_WAITING
                + dialect.notIn("l.channel");
    }

    List<PendingMessage> dueHeads(Instant now, Set<String> skipChannels, int limit) {
        return db.outboxQuery("reading due outbox messages", sql -> {
            List<PendingMessage> due = new ArrayList<>();
            try (ResultSet rs = sql.bind(dueHeads(dialect), Times.text(now),
                    dialect.textSet(sql, skipChannels == null ? Set.of() : skipChannels, json), limit).executeQuery()) {
                while (rs.next()) {
                    due.add(pending(rs));
                }
            }
            return due;
        });
    }

    Optional<PendingMessage> dueHead(String channel, Instant now) {
        return db.outboxQuery("reading the next outbox message of " + channel, sql -> {
            try (ResultSet rs = sql.bind(DUE_HEAD, channel).executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Instant nextAttemptAt = Times.instant(rs.getString(9));
                return nextAttemptAt == null || !nextAttemptAt.isAfter(now) ? Optional.of(pending(rs)) : Optional.empty();
            }
        });
    }

    /** The pending message in the current row: the {@link #COLUMNS}. */
    PendingMessage pending(ResultSet rs) throws SQLException {
        long id = rs.getLong(1);
        OutboxMessage message = new OutboxMessage(rs.getString(2), MessageKind.valueOf(rs.getString(3)),
                rs.getLong(4), rs.getInt(5), json.event(rs.getString(6), id));
        return new PendingMessage(id, message, rs.getInt(7), Times.instant(rs.getString(8)));
    }

    Optional<Instant> nextDueAt(Set<String> skipChannels) {
        return db.outboxQuery("reading the next due time", sql -> {
            try (ResultSet rs = sql.bind(nextDue(dialect),
                    dialect.textSet(sql, skipChannels == null ? Set.of() : skipChannels, json)).executeQuery()) {
                return rs.next() ? Optional.ofNullable(Times.instant(rs.getString(1))) : Optional.empty();
            }
        });
    }

    void delivered(long id, Instant at) {
        db.bookkeeping("marking outbox message " + id + " delivered", sql -> sql.update(DELIVERED, Times.text(at), id));
    }

    /**
     * Two statements in one write: the message itself by its key, then the other waiting updates of its run, step and
     * kind (none unless it is an update) through the index {@code outbox_waiting_updates} (migration V8). Before, one
     * statement said {@code id = ? OR (... (channel, kind, run_id, step) = (SELECT ...))}: PostgreSQL can use no index
     * for that and read the whole table (a sequential scan: thousands of rows per delivery under a backlog, issue 16);
     * SQLite read the channel's backlog.
     */
    int coalesce(long id, long upToId, Instant at) {
        return db.bookkeeping("coalescing outbox message " + id, sql -> sql.update(MARK_DELIVERED, Times.text(at), id)
                + sql.update(COALESCE_UPDATES, Times.text(at), id, id, id, id, upToId));
    }

    void recordDelivery(long id, PostedMessage posted, boolean coalesceUpdates, long upToId, Instant at,
                        Runnable alsoInTheCommit) {
        db.write(tx -> {
            alsoInTheCommit.run();
            if (posted != null) {
                save(posted);
            }
            if (coalesceUpdates) {
                coalesce(id, upToId, at);
            } else {
                delivered(id, at);
            }
            return null;
        }, false);
    }

    void retryAt(long id, Instant next, String error) {
        db.bookkeeping("scheduling a retry of outbox message " + id, sql -> sql.update(
                "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ?",
                Times.text(next), truncate(error), id));
    }

    void abandon(long id, Instant at, String error) {
        db.bookkeeping("abandoning outbox message " + id, sql -> sql.update(
                "UPDATE outbox SET attempts = attempts + 1, abandoned_at = ?, last_error = ? WHERE id = ? AND "
                        + STILL_WAITING, Times.text(at), truncate(error), id));
    }

    long lastId() {
        return db.query("reading the last outbox id", sql -> {
            try (ResultSet rs = sql.bind("SELECT COALESCE(MAX(id), 0) FROM outbox").executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    int undeliveredCount() {
        return db.query("counting undelivered messages", sql -> {
            try (ResultSet rs = sql.bind("SELECT COUNT(*) FROM outbox WHERE " + UNDELIVERED).executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    Optional<Instant> oldestUnrecordedStepPost(String channel) {
        return db.query("reading the step messages on their way to " + channel, sql -> {
            try (ResultSet rs = sql.bind("SELECT MIN(created_at) FROM outbox WHERE channel = ? AND kind = 'STEP_POST'"
                    + " AND " + UNDELIVERED, channel).executeQuery()) {
                return rs.next() ? Optional.ofNullable(Times.instant(rs.getString(1))) : Optional.empty();
            }
        });
    }

    // ---- posted messages ----

    void save(PostedMessage message) {
        db.bookkeeping("saving a posted message", sql -> {
            dialect.savePosted(sql, message);
            return null;
        });
    }

    Optional<PostedMessage> find(String where, Object... args) {
        return db.query("finding a posted message", sql -> {
            try (ResultSet rs = sql.bind("SELECT channel, message_id, run_id, step FROM posted_messages " + where, args)
                    .executeQuery()) {
                return rs.next()
                        ? Optional.of(new PostedMessage(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getInt(4)))
                        : Optional.empty();
            }
        });
    }

    private static String truncate(String error) {
        return error == null || error.length() <= MAX_ERROR_CHARS ? error : error.substring(0, MAX_ERROR_CHARS) + "…";
    }
}
