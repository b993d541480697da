package dev.checklistbot.bench;

import com.slack.api.methods.MethodsClient;
import dev.checklistbot.store.BenchAccess;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * What the full-path floor ({@code BoltFloorServer --full DB}) does per event, the simplest way: in the request, before
 * the ack, the engine's durable transaction shape on the prepared load database with the store's own connection
 * settings ({@code BEGIN IMMEDIATE; UPDATE runs SET state; INSERT run_events; INSERT outbox} x4{@code ; COMMIT}, one
 * connection, one transaction per event, no group commit); after it, on 4 threads (serve's delivery workers), the same
 * four Web API calls serve makes for a finished step (thread notice, step update, header update, next step post) with
 * the Slack SDK's MethodsClient, text only (serve sends blocks: the floor's calls are lighter), and no record of the
 * delivery (serve records each: the floor does less).
 */
final class FullPathFloor {
    private final Connection db;
    private final PreparedStatement run;
    private final PreparedStatement event;
    private final PreparedStatement outbox;
    private final MethodsClient methods;
    private final ExecutorService delivery = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "floor-delivery");
        t.setDaemon(true);
        return t;
    });

    FullPathFloor(Path file, MethodsClient methods) throws SQLException {
        this.db = BenchAccess.productionConnection(file);
        this.methods = methods;
        try (Statement st = db.createStatement()) {
            st.execute("PRAGMA journal_mode=WAL");
        }
        db.setAutoCommit(true);
        run = db.prepareStatement("UPDATE runs SET state = json_set(state, '$.title', ?) WHERE id = ?");
        event = db.prepareStatement("INSERT INTO run_events (run_id, at, actor_id, actor_name, type, step, text, other_id,"
                + " other_name) VALUES (?, ?, ?, 'bench', 'STEP_DONE', 1, NULL, NULL, NULL)");
        outbox = db.prepareStatement("INSERT INTO outbox (channel, kind, run_id, step, event, created_at)"
                + " VALUES (?, ?, ?, ?, NULL, ?)");
    }

    /** The event's durable command, then its four calls queued; returns after the commit. */
    void handle(String channel, String user, String stepTs) {
        try {
            command(channel, user, stepTs);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void command(String channel, String user, String stepTs) throws SQLException {
        long runId = Long.parseLong(stepTs.substring(stepTs.indexOf('.') + 1));
        String now = Instant.now().toString();
        synchronized (this) {
            try (Statement st = db.createStatement()) {
                st.execute("BEGIN IMMEDIATE");
                try {
                    run.setString(1, "Backup " + now);
                    run.setLong(2, runId);
                    run.executeUpdate();
                    event.setLong(1, runId);
                    event.setString(2, now);
                    event.setString(3, user);
                    event.executeUpdate();
                    String[][] kinds = {{"STEP_POST", "2"}, {"STEP_UPDATE", "1"}, {"HEADER_UPDATE", "0"}, {"STEP_NOTICE", "1"}};
                    for (String[] kind : kinds) {
                        outbox.setString(1, channel);
                        outbox.setString(2, kind[0]);
                        outbox.setLong(3, runId);
                        outbox.setInt(4, Integer.parseInt(kind[1]));
                        outbox.setString(5, now);
                        outbox.executeUpdate();
                    }
                    st.execute("COMMIT");
                } catch (SQLException e) {
                    st.execute("ROLLBACK");
                    throw e;
                }
            }
        }
        delivery.execute(() -> {
            try {
                methods.chatPostMessage(r -> r.channel(channel).text("Step 2 of 6: next"));
                methods.chatUpdate(r -> r.channel(channel).ts(stepTs).text("Step 1 of 6: done"));
                methods.chatUpdate(r -> r.channel(channel).ts("1700000000." + stepTs.substring(stepTs.indexOf('.') + 1))
                        .text("Backup: 1/6 done"));
                methods.chatPostMessage(r -> r.channel(channel).threadTs(stepTs).text("Step 1 done by <@" + user + ">"));
            } catch (Exception e) {
                System.err.println("floor delivery: " + e);
            }
        });
    }
}
