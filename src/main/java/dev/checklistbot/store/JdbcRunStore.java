package dev.checklistbot.store;

import dev.checklistbot.run.MessageKind;
import dev.checklistbot.run.OutboxMessage;
import dev.checklistbot.run.RunStore;
import dev.checklistbot.run.StoreUnavailableException;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The runs, their audit trail, the outbox and the posted messages in SQLite.
 *
 * <p>Writes are serialized on one connection guarded by a lock, each in a {@code BEGIN IMMEDIATE}
 * transaction (which also serializes writers in other processes on the same file, through the busy
 * timeout). Reads use a second connection: in WAL mode a read transaction sees a consistent snapshot
 * and never waits for the writer. A read made inside a write on the same thread therefore sees the state before
 * that write: inside a write, read through its {@code Transaction}.
 *
 * <p>Several processes may share one file: each write takes SQLite's write lock first ({@code BEGIN IMMEDIATE})
 * and waits for another process's write to finish, up to the write deadline; then it fails with
 * {@link StoreUnavailableException}, as it does when the database is read-only, full or failing. The store works
 * again by itself as soon as the database can be written (see {@link GroupCommit}); {@link #reachable()} tells.
 */
public final class JdbcRunStore implements RunStore, Outbox, PostedMessages, AutoCloseable {
    /** Slack retries an event within minutes; a week of event ids is plenty. */
    static final Duration SEEN_EVENTS_KEPT = Duration.ofDays(7);
    private static final Duration PRUNE_EVERY = Duration.ofHours(1);
    private static final int MAX_ERROR_CHARS = 1_000;
    private static final String UNDELIVERED = "delivered_at IS NULL AND abandoned_at IS NULL";
    private static final String HEADS = "SELECT o.id, o.channel, o.kind, o.run_id, o.step, o.event, o.attempts,"
            + " o.created_at, o.next_attempt_at FROM (SELECT MIN(id) AS head FROM outbox WHERE " + UNDELIVERED
            + " GROUP BY channel) h JOIN outbox o ON o.id = h.head ";

    /** How long a write may wait to start (for another thread's group, or another process's write lock). */
    public static final Duration DEFAULT_WRITE_DEADLINE = Duration.ofSeconds(2);
    /** How long a health check's answer is reused: a flood of /health requests is not a flood of writes. */
    private static final Duration HEALTH_CACHED_FOR = Duration.ofSeconds(1);

    private final Database database;
    private final Clock clock;
    private final RunJson json = new RunJson();
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ReentrantLock readLock;
    private final Sql writer;
    private final GroupCommit writes;
    private final Sql reader;
    /**
     * The delivery loop's own read connection: its scans of the outbox (every channel's oldest undelivered
     * message) can take milliseconds when thousands wait, and must not hold up the reads of incoming commands.
     */
    private final ReentrantLock outboxLock;
    private final Sql outboxReader;
    private Instant lastPrune = Instant.EPOCH;
    /** The last known answer to "can the database be written?", and when it was learned (System.nanoTime). */
    private volatile Health health;
    private volatile long healthCachedForNanos = HEALTH_CACHED_FOR.toNanos();
    private final Object healthCheck = new Object();
    private volatile boolean closed;

    private record Health(boolean writable, long atNanos) {
    }

    /** A store whose writes wait at most {@link #DEFAULT_WRITE_DEADLINE} to start. */
    public JdbcRunStore(Database database, Clock clock) {
        this(database, clock, DEFAULT_WRITE_DEADLINE);
    }

    /**
     * @param writeDeadline how long a write may wait to start before it fails with {@link StoreUnavailableException}
     *                      (Slack wants an answer within 3 s; the busy timeout of {@link Database#config()} no longer
     *                      decides for writes)
     */
    public JdbcRunStore(Database database, Clock clock, Duration writeDeadline) {
        this.database = database;
        this.clock = clock;
        this.writer = new Sql(database.connect());
        this.writes = new GroupCommit(writer, writeLock, database.inMemory(), writeDeadline,
                sql -> new JdbcTransaction(sql, json, clock::instant, true), this::pruneSeenEvents,
                writable -> health = new Health(writable, System.nanoTime()));
        if (database.inMemory()) {
            this.reader = writer;
            this.readLock = writeLock;
            this.outboxReader = writer;
            this.outboxLock = writeLock;
        } else {
            this.reader = new Sql(database.connect());
            this.readLock = new ReentrantLock();
            this.outboxReader = new Sql(database.connect());
            this.outboxLock = new ReentrantLock();
        }
    }

    /** Opens the database named by the setting (file path or JDBC URL) with the system clock. */
    public static JdbcRunStore open(String setting) {
        return new JdbcRunStore(Database.open(setting), Clock.systemUTC());
    }

    public Database database() {
        return database;
    }

    /**
     * Runs {@code work} in a write transaction and returns once that transaction is committed (synced to disk).
     *
     * <p>Group commit: works that arrive while another thread commits wait in a queue; whoever takes the write
     * lock next runs the queued works in one transaction, each inside a savepoint of its own (a work that
     * throws is rolled back alone and its exception goes to its caller), then commits once. Every caller
     * still returns only after the commit that holds its work, so an acknowledged command is as durable as
     * before; what changes is that one disk sync serves several commands under load instead of one each.
     *
     * <p>A write that cannot start within the write deadline, or that the database refuses because it is busy,
     * read-only, full or failing, throws {@link StoreUnavailableException}: nothing of it was changed, then or
     * later, and the same write may be tried again. See {@link GroupCommit}.
     */
    @Override
    public <T> T write(Function<Transaction, T> work) {
        return write(work, true);
    }

    /**
     * A write whose commit need not reach the disk before it returns ({@code synced} false): the outbox's own
     * bookkeeping (delivered, retry at, given up). Such a commit is written to the WAL but not synced
     * ({@code synchronous=NORMAL} for that commit); the next synced commit syncs it too, since the WAL is written
     * in order. A process crash loses nothing (the WAL is in the OS's page cache); a power cut or OS crash can
     * lose the delivery records written since the last synced commit, and the messages they record are then sent
     * again after the restart (at-least-once, as after a crash between a post and its record). A command, and the
     * outbox messages it writes, are always synced: no change a person made is ever in such a commit.
     * Why: each delivery record was a disk sync of its own, four per step command, and those syncs held the single
     * writer while commands waited for it (issue 6).
     */
    <T> T write(Function<Transaction, T> work, boolean synced) {
        return writes.write(work, synced);
    }

    @Override
    public <T> T read(Function<Reader, T> work) {
        readLock.lock();
        try {
            JdbcTransaction current = writes.current();
            if (current != null && reader == writer) {
                return work.apply(current); // inside a write on the one connection: see the write's own state
            }
            beginRead(reader);
            JdbcTransaction snapshot = new JdbcTransaction(reader, json, clock::instant, false);
            try {
                return work.apply(snapshot);
            } finally {
                snapshot.end();
                reader.call("ending a read", () -> {
                    reader.exec("COMMIT");
                    return null;
                });
            }
        } finally {
            readLock.unlock();
        }
    }

    /** Starts a read snapshot on {@code sql}, first leaving a transaction an earlier failure may have left open. */
    private static void beginRead(Sql sql) {
        sql.call("starting a read", () -> {
            try {
                sql.exec("BEGIN");
            } catch (SQLException e) {
                if (e.getMessage() == null || !e.getMessage().contains("within a transaction")) {
                    throw e;
                }
                sql.exec("ROLLBACK");
                sql.exec("BEGIN");
            }
            return null;
        });
    }

    /**
     * Whether the database can be written now (for a health check): a tiny real write (the one row of the
     * {@code health} table, unsynced, through the normal group commit), so that a database that answers reads but
     * refuses writes (read-only, full, locked by another process past the write deadline) is reported. The answer
     * is reused for about a second, and so is what the last group commit learned (a commit proves the database
     * writable; a write refused as busy, read-only or full proves the opposite). Never throws.
     */
    @Override
    public boolean reachable() {
        if (closed) {
            return false;
        }
        Health known = health;
        if (known != null && System.nanoTime() - known.atNanos() < healthCachedForNanos) {
            return known.writable();
        }
        synchronized (healthCheck) { // one check at a time: the others wait for it and take its answer
            known = health;
            if (known != null && System.nanoTime() - known.atNanos() < healthCachedForNanos) {
                return known.writable();
            }
            boolean writable;
            try {
                bookkeeping("checking that the database can be written", () -> writer.update(
                        "INSERT OR REPLACE INTO health (id, checked_at) VALUES (1, ?)", Times.text(clock.instant())));
                writable = true;
            } catch (RuntimeException e) {
                writable = false;
            }
            health = new Health(writable, System.nanoTime());
            return writable;
        }
    }

    /** Test hook (package-private): how long {@link #reachable()} reuses an answer (about a second otherwise). */
    void healthCachedFor(Duration duration) {
        healthCachedForNanos = duration.toNanos();
    }

    /** What a test runs on a raw connection. */
    interface ConnectionWork<T> {
        T run(java.sql.Connection connection) throws SQLException;
    }

    /**
     * Test hook, for tests only (package-private): runs {@code work} on the writer connection, outside any
     * transaction, under the write lock; e.g. {@code PRAGMA query_only} or {@code PRAGMA max_page_count} to make
     * SQLite refuse this store's writes the way a read-only or full disk does.
     */
    <T> T withWriterConnection(ConnectionWork<T> work) throws SQLException {
        writeLock.lock();
        try {
            return work.run(writer.connection());
        } finally {
            writeLock.unlock();
        }
    }

    // ---- Outbox ----

    @Override
    public List<PendingMessage> dueHeads(Instant now, Set<String> skipChannels, int limit) {
        return outboxQuery("reading due outbox messages", () -> {
            List<PendingMessage> due = new ArrayList<>();
            try (ResultSet rs = outboxReader.bind(HEADS + "WHERE (o.next_attempt_at IS NULL OR o.next_attempt_at <= ?)"
                            + " AND o.channel NOT IN (SELECT value FROM json_each(?)) ORDER BY o.id LIMIT ?",
                    Times.text(now), json.write(skipChannels == null ? Set.of() : skipChannels), limit).executeQuery()) {
                while (rs.next()) {
                    due.add(pending(rs));
                }
            }
            return due;
        });
    }

    @Override
    public Optional<PendingMessage> dueHead(String channel, Instant now) {
        return outboxQuery("reading the next outbox message of " + channel, () -> {
            try (ResultSet rs = outboxReader.bind("SELECT id, channel, kind, run_id, step, event, attempts, created_at,"
                    + " next_attempt_at FROM outbox WHERE channel = ? AND " + UNDELIVERED + " ORDER BY id LIMIT 1",
                    channel).executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Instant nextAttemptAt = Times.instant(rs.getString(9));
                return nextAttemptAt == null || !nextAttemptAt.isAfter(now) ? Optional.of(pending(rs)) : Optional.empty();
            }
        });
    }

    /** The pending message in the current row: id, channel, kind, run_id, step, event, attempts, created_at. */
    private PendingMessage pending(ResultSet rs) throws SQLException {
        long id = rs.getLong(1);
        OutboxMessage message = new OutboxMessage(rs.getString(2), MessageKind.valueOf(rs.getString(3)),
                rs.getLong(4), rs.getInt(5), json.event(rs.getString(6), id));
        return new PendingMessage(id, message, rs.getInt(7), Times.instant(rs.getString(8)));
    }

    @Override
    public Optional<Instant> nextDueAt(Set<String> skipChannels) {
        return outboxQuery("reading the next due time", () -> {
            try (ResultSet rs = outboxReader.bind("SELECT MIN(COALESCE(o.next_attempt_at, o.created_at)) FROM ("
                    + HEADS + "WHERE o.channel NOT IN (SELECT value FROM json_each(?))) o",
                    json.write(skipChannels == null ? Set.of() : skipChannels)).executeQuery()) {
                return rs.next() ? Optional.ofNullable(Times.instant(rs.getString(1))) : Optional.empty();
            }
        });
    }

    @Override
    public void delivered(long id, Instant at) {
        bookkeeping("marking outbox message " + id + " delivered", () ->
                writer.update("UPDATE outbox SET delivered_at = ? WHERE id = ? AND delivered_at IS NULL", Times.text(at), id));
    }

    @Override
    public int coalesce(long id, long upToId, Instant at) {
        return bookkeeping("coalescing outbox message " + id, () -> writer.update(
                "UPDATE outbox SET delivered_at = ?1 WHERE " + UNDELIVERED + " AND (id = ?2 OR (id <= ?3"
                        + " AND kind IN ('HEADER_UPDATE', 'STEP_UPDATE') AND (channel, kind, run_id, step) ="
                        + " (SELECT channel, kind, run_id, step FROM outbox WHERE id = ?2)))",
                Times.text(at), id, upToId));
    }

    @Override
    public void recordDelivery(long id, PostedMessage posted, boolean coalesceUpdates, long upToId, Instant at) {
        write(tx -> {
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

    @Override
    public void retryAt(long id, Instant next, String error) {
        bookkeeping("scheduling a retry of outbox message " + id, () -> writer.update(
                "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ?",
                Times.text(next), truncate(error), id));
    }

    @Override
    public void abandon(long id, Instant at, String error) {
        bookkeeping("abandoning outbox message " + id, () -> writer.update(
                "UPDATE outbox SET attempts = attempts + 1, abandoned_at = ?, last_error = ? WHERE id = ? AND "
                        + UNDELIVERED, Times.text(at), truncate(error), id));
    }

    @Override
    public long lastId() {
        return query("reading the last outbox id", () -> {
            try (ResultSet rs = reader.bind("SELECT COALESCE(MAX(id), 0) FROM outbox").executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Override
    public int undeliveredCount() {
        return query("counting undelivered messages", () -> {
            try (ResultSet rs = reader.bind("SELECT COUNT(*) FROM outbox WHERE " + UNDELIVERED).executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    @Override
    public Optional<Instant> oldestUnrecordedStepPost(String channel) {
        return query("reading the step messages on their way to " + channel, () -> {
            try (ResultSet rs = reader.bind("SELECT MIN(created_at) FROM outbox WHERE channel = ? AND kind = 'STEP_POST'"
                    + " AND " + UNDELIVERED, channel).executeQuery()) {
                return rs.next() ? Optional.ofNullable(Times.instant(rs.getString(1))) : Optional.empty();
            }
        });
    }

    // ---- PostedMessages ----

    @Override
    public void save(PostedMessage message) {
        bookkeeping("saving a posted message", () -> writer.update(
                "INSERT OR REPLACE INTO posted_messages (channel, message_id, run_id, step) VALUES (?, ?, ?, ?)",
                message.channel(), message.messageId(), message.runId(), message.step()));
    }

    @Override
    public Optional<PostedMessage> find(String channel, String messageId) {
        return findPosted("WHERE channel = ? AND message_id = ?", channel, messageId);
    }

    @Override
    public Optional<PostedMessage> find(long runId, int step) {
        return findPosted("WHERE run_id = ? AND step = ?", runId, step);
    }

    private Optional<PostedMessage> findPosted(String where, Object... args) {
        return query("finding a posted message", () -> {
            try (ResultSet rs = reader.bind("SELECT channel, message_id, run_id, step FROM posted_messages " + where, args)
                    .executeQuery()) {
                return rs.next()
                        ? Optional.of(new PostedMessage(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getInt(4)))
                        : Optional.empty();
            }
        });
    }

    // ---- plumbing ----

    /**
     * One statement of the outbox's bookkeeping (a delivery's record, a retry, a message given up, where a posted
     * message is): in the caller's write if this thread is inside one, else in an unsynced write of its own
     * (see {@link #write(Function, boolean)}).
     */
    private <T> T bookkeeping(String what, Sql.Work<T> work) {
        if (writes.current() != null) {
            return writer.call(what, work);
        }
        return write(tx -> writer.call(what, work), false);
    }

    /** One query on the delivery loop's read connection, in a snapshot of its own. */
    private <T> T outboxQuery(String what, Sql.Work<T> work) {
        if (outboxReader == writer) {
            return query(what, work); // in-memory: the one connection
        }
        outboxLock.lock();
        try {
            beginRead(outboxReader);
            try {
                return outboxReader.call(what, work);
            } finally {
                outboxReader.call("ending a read", () -> {
                    outboxReader.exec("COMMIT");
                    return null;
                });
            }
        } finally {
            outboxLock.unlock();
        }
    }

    /** One query on the read connection, in a snapshot of its own. */
    private <T> T query(String what, Sql.Work<T> work) {
        return read(r -> reader.call(what, work));
    }

    /** Deletes old event ids now and then, inside the current write transaction. */
    private void pruneSeenEvents() {
        Instant now = clock.instant();
        if (now.isBefore(lastPrune.plus(PRUNE_EVERY))) {
            return;
        }
        writer.call("pruning old event ids", () -> writer.update("DELETE FROM seen_events WHERE seen_at < ?",
                Times.text(now.minus(SEEN_EVENTS_KEPT))));
        lastPrune = now;
    }

    private static String truncate(String error) {
        return error == null || error.length() <= MAX_ERROR_CHARS ? error : error.substring(0, MAX_ERROR_CHARS) + "…";
    }

    @Override
    public void close() {
        writeLock.lock();
        readLock.lock();
        outboxLock.lock();
        try {
            closed = true;
            writes.close();
            writer.close();
            if (reader != writer) {
                reader.close();
                outboxReader.close();
            }
            writer.call("closing the database", () -> {
                writer.connection().close();
                if (reader != writer) {
                    reader.connection().close();
                    outboxReader.connection().close();
                }
                return null;
            });
            database.close();
        } finally {
            outboxLock.unlock();
            readLock.unlock();
            writeLock.unlock();
        }
    }
}
