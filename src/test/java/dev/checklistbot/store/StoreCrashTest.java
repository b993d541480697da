package dev.checklistbot.store;

import dev.checklistbot.run.Run;
import dev.checklistbot.run.RunEvent;
import dev.checklistbot.run.RunStatus;
import dev.checklistbot.run.StepStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A process killed (kill -9) in the middle of its writes loses no command it reported committed. */
class StoreCrashTest {
    private static final int KILL_AFTER = 300;

    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void every_commit_reported_before_a_kill_is_in_the_database_and_the_database_is_consistent() throws Exception {
        Path db = dir.resolve("crash.db");
        Path childLog = dir.resolve("child.err");
        long started = System.nanoTime();
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), StoreCrashChild.class.getName(), db.toString())
                .redirectError(childLog.toFile())
                .start();
        LinkedBlockingQueue<Long> commits = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.startsWith("committed ")) {
                        commits.add(Long.parseLong(line.substring("committed ".length())));
                    }
                }
            } catch (java.io.IOException ignored) {
                // the child was killed
            }
        }, "crash-child-stdout");
        reader.setDaemon(true);
        reader.start();

        long reported = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try {
            while (reported < KILL_AFTER) {
                long left = deadline - System.nanoTime();
                Long next = left > 0 ? commits.poll(left, TimeUnit.NANOSECONDS) : null;
                if (next == null) {
                    throw new AssertionError("the child reported only " + reported + " commits in time; alive="
                            + child.isAlive() + ", stderr: " + java.nio.file.Files.readString(childLog));
                }
                reported = Math.max(reported, next);
            }
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
        for (Long late = commits.poll(); late != null; late = commits.poll()) {
            reported = Math.max(reported, late); // lines already read before the kill
        }
        System.out.printf("crash test: child killed after %d reported commits, %.2f s after its start%n", reported,
                (System.nanoTime() - started) / 1e9);

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("ok");
            }
        }
        try (JdbcRunStore store = new JdbcRunStore(Database.open(db.toString()), Clock.systemUTC())) {
            Set<String> seen = new HashSet<>();
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT event_id FROM seen_events")) {
                while (rs.next()) {
                    seen.add(rs.getString(1));
                }
            }
            for (long n = 1; n <= reported; n++) {
                assertThat(seen).as("command %d was reported committed", n).contains("cmd-" + n);
            }
            List<Run> runs = store.read(r -> r.runs(false, 100_000)); // every state parses
            assertThat(runs.stream().filter(Run::active)).hasSizeLessThanOrEqualTo(1);
            long commandEvents = 0;
            for (Run run : runs) {
                List<RunEvent> events = store.read(r -> r.events(run.id()));
                commandEvents += events.stream().filter(e -> e.type() != RunEvent.Type.RUN_COMPLETED).count();
                for (var step : run.steps()) {
                    long done = events.stream().filter(e -> e.step() == step.number()
                            && e.type() == RunEvent.Type.STEP_DONE).count();
                    assertThat(done).isEqualTo(step.status() == StepStatus.DONE ? 1 : 0);
                }
                boolean completedEvent = events.stream().anyMatch(e -> e.type() == RunEvent.Type.RUN_COMPLETED);
                assertThat(completedEvent).isEqualTo(run.status() == RunStatus.COMPLETED);
            }
            // one event per committed command, each command's event id recorded with it: nothing half-saved
            assertThat(commandEvents).isEqualTo(seen.size()).isGreaterThanOrEqualTo(reported);
        }
    }
}
