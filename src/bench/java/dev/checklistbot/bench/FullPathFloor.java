package dev.checklistbot.bench;

import com.slack.api.methods.MethodsClient;
import dev.checklistbot.store.BenchAccess;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What the full-path floor ({@code BoltFloorServer --full DB}) does per event: the simplest <em>competent</em> bare
 * app, so that serve's ratio to it means something (a floor slower than the product says nothing).
 *
 * <p>Durable command, in the request, before the ack: the engine's transaction shape on the prepared load database
 * with the store's own connection ({@link BenchAccess#productionConnection}: WAL, {@code synchronous=FULL}, checked
 * at start), as a textbook group commit. A request queues its event; whichever request thread finds no commit under
 * way takes everything queued (at most {@link #MAX_BATCH}, serve's SQLite group size too), runs
 * {@code BEGIN IMMEDIATE}, then per event {@code SAVEPOINT; UPDATE runs; INSERT run_events; INSERT outbox} x4
 * {@code ; RELEASE}, {@code COMMIT} once (one fsync for the batch), and wakes the waiters, which then ack. An error in
 * one event's statements rolls back to its savepoint and fails that event alone (its request answers 500); a failed
 * {@code COMMIT} fails the whole batch. Nothing of the product's commit code is used (the floor must not depend on what
 * it measures), only the same SQL.
 *
 * <p>Web API, after the commit: on 16 threads (serve's delivery workers, {@code ServeCommand.DELIVERY_WORKERS}) the
 * four calls serve makes for a finished step, in serve's order ({@code run.DeliveryOrder}): the next step's post, the
 * step's update, the header's update, the thread notice, with the Slack SDK's MethodsClient. Per channel in order: a
 * channel's calls run one after the other, its next event's calls after them. What the floor still does not do, so
 * that the ratio reads "serve / a lighter app": text only (serve sends blocks), no record of each delivery in the
 * database (serve records each, unsynced), no outbox read or claim (the calls go straight from memory, so a crash
 * between the commit and the calls loses them, which serve does not), no per-channel pace, no run read or rules.
 */
final class FullPathFloor {
    /** The largest batch one commit takes: SQLite's group size in the store (SqliteDialect). */
    static final int MAX_BATCH = 64;
    private static final String[][] KINDS = {{"STEP_POST", "2"}, {"STEP_UPDATE", "1"}, {"HEADER_UPDATE", "0"},
            {"STEP_NOTICE", "1"}};

    private final Connection db;
    private final PreparedStatement run;
    private final PreparedStatement event;
    private final PreparedStatement outbox;
    private final MethodsClient methods;
    private final ExecutorService delivery = Executors.newFixedThreadPool(16, r -> {
        Thread t = new Thread(r, "floor-delivery");
        t.setDaemon(true);
        return t;
    });
    /** Each channel's last queued calls: the next event of the channel runs after them. */
    private final ConcurrentHashMap<String, CompletableFuture<Void>> channelTails = new ConcurrentHashMap<>();

    // The group commit. `lock` guards `queued`, `committing` and each Pending's `done`; the thread that set
    // `committing` is the only one using `db` and the statements until it clears it (under the lock again).
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition committed = lock.newCondition();
    private final ArrayDeque<Pending> queued = new ArrayDeque<>();
    private boolean committing;

    /** One event waiting for its commit; {@code failure} is written by the committing thread before {@code done}. */
    private static final class Pending {
        final String channel;
        final String user;
        final long runId;
        boolean done;
        Exception failure;

        Pending(String channel, String user, long runId) {
            this.channel = channel;
            this.user = user;
            this.runId = runId;
        }
    }

    FullPathFloor(Path file, MethodsClient methods) throws SQLException {
        this.db = BenchAccess.productionConnection(file);
        this.methods = methods;
        // The product's writer commits a person's change with WAL and synchronous=FULL (Database.config()): so must this.
        try (Statement st = db.createStatement()) {
            String journal = single(st, "PRAGMA journal_mode");
            String synchronous = single(st, "PRAGMA synchronous");
            if (!"wal".equalsIgnoreCase(journal) || !"2".equals(synchronous)) {
                throw new IllegalStateException("the floor's connection is not the product's (journal_mode=" + journal
                        + ", synchronous=" + synchronous + "; expected wal and 2 = FULL)");
            }
        }
        db.setAutoCommit(true);
        run = db.prepareStatement("UPDATE runs SET state = json_set(state, '$.title', ?) WHERE id = ?");
        event = db.prepareStatement("INSERT INTO run_events (run_id, at, actor_id, actor_name, type, step, text, other_id,"
                + " other_name) VALUES (?, ?, ?, 'bench', 'STEP_DONE', 1, NULL, NULL, NULL)");
        outbox = db.prepareStatement("INSERT INTO outbox (channel, kind, run_id, step, event, created_at)"
                + " VALUES (?, ?, ?, ?, NULL, ?)");
    }

    private static String single(Statement st, String query) throws SQLException {
        try (ResultSet rs = st.executeQuery(query)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** The event's durable command (group commit), then its four calls queued; returns after the commit. */
    void handle(String channel, String user, String stepTs) {
        long runId = Long.parseLong(stepTs.substring(stepTs.indexOf('.') + 1));
        Pending mine = new Pending(channel, user, runId);
        lock.lock();
        try {
            queued.add(mine);
            while (!mine.done) {
                if (committing) {
                    committed.awaitUninterruptibly();
                    continue;
                }
                // No commit under way: this thread commits the oldest queued (its own among them unless 64 are ahead).
                committing = true;
                List<Pending> batch = new ArrayList<>();
                while (!queued.isEmpty() && batch.size() < MAX_BATCH) {
                    batch.add(queued.poll());
                }
                lock.unlock();
                try {
                    commit(batch);
                } finally {
                    lock.lock();
                    committing = false;
                    batch.forEach(p -> p.done = true);
                    committed.signalAll();
                }
            }
        } finally {
            lock.unlock();
        }
        if (mine.failure != null) {
            throw new IllegalStateException(mine.failure);
        }
        deliver(channel, user, stepTs);
    }

    /** One transaction for the batch, a savepoint per event; sets each event's failure. Only the committing thread. */
    private void commit(List<Pending> batch) {
        String now = Instant.now().toString();
        try (Statement st = db.createStatement()) {
            st.execute("BEGIN IMMEDIATE");
            try {
                for (Pending p : batch) {
                    st.execute("SAVEPOINT event");
                    try {
                        write(p, now);
                    } catch (SQLException | RuntimeException e) {
                        p.failure = e;
                        st.execute("ROLLBACK TO event");
                    }
                    st.execute("RELEASE event");
                }
                st.execute("COMMIT");
            } catch (SQLException | RuntimeException e) {
                st.execute("ROLLBACK");
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            // BEGIN, a savepoint's end or the COMMIT failed: nothing of the batch is committed.
            batch.forEach(p -> p.failure = e);
        }
    }

    private void write(Pending p, String now) throws SQLException {
        run.setString(1, "Backup " + now);
        run.setLong(2, p.runId);
        run.executeUpdate();
        event.setLong(1, p.runId);
        event.setString(2, now);
        event.setString(3, p.user);
        event.executeUpdate();
        for (String[] kind : KINDS) {
            outbox.setString(1, p.channel);
            outbox.setString(2, kind[0]);
            outbox.setLong(3, p.runId);
            outbox.setInt(4, Integer.parseInt(kind[1]));
            outbox.setString(5, now);
            outbox.executeUpdate();
        }
    }

    /** The four calls, in serve's order, after the channel's earlier calls; on the 4 delivery threads. */
    private void deliver(String channel, String user, String stepTs) {
        String header = "1700000000." + stepTs.substring(stepTs.indexOf('.') + 1);
        Runnable calls = () -> {
            try {
                methods.chatPostMessage(r -> r.channel(channel).text("Step 2 of 6: next"));
                methods.chatUpdate(r -> r.channel(channel).ts(stepTs).text("Step 1 of 6: done"));
                methods.chatUpdate(r -> r.channel(channel).ts(header).text("Backup: 1/6 done"));
                methods.chatPostMessage(r -> r.channel(channel).threadTs(stepTs).text("Step 1 done by <@" + user + ">"));
            } catch (Exception e) {
                System.err.println("floor delivery: " + e);
            }
        };
        CompletableFuture<Void> mine = channelTails.compute(channel, (c, tail) -> tail == null
                ? CompletableFuture.runAsync(calls, delivery) : tail.thenRunAsync(calls, delivery));
        mine.whenComplete((ignored, failure) -> channelTails.remove(channel, mine)); // the map keeps busy channels only
    }
}
