package dev.checklistbot.store;

import dev.checklistbot.run.Run;
import dev.checklistbot.run.StoreUnavailableException;
import dev.checklistbot.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static dev.checklistbot.store.Fixtures.BACKUP;
import static dev.checklistbot.store.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A database that cannot be written for a while (read-only, full, locked by another process): the store says so at
 * once with {@link StoreUnavailableException}, changes nothing, tells the health check, and works again by itself
 * as soon as the database can be written, without a restart.
 */
class StoreFaultsTest {
    @TempDir
    Path dir;
    final MutableClock clock = new MutableClock(T0);
    final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeEverything() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private JdbcRunStore open(Path file, Duration writeDeadline) {
        JdbcRunStore store = new JdbcRunStore(Database.open(file.toString()), clock, writeDeadline);
        toClose.add(store);
        return store;
    }

    private static long saveRun(JdbcRunStore store, String channel) {
        return store.write(tx -> tx.insertRun(Fixtures.newRun(BACKUP, channel, T0)));
    }

    /** A run big enough (200 steps of JSON) to need new pages of the database. */
    private static long saveBigRun(JdbcRunStore store, String channel) {
        return store.write(tx -> tx.insertRun(Fixtures.newRun(Fixtures.wide(200), channel, T0)));
    }

    private static Optional<Run> run(JdbcRunStore store, long id) {
        return store.read(r -> r.run(id));
    }

    private static List<Run> runs(JdbcRunStore store, int limit) {
        return store.read(r -> r.runs(false, limit));
    }

    private static boolean record(JdbcRunStore store, String eventId) {
        return store.write(tx -> tx.recordEventId(eventId));
    }

    private static void awaitTrue(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            // a short pause between two looks (the deadline, not this pause, bounds the wait)
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    // ---- read-only ----

    @Test
    void a_read_only_database_refuses_writes_as_unavailable_and_the_very_next_write_after_it_succeeds() {
        JdbcRunStore store = open(dir.resolve("bot.db"), Duration.ofSeconds(2));
        long first = saveRun(store, "C1");
        assertThat(store.reachable()).isTrue();

        StoreFaults.readOnly(store, true);
        for (int attempt = 1; attempt <= 3; attempt++) {
            assertThatThrownBy(() -> saveRun(store, "C2")).as("attempt %d", attempt)
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("read-only").hasMessageContaining("nothing was changed");
        }
        awaitTrue("the health check sees that the database cannot be written", () -> !store.reachable());
        assertThat(run(store, first)).as("reads still work").isPresent();

        StoreFaults.readOnly(store, false);
        long second = saveRun(store, "C2");
        assertThat(run(store, second)).isPresent();
        assertThat(runs(store, 10)).hasSize(2);
        awaitTrue("the health check sees the database writable again", store::reachable);
    }

    @Test
    void a_database_that_turns_read_only_in_the_middle_of_a_command_is_written_again_once_writable() {
        JdbcRunStore store = open(dir.resolve("bot.db"), Duration.ofSeconds(2));
        saveRun(store, "C1");

        // SQLite refuses the insert itself (not the BEGIN): sqlite-jdbc then closes that prepared statement for good
        assertThatThrownBy(() -> store.write(tx -> {
            StoreFaults.readOnly(store, true);
            return tx.insertRun(Fixtures.newRun(BACKUP, "C2", T0));
        })).isInstanceOf(StoreUnavailableException.class).hasMessageContaining("read-only");
        StoreFaults.readOnly(store, false);

        long second = saveRun(store, "C2");
        assertThat(run(store, second)).isPresent();
        assertThat(runs(store, 10)).hasSize(2);
    }

    // ---- full: SQLite's own limit, no root needed ----

    @Test
    void a_full_database_refuses_writes_as_unavailable_and_writes_again_once_there_is_room() {
        JdbcRunStore store = open(dir.resolve("bot.db"), Duration.ofSeconds(2));
        saveRun(store, "C1");

        StoreFaults.full(store, true);
        for (int attempt = 1; attempt <= 3; attempt++) {
            assertThatThrownBy(() -> saveBigRun(store, "C2")).as("attempt %d", attempt)
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("full").hasMessageContaining("nothing was changed");
        }
        assertThat(runs(store, 10)).as("nothing of the refused writes").hasSize(1);

        StoreFaults.full(store, false);
        long big = saveBigRun(store, "C2");
        assertThat(run(store, big).map(Run::size)).contains(200);
        awaitTrue("the health check sees a writable database", store::reachable);
    }

    @Test
    void a_command_that_fails_for_room_leaves_the_others_of_its_group_and_the_next_commands_alone() throws Exception {
        JdbcRunStore store = open(dir.resolve("bot.db"), Duration.ofSeconds(2));
        saveRun(store, "C1");
        StoreFaults.full(store, true);
        assertThatThrownBy(() -> saveBigRun(store, "C2")).isInstanceOf(StoreUnavailableException.class);
        StoreFaults.full(store, false);

        // many small and big writes at once: group commits with savepoints, after a failure on the same connection
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Long>> saved = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                String channel = "D" + i;
                boolean big = i % 2 == 0;
                saved.add(pool.submit(() -> big ? saveBigRun(store, channel) : saveRun(store, channel)));
            }
            for (Future<Long> f : saved) {
                assertThat(f.get(30, TimeUnit.SECONDS)).isPositive();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(runs(store, 100)).hasSize(13);
    }

    // ---- full: a real full disk (a small tmpfs, filled up), when this machine lets the test mount one ----

    @Test
    @Timeout(60)
    void on_a_really_full_disk_writes_fail_as_unavailable_health_says_so_and_both_recover_once_space_is_freed()
            throws Exception {
        Path mount = dir.resolve("tmpfs");
        Files.createDirectories(mount);
        Assumptions.assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", mount.toString()),
                "mounting a tmpfs is not permitted here (needs root)");
        toClose.add(() -> run("umount", "-l", mount.toString()));
        JdbcRunStore store = open(mount.resolve("bot.db"), Duration.ofSeconds(2));
        saveRun(store, "C1");
        assertThat(store.reachable()).isTrue();

        Path filler = mount.resolve("filler");
        fill(filler);
        for (int attempt = 1; attempt <= 3; attempt++) {
            assertThatThrownBy(() -> saveBigRun(store, "C2")).as("attempt %d", attempt)
                    .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("nothing was changed");
        }
        awaitTrue("the health check sees that the database cannot be written", () -> !store.reachable());
        assertThat(runs(store, 10)).hasSize(1);

        Files.delete(filler);
        long big = saveBigRun(store, "C2");
        assertThat(run(store, big)).isPresent();
        awaitTrue("the health check sees the database writable again", store::reachable);
    }

    private static void fill(Path filler) throws IOException {
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
                out.flush();
            }
        } catch (IOException e) {
            if (e.getMessage() == null || !e.getMessage().contains("No space left")) {
                throw e;
            }
        }
    }

    private static boolean run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    // ---- locked by another process ----

    /** Another process's transaction: holds SQLite's write lock until released. */
    private static Connection holdWriteLock(Path file) throws SQLException {
        Connection other = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (Statement s = other.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            s.execute("INSERT INTO seen_events (event_id, seen_at) VALUES ('other-process', '2026-03-01T00:00:00Z')");
        }
        return other;
    }

    private static void release(Connection other) throws SQLException {
        try (Statement s = other.createStatement()) {
            s.execute("COMMIT");
        }
        other.close();
    }

    private static List<String> seenEvents(Path file) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT event_id FROM seen_events ORDER BY event_id")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    @Test
    @Timeout(60)
    void a_write_that_cannot_start_within_its_deadline_fails_at_once_as_busy_and_changes_nothing() throws Exception {
        Path file = dir.resolve("bot.db");
        JdbcRunStore store = open(file, Duration.ofSeconds(2));
        long run = saveRun(store, "C1");
        Connection other = holdWriteLock(file);
        try {
            long started = System.nanoTime();
            assertThatThrownBy(() -> store.write(tx -> tx.recordEventId("mine")))
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("busy").hasMessageContaining("nothing was changed");
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertThat(tookMillis).as("gave up near its 2 s deadline, not after SQLite's 5 s busy timeout")
                    .isLessThan(4_000);
            assertThat(run(store, run)).as("reads do not wait for the writer").isPresent();
        } finally {
            release(other);
        }
        assertThat(record(store, "mine")).as("the same write, once the lock is free").isTrue();
        assertThat(seenEvents(file)).containsExactly("mine", "other-process");
    }

    @Test
    @Timeout(60)
    void a_write_whose_caller_gave_up_is_never_applied_later_by_anyone() throws Exception {
        Path file = dir.resolve("bot.db");
        JdbcRunStore store = open(file, Duration.ofMillis(300));
        saveRun(store, "C1");
        Connection other = holdWriteLock(file);
        int writers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Throwable> failures = new ArrayList<>();
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> attempts = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                String id = "gave-up-" + i;
                Callable<Boolean> write = () -> {
                    go.await();
                    return store.write(tx -> tx.recordEventId(id));
                };
                attempts.add(pool.submit(write));
            }
            go.countDown();
            for (Future<Boolean> attempt : attempts) {
                try {
                    attempt.get(30, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    failures.add(e.getCause());
                }
            }
        } finally {
            release(other);
            pool.shutdownNow();
        }
        assertThat(failures).hasSize(writers).allMatch(f -> f instanceof StoreUnavailableException);

        // whoever writes next (and leads the next group commit) must not run the abandoned works
        assertThat(record(store, "after")).isTrue();
        store.write(tx -> tx.recordEventId("after-2"));
        assertThat(seenEvents(file)).containsExactly("after", "after-2", "other-process");
    }

    @Test
    @Timeout(60)
    void a_write_stuck_behind_a_slow_write_of_this_process_gives_up_and_is_never_applied_later() throws Exception {
        Path file = dir.resolve("bot.db");
        JdbcRunStore store = open(file, Duration.ofMillis(300));
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Boolean> slow = pool.submit(() -> store.write(tx -> {
                inside.countDown();
                try {
                    assertThat(finish.await(30, TimeUnit.SECONDS)).isTrue();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                return tx.recordEventId("slow");
            }));
            assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();

            assertThatThrownBy(() -> record(store, "stuck")).isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("busy").hasMessageContaining("nothing was changed");
            finish.countDown();
            assertThat(slow.get(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            finish.countDown();
            pool.shutdownNow();
        }
        assertThat(record(store, "after")).isTrue();
        assertThat(seenEvents(file)).containsExactly("after", "slow");
    }

    @Test
    @Timeout(60)
    void a_store_locked_out_for_a_while_is_not_healthy_and_is_again_once_free() throws Exception {
        Path file = dir.resolve("bot.db");
        JdbcRunStore store = open(file, Duration.ofMillis(300));
        saveRun(store, "C1");
        Connection other = holdWriteLock(file);
        try {
            awaitTrue("the health check sees that the database cannot be written", () -> !store.reachable());
        } finally {
            release(other);
        }
        awaitTrue("the health check sees the database writable again", store::reachable);
    }

    @Test
    void the_health_check_is_a_real_write_cached_for_a_while_so_a_flood_of_checks_is_not_a_flood_of_writes() {
        Path file = dir.resolve("bot.db");
        JdbcRunStore store = open(file, Duration.ofSeconds(2));
        assertThat(healthCheckedAt(file)).as("no check yet").isNull();
        store.healthCachedFor(Duration.ofHours(1)); // test hook: the default is about a second
        assertThat(store.reachable()).isTrue();
        String first = healthCheckedAt(file);
        assertThat(first).as("the check wrote its row").isEqualTo(Times.text(T0));
        clock.advance(Duration.ofMinutes(1));
        for (int i = 0; i < 200; i++) {
            assertThat(store.reachable()).isTrue();
        }
        assertThat(healthCheckedAt(file)).as("the 200 answers came from the cached check").isEqualTo(first);

        store.healthCachedFor(Duration.ZERO);
        assertThat(store.reachable()).isTrue();
        assertThat(healthCheckedAt(file)).as("an expired answer is checked again").isNotEqualTo(first);
    }

    @Test
    void the_health_check_of_a_closed_store_says_no_and_does_not_throw() {
        JdbcRunStore store = open(dir.resolve("bot.db"), Duration.ofSeconds(2));
        assertThat(store.reachable()).isTrue();
        store.close();
        assertThat(store.reachable()).isFalse();
    }

    private static String healthCheckedAt(Path file) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT checked_at FROM health")) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }
}
