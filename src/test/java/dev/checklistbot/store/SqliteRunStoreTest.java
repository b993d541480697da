package dev.checklistbot.store;

import dev.checklistbot.run.RunCommand;
import dev.checklistbot.run.CommandContext;
import dev.checklistbot.run.Actor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import dev.checklistbot.run.RunEvent;
import dev.checklistbot.run.RunService;
import dev.checklistbot.run.RunStatus;
import org.junit.jupiter.api.Timeout;

import static dev.checklistbot.store.Fixtures.BACKUP;
import static dev.checklistbot.store.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The contract on real SQLite files, plus what is particular to SQLite. */
class SqliteRunStoreTest extends RunStoreContractTest {
    @TempDir
    Path dir;

    @Override
    protected JdbcRunStore openStore() {
        return new JdbcRunStore(openDatabase(), clock);
    }

    @Override
    protected Database openDatabase() {
        return Database.open(dir.resolve("bot.db").toString());
    }

    private String query(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("bot.db"));
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** The highest V{n} among the SQLite migrations. */
    private static final int LATEST_MIGRATION = latestMigration();

    private static int latestMigration() {
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(
                java.nio.file.Path.of("src/main/resources/db/migration/sqlite"))) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.matches("V\\d+__.*\\.sql"))
                    .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__")))).max().orElseThrow();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void the_database_is_in_wal_mode_migrated_and_intact() throws SQLException {
        store.write(tx -> tx.insertRun(Fixtures.newRun(BACKUP, "C1", T0)));
        assertThat(query("PRAGMA journal_mode")).isEqualTo("wal");
        assertThat(query("PRAGMA integrity_check")).isEqualTo("ok");
        assertThat(query("SELECT max(version) FROM flyway_schema_history WHERE success = 1"))
                .isEqualTo(String.valueOf(LATEST_MIGRATION));
        assertThat(query("SELECT started_at FROM runs")).isEqualTo("2026-03-01T10:15:30.123456789Z");
    }

    /**
     * Issue 16, SQLite's side: the statements of a delivery find outbox rows through an index or the key, never by
     * reading the outbox; the coalescing of updates searches the index of waiting updates (migration V8), not the channel's
     * backlog. Read from SQLite's own plans (EXPLAIN QUERY PLAN).
     */
    @Test
    void the_delivery_statements_search_the_outbox_and_never_scan_it() throws SQLException {
        store.write(tx -> tx.insertRun(Fixtures.newRun(BACKUP, "C1", T0)));
        Dialect sqlite = new SqliteDialect(false);
        java.util.Map<String, String> statements = new java.util.LinkedHashMap<>();
        statements.put("claim", ChannelLeases.claimable(sqlite, ""));
        statements.put("any claimable", ChannelLeases.anyClaimable(sqlite, ""));
        statements.put("next claim", ChannelLeases.nextClaimable(sqlite, ""));
        statements.put("due heads", JdbcOutbox.dueHeads(sqlite));
        statements.put("next due", JdbcOutbox.nextDue(sqlite));
        statements.put("a channel's next head", JdbcOutbox.DUE_HEAD);
        statements.put("delivered", JdbcOutbox.DELIVERED);
        statements.put("delivered, coalescing", JdbcOutbox.MARK_DELIVERED);
        statements.put("coalesce the updates", JdbcOutbox.COALESCE_UPDATES);
        // A step on the outbox without an index or the key ("SCAN o", or "SEARCH o" driven by a bloom filter) reads it.
        statements.forEach((name, sql) -> assertThat(plan(sql)).as(name)
                .filteredOn(step -> step.matches("(SCAN|SEARCH) (outbox|o)( .*)?"))
                .isNotEmpty()
                .allMatch(step -> step.matches("SEARCH (outbox|o) USING (INTEGER PRIMARY KEY|INDEX|COVERING INDEX) .*")));
        assertThat(plan(JdbcOutbox.COALESCE_UPDATES)).as("coalesce the updates")
                .anyMatch(step -> step.startsWith("SEARCH outbox USING INDEX outbox_waiting_updates (run_id=? AND step=?"
                        + " AND kind=? AND id<?)"));
    }

    /** The steps of SQLite's plan for {@code sql} (its parameters unbound). */
    private List<String> plan(String sql) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("bot.db"));
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("EXPLAIN QUERY PLAN " + sql)) {
            List<String> steps = new java.util.ArrayList<>();
            while (rs.next()) {
                steps.add(rs.getString("detail"));
            }
            return steps;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void reopening_does_not_migrate_again() throws SQLException {
        String migrated = query("SELECT count(*) FROM flyway_schema_history");
        restart();
        restart();
        assertThat(query("SELECT count(*) FROM flyway_schema_history")).isEqualTo(migrated);
    }

    @Test
    void a_jdbc_sqlite_url_and_a_path_in_a_new_folder_both_open() {
        Path nested = dir.resolve("a/b/other.db");
        try (JdbcRunStore viaPath = JdbcRunStore.open(nested.toString())) {
            viaPath.write(tx -> tx.recordEventId("e"));
        }
        try (JdbcRunStore viaUrl = JdbcRunStore.open("jdbc:sqlite:" + nested)) {
            boolean first = viaUrl.write(tx -> tx.recordEventId("e"));
            assertThat(first).isFalse();
        }
    }

    @Test
    void an_in_memory_database_works_on_its_one_connection() {
        try (JdbcRunStore memory = JdbcRunStore.open("jdbc:sqlite::memory:")) {
            var service = Fixtures.service(memory, clock, BACKUP);
            var outcome = service.handle(CommandContext.of("C1", Actor.of("U1")), new RunCommand.Start("backup", null));
            assertThat(outcome.accepted()).isTrue();
            java.util.Optional<dev.checklistbot.run.Run> active = memory.read(r -> r.activeRun("C1"));
            assertThat(active).contains(outcome.run());
            assertThat(memory.undeliveredCount()).isEqualTo(2);
        }
    }

    @Test
    void a_url_of_another_database_is_refused_clearly_without_repeating_its_credentials() {
        assertThatThrownBy(() -> Database.open("jdbc:mysql://db:3306/bot?user=bot&password=hunter2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CHECKLIST_BOT_DB")
                .hasMessageContaining("jdbc:mysql")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void a_database_that_cannot_be_opened_says_which_file() {
        Path notADatabase = dir.resolve("text.db");
        assertThatThrownBy(() -> {
            java.nio.file.Files.writeString(notADatabase, "this is not a database, just some text ".repeat(50));
            Database.open(notADatabase.toString());
        }).isInstanceOf(StoreException.class).hasMessageContaining(notADatabase.toString());
    }

    @Test
    @Timeout(120)
    void two_stores_on_one_file_like_two_processes_write_concurrently_without_busy_errors() throws Exception {
        try (JdbcRunStore second = openStore()) {
            RunService one = Fixtures.service(store, Clock.systemUTC(), Fixtures.wide(60));
            RunService two = Fixtures.service(second, Clock.systemUTC(), Fixtures.wide(60));
            long id = one.handle(CommandContext.of("C1", Actor.of("U0")), new RunCommand.Start("wide", null)).run().id();
            AtomicInteger accepted = new AtomicInteger();
            long started = System.nanoTime();
            runConcurrently(8, t -> {
                RunService service = t % 2 == 0 ? one : two;
                for (int step = 1; step <= 60; step++) {
                    if (service.handle(CommandContext.of("C1", Actor.of("P" + t)), new RunCommand.Done(step, null)).accepted()) {
                        accepted.incrementAndGet();
                    }
                }
            });
            System.out.printf("two stores: 480 commands in %.2f s%n", (System.nanoTime() - started) / 1e9);
            List<RunEvent> events = second.read(r -> r.events(id));
            assertThat(events.stream().filter(e -> e.type() == RunEvent.Type.STEP_DONE)).hasSize(60);
            assertThat(events.stream().filter(e -> e.type() == RunEvent.Type.STEP_CONFIRMED)).hasSize(accepted.get() - 60);
            assertThat(second.read(r -> r.run(id)).orElseThrow().status()).isEqualTo(RunStatus.COMPLETED);
        }
    }

    @Test
    void finding_due_outbox_heads_uses_the_undelivered_index() throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("bot.db"));
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("EXPLAIN QUERY PLAN SELECT MIN(id)"
                     + " FROM outbox WHERE delivered_at IS NULL AND abandoned_at IS NULL GROUP BY channel")) {
            while (rs.next()) {
                plan.append(rs.getString("detail")).append('\n');
            }
        }
        assertThat(plan.toString()).contains("USING INDEX outbox_undelivered").doesNotContain("TEMP B-TREE");
    }

    @Test
    void a_health_check_sees_whether_the_database_answers() {
        assertThat(store.reachable()).isTrue();
        store.close();
        assertThat(store.reachable()).isFalse();
        store = null;
    }

    @Test
    void event_ids_older_than_a_week_are_forgotten() throws SQLException {
        store.write(tx -> tx.recordEventId("old"));
        clock.advance(JdbcRunStore.SEEN_EVENTS_KEPT.plus(Duration.ofHours(2)));
        store.write(tx -> tx.recordEventId("new"));
        assertThat(query("SELECT group_concat(event_id) FROM seen_events")).isEqualTo("new");
    }

    private static int synchronous(dev.checklistbot.run.RunStore.Transaction tx) {
        return ((JdbcTransaction) tx).synchronous();
    }

    @Test
    void delivery_records_commit_without_a_disk_sync_and_commands_always_with_one() {
        long run = store.write(tx -> tx.insertRun(Fixtures.newRun(BACKUP, "C1", T0)));
        store.write(tx -> {
            tx.enqueue(new dev.checklistbot.run.OutboxMessage("C1", dev.checklistbot.run.MessageKind.HEADER_POST, run, 0, null));
            return null;
        });
        long id = store.lastId();
        assertThat(store.write(SqliteRunStoreTest::synchronous)).as("a command: FULL").isEqualTo(2);
        assertThat(store.write(SqliteRunStoreTest::synchronous, false)).as("bookkeeping: NORMAL").isEqualTo(1);

        store.recordDelivery(id, new PostedMessage("C1", "1.000001", run, 0), false, id, T0);

        assertThat(store.write(SqliteRunStoreTest::synchronous)).as("the next command: FULL again").isEqualTo(2);
        assertThat(store.undeliveredCount()).isZero();
        assertThat(store.find(run, 0)).contains(new PostedMessage("C1", "1.000001", run, 0));
        restart();
        assertThat(store.undeliveredCount()).as("recorded, and still there after a restart").isZero();
    }
}
