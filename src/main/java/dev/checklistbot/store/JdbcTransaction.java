package dev.checklistbot.store;

import dev.checklistbot.audit.AuditChain;
import dev.checklistbot.run.Actor;
import dev.checklistbot.run.OutboxMessage;
import dev.checklistbot.run.Run;
import dev.checklistbot.run.RunEvent;
import dev.checklistbot.run.RunStore;
import dev.checklistbot.run.Timer;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The engine's view of the database inside one transaction (or one read snapshot). Valid only until it ends.
 *
 * <p>Inside a write, a command's reads of a channel's runs first wait for any other process's command on that channel
 * (PostgreSQL: an advisory lock until commit; SQLite's write lock covers the whole file already), and a run is read
 * {@code FOR UPDATE}: two processes' commands on one run are applied one after the other, the second on the state the
 * first committed, never on a stale copy.
 *
 * <p>Each audit event is linked to the one before it in its run ({@link AuditChain}): the run's row of
 * {@code run_audit} keeps the chain's head (its last hash and the trail's length), read {@code FOR UPDATE}
 * (PostgreSQL; SQLite's write lock covers the file) and updated with the event in the same transaction, and only if
 * nobody else's event came first (a conditional update); a unique index on (run, number) refuses a second event at
 * one place in any case. Two processes appending
 * to one run therefore extend its chain one after the other, never fork it.
 */
final class JdbcTransaction implements RunStore.Transaction {
    private static final String RUN_COLUMNS = "SELECT id, state FROM runs ";

    private final Sql sql;
    private final Dialect dialect;
    private final RunJson json;
    private final Supplier<Instant> now;
    private final boolean writable;
    private final AuditChain chain;
    private boolean open = true;
    /** The channels this write holds the lock of. */
    private final Set<String> locked = new HashSet<>();

    JdbcTransaction(Sql sql, Dialect dialect, RunJson json, Supplier<Instant> now, boolean writable, AuditChain chain) {
        this.sql = sql;
        this.chain = chain;
        this.dialect = dialect;
        this.json = json;
        this.now = now;
        this.writable = writable;
    }

    void end() {
        open = false;
    }

    /** The connection's {@code synchronous} level, which this transaction's commit will use (2 FULL, 1 NORMAL). */
    int synchronous() {
        return sql.call("reading the durability level", () -> {
            try (ResultSet rs = sql.bind("PRAGMA synchronous").executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    @Override
    public Optional<Run> activeRun(String channel) {
        lockChannel(channel);
        return first(runs("reading the active run", RUN_COLUMNS + "WHERE channel = ? AND status = 'active'"
                + lockRows(), channel));
    }

    @Override
    public Optional<Run> run(long id) {
        return first(runs("reading run " + id, RUN_COLUMNS + "WHERE id = ?" + lockRows(), id));
    }

    @Override
    public Optional<Run> lastRun(String channel) {
        return first(recentRuns(channel, 1));
    }

    @Override
    public List<Run> recentRuns(String channel, int limit) {
        lockChannel(channel);
        return runs("reading recent runs", RUN_COLUMNS + "WHERE channel = ? ORDER BY id DESC LIMIT ?", channel, limit);
    }

    @Override
    public List<Run> runs(boolean activeOnly, int limit) {
        return activeOnly
                ? runs("listing active runs", RUN_COLUMNS + "WHERE status = 'active' ORDER BY id DESC LIMIT ?", limit)
                : runs("listing runs", RUN_COLUMNS + "ORDER BY id DESC LIMIT ?", limit);
    }

    @Override
    public List<RunEvent> events(long runId) {
        check(false);
        return sql.call("reading the events of run " + runId, () -> {
            List<RunEvent> events = new ArrayList<>();
            try (ResultSet rs = sql.bind("SELECT run_id, at, actor_id, actor_name, type, step, text, other_id, other_name"
                    + " FROM run_events WHERE run_id = ? ORDER BY id", runId).executeQuery()) {
                while (rs.next()) {
                    String otherId = rs.getString(8);
                    events.add(new RunEvent(rs.getLong(1), Times.instant(rs.getString(2)),
                            new Actor(rs.getString(3), rs.getString(4)), RunEvent.Type.valueOf(rs.getString(5)),
                            rs.getInt(6), rs.getString(7), otherId == null ? null : new Actor(otherId, rs.getString(9))));
                }
            }
            return events;
        });
    }

    @Override
    public boolean recordEventId(String eventId) {
        check(true);
        return sql.call("recording an event id", () -> dialect.recordEventId(sql, eventId, Times.text(now.get())));
    }

    @Override
    public long insertRun(Run run) {
        check(true);
        return sql.call("saving a new run", () -> {
            long id;
            try {
                id = dialect.insertReturningId(sql, "INSERT INTO runs (channel, checklist_id, title, status, started_at,"
                                + " ended_at, state) VALUES (?, ?, ?, ?, ?, ?, '{}')", run.channel(), run.checklist().id(),
                        run.title(), status(run), Times.text(run.startedAt()), Times.text(run.endedAt()));
            } catch (SQLException e) {
                refuseSecondActiveRun(e, run);
                throw e;
            }
            sql.update("UPDATE runs SET state = ? WHERE id = ?", json.writeRun(run.withId(id)), id);
            sql.update("INSERT INTO run_audit (run_id, chain_from, event_count) VALUES (?, 1, 0)", id);
            return id;
        });
    }

    @Override
    public void updateRun(Run run) {
        check(true);
        sql.call("saving run " + run.id(), () -> {
            int rows;
            try {
                rows = sql.update("UPDATE runs SET title = ?, status = ?, ended_at = ?, state = ? WHERE id = ? AND channel = ?",
                        run.title(), status(run), Times.text(run.endedAt()), json.writeRun(run), run.id(), run.channel());
            } catch (SQLException e) {
                refuseSecondActiveRun(e, run);
                throw e;
            }
            if (rows != 1) {
                throw new StoreException("there is no run " + run.id() + " in channel " + run.channel() + " to update");
            }
            return null;
        });
    }

    @Override
    public void appendEvent(RunEvent event) {
        check(true);
        long runId = event.runId();
        sql.call("saving an event of run " + runId, () -> {
            long count;
            String head;
            try (ResultSet rs = sql.bind("SELECT event_count, head FROM run_audit WHERE run_id = ?" + dialect.forUpdate(),
                    runId).executeQuery()) {
                boolean found = rs.next();
                count = found ? rs.getLong(1) : -1;
                head = found ? rs.getString(2) : null;
            }
            if (count < 0) { // a run saved by a process older than the chain: its chain begins now
                try (ResultSet rs = sql.bind("SELECT COUNT(*) FROM run_events WHERE run_id = ?", runId).executeQuery()) {
                    rs.next();
                    count = rs.getLong(1);
                }
                sql.update("INSERT INTO run_audit (run_id, chain_from, event_count) VALUES (?, ?, ?)", runId, count + 1,
                        count);
            }
            long sequence = count + 1;
            String hash = chain.link(event, sequence, head);
            sql.update("INSERT INTO run_events (run_id, at, actor_id, actor_name, type, step, text, other_id, other_name,"
                            + " seq, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    runId, Times.text(event.at()), event.actor().id(), event.actor().name(), event.type().name(),
                    event.step(), event.text(), event.other() == null ? null : event.other().id(),
                    event.other() == null ? null : event.other().name(), sequence, head, hash);
            if (sql.update("UPDATE run_audit SET event_count = ?, head = ? WHERE run_id = ? AND event_count = ?",
                    sequence, hash, runId, count) != 1) {
                throw new StoreException("the audit trail of run " + runId + " changed during this write");
            }
            return null;
        });
    }

    @Override
    public void enqueue(OutboxMessage message) {
        check(true);
        sql.call("writing an outbox message", () -> sql.update(
                "INSERT INTO outbox (channel, kind, run_id, step, event, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                message.channel(), message.kind().name(), message.runId(), message.step(),
                message.event() == null ? null : json.write(message.event()), Times.text(now.get())));
    }

    @Override
    public List<Timer> dueTimers(Instant at, int limit) {
        check(false);
        return sql.call("reading due timers", () -> {
            List<Timer> timers = new ArrayList<>();
            try (ResultSet rs = sql.bind("SELECT run_id, step, due_at, kind FROM timers WHERE due_at <= ?"
                    + " ORDER BY due_at LIMIT ?", Times.text(at), limit).executeQuery()) {
                while (rs.next()) {
                    timers.add(new Timer(rs.getLong(1), rs.getInt(2), Times.instant(rs.getString(3)),
                            Timer.Kind.valueOf(rs.getString(4))));
                }
            }
            return timers;
        });
    }

    @Override
    public Optional<Instant> scheduleFiredAt(String checklistId) {
        check(false);
        return sql.call("reading the schedule of " + checklistId, () -> {
            try (ResultSet rs = sql.bind("SELECT last_fired_at FROM schedules WHERE checklist_id = ?", checklistId)
                    .executeQuery()) {
                return rs.next() ? Optional.of(Times.instant(rs.getString(1))) : Optional.<Instant>empty();
            }
        });
    }

    @Override
    public void replaceTimers(long runId, List<Timer> timers) {
        check(true);
        sql.call("saving the timers of run " + runId, () -> {
            sql.update("DELETE FROM timers WHERE run_id = ?", runId);
            for (Timer timer : timers) {
                sql.update("INSERT INTO timers (run_id, step, kind, due_at) VALUES (?, ?, ?, ?)", runId, timer.step(),
                        timer.kind().name(), Times.text(timer.dueAt()));
            }
            return null;
        });
    }

    @Override
    public boolean claimSchedule(String checklistId, Instant previous, Instant firedAt) {
        check(true);
        return sql.call("claiming a time of the schedule of " + checklistId, () -> previous == null
                ? sql.update(dialect.insertIgnoring("INTO schedules (checklist_id, last_fired_at) VALUES (?, ?)"),
                        checklistId, Times.text(firedAt)) == 1
                // A conditional update: of two processes claiming one time, the second finds the row changed.
                : sql.update("UPDATE schedules SET last_fired_at = ? WHERE checklist_id = ? AND last_fired_at = ?",
                        Times.text(firedAt), checklistId, Times.text(previous)) == 1);
    }

    private List<Run> runs(String what, String query, Object... args) {
        check(false);
        return sql.call(what, () -> {
            List<Run> runs = new ArrayList<>();
            try (ResultSet rs = sql.bind(query, args).executeQuery()) {
                while (rs.next()) {
                    runs.add(json.run(rs.getString(2), rs.getLong(1)));
                }
            }
            return runs;
        });
    }

    private static Optional<Run> first(List<Run> runs) {
        return runs.isEmpty() ? Optional.empty() : Optional.of(runs.get(0));
    }

    private static String status(Run run) {
        return run.status().name().toLowerCase(Locale.ROOT);
    }

    /** Inside a write: waits for other processes' commands on the channel (see the class doc). */
    private void lockChannel(String channel) {
        if (writable && open && locked.add(channel)) {
            sql.call("waiting for other commands on " + channel, () -> {
                dialect.lockChannel(sql, channel);
                return null;
            });
        }
    }

    /** Inside a write, a run read is locked until the write commits. */
    private String lockRows() {
        return writable ? dialect.forUpdate() : "";
    }

    /** The partial unique index on runs(channel) WHERE active said no: say so in words. */
    private void refuseSecondActiveRun(SQLException e, Run run) {
        if (dialect.isSecondActiveRun(e) && run.active()) {
            throw new StoreException("channel " + run.channel() + " already has an active run", e);
        }
    }

    private void check(boolean write) {
        if (!open) {
            throw new IllegalStateException("this transaction has ended");
        }
        if (write && !writable) {
            throw new IllegalStateException("a read may not change the database");
        }
    }
}
