package dev.checklistbot.store;

import dev.checklistbot.chat.ChatClient;
import dev.checklistbot.chat.OutboxDispatcher;
import dev.checklistbot.render.ChatMessage;
import dev.checklistbot.render.RunHeader;
import dev.checklistbot.render.StepCard;
import dev.checklistbot.run.Actor;
import dev.checklistbot.run.CommandContext;
import dev.checklistbot.run.CommandSource;
import dev.checklistbot.run.Outcome;
import dev.checklistbot.run.Run;
import dev.checklistbot.run.RunCommand;
import dev.checklistbot.run.RunEvent;
import dev.checklistbot.run.RunService;
import dev.checklistbot.run.StepStatus;
import dev.checklistbot.testing.MutableClock;
import dev.checklistbot.audit.AuditChain;
import dev.checklistbot.audit.ChainVerifier;
import dev.checklistbot.audit.Verification;
import dev.checklistbot.testing.Postgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static dev.checklistbot.store.Fixtures.BACKUP;
import static dev.checklistbot.store.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** copy-db's copy: a SQLite database with a run in progress moves to PostgreSQL and carries on there. */
class DatabaseCopyTest {
    @TempDir
    Path dir;
    final MutableClock clock = new MutableClock(T0);

    /** Records what is sent; message ids m1, m2, ... */
    static final class Recording implements ChatClient {
        final List<String> calls = Collections.synchronizedList(new ArrayList<>());
        private final String prefix;

        Recording(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public String post(String channel, String threadId, ChatMessage message) {
            String id = prefix + (calls.size() + 1);
            calls.add("post " + channel + (threadId == null ? "" : " in " + threadId) + " " + describe(message) + " -> " + id);
            return id;
        }

        @Override
        public void update(String channel, String messageId, ChatMessage message) {
            calls.add("update " + channel + " " + messageId + " " + describe(message));
        }

        @Override
        public void ephemeral(String channel, String userId, ChatMessage message) {
            calls.add("ephemeral " + userId);
        }

        private static String describe(ChatMessage message) {
            if (message instanceof RunHeader header) {
                return "header " + header.progress();
            }
            if (message instanceof StepCard card) {
                return "step " + card.step().number() + " " + card.step().status().label();
            }
            return message.getClass().getSimpleName();
        }
    }

    private static CommandContext as(String channel, String user, String eventId) {
        return new CommandContext(channel, new Actor(user, user.toLowerCase()), CommandSource.REACTION, eventId);
    }

    @Test
    void a_run_in_progress_copied_from_sqlite_to_postgresql_carries_on_there_with_its_pending_messages() {
        Path file = dir.resolve("bot.db");
        Run before;
        List<RunEvent> eventsBefore;
        String headBefore;
        long lastOutboxId;
        Recording sqliteChat = new Recording("s");
        try (JdbcRunStore sqlite = new JdbcRunStore(Database.open(file.toString()), clock)) {
            RunService service = Fixtures.service(sqlite, clock, BACKUP);
            long id = service.handle(as("C1", "U1", null), new RunCommand.Start("backup", null)).run().id();
            new OutboxDispatcher(sqlite, sqlite, sqlite, sqliteChat, clock, 1).deliverDueNow(100); // header, step 1
            assertThat(service.handle(as("C1", "U2", "Ev-1"), new RunCommand.Done(1, "stopped")).accepted()).isTrue();
            sqlite.write(tx -> tx.recordEventId("Ev-other"));
            before = sqlite.read(r -> r.run(id)).orElseThrow();
            eventsBefore = sqlite.read(r -> r.events(id));
            headBefore = sqlite.trail(id).orElseThrow().recordedHead();
            lastOutboxId = sqlite.lastId();
            assertThat(sqlite.undeliveredCount()).as("the done's messages wait").isPositive();
        }
        assertThat(sqliteChat.calls).containsExactly("post C1 header 0/3 done -> s1", "post C1 step 1 pending -> s2");

        String url = Postgres.freshDatabase("copy");
        DatabaseCopy.Counts counts;
        try (Database from = Database.open(file.toString()); Database to = Database.open(url, Postgres.credentials())) {
            counts = DatabaseCopy.copy(from, to);
        }
        assertThat(counts.runs()).isEqualTo(1);
        assertThat(counts.events()).isEqualTo(eventsBefore.size());
        assertThat(counts.outbox()).isEqualTo(lastOutboxId);
        assertThat(counts.pending()).isEqualTo(counts.outbox() - 2);
        assertThat(counts.posted()).isEqualTo(2);
        assertThat(counts.seenEvents()).isEqualTo(2);

        Recording postgresChat = new Recording("p");
        try (JdbcRunStore postgres = new JdbcRunStore(Database.open(url, Postgres.credentials()), clock)) {
            java.util.Optional<Run> active = postgres.read(r -> r.activeRun("C1"));
            List<RunEvent> events = postgres.read(r -> r.events(before.id()));
            assertThat(active).contains(before);
            assertThat(events).isEqualTo(eventsBefore);
            ChainVerifier verifier = new ChainVerifier(AuditChain.unkeyed(), false);
            Verification copied = verifier.verify(postgres.trail(before.id()).orElseThrow());
            assertThat(copied.ok()).as(copied.describe()).isTrue();
            assertThat(copied.head()).as("the chain verifies in the copy, to the same head").isEqualTo(headBefore);
            assertThat(postgres.find("C1", "s2")).contains(new PostedMessage("C1", "s2", before.id(), 1));
            assertThat(postgres.undeliveredCount()).isEqualTo((int) counts.pending());

            RunService service = Fixtures.service(postgres, clock, BACKUP);
            assertThat(service.handle(as("C1", "U2", "Ev-1"), new RunCommand.Done(1, "stopped")).result())
                    .as("an event applied before the copy is not applied again").isEqualTo(Outcome.Result.DUPLICATE);
            Outcome next = service.handle(as("C1", "U3", "Ev-2"), new RunCommand.Skip(2, "no BAM"));
            assertThat(next.accepted()).isTrue();
            long other = service.handle(as("C2", "U1", null), new RunCommand.Start("backup", null)).run().id();
            assertThat(other).as("ids go on after the copied ones").isGreaterThan(before.id());
            assertThat(postgres.lastId()).isGreaterThan(lastOutboxId);

            new OutboxDispatcher(postgres, postgres, postgres, postgresChat, clock, 1).deliverDueNow(100);
            assertThat(postgres.undeliveredCount()).isZero();
            Run after = postgres.read(r -> r.run(before.id())).orElseThrow();
            assertThat(after.step(1).status()).isEqualTo(StepStatus.DONE);
            assertThat(after.step(2).status()).isEqualTo(StepStatus.SKIPPED);
            for (long run : postgres.runIds()) {
                Verification v = verifier.verify(postgres.trail(run).orElseThrow());
                assertThat(v.ok()).as("the chain goes on after the copy: %s", v.describe()).isTrue();
            }
        }
        // the messages left pending go out from PostgreSQL, updating the messages posted from SQLite
        assertThat(postgresChat.calls).contains("update C1 s2 step 1 done", "update C1 s1 header 1/3 done, 1 skipped")
                .doesNotContain("post C1 header 0/3 done -> p1");
        assertThat(postgresChat.calls.stream().filter(c -> c.startsWith("post C1 step 3"))).hasSize(1);
    }

    @Test
    void a_target_that_holds_anything_is_refused_and_left_as_it_was() {
        Path file = dir.resolve("bot.db");
        try (JdbcRunStore sqlite = new JdbcRunStore(Database.open(file.toString()), clock)) {
            sqlite.write(tx -> tx.insertRun(Fixtures.newRun(BACKUP, "C1", T0)));
        }
        String url = Postgres.freshDatabase("copy_twice");
        try (Database from = Database.open(file.toString()); Database to = Database.open(url, Postgres.credentials())) {
            DatabaseCopy.copy(from, to);
            assertThatThrownBy(() -> DatabaseCopy.copy(from, to)).isInstanceOf(StoreException.class)
                    .hasMessageContaining("is not empty (1 runs, 1 run_audit)").hasMessageNotContaining(Postgres.PASSWORD);
        }
        try (JdbcRunStore postgres = new JdbcRunStore(Database.open(url, Postgres.credentials()), clock)) {
            List<Run> runs = postgres.read(r -> r.runs(false, 10));
            assertThat(runs).hasSize(1);
        }
    }

    @Test
    void the_runs_timers_and_the_schedules_last_times_are_copied() {
        Path file = dir.resolve("bot.db");
        List<dev.checklistbot.run.Timer> timers;
        try (JdbcRunStore sqlite = new JdbcRunStore(Database.open(file.toString()), clock)) {
            long id = sqlite.write(tx -> tx.insertRun(Fixtures.newRun(BACKUP, "C1", T0)));
            timers = List.of(new dev.checklistbot.run.Timer(id, 1, T0.plusSeconds(900), dev.checklistbot.run.Timer.Kind.NUDGE));
            sqlite.write(tx -> {
                tx.replaceTimers(id, timers);
                return tx.claimSchedule("weekly", null, T0);
            });
        }
        String url = Postgres.freshDatabase("copy_timers");
        DatabaseCopy.Counts counts;
        try (Database from = Database.open(file.toString()); Database to = Database.open(url, Postgres.credentials())) {
            counts = DatabaseCopy.copy(from, to);
        }
        assertThat(counts.timers()).isEqualTo(1);
        assertThat(counts.schedules()).isEqualTo(1);
        try (JdbcRunStore postgres = new JdbcRunStore(Database.open(url, Postgres.credentials()), clock)) {
            List<dev.checklistbot.run.Timer> copied = postgres.read(r -> r.dueTimers(T0.plusSeconds(3600), 10));
            java.util.Optional<java.time.Instant> fired = postgres.read(r -> r.scheduleFiredAt("weekly"));
            assertThat(copied).isEqualTo(timers);
            assertThat(fired).contains(T0);
        }
    }

    @Test
    void the_known_names_of_people_are_copied_and_counted_last() {
        Path file = dir.resolve("bot.db");
        try (JdbcRunStore sqlite = new JdbcRunStore(Database.open(file.toString()), clock)) {
            sqlite.remember(new dev.checklistbot.run.PeopleDirectory.Person("U1", "Ada", T0));
        }
        String url = Postgres.freshDatabase("copy_people");
        DatabaseCopy.Counts counts;
        try (Database from = Database.open(file.toString()); Database to = Database.open(url, Postgres.credentials())) {
            counts = DatabaseCopy.copy(from, to);
        }
        assertThat(counts.people()).isEqualTo(1);
        assertThat(counts.toString()).endsWith(", 1 people");
        try (JdbcRunStore postgres = new JdbcRunStore(Database.open(url, Postgres.credentials()), clock)) {
            assertThat(postgres.person("U1")).contains(new dev.checklistbot.run.PeopleDirectory.Person("U1", "Ada", T0));
        }
    }
}
