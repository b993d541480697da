package dev.checklistbot.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.checklistbot.checklist.ChecklistCatalog;
import dev.checklistbot.run.Actor;
import dev.checklistbot.run.CommandContext;
import dev.checklistbot.run.CommandSource;
import dev.checklistbot.run.Outcome;
import dev.checklistbot.run.RunCommand;
import dev.checklistbot.run.RunService;
import dev.checklistbot.store.BenchAccess;
import dev.checklistbot.store.JdbcRunStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Item 1 of the benchmark: durable step commands per second over {@code runs} active runs (one per channel),
 * the engine ({@link RunService#handle} on {@link JdbcRunStore}) against the floor (the same transaction shape,
 * one UPDATE of the run state and two INSERTs, audit event and outbox row, in plain JDBC with the same pragmas).
 * One thread each: the store serializes writers anyway, and SQLite has one writer at a time.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
@Threads(1)
public class StoreThroughputBench {

    /**
     * The engine with production wiring. Commands cycle per channel: done ×5 (steps 1..5), then undo ×5, so
     * that all runs stay active with the shipped 6-step `backup` checklist; every command changes a step.
     * Each carries a Slack-like event id, as the Slack path does (one more INSERT, into seen_events).
     */
    @State(Scope.Benchmark)
    public static class EngineState {
        @Param("1000")
        public int runs;

        /** Where: null for a fresh SQLite file (JMH, and item 1); PairedStoreRun sets a PostgreSQL database. */
        BenchDatabase target;
        /** Whether tearDown writes parts/engine-rows.json (the SQLite run does; the same rows on PostgreSQL). */
        boolean writeRows = true;
        JdbcRunStore store;
        RunService service;
        long commands;
        long eventsBefore;
        long outboxBefore;
        final Actor bob = new Actor("U0BENCH02", "bob");

        @Setup(Level.Trial)
        public void setUp() {
            ChecklistCatalog catalog = BenchFixture.catalog();
            if (target == null) {
                target = BenchDatabase.sqlite(BenchFixture.freshDatabase("engine"));
            }
            store = target.open();
            service = BenchFixture.service(store, catalog);
            BenchFixture.startRuns(service, runs);
            eventsBefore = count(target, "run_events");
            outboxBefore = count(target, "outbox");
        }

        @TearDown(Level.Trial)
        public void tearDown() throws Exception {
            store.close();
            if (!writeRows) {
                return;
            }
            long events = count(target, "run_events") - eventsBefore;
            long outbox = count(target, "outbox") - outboxBefore;
            Map<String, Object> rows = new LinkedHashMap<>();
            rows.put("commands", commands);
            rows.put("run_events_per_command", round2((double) events / commands));
            rows.put("outbox_rows_per_command", round2((double) outbox / commands));
            rows.put("seen_events_per_command", 1.0);
            rows.put("run_updates_per_command", 1.0);
            Path out = Path.of(System.getProperty("bench.out", "target/bench")).resolve("parts/engine-rows.json");
            Files.createDirectories(out.getParent());
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(out.toFile(), rows);
        }
    }

    /** The floor: plain JDBC, prepared statements, no reads, no JSON, the same connection settings. */
    @State(Scope.Benchmark)
    public static class FloorState {
        @Param("1000")
        public int runs;

        Connection connection;
        Statement control;
        PreparedStatement updateRun;
        PreparedStatement insertEvent;
        PreparedStatement insertOutbox;
        PreparedStatement insertSeen;
        long[] runIds;
        String[] channels;
        String[] states;
        long commands;

        @Setup(Level.Trial)
        public void setUp() throws SQLException {
            // The same starting data as the engine's: 1,000 runs started through the engine, then closed.
            Path file = BenchFixture.freshDatabase("floor");
            try (JdbcRunStore store = JdbcRunStore.open(file.toString())) {
                BenchFixture.startRuns(BenchFixture.service(store, BenchFixture.catalog()), runs);
            }
            connection = BenchAccess.productionConnection(file);
            control = connection.createStatement();
            runIds = new long[runs];
            channels = new String[runs];
            states = new String[runs];
            try (ResultSet rs = control.executeQuery("SELECT id, channel, state FROM runs ORDER BY id")) {
                for (int i = 0; rs.next(); i++) {
                    runIds[i] = rs.getLong(1);
                    channels[i] = rs.getString(2);
                    states[i] = rs.getString(3);
                }
            }
            updateRun = connection.prepareStatement("UPDATE runs SET state = ? WHERE id = ?");
            insertEvent = connection.prepareStatement("INSERT INTO run_events (run_id, at, actor_id, actor_name, type,"
                    + " step, text, other_id, other_name) VALUES (?, ?, ?, ?, ?, ?, NULL, NULL, NULL)");
            insertOutbox = connection.prepareStatement(
                    "INSERT INTO outbox (channel, kind, run_id, step, event, created_at) VALUES (?, ?, ?, ?, NULL, ?)");
            insertSeen = connection.prepareStatement("INSERT OR IGNORE INTO seen_events (event_id, seen_at) VALUES (?, ?)");
        }

        @TearDown(Level.Trial)
        public void tearDown() throws SQLException {
            Map<String, String> pragmas = new LinkedHashMap<>();
            for (String pragma : new String[] {"journal_mode", "synchronous", "busy_timeout", "foreign_keys"}) {
                try (ResultSet rs = control.executeQuery("PRAGMA " + pragma)) {
                    pragmas.put(pragma, rs.next() ? rs.getString(1) : "?");
                }
            }
            System.out.println("floor connection pragmas: " + pragmas);
            connection.close();
        }
    }

    @Benchmark
    public Outcome engine(EngineState s) {
        long n = s.commands++;
        int i = (int) (n % s.runs);
        long round = (n / s.runs) % 10;
        RunCommand command = round < 5 ? new RunCommand.Done(null, null) : new RunCommand.Undo(null);
        Outcome outcome = s.service.handle(new CommandContext(BenchFixture.channel(i), s.bob, CommandSource.REACTION,
                "Ev" + n), command);
        if (!outcome.accepted()) {
            throw new IllegalStateException("command " + n + " refused: " + outcome.reply());
        }
        return outcome;
    }

    @Benchmark
    public int floor(FloorState s) throws SQLException {
        return plain(s, 1, false);
    }

    /**
     * Not a floor but a diagnosis: the rows the engine writes per step command (1 run update, 1 audit event,
     * 4 outbox rows, 1 seen event id) in plain JDBC, to split the engine's cost into "more rows" and "Java".
     */
    @Benchmark
    public int plainEngineRows(FloorState s) throws SQLException {
        return plain(s, 4, true);
    }

    static int plain(FloorState s, int outboxRows, boolean eventId) throws SQLException {
        long n = s.commands++;
        int i = (int) (n % s.runs);
        String now = Instant.now().toString();
        s.control.execute("BEGIN IMMEDIATE");
        try {
            int rows = 0;
            if (eventId) {
                s.insertSeen.setString(1, "slack:Ev" + n + "X" + System.nanoTime());
                s.insertSeen.setString(2, now);
                rows += s.insertSeen.executeUpdate();
            }
            s.updateRun.setString(1, s.states[i]);
            s.updateRun.setLong(2, s.runIds[i]);
            rows += s.updateRun.executeUpdate();
            s.insertEvent.setLong(1, s.runIds[i]);
            s.insertEvent.setString(2, now);
            s.insertEvent.setString(3, "U0BENCH02");
            s.insertEvent.setString(4, "bob");
            s.insertEvent.setString(5, "STEP_DONE");
            s.insertEvent.setInt(6, 1 + (int) ((n / s.runs) % 5));
            rows += s.insertEvent.executeUpdate();
            for (int k = 0; k < outboxRows; k++) {
                s.insertOutbox.setString(1, s.channels[i]);
                s.insertOutbox.setString(2, k == 0 ? "STEP_UPDATE" : k == 1 ? "STEP_NOTICE" : k == 2 ? "STEP_POST" : "HEADER_UPDATE");
                s.insertOutbox.setLong(3, s.runIds[i]);
                s.insertOutbox.setInt(4, 1 + (int) ((n / s.runs) % 5));
                s.insertOutbox.setString(5, now);
                rows += s.insertOutbox.executeUpdate();
            }
            s.control.execute("COMMIT");
            return rows;
        } catch (SQLException | RuntimeException e) {
            s.control.execute("ROLLBACK");
            throw e;
        }
    }

    static long count(BenchDatabase database, String table) {
        try (Connection c = database.connection();
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
