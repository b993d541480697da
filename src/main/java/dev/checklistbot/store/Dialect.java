package dev.checklistbot.store;

import java.sql.SQLException;
import java.util.Set;

/**
 * What differs between SQLite and PostgreSQL, kept in one place: how a transaction starts and waits for other
 * processes, the few statements whose syntax differs, and how each says "a second active run". Everything else
 * (the tables, the queries) is the same SQL on both.
 */
abstract class Dialect {
    /** The Flyway location of this database's migrations. */
    abstract String migrations();

    /**
     * Starts a write transaction on {@code writer}, waiting for another process's lock no longer than
     * {@code leftMillis}. {@code synced}: the commit must reach the disk before it returns.
     */
    abstract void beginWrite(Sql writer, long leftMillis, long deadlineMillis, boolean synced) throws SQLException;

    /** Starts a read-only snapshot on {@code reader} (a consistent view over several statements). */
    abstract void beginRead(Sql reader) throws SQLException;

    /** How many works one group commit may take (see {@link GroupCommit}). */
    abstract int maxGroup();

    /**
     * Inside a write, before a command reads the runs of {@code channel}: wait for any other process's command on the
     * same channel to commit (SQLite's write lock already serializes every write: nothing to do).
     */
    abstract void lockChannel(Sql sql, String channel) throws SQLException;

    /** What a write's read of a run ends with: PostgreSQL locks the row until the write commits. */
    abstract String forUpdate();

    /** Records an event id unless it is there already; true if it was new. */
    abstract boolean recordEventId(Sql sql, String eventId, String at) throws SQLException;

    /** Runs an INSERT into a table whose {@code id} the database assigns, and returns that id. */
    abstract long insertReturningId(Sql sql, String insert, Object... args) throws SQLException;

    /** Saves a posted message, replacing one of the same channel and message id, or of the same run and step. */
    abstract void savePosted(Sql sql, PostedMessage message) throws SQLException;

    /** Rewrites the health table's one row. */
    abstract String touchHealth();

    /** A condition: {@code column} is not one of the set bound as the parameter of {@link #textSet}. */
    abstract String notIn(String column);

    /** The parameter for {@link #notIn}. */
    abstract Object textSet(Sql sql, Set<String> values, RunJson json) throws SQLException;

    /** Whether {@code e} is the partial unique index of runs saying a channel would have two active runs. */
    abstract boolean isSecondActiveRun(SQLException e);

    /** An INSERT ({@code INTO ...} and its rows) that leaves out the rows whose key is there already. */
    abstract String insertIgnoring(String intoAndRows);

    /**
     * What a claim of channels ends with, its lease rows aliased {@code l}: PostgreSQL locks the rows it returns and
     * skips those another process's claim has locked ({@code FOR UPDATE SKIP LOCKED}); SQLite's write lock already
     * keeps every other process out.
     */
    abstract String skipLocked();

    /**
     * The lease rows ({@code l}) joined with each one's head message ({@code o}): a look-up by key per lease row, in
     * the order the statement walks them. (PostgreSQL, planning a plain join without statistics, hashed or merged the
     * whole outbox, delivered history included, to claim a few channels.)
     */
    abstract String headJoin();

    /** After rows were copied in with their ids: the next id of each table comes after them. */
    abstract void afterCopy(Sql sql) throws SQLException;
}
