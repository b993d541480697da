package dev.checklistbot.store;

import dev.checklistbot.audit.AuditChain;
import dev.checklistbot.audit.AuditTrail;
import dev.checklistbot.audit.AuditTrails;
import dev.checklistbot.run.PeopleDirectory;
import dev.checklistbot.run.RunStore;
import dev.checklistbot.run.StoreUnavailableException;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The runs, their audit trail, the outbox and the posted messages, in SQLite or PostgreSQL.
 *
 * <p>Writes go through one writer, one group commit at a time ({@link GroupCommit}); reads through a second
 * connection, each in a snapshot that never waits for the writer (SQLite's WAL, PostgreSQL's MVCC). A read made inside
 * a write on the same thread therefore sees the state before that write: inside a write, read through its
 * {@code Transaction}.
 *
 * <p>Several processes may share one database. SQLite: each write takes the file's write lock first
 * ({@code BEGIN IMMEDIATE}) and waits for another process's write to finish, up to the write deadline. PostgreSQL:
 * each command waits for the other commands on its channel (an advisory lock) and reads its run {@code FOR UPDATE},
 * every wait bounded by the deadline. Past it a write fails with {@link StoreUnavailableException}, as it does when
 * the database is read-only, full, unreachable or failing. The store works again by itself as soon as the database
 * can be written (see {@link GroupCommit}); {@link #reachable()} tells.
 */
public final class JdbcRunStore implements RunStore, Outbox, PostedMessages, AuditTrails, PeopleDirectory,
        AutoCloseable {
    /** Slack retries an event within minutes; a week of event ids is plenty. */
    static final Duration SEEN_EVENTS_KEPT = Retention.SEEN_EVENTS_KEPT;
    private static final Duration PRUNE_EVERY = Retention.EVERY;
    /** How often a process started with {@link #startHousekeeping} looks whether a job is due. */
    private static final Duration HOUSEKEEPING_TICK = Duration.ofMinutes(1);
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(JdbcRunStore.class);

    /** How long a write may wait to start (for another thread's group, or another process's lock). */
    public static final Duration DEFAULT_WRITE_DEADLINE = Duration.ofSeconds(2);
    /** How long a health check's answer is reused: a flood of /health requests is not a flood of writes. */
    private static final Duration HEALTH_CACHED_FOR = Duration.ofSeconds(1);

    private final Database database;
    private final Clock clock;
    private final RunJson json = new RunJson();
    private final Connections db;
    private final JdbcOutbox outbox;
    private final ChannelLeases leases;
    private final JdbcAuditTrails trails;
    private final AuditChain chain;
    private final JdbcPeople people;
    private final Retention retention;
    private volatile ScheduledExecutorService housekeeping;
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
     *                      (Slack wants an answer within 3 s)
     */
    public JdbcRunStore(Database database, Clock clock, Duration writeDeadline) {
        this(database, clock, writeDeadline, AuditChain.unkeyed());
    }

    /**
     * @param chain how audit events are linked: keyed with AUDIT_KEY (HMAC-SHA256) or not (SHA-256)
     */
    public JdbcRunStore(Database database, Clock clock, Duration writeDeadline, AuditChain chain) {
        this.database = database;
        this.clock = clock;
        this.db = new Connections(database, json, clock, writeDeadline, chain, this::pruneSeenEvents,
                writable -> health = new Health(writable, System.nanoTime()));
        this.outbox = new JdbcOutbox(db, json);
        this.leases = new ChannelLeases(db, outbox, json);
        this.trails = new JdbcAuditTrails(db);
        this.people = new JdbcPeople(db);
        this.retention = new Retention(db);
        this.chain = chain;
    }

    /** How this store links audit events (keyed or not): what a check of its chains needs. */
    public AuditChain auditChain() {
        return chain;
    }

    /** Opens the SQLite database named by the setting (file path or JDBC URL) with the system clock. */
    public static JdbcRunStore open(String setting) {
        return open(setting, Credentials.NONE);
    }

    /** Opens the database named by the setting (SQLite or PostgreSQL) with the system clock. */
    public static JdbcRunStore open(String setting, Credentials credentials) {
        return new JdbcRunStore(Database.open(setting, credentials), Clock.systemUTC());
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
     * (PostgreSQL: one work per transaction; the server groups commits itself.)
     *
     * <p>A write that cannot start within the write deadline, or that the database refuses because it is busy,
     * read-only, full, unreachable or failing, throws {@link StoreUnavailableException}: nothing of it was changed,
     * then or later, and the same write may be tried again. See {@link GroupCommit}.
     */
    @Override
    public <T> T write(Function<Transaction, T> work) {
        return write(work, true);
    }

    /**
     * A write whose commit need not reach the disk before it returns ({@code synced} false): the outbox's own
     * bookkeeping (delivered, retry at, given up). SQLite writes such a commit to the WAL without syncing it
     * ({@code synchronous=NORMAL} for that commit); PostgreSQL commits it with {@code synchronous_commit = off}. A
     * process crash loses nothing; a power cut or OS crash (of the database's host) can lose the delivery records
     * written since the last synced commit, and the messages they record are then sent again after the restart
     * (at-least-once, as after a crash between a post and its record). A command, and the outbox messages it writes,
     * are always synced: no change a person made is ever in such a commit.
     */
    <T> T write(Function<Transaction, T> work, boolean synced) {
        return db.write(work, synced);
    }

    @Override
    public <T> T read(Function<Reader, T> work) {
        return db.read(work);
    }

    /**
     * Whether the database can be written now (for a health check): a tiny real write (the one row of the
     * {@code health} table, unsynced, through the normal group commit), so that a database that answers reads but
     * refuses writes (read-only, full, locked by another process past the write deadline, a server gone) is reported.
     * The answer is reused for about a second, and so is what the last group commit learned (a commit proves the
     * database writable; a write refused as busy, read-only, full or unreachable proves the opposite). Never throws.
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
                db.bookkeeping("checking that the database can be written",
                        sql -> sql.update(db.dialect().touchHealth(), Times.text(clock.instant())));
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

    /**
     * Test hook, for tests only (package-private): runs {@code work} on the writer connection, outside any
     * transaction, under the write lock; e.g. {@code PRAGMA query_only} or {@code PRAGMA max_page_count} to make
     * SQLite refuse this store's writes the way a read-only or full disk does.
     */
    <T> T withWriterConnection(Connections.ConnectionWork<T> work) throws SQLException {
        return db.withWriterConnection(work);
    }

    // ---- Outbox ----

    @Override
    public List<PendingMessage> dueHeads(Instant now, Set<String> skipChannels, int limit) {
        return outbox.dueHeads(now, skipChannels, limit);
    }

    @Override
    public Optional<PendingMessage> dueHead(String channel, Instant now) {
        return outbox.dueHead(channel, now);
    }

    @Override
    public Optional<Instant> nextDueAt(Set<String> skipChannels) {
        return outbox.nextDueAt(skipChannels);
    }

    @Override
    public void delivered(long id, Instant at) {
        outbox.delivered(id, at);
    }

    @Override
    public int coalesce(long id, long upToId, Instant at) {
        return outbox.coalesce(id, upToId, at);
    }

    @Override
    public void recordDelivery(long id, PostedMessage posted, boolean coalesceUpdates, long upToId, Instant at,
                               ChannelLease lease) {
        outbox.recordDelivery(id, posted, coalesceUpdates, upToId, at, () -> {
            if (lease != null) {
                leases.renewWithDelivery(id, lease);
            }
        });
    }

    @Override
    public List<ChannelClaim> claim(String owner, Instant now, Instant until, Set<String> skipChannels, int limit,
                                    Set<dev.checklistbot.run.Platform> platforms) {
        return leases.claim(owner, now, until, skipChannels, limit, platforms);
    }

    @Override
    public Set<String> renew(String owner, Set<String> channels, Instant until) {
        return leases.renew(owner, channels, until);
    }

    @Override
    public void release(String owner, String channel) {
        leases.release(owner, channel);
    }

    @Override
    public Optional<Instant> nextClaimAt(String owner, Set<String> skipChannels,
                                         Set<dev.checklistbot.run.Platform> platforms) {
        return leases.nextClaimAt(owner, skipChannels, platforms);
    }

    @Override
    public void retryAt(long id, Instant next, String error) {
        outbox.retryAt(id, next, error);
    }

    @Override
    public void abandon(long id, Instant at, String error) {
        outbox.abandon(id, at, error);
    }

    @Override
    public long lastId() {
        return outbox.lastId();
    }

    @Override
    public int undeliveredCount() {
        return outbox.undeliveredCount();
    }

    @Override
    public Optional<Instant> oldestUnrecordedStepPost(String channel) {
        return outbox.oldestUnrecordedStepPost(channel);
    }

    // ---- PostedMessages ----

    @Override
    public void save(PostedMessage message) {
        outbox.save(message);
    }

    @Override
    public Optional<PostedMessage> find(String channel, String messageId) {
        return outbox.find("WHERE channel = ? AND message_id = ?", channel, messageId);
    }

    @Override
    public Optional<PostedMessage> find(long runId, int step) {
        return outbox.find("WHERE run_id = ? AND step = ?", runId, step);
    }

    // ---- people ----

    @Override
    public Optional<Person> person(String userId) {
        return people.person(userId);
    }

    @Override
    public java.util.Map<String, String> displayNames(java.util.Collection<String> userIds) {
        return people.displayNames(userIds);
    }

    @Override
    public void remember(Person person) {
        people.remember(person);
    }

    // ---- audit trails ----

    @Override
    public Optional<AuditTrail> trail(long runId) {
        return trails.trail(runId);
    }

    @Override
    public List<Long> runIds() {
        return trails.runIds();
    }

    // ---- retention ----

    /**
     * Runs the housekeeping jobs that are due for all processes (see {@link Retention}): outbox messages delivered or
     * given up more than {@code outboxKept} ago, and event ids older than a week, are deleted.
     */
    public Retention.Pruned housekeeping(Duration outboxKept) {
        return retention.housekeeping(clock.instant(), outboxKept);
    }

    /**
     * Looks every minute, on a thread of its own, whether a housekeeping job is due, until {@link #close()}. A failure
     * is logged and tried again at the next look.
     */
    public synchronized void startHousekeeping(Duration outboxKept) {
        if (housekeeping != null) {
            return;
        }
        housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "housekeeping");
            thread.setDaemon(true);
            return thread;
        });
        long tick = HOUSEKEEPING_TICK.toMillis();
        housekeeping.scheduleWithFixedDelay(() -> {
            try {
                Retention.Pruned pruned = housekeeping(outboxKept);
                if (pruned.outboxMessages() > 0 || pruned.eventIds() > 0) {
                    log.info("housekeeping: deleted {} old outbox messages and {} old event ids",
                            pruned.outboxMessages(), pruned.eventIds());
                }
            } catch (RuntimeException e) {
                log.warn("housekeeping: {}", e.toString());
            }
        }, tick, tick, TimeUnit.MILLISECONDS);
    }

    /**
     * Deletes the runs that ended before {@code endedBefore}, whole (audit trail, outbox messages, posted-message
     * records), or only counts them; active runs and newer runs are kept, and so are their chains.
     */
    public Retention.PrunedRuns pruneRuns(Instant endedBefore, boolean dryRun) {
        return retention.pruneRuns(endedBefore, dryRun);
    }

    // ---- plumbing ----

    /**
     * Deletes old event ids about once an hour, inside the current write transaction, and once for all the processes
     * on the database: this process looks at most once an hour, and runs the job only if its row in {@code jobs} says
     * no process ran it within the hour (a conditional update of that row: on PostgreSQL a second process's update
     * waits for the first's commit, then finds the row changed and updates nothing).
     */
    private void pruneSeenEvents(Sql writer) {
        Instant now = clock.instant();
        if (now.isBefore(lastPrune.plus(PRUNE_EVERY))) {
            return;
        }
        writer.call("pruning old event ids", () -> Retention.pruneSeenEvents(writer, now));
        lastPrune = now;
    }

    @Override
    public void close() {
        closed = true;
        ScheduledExecutorService running = housekeeping;
        if (running != null) {
            running.shutdownNow();
            try {
                running.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        db.close();
    }
}
