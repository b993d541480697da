package dev.checklistbot.store;

import dev.checklistbot.run.Run;
import dev.checklistbot.run.StoreUnavailableException;
import dev.checklistbot.testing.MutableClock;
import dev.checklistbot.testing.Postgres;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static dev.checklistbot.store.Fixtures.BACKUP;
import static dev.checklistbot.store.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * PostgreSQL that cannot take a write for a while: its server stopped (then started again), another process holding
 * the lock a command needs, credentials or a URL that do not work at start-up. The store says so with
 * {@link StoreUnavailableException} (or, at start-up, one line naming the setting), changes nothing, tells the health
 * check, and works again by itself once the server is back.
 */
class PostgresStoreFaultsTest {
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

    private JdbcRunStore open(String url, Duration writeDeadline) {
        JdbcRunStore store = new JdbcRunStore(Database.open(url, Postgres.credentials()), clock, writeDeadline);
        toClose.add(store);
        return store;
    }

    private static long saveRun(JdbcRunStore store, String channel) {
        return store.write(tx -> tx.insertRun(Fixtures.newRun(BACKUP, channel, T0)));
    }

    private static void awaitTrue(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // a pause between two looks; the deadline bounds it
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    @Timeout(120)
    void a_stopped_server_fails_writes_as_unavailable_and_health_says_so_then_both_recover_with_nothing_lost()
            throws Exception {
        Path data = dir.resolve("pgdata");
        int port = freePort();
        EmbeddedPostgres server = Postgres.start(data, port);
        Postgres.createDatabase(server, "faults");
        String url = Postgres.url(port, "faults");
        JdbcRunStore store = open(url, Duration.ofSeconds(2));
        store.healthCachedFor(Duration.ZERO);
        long first = saveRun(store, "C1");
        assertThat(store.reachable()).isTrue();

        server.close();
        try {
            for (int attempt = 1; attempt <= 3; attempt++) {
                assertThatThrownBy(() -> store.write(tx -> tx.recordEventId("while-down"))).as("attempt %d", attempt)
                        .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("nothing was changed");
            }
            assertThat(store.reachable()).as("health while the server is down").isFalse();
        } finally {
            server = Postgres.start(data, port);
            toClose.add(server);
        }

        awaitTrue("the health check sees the server again", store::reachable);
        long second = saveRun(store, "C2");
        Optional<Run> before = store.read(r -> r.run(first));
        Optional<Run> after = store.read(r -> r.run(second));
        boolean recorded = store.write(tx -> tx.recordEventId("while-down"));
        assertThat(before).as("written before the stop").isPresent();
        assertThat(after).isPresent();
        assertThat(recorded).as("the refused write was never applied").isTrue();
    }

    @Test
    @Timeout(60)
    void a_command_waiting_for_another_process_past_its_deadline_fails_as_busy_and_changes_nothing() throws Exception {
        String url = Postgres.freshDatabase("locks");
        JdbcRunStore store = open(url, Duration.ofMillis(500));
        long run = saveRun(store, "C1");
        // Another process's command on the same run, still under way: it holds the run's row lock.
        try (Connection other = DriverManager.getConnection(url, Postgres.USER, Postgres.PASSWORD);
             Statement s = other.createStatement()) {
            other.setAutoCommit(false);
            s.execute("SELECT id FROM runs WHERE id = " + run + " FOR UPDATE");

            assertThatThrownBy(() -> store.write(tx -> {
                tx.recordEventId("mine");
                return tx.run(run);
            })).isInstanceOf(StoreUnavailableException.class).hasMessageContaining("busy")
                    .hasMessageContaining("nothing was changed");
            Optional<Run> read = store.read(r -> r.run(run));
            assertThat(read).as("reads do not wait").isPresent();
            other.commit();
        }
        Optional<Run> read = store.write(tx -> {
            assertThat(tx.recordEventId("mine")).as("not recorded by the refused write").isTrue();
            return tx.run(run);
        });
        assertThat(read).isPresent();
    }

    // ---- start-up: one line naming the setting, never the password or the URL as typed ----

    @Test
    void refused_credentials_name_the_credentials_settings_and_not_the_password() {
        String url = Postgres.freshDatabase("credentials");
        assertThatThrownBy(() -> Database.open(url, new Credentials(Postgres.USER, "wrong-password-123")))
                .isInstanceOfSatisfying(DatabaseSettingException.class, e ->
                        assertThat(e.setting()).isEqualTo("CHECKLIST_BOT_DB_USER/CHECKLIST_BOT_DB_PASSWORD"))
                .hasMessageStartingWith("CHECKLIST_BOT_DB_USER/CHECKLIST_BOT_DB_PASSWORD: ")
                .hasMessageNotContaining("wrong-password-123").hasMessageNotContaining("\n");
    }

    @Test
    void an_unreachable_server_names_the_url_setting_without_repeating_the_url_or_its_password() throws Exception {
        int closed = freePort();
        String url = "jdbc:postgresql://127.0.0.1:" + closed + "/bot?password=hunter2-in-url";
        assertThatThrownBy(() -> Database.open(url, new Credentials("bot", "hunter3-in-env")))
                .isInstanceOfSatisfying(DatabaseSettingException.class, e ->
                        assertThat(e.setting()).isEqualTo("CHECKLIST_BOT_DB"))
                .hasMessageStartingWith("CHECKLIST_BOT_DB: cannot reach the PostgreSQL server postgresql://127.0.0.1:"
                        + closed + "/bot")
                .hasMessageNotContaining("hunter2").hasMessageNotContaining("hunter3").hasMessageNotContaining("\n");
    }

    @Test
    void a_malformed_url_or_a_database_that_does_not_exist_names_the_url_setting() {
        assertThatThrownBy(() -> Database.open("jdbc:postgresql://127.0.0.1:notaport/bot?password=x1y2", Credentials.NONE))
                .isInstanceOf(DatabaseSettingException.class)
                .hasMessageStartingWith("CHECKLIST_BOT_DB: not a valid PostgreSQL URL").hasMessageNotContaining("x1y2");
        String exists = Postgres.freshDatabase("exists");
        String missing = exists.substring(0, exists.lastIndexOf('/') + 1) + "no_such_database";
        assertThatThrownBy(() -> Database.open(missing, Postgres.credentials()))
                .isInstanceOf(DatabaseSettingException.class)
                .hasMessageStartingWith("CHECKLIST_BOT_DB: there is no database");
    }

    static void execAsSuperuser(EmbeddedPostgres server, String sql) throws SQLException {
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
