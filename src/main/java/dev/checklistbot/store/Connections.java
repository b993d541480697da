package dev.checklistbot.store;

import dev.checklistbot.audit.AuditChain;
import dev.checklistbot.run.RunStore;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A store's three connections and how each is used: the writer (one group commit at a time, see
 * {@link GroupCommit}), the reader (the engine's and the commands' reads, each in a snapshot of its own), and the
 * delivery loop's reader (its scans of the outbox must not hold up the reads of incoming commands). On SQLite each is
 * a connection kept open (in memory: the one connection, for all three); on PostgreSQL each borrows a connection from
 * the pool for one unit of work.
 */
final class Connections implements AutoCloseable {
    /** JDBC work on a connection. */
    interface Work<T> {
        T run(Sql sql) throws SQLException;
    }

    private final Database database;
    private final Dialect dialect;
    private final RunJson json;
    private final Clock clock;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ReentrantLock readLock;
    private final ReentrantLock outboxLock;
    private final Sql writer;
    private final Sql reader;
    private final Sql outboxReader;
    private final GroupCommit writes;
    private final AuditChain chain;

    Connections(Database database, RunJson json, Clock clock, Duration writeDeadline, AuditChain chain,
                Consumer<Sql> beforeWorks, Consumer<Boolean> writable) {
        this.database = database;
        this.dialect = database.dialect();
        this.json = json;
        this.clock = clock;
        this.chain = chain;
        this.writer = database.sql();
        this.writes = new GroupCommit(writer, writeLock, dialect, writeDeadline,
                sql -> new JdbcTransaction(sql, dialect, json, clock::instant, true, chain), beforeWorks, writable);
        if (database.inMemory()) {
            this.reader = writer;
            this.readLock = writeLock;
            this.outboxReader = writer;
            this.outboxLock = writeLock;
        } else {
            this.reader = database.sql();
            this.readLock = new ReentrantLock();
            this.outboxReader = database.sql();
            this.outboxLock = new ReentrantLock();
        }
    }

    Dialect dialect() {
        return dialect;
    }

    /** See {@link JdbcRunStore#write(Function)}. */
    <T> T write(Function<RunStore.Transaction, T> work, boolean synced) {
        return writes.write(work, synced);
    }

    /** Whether this thread is inside a write (a work of a group commit). */
    boolean inWrite() {
        return writes.current() != null;
    }

    <T> T read(Function<RunStore.Reader, T> work) {
        readLock.lock();
        try {
            JdbcTransaction current = writes.current();
            if (current != null && reader == writer) {
                return work.apply(current); // inside a write on the one connection: see the write's own state
            }
            return inSnapshot(reader, "a read", sql -> {
                JdbcTransaction snapshot = new JdbcTransaction(sql, dialect, json, clock::instant, false, chain);
                try {
                    return work.apply(snapshot);
                } finally {
                    snapshot.end();
                }
            });
        } finally {
            readLock.unlock();
        }
    }

    /**
     * One statement of bookkeeping on the writer: in the caller's write if this thread is inside one, else in an
     * unsynced write of its own (see {@link JdbcRunStore#write(Function, boolean)}).
     */
    <T> T bookkeeping(String what, Work<T> work) {
        if (writes.current() != null) {
            return writer.call(what, () -> work.run(writer));
        }
        return write(tx -> writer.call(what, () -> work.run(writer)), false);
    }

    /** Work on the writer in a synced write of its own (deliberate deletions: see {@link Retention#pruneRuns}). */
    <T> T maintenance(String what, Work<T> work) {
        return write(tx -> writer.call(what, () -> work.run(writer)), true);
    }

    /** One query on the read connection, in a snapshot of its own. */
    <T> T query(String what, Work<T> work) {
        return read(r -> reader.call(what, () -> work.run(reader)));
    }

    /** One query on the delivery loop's read connection, in a snapshot of its own. */
    <T> T outboxQuery(String what, Work<T> work) {
        if (outboxReader == writer) {
            return query(what, work); // in-memory: the one connection
        }
        outboxLock.lock();
        try {
            return inSnapshot(outboxReader, what, sql -> sql.call(what, () -> work.run(sql)));
        } finally {
            outboxLock.unlock();
        }
    }

    /** Runs {@code work} in a read snapshot on {@code sql}, then ends the snapshot and hands the connection back. */
    private <T> T inSnapshot(Sql sql, String what, Function<Sql, T> work) {
        boolean done = false;
        try {
            sql.call("starting " + what, () -> {
                dialect.beginRead(sql);
                return null;
            });
            T result = work.apply(sql);
            done = true;
            return result;
        } finally {
            try {
                sql.call("ending " + what, () -> {
                    sql.exec("COMMIT");
                    return null;
                });
            } catch (RuntimeException e) {
                if (done) {
                    throw e;
                } // else the work's own failure is what the caller learns
            } finally {
                sql.release();
            }
        }
    }

    /** What a test runs on a raw connection. */
    interface ConnectionWork<T> {
        T run(java.sql.Connection connection) throws SQLException;
    }

    /** Test hook: runs {@code work} on the writer connection, outside any transaction, under the write lock. */
    <T> T withWriterConnection(ConnectionWork<T> work) throws SQLException {
        writeLock.lock();
        try {
            return work.run(writer.connection());
        } finally {
            writer.release();
            writeLock.unlock();
        }
    }

    @Override
    public void close() {
        writeLock.lock();
        readLock.lock();
        outboxLock.lock();
        try {
            writes.close();
            writer.close();
            if (reader != writer) {
                reader.close();
                outboxReader.close();
            }
            if (!database.isPostgres()) {
                writer.call("closing the database", () -> {
                    writer.connection().close();
                    if (reader != writer) {
                        reader.connection().close();
                        outboxReader.connection().close();
                    }
                    return null;
                });
            }
            database.close();
        } finally {
            outboxLock.unlock();
            readLock.unlock();
            writeLock.unlock();
        }
    }
}
