package dev.checklistbot.store;

import dev.checklistbot.run.RunStore;
import dev.checklistbot.run.StoreUnavailableException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The one writer of a {@link JdbcRunStore}: group commit, within a deadline.
 *
 * <p>Group commit: a caller queues its work and takes the write lock; whoever holds it (the leader) starts one
 * transaction (SQLite: {@code BEGIN IMMEDIATE}; see {@link Dialect#beginWrite}), then takes the works queued by then, runs each inside a savepoint of its own
 * (a work that throws is rolled back alone and its exception goes to its caller) and commits once. Every caller
 * returns only after the commit that holds its work; one disk sync serves several commands under load.
 *
 * <p>Deadline: a write that cannot start within {@code deadline} (the lock held by another thread's group, or
 * SQLite's write lock held by another process) fails with {@link StoreUnavailableException} and nothing of it is
 * ever applied, not even later. Each queued work has a state: QUEUED, then either TAKEN by a leader (only once
 * that leader's {@code BEGIN IMMEDIATE} has succeeded) or CANCELLED by its caller giving up; a compare-and-set
 * decides, so a work is run by a group only if its caller is still waiting for it. The caller waits for the lock
 * with the time it has left, and the database's own wait (SQLite's busy timeout for {@code BEGIN IMMEDIATE},
 * PostgreSQL's {@code lock_timeout}) is set to the leader's time left on every attempt. PostgreSQL takes one work per
 * group ({@link Dialect#maxGroup()}); its connection is borrowed from the pool for the group and handed back after.
 *
 * <p>Failures: after a group fails, the writer's prepared statements are closed (sqlite-jdbc closes a statement for
 * good after SQLITE_READONLY or SQLITE_FULL) and the connection is rolled back out of any transaction, so the next
 * write starts afresh: the store works again as soon as the database can be written. A failure that means the
 * database cannot take a write now (busy, read-only, full, I/O error: see {@link Unavailable}) reaches the caller as
 * {@link StoreUnavailableException}.
 */
final class GroupCommit {
    private final Sql writer;
    private final ReentrantLock lock;
    private final Dialect dialect;
    private final Duration deadline;
    private final Function<Sql, JdbcTransaction> transactions;
    private final Consumer<Sql> beforeWorks;
    private final Consumer<Boolean> writable;
    private final ConcurrentLinkedQueue<QueuedWrite<?>> queued = new ConcurrentLinkedQueue<>();
    /** The transaction of the work running now. Lock. */
    private JdbcTransaction current;
    private volatile boolean closed;

    /**
     * @param transactions a transaction on the writer
     * @param beforeWorks  run inside each group's transaction before its works (housekeeping)
     * @param writable     told after a group whether the database took it (true) or could not be written (false)
     */
    GroupCommit(Sql writer, ReentrantLock lock, Dialect dialect, Duration deadline,
                Function<Sql, JdbcTransaction> transactions, Consumer<Sql> beforeWorks, Consumer<Boolean> writable) {
        if (deadline.isNegative()) {
            throw new IllegalArgumentException("a write deadline may not be negative: " + deadline);
        }
        this.writer = writer;
        this.lock = lock;
        this.dialect = dialect;
        this.deadline = deadline;
        this.transactions = transactions;
        this.beforeWorks = beforeWorks;
        this.writable = writable;
    }

    /** The write transaction this thread is running a work in, or null. */
    JdbcTransaction current() {
        return lock.isHeldByCurrentThread() ? current : null;
    }

    /** Runs {@code work} in a group's transaction and returns once it is committed; see the class doc. */
    <T> T write(Function<RunStore.Transaction, T> work, boolean synced) {
        if (current() != null) {
            // Only this thread can be here while `current` is set: the work called write() again.
            throw new IllegalStateException("a write transaction is already open on this thread");
        }
        if (closed) {
            throw closedFailure();
        }
        long deadlineNanos = System.nanoTime() + deadline.toNanos();
        QueuedWrite<T> mine = new QueuedWrite<>(work, synced);
        queued.add(mine);
        if (acquire(deadlineNanos)) {
            try {
                if (mine.isQueued()) {
                    lead(mine, deadlineNanos); // else an earlier group ran it
                }
            } finally {
                lock.unlock();
            }
        } else if (mine.cancel()) {
            queued.remove(mine);
            throw Unavailable.busy("the write could not start within " + deadline.toMillis() + " ms", null);
        }
        // Run by this thread, or TAKEN by a leader whose transaction is under way: its outcome comes soon.
        return mine.outcome();
    }

    private boolean acquire(long deadlineNanos) {
        try {
            return lock.tryLock(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Starts a transaction, takes the queued works (this thread's first) into it and commits. Holds the lock. */
    private void lead(QueuedWrite<?> mine, long deadlineNanos) {
        mine.take(); // cannot fail: only its caller (this thread) cancels it, and only other leaders take works
        queued.remove(mine);
        // A group is synced if any of its works must be (SQLite takes this setting outside a transaction only);
        // an unsynced group leaves the synced works queued for the next one.
        boolean synced = mine.synced || (dialect.maxGroup() > 1 && queued.stream().anyMatch(w -> w.synced && w.isQueued()));
        try {
            if (closed) {
                throw closedFailure();
            }
            begin(deadlineNanos, synced);
        } catch (RuntimeException | Error e) {
            // Nothing started: only this thread's work fails; the others stay queued for their own callers.
            recover();
            writer.release();
            mine.failure = e;
            mine.finish();
            if (Unavailable.reason(e) != null) {
                writable.accept(false);
            }
            return;
        }
        List<QueuedWrite<?>> group = take(mine, synced);
        boolean committed = false;
        try {
            beforeWorks.accept(writer);
            for (QueuedWrite<?> w : group) {
                runInSavepoint(w);
            }
            try {
                writer.exec("COMMIT");
            } catch (SQLException e) {
                throw Sql.failure("committing", e);
            }
            committed = true;
        } catch (RuntimeException | Error e) {
            // Nothing of the group is committed: every work of it fails, including those that had succeeded.
            recover();
            for (QueuedWrite<?> w : group) {
                if (w.failure == null) {
                    w.failure = e;
                }
            }
        } finally {
            writer.release();
            boolean refused = group.stream().anyMatch(w -> w.failure != null && Unavailable.reason(w.failure) != null);
            if (refused || committed) {
                writable.accept(!refused);
            }
            for (QueuedWrite<?> w : group) {
                w.finish();
            }
        }
    }

    /** {@code mine}, then the works still queued, up to the dialect's largest group; the cancelled ones leave the queue. */
    private List<QueuedWrite<?>> take(QueuedWrite<?> mine, boolean synced) {
        List<QueuedWrite<?>> group = new ArrayList<>();
        group.add(mine);
        for (Iterator<QueuedWrite<?>> it = queued.iterator(); it.hasNext() && group.size() < dialect.maxGroup(); ) {
            QueuedWrite<?> w = it.next();
            if (w.isQueued() && !synced && w.synced) {
                continue; // waits for a synced group
            }
            if (w.take()) {
                group.add(w);
            }
            it.remove(); // taken now, or cancelled by its caller
        }
        return group;
    }

    /** Starts the group's transaction, waiting for another process's lock no longer than the time left. */
    private void begin(long deadlineNanos, boolean synced) {
        long leftMillis = TimeUnit.NANOSECONDS.toMillis(Math.max(0, deadlineNanos - System.nanoTime()));
        try {
            dialect.beginWrite(writer, leftMillis, deadline.toMillis(), synced);
        } catch (SQLException e) {
            if ("busy".equals(Unavailable.reason(e))) {
                throw Unavailable.busy("another process held the database's write lock for more than "
                        + deadline.toMillis() + " ms", e);
            }
            throw Sql.failure("starting a transaction", e);
        }
    }

    private void runInSavepoint(QueuedWrite<?> w) {
        writer.call("starting a savepoint", () -> {
            writer.exec("SAVEPOINT command");
            return null;
        });
        JdbcTransaction tx = transactions.apply(writer);
        current = tx;
        try {
            w.run(tx);
        } catch (RuntimeException | Error e) {
            w.failure = e;
        } finally {
            tx.end();
            current = null;
        }
        try {
            if (w.failure != null) {
                writer.exec("ROLLBACK TO command");
            }
            writer.exec("RELEASE command");
        } catch (SQLException e) {
            // The savepoint is gone (SQLite rolled back the whole transaction on a severe error): the group fails.
            StoreException failure = Sql.failure("ending a command", e);
            if (w.failure != null) {
                failure.addSuppressed(w.failure); // what went wrong first (a full disk, say)
            }
            throw failure;
        }
    }

    /** After a failure: no kept statement survives it, and the writer is left outside any transaction. */
    private void recover() {
        writer.forgetStatements();
        rollbackQuietly();
    }

    private void rollbackQuietly() {
        try {
            writer.exec("ROLLBACK");
        } catch (SQLException ignored) {
            // no transaction was open, or the database cannot even roll back now: the next BEGIN deals with it
        }
    }

    private static StoreUnavailableException closedFailure() {
        return new StoreUnavailableException("the database is closed (the bot is stopping): nothing was changed", null);
    }

    /** No write starts after this; the caller closes the connection. Holds the lock. */
    void close() {
        closed = true;
    }

    /** A work waiting for its transaction, then its result or failure. */
    private static final class QueuedWrite<T> {
        private static final int QUEUED = 0;
        private static final int TAKEN = 1;
        private static final int CANCELLED = 2;

        final Function<RunStore.Transaction, T> work;
        final boolean synced;
        private final AtomicInteger state = new AtomicInteger(QUEUED);
        private final CountDownLatch done = new CountDownLatch(1);
        /** Written by the leader before {@link #finish()}, read by the caller after it. */
        private T result;
        Throwable failure;

        QueuedWrite(Function<RunStore.Transaction, T> work, boolean synced) {
            this.work = work;
            this.synced = synced;
        }

        boolean isQueued() {
            return state.get() == QUEUED;
        }

        /** A leader takes the work into its group: false if its caller gave up first. */
        boolean take() {
            return state.compareAndSet(QUEUED, TAKEN);
        }

        /** The caller gives up: false if a leader took the work first. */
        boolean cancel() {
            return state.compareAndSet(QUEUED, CANCELLED);
        }

        void run(RunStore.Transaction tx) {
            result = work.apply(tx);
        }

        void finish() {
            done.countDown();
        }

        T outcome() {
            boolean interrupted = false;
            while (true) {
                try {
                    done.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // the group is under way: its outcome is what the caller must learn
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (failure instanceof RuntimeException runtime) {
                throw Unavailable.map(runtime);
            }
            if (failure instanceof Error error) {
                throw error;
            }
            return result;
        }
    }
}
