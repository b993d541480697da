package dev.checklistbot.store;

import dev.checklistbot.testing.MutableClock;
import dev.checklistbot.run.Actor;
import dev.checklistbot.run.CommandContext;
import dev.checklistbot.run.CommandSource;
import dev.checklistbot.run.MessageKind;
import dev.checklistbot.run.OutboxMessage;
import dev.checklistbot.run.Outcome;
import dev.checklistbot.run.Platform;
import dev.checklistbot.run.Refusal;
import dev.checklistbot.run.Run;
import dev.checklistbot.run.RunCommand;
import dev.checklistbot.run.RunEvent;
import dev.checklistbot.run.RunService;
import dev.checklistbot.run.RunStatus;
import dev.checklistbot.run.StepStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static dev.checklistbot.store.Fixtures.BACKUP;
import static dev.checklistbot.store.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every store adapter promises the engine and the outbox dispatcher. A subclass says how to open
 * (and reopen) its store on the same database.
 */
abstract class RunStoreContractTest {
    protected final MutableClock clock = new MutableClock(T0);
    protected JdbcRunStore store;

    /** Opens the store on this test's database; called again after {@link #restart()} on the same data. */
    protected abstract JdbcRunStore openStore();

    /** Opens this test's database (migrated), for a store built by the test itself. */
    protected abstract Database openDatabase();

    @BeforeEach
    void openTheStore() {
        store = openStore();
    }

    @AfterEach
    void closeTheStore() {
        if (store != null) {
            store.close();
        }
    }

    protected void restart() {
        store.close();
        store = openStore();
    }

    private Optional<Run> runById(long id) {
        return store.read(r -> r.run(id));
    }

    private Optional<Run> active(String channel) {
        return store.read(r -> r.activeRun(channel));
    }

    private Optional<Run> last(String channel) {
        return store.read(r -> r.lastRun(channel));
    }

    private List<Run> recent(String channel, int limit) {
        return store.read(r -> r.recentRuns(channel, limit));
    }

    private List<Run> allRuns(boolean activeOnly, int limit) {
        return store.read(r -> r.runs(activeOnly, limit));
    }

    private List<RunEvent> events(long runId) {
        return store.read(r -> r.events(runId));
    }

    private boolean record(String eventId) {
        return store.write(tx -> tx.recordEventId(eventId));
    }

    private static CommandContext as(String channel, String user) {
        return CommandContext.of(channel, new Actor(user, user.toLowerCase()));
    }

    // ---- runs ----

    @Test
    void a_saved_run_is_found_by_id_as_active_and_as_last() {
        Run run = Fixtures.newRun(BACKUP, "C1", T0);
        long id = store.write(tx -> tx.insertRun(run));

        assertThat(id).isPositive();
        assertThat(runById(id)).contains(run.withId(id));
        assertThat(active("C1")).contains(run.withId(id));
        assertThat(last("C1")).contains(run.withId(id));
        assertThat(active("C2")).isEmpty();
        assertThat(runById(id + 1)).isEmpty();
    }

    @Test
    void runs_are_listed_newest_first_per_channel_and_across_channels() {
        RunService service = Fixtures.service(store, clock, BACKUP);
        long a = start(service, "C1");
        abort(service, "C1");
        long b = start(service, "C2");
        long c = start(service, "C1");

        assertThat(ids(recent("C1", 10))).containsExactly(c, a);
        assertThat(ids(recent("C1", 1))).containsExactly(c);
        assertThat(last("C1").orElseThrow().id()).isEqualTo(c);
        assertThat(ids(allRuns(false, 10))).containsExactly(c, b, a);
        assertThat(ids(allRuns(false, 2))).containsExactly(c, b);
        assertThat(ids(allRuns(true, 10))).containsExactly(c, b);
        assertThat(runById(a).orElseThrow().status()).isEqualTo(RunStatus.ABORTED);
    }

    @Test
    void an_updated_run_reads_back_exactly_with_every_field_of_its_steps() {
        RunService service = Fixtures.service(store, clock, BACKUP);
        start(service, "C1");
        clock.advance(Duration.ofNanos(1_234_567));
        accept(service.handle(as("C1", "U2"), new RunCommand.Claim(null)));
        accept(service.handle(as("C1", "U2"), new RunCommand.Done(null, "hosts stopped at 03:10")));
        clock.advance(Duration.ofSeconds(30));
        accept(service.handle(as("C1", "U3"), new RunCommand.Skip(null, "no BAM here")));
        accept(service.handle(as("C1", "U3"), new RunCommand.Assign(3, new Actor("U4", "Dee"))));
        accept(service.handle(as("C1", "U4"), new RunCommand.Done(3, null)));
        Outcome last = accept(service.handle(as("C1", "U5"), new RunCommand.AddNote(3, "log checked")));

        Run saved = runById(last.run().id()).orElseThrow();
        assertThat(saved).isEqualTo(last.run());
        assertThat(saved.step(1).notes()).hasSize(1);
        assertThat(saved.step(2).skipReason()).isEqualTo("no BAM here");
        assertThat(saved.step(3).confirmations()).hasSize(1);
        assertThat(saved.step(3).claimedBy()).isEqualTo(new Actor("U4", "Dee"));
    }

    @Test
    void a_run_event_and_its_messages_are_saved_together_by_a_command() {
        RunService service = Fixtures.service(store, clock, BACKUP);
        long id = start(service, "C1");

        List<RunEvent> events = events(id);
        assertThat(events).extracting(RunEvent::type).containsExactly(RunEvent.Type.RUN_STARTED);
        assertThat(events.get(0).at()).isEqualTo(T0);
        assertThat(store.undeliveredCount()).isEqualTo(2);
        assertThat(store.dueHeads(T0, Set.of(), 10)).extracting(p -> p.message().kind())
                .containsExactly(MessageKind.HEADER_POST);
    }

    @Test
    void events_are_returned_oldest_first_with_actors_text_and_other_person() {
        RunService service = Fixtures.service(store, clock, BACKUP);
        long id = start(service, "C1");
        accept(service.handle(as("C1", "U2"), new RunCommand.Assign(1, new Actor("U9", "Nine"))));
        accept(service.handle(as("C1", "U2"), new RunCommand.AddNote(1, "careful")));

        List<RunEvent> events = events(id);
        assertThat(events).extracting(RunEvent::type).containsExactly(RunEvent.Type.RUN_STARTED,
                RunEvent.Type.STEP_ASSIGNED, RunEvent.Type.NOTE_ADDED);
        assertThat(events.get(1)).isEqualTo(new RunEvent(id, T0, new Actor("U2", "u2"), RunEvent.Type.STEP_ASSIGNED, 1,
                null, new Actor("U9", "Nine")));
        assertThat(events.get(2).text()).isEqualTo("careful");
        assertThat(events.get(2).other()).isNull();
    }

    @Test
    void a_throw_rolls_back_the_run_events_messages_and_event_id_together_and_is_rethrown_as_is() {
        Refusal refusal = new Refusal("no");
        assertThatThrownBy(() -> store.write(tx -> {
            assertThat(tx.recordEventId("Ev1")).isTrue();
            long id = tx.insertRun(Fixtures.newRun(BACKUP, "C1", T0));
            Run run = tx.run(id).orElseThrow();
            tx.appendEvent(new RunEvent(id, T0, run.startedBy(), RunEvent.Type.RUN_STARTED, 0, null, null));
            tx.enqueue(OutboxMessage.of(run, MessageKind.HEADER_POST, 0));
            assertThat(tx.events(id)).hasSize(1); // the transaction sees its own writes
            throw refusal;
        })).isSameAs(refusal);

        assertThat(allRuns(false, 10)).isEmpty();
        assertThat(store.undeliveredCount()).isZero();
        assertThat(store.lastId()).isZero();
        assertThat(record("Ev1")).isTrue();
        // the store still works after the rollback
        assertThat(aRun("C1")).isPositive();
    }

    @Test
    void a_refused_command_saves_nothing() {
        RunService service = Fixtures.service(store, clock, BACKUP);
        long id = start(service, "C1");
        int before = store.undeliveredCount();

        Outcome outcome = service.handle(as("C1", "U2"), new RunCommand.Done(3, null));

        assertThat(outcome.refused()).isTrue();
        assertThat(events(id)).hasSize(1);
        assertThat(store.undeliveredCount()).isEqualTo(before);
    }

    @Test
    void an_event_id_is_recorded_once() {
        assertThat(record("Ev1")).isTrue();
        assertThat(record("Ev1")).isFalse();
        assertThat(record("Ev2")).isTrue();
        restart();
        assertThat(record("Ev1")).isFalse();
    }

    @Test
    void a_retried_platform_event_changes_nothing_the_second_time() {
        RunService service = Fixtures.service(store, clock, BACKUP);
        long id = start(service, "C1");
        CommandContext context = new CommandContext("C1", new Actor("U2", "Bo"), CommandSource.REACTION, "Ev-77");

        assertThat(service.handle(context, new RunCommand.Done(1, null)).accepted()).isTrue();
        assertThat(service.handle(context, new RunCommand.Done(1, null)).result()).isEqualTo(Outcome.Result.DUPLICATE);
        assertThat(events(id)).hasSize(2);
    }

    @Test
    void a_second_active_run_in_a_channel_is_impossible_even_if_the_engine_tries() {
        long first = store.write(tx -> tx.insertRun(Fixtures.newRun(BACKUP, "C1", T0)));

        assertThatThrownBy(() -> store.write(tx -> {
            tx.appendEvent(new RunEvent(first, T0, Actor.of("U1"), RunEvent.Type.NOTE_ADDED, 1, "lost", null));
            return tx.insertRun(Fixtures.newRun(BACKUP, "C1", T0));
        })).isInstanceOf(StoreException.class).hasMessageContaining("C1").hasMessageContaining("active run");

        assertThat(allRuns(false, 10)).hasSize(1);
        assertThat(events(first)).isEmpty();
        // another channel, or the same channel once the first run ended, is fine
        assertThat(aRun("C2")).isPositive();
        Run ended = new Run(first, "C1", BACKUP, "t", Actor.of("U1"), T0, RunStatus.ABORTED, T0, "why",
                runById(first).orElseThrow().steps());
        store.write(tx -> {
            tx.updateRun(ended);
            return null;
        });
        assertThat(aRun("C1")).isPositive();
        // and reactivating the old run now would make two
        assertThatThrownBy(() -> store.write(tx -> {
            tx.updateRun(Fixtures.newRun(BACKUP, "C1", T0).withId(first));
            return null;
        })).isInstanceOf(StoreException.class);
    }

    @Test
    void updating_a_run_that_does_not_exist_fails() {
        assertThatThrownBy(() -> store.write(tx -> {
            tx.updateRun(Fixtures.newRun(BACKUP, "C1", T0).withId(42));
            return null;
        })).isInstanceOf(StoreException.class).hasMessageContaining("42");
    }

    @Test
    void a_write_inside_a_write_is_refused() {
        assertThatThrownBy(() -> store.write(tx -> store.write(inner -> inner.recordEventId("x"))))
                .isInstanceOf(IllegalStateException.class);
        assertThat(record("x")).isTrue();
    }

    @Test
    void runs_events_and_messages_survive_a_restart() {
        RunService service = Fixtures.service(store, clock, BACKUP);
        long id = start(service, "C1");
        accept(service.handle(as("C1", "U2"), new RunCommand.Done(null, "ok")));
        Run before = runById(id).orElseThrow();
        List<RunEvent> events = events(id);
        List<PendingMessage> heads = store.dueHeads(T0, Set.of(), 10);
        long lastId = store.lastId();
        store.save(new PostedMessage("C1", "1700000000.000100", id, 1));

        restart();

        assertThat(active("C1")).contains(before);
        assertThat(events(id)).isEqualTo(events);
        assertThat(store.dueHeads(T0, Set.of(), 10)).isEqualTo(heads);
        assertThat(store.lastId()).isEqualTo(lastId);
        assertThat(store.find("C1", "1700000000.000100")).contains(new PostedMessage("C1", "1700000000.000100", id, 1));
        // and the engine carries on where it was
        RunService again = Fixtures.service(store, clock, BACKUP);
        assertThat(again.handle(as("C1", "U3"), new RunCommand.Done(2, null)).accepted()).isTrue();
    }

    @Test
    @Timeout(30)
    void a_read_sees_only_committed_state_and_does_not_wait_for_a_writer() throws Exception {
        CountDownLatch inserted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Long> writer = pool.submit(() -> store.write(tx -> {
                long id = tx.insertRun(Fixtures.newRun(BACKUP, "C1", T0));
                inserted.countDown();
                await(release);
                return id;
            }));
            await(inserted);
            assertThat(active("C1")).isEmpty();
            release.countDown();
            long id = writer.get(10, TimeUnit.SECONDS);
            assertThat(active("C1").orElseThrow().id()).isEqualTo(id);
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    // ---- concurrency through the engine ----

    @Test
    @Timeout(120)
    void people_marking_the_same_steps_at_once_finish_each_step_exactly_once() throws Exception {
        int people = 8;
        int steps = 100;
        RunService service = Fixtures.service(store, java.time.Clock.systemUTC(), Fixtures.wide(steps));
        long id = accept(service.handle(as("C1", "U0"), new RunCommand.Start("wide", null))).run().id();
        int messagesAfterStart = store.undeliveredCount();
        AtomicInteger accepted = new AtomicInteger();

        long started = System.nanoTime();
        runConcurrently(people, person -> {
            for (int step = 1; step <= steps; step++) {
                Outcome outcome = service.handle(as("C1", "P" + person), new RunCommand.Done(step, null));
                if (outcome.accepted()) {
                    accepted.incrementAndGet();
                } else {
                    // only once the run is complete may a late confirmation be refused
                    assertThat(runById(id).orElseThrow().status()).isEqualTo(RunStatus.COMPLETED);
                }
            }
        });
        report("same run", people * steps, started);

        Run run = runById(id).orElseThrow();
        assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(run.steps()).allMatch(s -> s.status() == StepStatus.DONE);
        List<RunEvent> events = events(id);
        Map<RunEvent.Type, Long> byType = events.stream()
                .collect(Collectors.groupingBy(RunEvent::type, Collectors.counting()));
        assertThat(byType.get(RunEvent.Type.STEP_DONE)).isEqualTo(steps);
        assertThat(byType.get(RunEvent.Type.RUN_COMPLETED)).isEqualTo(1);
        assertThat(byType.getOrDefault(RunEvent.Type.STEP_CONFIRMED, 0L)).isEqualTo(accepted.get() - steps);
        for (int step = 1; step <= steps; step++) {
            int number = step;
            assertThat(events.stream().filter(e -> e.step() == number && e.type() == RunEvent.Type.STEP_DONE)).hasSize(1);
            int confirmedEvents = (int) events.stream()
                    .filter(e -> e.step() == number && e.type() == RunEvent.Type.STEP_CONFIRMED).count();
            assertThat(run.step(number).confirmations()).hasSize(1 + confirmedEvents);
        }
        // every accepted command wrote its notice and its step update; each finished step a header update; the
        // completion one summary post: no message lost, none twice
        assertThat(store.undeliveredCount() - messagesAfterStart).isEqualTo(accepted.get() * 2 + steps + 1);
    }

    @Test
    @Timeout(120)
    void many_commands_on_many_runs_from_many_threads_lose_and_duplicate_nothing() throws Exception {
        int threads = 8;
        int perThread = 200;
        String[] channels = {"C1", "C2", "C3", "C4"};
        RunService service = Fixtures.service(store, java.time.Clock.systemUTC(), BACKUP);
        AtomicInteger accepted = new AtomicInteger();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());

        long started = System.nanoTime();
        runConcurrently(threads, t -> {
            for (int i = 0; i < perThread; i++) {
                String channel = channels[(t + i) % channels.length];
                CommandContext who = as(channel, "U" + (i % 3 == 0 ? t : t + 10));
                RunCommand command = switch (i % 7) {
                    case 0 -> new RunCommand.Start("backup", null);
                    case 1, 2 -> new RunCommand.Done(null, null);
                    case 3 -> new RunCommand.Claim(null);
                    case 4 -> new RunCommand.Skip(null, "not needed");
                    case 5 -> new RunCommand.AddNote(null, "note " + t + "/" + i);
                    default -> i % 2 == 0 ? new RunCommand.Undo(null) : new RunCommand.Abort("test over");
                };
                try {
                    if (service.handle(who, command).accepted()) {
                        accepted.incrementAndGet();
                    }
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            }
        });
        report("many runs", threads * perThread, started);

        assertThat(failures).isEmpty();
        assertThat(accepted.get()).isPositive();
        List<Run> runs = allRuns(false, 10_000);
        for (String channel : channels) {
            assertThat(runs.stream().filter(r -> r.channel().equals(channel) && r.active())).hasSizeLessThanOrEqualTo(1);
        }
        // every accepted command recorded exactly one event of its own (completions and reopenings come with another)
        long commandEvents = runs.stream().flatMap(r -> events(r.id()).stream())
                .filter(e -> e.type() != RunEvent.Type.RUN_COMPLETED && e.type() != RunEvent.Type.RUN_REOPENED)
                .count();
        assertThat(commandEvents).isEqualTo(accepted.get());
        for (Run run : runs) {
            List<RunEvent> events = events(run.id());
            assertThat(events.get(0).type()).isEqualTo(RunEvent.Type.RUN_STARTED);
            for (var step : run.steps()) {
                long done = events.stream().filter(e -> e.step() == step.number()
                        && (e.type() == RunEvent.Type.STEP_DONE || e.type() == RunEvent.Type.STEP_SKIPPED)).count();
                long reopened = events.stream().filter(e -> e.step() == step.number()
                        && e.type() == RunEvent.Type.STEP_REOPENED).count();
                assertThat(done - reopened).as("run %d step %d", run.id(), step.number())
                        .isEqualTo(step.finished() ? 1 : 0);
            }
        }
    }

    @Test
    @Timeout(60)
    void the_same_event_id_from_several_threads_is_applied_once() throws Exception {
        RunService service = Fixtures.service(store, java.time.Clock.systemUTC(), Fixtures.wide(40));
        long id = accept(service.handle(as("C1", "U0"), new RunCommand.Start("wide", null))).run().id();
        Map<Outcome.Result, AtomicInteger> results = new ConcurrentHashMap<>();

        runConcurrently(8, t -> {
            for (int step = 1; step <= 40; step++) {
                // a retried delivery of the same reaction: same event id, same person
                CommandContext context = new CommandContext("C1", new Actor("U" + step, "u"), CommandSource.REACTION,
                        "Ev-" + step);
                Outcome outcome = service.handle(context, new RunCommand.Done(step, null));
                results.computeIfAbsent(outcome.result(), k -> new AtomicInteger()).incrementAndGet();
            }
        });

        assertThat(results.get(Outcome.Result.ACCEPTED)).hasValue(40);
        assertThat(results.get(Outcome.Result.DUPLICATE)).hasValue(7 * 40);
        assertThat(events(id)).filteredOn(e -> e.type() == RunEvent.Type.STEP_DONE).hasSize(40);
        assertThat(events(id)).filteredOn(e -> e.type() == RunEvent.Type.STEP_CONFIRMED).isEmpty();
    }

    // ---- two processes on one database ----

    @Test
    @Timeout(120)
    void two_stores_on_one_database_like_two_processes_apply_every_command_on_one_run_and_lose_none() throws Exception {
        try (JdbcRunStore second = openStore()) {
            RunService one = Fixtures.service(store, java.time.Clock.systemUTC(), Fixtures.wide(30));
            RunService two = Fixtures.service(second, java.time.Clock.systemUTC(), Fixtures.wide(30));
            long id = accept(one.handle(as("C1", "U0"), new RunCommand.Start("wide", null))).run().id();
            Optional<Run> cached = second.read(r -> r.run(id));
            assertThat(cached).as("the second process has the run in its cache").isPresent();
            AtomicInteger accepted = new AtomicInteger();
            AtomicInteger notes = new AtomicInteger();

            runConcurrently(6, t -> {
                RunService service = t % 2 == 0 ? one : two;
                for (int step = 1; step <= 30; step++) {
                    if (service.handle(as("C1", "P" + t), new RunCommand.Done(step, null)).accepted()) {
                        accepted.incrementAndGet();
                    }
                    if (service.handle(as("C1", "P" + t), new RunCommand.AddNote(1, "note " + t + "/" + step))
                            .accepted()) {
                        notes.incrementAndGet();
                    }
                }
            });

            for (JdbcRunStore either : List.of(store, second)) {
                Run run = either.read(r -> r.run(id)).orElseThrow();
                List<RunEvent> events = either.read(r -> r.events(id));
                assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
                assertThat(events).filteredOn(e -> e.type() == RunEvent.Type.STEP_DONE).hasSize(30);
                assertThat(events).filteredOn(e -> e.type() == RunEvent.Type.STEP_CONFIRMED).hasSize(accepted.get() - 30);
                assertThat(run.steps().stream().mapToInt(s -> s.confirmations().size()).sum())
                        .as("every confirmation in the state, none lost to a stale copy").isEqualTo(accepted.get());
                assertThat(run.step(1).notes()).as("every note of both processes").hasSize(notes.get());
            }
        }
    }

    @Test
    @Timeout(60)
    void the_same_event_id_through_two_stores_like_two_processes_is_applied_once() throws Exception {
        try (JdbcRunStore second = openStore()) {
            RunService one = Fixtures.service(store, java.time.Clock.systemUTC(), Fixtures.wide(20));
            RunService two = Fixtures.service(second, java.time.Clock.systemUTC(), Fixtures.wide(20));
            long id = accept(one.handle(as("C1", "U0"), new RunCommand.Start("wide", null))).run().id();
            Map<Outcome.Result, AtomicInteger> results = new ConcurrentHashMap<>();

            runConcurrently(4, t -> {
                for (int step = 1; step <= 20; step++) {
                    CommandContext context = new CommandContext("C1", new Actor("U" + step, "u"), CommandSource.REACTION,
                            "Ev-" + step);
                    Outcome outcome = (t % 2 == 0 ? one : two).handle(context, new RunCommand.Done(step, null));
                    results.computeIfAbsent(outcome.result(), k -> new AtomicInteger()).incrementAndGet();
                }
            });

            assertThat(results.get(Outcome.Result.ACCEPTED)).hasValue(20);
            assertThat(results.get(Outcome.Result.DUPLICATE)).hasValue(3 * 20);
            assertThat(events(id)).filteredOn(e -> e.type() == RunEvent.Type.STEP_DONE).hasSize(20);
        }
    }

    @Test
    @Timeout(60)
    void two_stores_starting_a_run_in_one_channel_at_once_start_one_and_refuse_the_other_in_words() throws Exception {
        try (JdbcRunStore second = openStore()) {
            RunService one = Fixtures.service(store, java.time.Clock.systemUTC(), BACKUP);
            RunService two = Fixtures.service(second, java.time.Clock.systemUTC(), BACKUP);
            List<Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());
            for (int round = 0; round < 10; round++) {
                String channel = "C" + round;
                runConcurrently(2, t -> outcomes.add((t == 0 ? one : two).handle(as(channel, "U" + t),
                        new RunCommand.Start("backup", null))));
            }
            assertThat(outcomes).filteredOn(Outcome::accepted).hasSize(10);
            assertThat(outcomes).filteredOn(Outcome::refused).hasSize(10)
                    .allMatch(o -> String.valueOf(o.reply()).contains("already active"), "refused as already active");
        }
    }

    // ---- outbox ----

    private long enqueue(long runId, String channel, MessageKind kind, int step) {
        store.write(tx -> {
            tx.enqueue(new OutboxMessage(channel, kind, runId, step, null));
            return null;
        });
        return store.lastId();
    }

    private long aRun(String channel) {
        return store.write(tx -> tx.insertRun(Fixtures.newRun(BACKUP, channel, T0)));
    }

    @Test
    void due_heads_are_each_channels_oldest_undelivered_message_oldest_channel_first() {
        long r1 = aRun("C1");
        long r2 = aRun("C2");
        long r3 = aRun("C3");
        long a1 = enqueue(r2, "C2", MessageKind.HEADER_POST, 0);
        long b1 = enqueue(r1, "C1", MessageKind.HEADER_POST, 0);
        enqueue(r2, "C2", MessageKind.STEP_POST, 1);
        enqueue(r1, "C1", MessageKind.STEP_POST, 1);
        long c1 = enqueue(r3, "C3", MessageKind.HEADER_POST, 0);

        assertThat(store.dueHeads(clock.instant(), Set.of(), 10)).extracting(PendingMessage::id).containsExactly(a1, b1, c1);
        assertThat(store.dueHeads(clock.instant(), Set.of(), 2)).extracting(PendingMessage::id).containsExactly(a1, b1);
        assertThat(store.dueHeads(clock.instant(), Set.of("C2", "C3"), 10)).extracting(PendingMessage::id).containsExactly(b1);
        PendingMessage head = store.dueHeads(clock.instant(), Set.of(), 10).get(0);
        assertThat(head).isEqualTo(new PendingMessage(a1, new OutboxMessage("C2", MessageKind.HEADER_POST, r2, 0, null),
                0, clock.instant()));
        assertThat(store.undeliveredCount()).isEqualTo(5);
        assertThat(store.lastId()).isEqualTo(c1);
    }

    @Test
    void a_delivered_or_abandoned_head_lets_the_next_message_of_its_channel_through() {
        long r1 = aRun("C1");
        long m1 = enqueue(r1, "C1", MessageKind.HEADER_POST, 0);
        long m2 = enqueue(r1, "C1", MessageKind.STEP_POST, 1);
        long m3 = enqueue(r1, "C1", MessageKind.STEP_UPDATE, 1);

        store.delivered(m1, clock.instant());
        assertThat(store.dueHeads(clock.instant(), Set.of(), 10)).extracting(PendingMessage::id).containsExactly(m2);
        store.abandon(m2, clock.instant(), "channel_not_found");
        assertThat(store.dueHeads(clock.instant(), Set.of(), 10)).extracting(PendingMessage::id).containsExactly(m3);
        assertThat(store.undeliveredCount()).isEqualTo(1);
        store.delivered(m3, clock.instant());
        assertThat(store.dueHeads(clock.instant(), Set.of(), 10)).isEmpty();
        assertThat(store.nextDueAt()).isEmpty();
        assertThat(store.undeliveredCount()).isZero();
        assertThat(store.lastId()).isEqualTo(m3);
    }

    @Test
    void a_channels_due_head_is_its_oldest_undelivered_message_and_only_when_due() {
        long r1 = aRun("C1");
        long r2 = aRun("C2");
        long m1 = enqueue(r1, "C1", MessageKind.HEADER_POST, 0);
        long m2 = enqueue(r1, "C1", MessageKind.STEP_POST, 1);
        enqueue(r2, "C2", MessageKind.HEADER_POST, 0);

        assertThat(store.dueHead("C1", clock.instant())).map(PendingMessage::id).contains(m1);
        store.delivered(m1, clock.instant());
        assertThat(store.dueHead("C1", clock.instant())).map(PendingMessage::id).contains(m2);
        Instant later = clock.instant().plus(Duration.ofSeconds(30));
        store.retryAt(m2, later, "ratelimited");
        assertThat(store.dueHead("C1", clock.instant())).as("not due yet: nothing, not a later message").isEmpty();
        assertThat(store.dueHead("C1", later)).map(PendingMessage::id).contains(m2);
        store.abandon(m2, later, "channel_not_found");
        assertThat(store.dueHead("C1", later)).isEmpty();
        assertThat(store.dueHead("C3", later)).isEmpty();
    }

    @Test
    void the_next_due_time_leaves_out_the_channels_being_delivered() {
        long r1 = aRun("C1");
        long r2 = aRun("C2");
        enqueue(r1, "C1", MessageKind.HEADER_POST, 0);
        long n1 = enqueue(r2, "C2", MessageKind.HEADER_POST, 0);
        Instant later = clock.instant().plus(Duration.ofSeconds(30));
        store.retryAt(n1, later, "ratelimited");

        assertThat(store.nextDueAt(Set.of())).contains(clock.instant());
        assertThat(store.nextDueAt(Set.of("C1"))).as("C1 in flight: C2's retry is next").contains(later);
        assertThat(store.nextDueAt(Set.of("C1", "C2"))).isEmpty();
    }

    @Test
    void a_retried_message_waits_for_its_time_and_holds_back_its_channel_only() {
        long r1 = aRun("C1");
        long r2 = aRun("C2");
        long m1 = enqueue(r1, "C1", MessageKind.HEADER_POST, 0);
        enqueue(r1, "C1", MessageKind.STEP_POST, 1);
        long n1 = enqueue(r2, "C2", MessageKind.HEADER_POST, 0);
        Instant later = clock.instant().plus(Duration.ofSeconds(30)).plusNanos(1);

        assertThat(store.nextDueAt()).contains(clock.instant());
        store.retryAt(m1, later, "ratelimited");

        assertThat(store.dueHeads(clock.instant(), Set.of(), 10)).extracting(PendingMessage::id).containsExactly(n1);
        store.delivered(n1, clock.instant());
        assertThat(store.nextDueAt()).contains(later);
        assertThat(store.dueHeads(later.minusNanos(1), Set.of(), 10)).isEmpty();
        List<PendingMessage> due = store.dueHeads(later, Set.of(), 10);
        assertThat(due).extracting(PendingMessage::id).containsExactly(m1);
        assertThat(due.get(0).attempts()).isEqualTo(1);
        store.retryAt(m1, later, "x".repeat(5_000)); // a long error does not stop the retry from being recorded
        assertThat(store.dueHeads(later, Set.of(), 10).get(0).attempts()).isEqualTo(2);
    }

    @Test
    void coalesce_folds_the_same_update_written_up_to_the_given_id_and_nothing_else() {
        long r1 = aRun("C1");
        long u1 = enqueue(r1, "C1", MessageKind.STEP_UPDATE, 2);
        long n1 = enqueue(r1, "C1", MessageKind.STEP_NOTICE, 2);
        enqueue(r1, "C1", MessageKind.STEP_UPDATE, 2); // u2, folded into u1's delivery
        long h1 = enqueue(r1, "C1", MessageKind.HEADER_UPDATE, 0);
        long other = enqueue(r1, "C1", MessageKind.STEP_UPDATE, 3);
        long upTo = store.lastId();
        long u3 = enqueue(r1, "C1", MessageKind.STEP_UPDATE, 2);

        assertThat(store.coalesce(u1, upTo, clock.instant())).isEqualTo(2);

        assertThat(store.dueHeads(clock.instant(), Set.of(), 10)).extracting(PendingMessage::id).containsExactly(n1);
        assertThat(store.undeliveredCount()).isEqualTo(4); // n1, h1, other, u3
        store.delivered(n1, clock.instant());
        store.delivered(h1, clock.instant());
        store.delivered(other, clock.instant());
        assertThat(store.dueHeads(clock.instant(), Set.of(), 10)).extracting(PendingMessage::id).containsExactly(u3);
        // a notice is never folded into another notice: each tells its own event
        long n2 = enqueue(r1, "C1", MessageKind.STEP_NOTICE, 2);
        long n3 = enqueue(r1, "C1", MessageKind.STEP_NOTICE, 2);
        store.delivered(u3, clock.instant());
        assertThat(store.coalesce(n2, store.lastId(), clock.instant())).isEqualTo(1);
        assertThat(store.dueHeads(clock.instant(), Set.of(), 10)).extracting(PendingMessage::id).containsExactly(n3);
    }

    @Test
    void a_notice_carries_its_event() {
        RunService service = Fixtures.service(store, clock, BACKUP);
        start(service, "C1");
        accept(service.handle(new CommandContext("C1", new Actor("U2", "Bo"), CommandSource.THREAD_REPLY, null),
                new RunCommand.Done(1, "all stopped")));
        List<PendingMessage> all = drain();
        PendingMessage notice = all.stream().filter(p -> p.message().kind() == MessageKind.STEP_NOTICE).findFirst()
                .orElseThrow();
        assertThat(notice.message().event().type()).isEqualTo(RunEvent.Type.STEP_DONE);
        assertThat(notice.message().event().text()).isEqualTo("all stopped");
        assertThat(notice.message().event().actor()).isEqualTo(new Actor("U2", "Bo"));
        assertThat(notice.message().event().at()).isEqualTo(T0);
    }

    /** Delivers every message in order, returning them. */
    private List<PendingMessage> drain() {
        List<PendingMessage> all = new ArrayList<>();
        for (List<PendingMessage> due = store.dueHeads(clock.instant(), Set.of(), 100); !due.isEmpty();
             due = store.dueHeads(clock.instant(), Set.of(), 100)) {
            for (PendingMessage message : due) {
                all.add(message);
                store.delivered(message.id(), clock.instant());
            }
        }
        return all;
    }

    // ---- delivery leases: two stores on one database are two processes ----

    private static final String A = "host-a/1/aaaa";
    private static final String B = "host-b/2/bbbb";
    private static final Duration LEASE = Duration.ofSeconds(6);

    private static List<String> channels(List<ChannelClaim> claims) {
        return claims.stream().map(ChannelClaim::channel).toList();
    }

    private static List<Long> heads(List<ChannelClaim> claims) {
        return claims.stream().map(c -> c.head().id()).toList();
    }

    @Test
    void a_channel_claimed_by_one_process_is_not_given_to_another_until_it_is_let_go() {
        try (JdbcRunStore other = openStore()) {
            long r1 = aRun("C1");
            long r2 = aRun("C2");
            long m1 = enqueue(r1, "C1", MessageKind.HEADER_POST, 0);
            long n1 = enqueue(r2, "C2", MessageKind.HEADER_POST, 0);
            Instant now = clock.instant();

            assertThat(heads(store.claim(A, now, now.plus(LEASE), Set.of(), 1))).containsExactly(m1);
            assertThat(heads(other.claim(B, now, now.plus(LEASE), Set.of(), 10))).as("C1 is A's").containsExactly(n1);
            assertThat(other.claim(B, now, now.plus(LEASE), Set.of("C2"), 10)).as("C1 still A's").isEmpty();
            assertThat(heads(store.claim(A, now, now.plus(LEASE), Set.of(), 10))).as("A may claim its own again")
                    .containsExactly(m1);
            assertThat(other.nextClaimAt(B, Set.of("C2"))).as("C1 may be B's when A's lease runs out")
                    .contains(now.plus(LEASE));

            store.release(A, "C1");
            assertThat(heads(other.claim(B, now, now.plus(LEASE), Set.of("C2"), 10))).containsExactly(m1);
            store.release(A, "C1"); // A no longer holds it: letting it go again changes nothing
            assertThat(store.claim(A, now, now.plus(LEASE), Set.of(), 10)).isEmpty();
        }
    }

    @Test
    void a_process_claims_only_the_channels_of_the_platforms_it_serves() {
        try (JdbcRunStore other = openStore()) {
            long r1 = aRun("C1");
            long r2 = aRun("discord:1100000000000000001");
            long m1 = enqueue(r1, "C1", MessageKind.HEADER_POST, 0);
            long n1 = enqueue(r2, "discord:1100000000000000001", MessageKind.HEADER_POST, 0);
            Instant now = clock.instant();
            Set<Platform> slack = EnumSet.of(Platform.SLACK);
            Set<Platform> discord = EnumSet.of(Platform.DISCORD);

            assertThat(store.nextClaimAt(A, Set.of("C1"), slack)).as("Discord's channel is not A's to wait for").isEmpty();
            assertThat(heads(store.claim(A, now, now.plus(LEASE), Set.of(), 10, slack))).containsExactly(m1);
            assertThat(store.claim(A, now, now.plus(LEASE), Set.of("C1"), 10, slack)).isEmpty();
            assertThat(heads(other.claim(B, now, now.plus(LEASE), Set.of(), 10, discord))).containsExactly(n1);
            assertThat(store.claim(A, now, now.plus(LEASE), Set.of(), 10, Set.of())).as("no platform, no claim").isEmpty();
            store.release(A, "C1");
            other.release(B, "discord:1100000000000000001");
            assertThat(heads(store.claim(A, now, now.plus(LEASE), Set.of(), 10, EnumSet.allOf(Platform.class))))
                    .containsExactly(m1, n1);
        }
    }

    @Test
    void a_claim_follows_each_channels_oldest_message_through_deliveries_retries_and_give_ups() {
        long r1 = aRun("C1");
        long m1 = enqueue(r1, "C1", MessageKind.HEADER_POST, 0);
        long m2 = enqueue(r1, "C1", MessageKind.STEP_POST, 1);
        long m3 = enqueue(r1, "C1", MessageKind.STEP_UPDATE, 1);
        long m4 = enqueue(r1, "C1", MessageKind.STEP_UPDATE, 1);
        Instant now = clock.instant();

        assertThat(heads(store.claim(A, now, now.plus(LEASE), Set.of(), 10))).containsExactly(m1);
        store.recordDelivery(m1, new PostedMessage("C1", "1.1", r1, 0), false, m1, now, new ChannelLease(A, now.plus(LEASE), null));
        store.release(A, "C1");
        assertThat(heads(store.claim(A, now, now.plus(LEASE), Set.of(), 10))).containsExactly(m2);
        store.abandon(m2, now, "refused");
        store.release(A, "C1");
        assertThat(heads(store.claim(A, now, now.plus(LEASE), Set.of(), 10))).containsExactly(m3);
        store.retryAt(m3, now.plusSeconds(30), "busy");
        store.release(A, "C1");
        assertThat(store.claim(A, now, now.plus(LEASE), Set.of(), 10)).as("m3 waits for its retry").isEmpty();
        assertThat(store.nextClaimAt(A, Set.of())).contains(now.plusSeconds(30));
        clock.advance(Duration.ofSeconds(30));
        now = clock.instant();
        assertThat(heads(store.claim(A, now, now.plus(LEASE), Set.of(), 10))).containsExactly(m3);
        store.recordDelivery(m3, null, true, m4, now, new ChannelLease(A, now.plus(LEASE), null));
        store.release(A, "C1");
        assertThat(store.claim(A, now, now.plus(LEASE), Set.of(), 10)).as("m4 coalesced with m3").isEmpty();
        assertThat(store.nextClaimAt(A, Set.of())).isEmpty();

        long m5 = enqueue(r1, "C1", MessageKind.HEADER_UPDATE, 0);
        assertThat(heads(store.claim(A, now, now.plus(LEASE), Set.of(), 10))).containsExactly(m5);
    }

    @Test
    void a_lease_that_is_not_renewed_runs_out_and_another_process_takes_the_channel_over_at_its_oldest_message() {
        try (JdbcRunStore other = openStore()) {
            long r1 = aRun("C1");
            long m1 = enqueue(r1, "C1", MessageKind.HEADER_POST, 0);
            enqueue(r1, "C1", MessageKind.STEP_POST, 1);
            Instant now = clock.instant();
            assertThat(heads(store.claim(A, now, now.plus(LEASE), Set.of(), 10))).containsExactly(m1);
            // A dies here, with m1 on its way: it is B's to send (a second time if A's post had gone out)

            clock.advance(LEASE.minusMillis(1));
            assertThat(other.claim(B, clock.instant(), clock.instant().plus(LEASE), Set.of(), 10)).isEmpty();
            clock.advance(Duration.ofMillis(1));
            assertThat(heads(other.claim(B, clock.instant(), clock.instant().plus(LEASE), Set.of(), 10)))
                    .containsExactly(m1);
            assertThat(store.renew(A, Set.of("C1"), clock.instant().plus(LEASE))).as("A's lease is gone").isEmpty();
            assertThat(other.renew(B, Set.of("C1"), clock.instant().plus(LEASE))).containsExactly("C1");
            clock.advance(LEASE.minusMillis(1));
            assertThat(store.claim(A, clock.instant(), clock.instant().plus(LEASE), Set.of(), 10))
                    .as("B renewed its lease").isEmpty();
        }
    }

    @Test
    void the_pace_recorded_with_a_delivery_holds_the_next_post_for_whichever_process_claims_next_but_not_an_update() {
        try (JdbcRunStore other = openStore()) {
            long r1 = aRun("C1");
            long m1 = enqueue(r1, "C1", MessageKind.HEADER_POST, 0);
            long m2 = enqueue(r1, "C1", MessageKind.STEP_POST, 1);
            long m3 = enqueue(r1, "C1", MessageKind.STEP_UPDATE, 1);
            Instant now = clock.instant();
            Instant nextPost = now.plusSeconds(1);
            assertThat(heads(store.claim(A, now, now.plus(LEASE), Set.of(), 10))).containsExactly(m1);
            store.recordDelivery(m1, new PostedMessage("C1", "1.1", r1, 0), false, m1, now,
                    new ChannelLease(A, now.plus(LEASE), nextPost));
            store.release(A, "C1");

            assertThat(other.claim(B, now, now.plus(LEASE), Set.of(), 10)).as("m2 is a post: the pace holds it").isEmpty();
            assertThat(other.nextClaimAt(B, Set.of())).contains(nextPost);
            clock.advance(Duration.ofSeconds(1));
            List<ChannelClaim> claimed = other.claim(B, clock.instant(), clock.instant().plus(LEASE), Set.of(), 10);
            assertThat(heads(claimed)).as("in order: m2 before m3").containsExactly(m2);
            assertThat(claimed.get(0).nextPostAt()).as("the pace comes with the claim").isEqualTo(nextPost);
            other.recordDelivery(m2, new PostedMessage("C1", "1.2", r1, 1), false, m2, clock.instant(),
                    new ChannelLease(B, clock.instant().plus(LEASE), clock.instant().plusSeconds(1)));
            other.release(B, "C1");

            assertThat(heads(store.claim(A, clock.instant(), clock.instant().plus(LEASE), Set.of(), 10)))
                    .as("an update is not paced").containsExactly(m3);
        }
    }

    @Test
    @Timeout(120)
    void two_processes_claiming_at_once_deliver_every_message_once_and_each_channel_in_order() throws Exception {
        int channels = 12;
        int perChannel = 6;
        Map<String, List<Long>> written = new ConcurrentHashMap<>();
        for (int c = 0; c < channels; c++) {
            String channel = "K" + c;
            long run = aRun(channel);
            for (int i = 0; i < perChannel; i++) {
                written.computeIfAbsent(channel, k -> Collections.synchronizedList(new ArrayList<>()))
                        .add(enqueue(run, channel, i % 2 == 0 ? MessageKind.STEP_NOTICE : MessageKind.STEP_UPDATE, i));
            }
        }
        Map<String, List<Long>> delivered = new ConcurrentHashMap<>();
        try (JdbcRunStore other = openStore()) {
            runConcurrently(4, t -> {
                JdbcRunStore mine = t % 2 == 0 ? store : other;
                String owner = "process-" + t;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (mine.undeliveredCount() > 0 && System.nanoTime() < deadline) {
                    Instant now = clock.instant();
                    for (ChannelClaim claim : mine.claim(owner, now, now.plus(LEASE), Set.of(), 3)) {
                        delivered.computeIfAbsent(claim.channel(), k -> Collections.synchronizedList(new ArrayList<>()))
                                .add(claim.head().id());
                        mine.recordDelivery(claim.head().id(), null, false, claim.head().id(), now,
                                new ChannelLease(owner, now.plus(LEASE), null));
                        mine.release(owner, claim.channel());
                    }
                }
            });
        }
        assertThat(store.undeliveredCount()).isZero();
        assertThat(delivered).as("every message once, each channel in the order written").isEqualTo(written);
    }

    private static boolean record(JdbcRunStore store, String eventId) {
        return store.write(tx -> tx.recordEventId(eventId));
    }

    @Test
    void the_hourly_clean_up_of_event_ids_runs_once_for_all_processes() {
        try (JdbcRunStore other = openStore()) {
            store.write(tx -> tx.recordEventId("first")); // the first write of the day: this process cleans up
            clock.advance(JdbcRunStore.SEEN_EVENTS_KEPT.plus(Duration.ofDays(1)).negated());
            assertThat(record(other, "old")).as("an id seen 8 days ago").isTrue();
            clock.advance(JdbcRunStore.SEEN_EVENTS_KEPT.plus(Duration.ofDays(1)).plus(Duration.ofMinutes(30)));

            assertThat(record(other, "old"))
                    .as("the other process does not clean up again 30 minutes after the first did").isFalse();
            clock.advance(Duration.ofMinutes(31));
            assertThat(record(store, "old")).as("an hour on, cleaned up once more").isTrue();
        }
    }

    // ---- the audit chain ----

    private static final dev.checklistbot.audit.ChainVerifier VERIFIER =
            new dev.checklistbot.audit.ChainVerifier(dev.checklistbot.audit.AuditChain.unkeyed(), false);

    private dev.checklistbot.audit.Verification verify(JdbcRunStore on, long runId) {
        return VERIFIER.verify(on.trail(runId).orElseThrow());
    }

    /** A statement on the raw database, as someone with write access to it (not through the bot). */
    private int tamper(String statement, Object... args) throws java.sql.SQLException {
        return store.withWriterConnection(c -> {
            try (java.sql.PreparedStatement s = c.prepareStatement(statement)) {
                for (int i = 0; i < args.length; i++) {
                    s.setObject(i + 1, args[i]);
                }
                return s.executeUpdate();
            }
        });
    }

    private long count(String query, Object... args) throws java.sql.SQLException {
        return store.withWriterConnection(c -> {
            try (java.sql.PreparedStatement s = c.prepareStatement(query)) {
                for (int i = 0; i < args.length; i++) {
                    s.setObject(i + 1, args[i]);
                }
                try (java.sql.ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /** A run with four events: started, step 1 done with a note, step 2 skipped, a note on step 3. */
    private long aRunWithFourEvents(RunService service) {
        long id = start(service, "C1");
        accept(service.handle(as("C1", "U2"), new RunCommand.Done(1, "stopped at 03:10")));
        accept(service.handle(as("C1", "U2"), new RunCommand.Skip(2, "no BAM")));
        accept(service.handle(as("C1", "U3"), new RunCommand.AddNote(3, "job queued")));
        return id;
    }

    @Test
    void every_event_is_chained_to_the_one_before_it_and_the_run_records_the_head() {
        long id = aRunWithFourEvents(Fixtures.service(store, clock, BACKUP));
        dev.checklistbot.audit.AuditTrail trail = store.trail(id).orElseThrow();

        assertThat(trail.chainFrom()).isEqualTo(1);
        assertThat(trail.events()).extracting(dev.checklistbot.audit.ChainedEvent::sequence)
                .containsExactly(1L, 2L, 3L, 4L);
        assertThat(trail.events().get(0).previousHash()).isNull();
        for (int i = 1; i < trail.events().size(); i++) {
            assertThat(trail.events().get(i).previousHash()).isEqualTo(trail.events().get(i - 1).hash());
        }
        assertThat(trail.events()).extracting(dev.checklistbot.audit.ChainedEvent::event).isEqualTo(events(id));
        assertThat(trail.recordedCount()).isEqualTo(4);
        assertThat(trail.recordedHead()).isEqualTo(trail.events().get(3).hash()).startsWith("sha256:");
        dev.checklistbot.audit.Verification verdict = verify(store, id);
        assertThat(verdict.ok()).as(verdict.describe()).isTrue();
        assertThat(verdict.head()).isEqualTo(trail.recordedHead());
        assertThat(store.trail(id + 1)).isEmpty();
        assertThat(store.runIds()).containsExactly(id);
    }

    @Test
    void a_keyed_store_writes_a_chain_only_its_key_verifies() {
        dev.checklistbot.audit.AuditChain key = dev.checklistbot.audit.AuditChain.keyed("a key of thirty-two characters!!");
        store.close();
        store = null;
        try (JdbcRunStore keyed = new JdbcRunStore(openDatabase(), clock, JdbcRunStore.DEFAULT_WRITE_DEADLINE, key)) {
            long id = start(Fixtures.service(keyed, clock, BACKUP), "C1");
            dev.checklistbot.audit.AuditTrail trail = keyed.trail(id).orElseThrow();
            assertThat(trail.recordedHead()).startsWith("hmac-sha256:" + key.keyId() + ":");
            assertThat(new dev.checklistbot.audit.ChainVerifier(key, true).verify(trail).ok()).isTrue();
            assertThat(VERIFIER.verify(trail).needsKey()).isTrue();
        }
    }

    @Test
    void a_changed_a_removed_and_a_reordered_event_and_a_truncated_end_are_each_named() throws Exception {
        RunService service = Fixtures.service(store, clock, BACKUP);
        long changed = aRunWithFourEvents(service);
        abort(service, "C1");
        long removed = aRunWithFourEvents(service);
        abort(service, "C1");
        long reordered = aRunWithFourEvents(service);
        abort(service, "C1");
        long truncated = aRunWithFourEvents(service);
        abort(service, "C1");
        long untouched = aRunWithFourEvents(service);

        tamper("UPDATE run_events SET text = 'stopped at 02:10' WHERE run_id = ? AND seq = 2", changed);
        tamper("DELETE FROM run_events WHERE run_id = ? AND seq = 3", removed);
        // swap what two rows hold (their ids are the trail's order)
        tamper("UPDATE run_events SET seq = -seq WHERE run_id = ? AND seq IN (3, 4)", reordered);
        tamper("UPDATE run_events SET id = id + 1000000 WHERE run_id = ? AND seq = -3", reordered);
        tamper("UPDATE run_events SET id = id - 1 WHERE run_id = ? AND seq = -4", reordered);
        tamper("UPDATE run_events SET id = id - 1000000 + 1 WHERE run_id = ? AND seq = -3", reordered);
        tamper("UPDATE run_events SET seq = -seq WHERE run_id = ? AND seq < 0", reordered);
        tamper("DELETE FROM run_events WHERE run_id = ? AND seq = 5", truncated);

        assertThat(verify(store, changed).problem()).startsWith("event 2 (STEP_DONE step 1 at ").contains("was changed");
        assertThat(verify(store, removed).problem()).isEqualTo(
                "event 3 was removed: the trail goes from event 2 to event 4");
        assertThat(verify(store, reordered).problem()).isEqualTo(
                "event 3 is out of order: it comes after event 4 (events were reordered)");
        assertThat(verify(store, truncated).problem()).isEqualTo(
                "the trail ends at event 4 but the run records 5 events: event 5 was removed from the end");
        assertThat(verify(store, untouched).ok()).isTrue();
    }

    @Test
    @Timeout(120)
    void two_processes_appending_to_one_run_extend_one_chain() throws Exception {
        long id = store.write(tx -> tx.insertRun(Fixtures.newRun(BACKUP, "C1", T0)));
        int perThread = 15;
        try (JdbcRunStore other = openStore()) {
            JdbcRunStore[] processes = {store, other};
            // no read of the run first: the append alone must serialize on the run's head
            runConcurrently(4, thread -> {
                JdbcRunStore mine = processes[thread % 2];
                for (int i = 0; i < perThread; i++) {
                    RunEvent event = new RunEvent(id, T0.plusSeconds(i), Actor.of("U" + thread), RunEvent.Type.NOTE_ADDED,
                            1, "note " + thread + "." + i, null);
                    for (int attempt = 0; ; attempt++) {
                        try {
                            mine.write(tx -> {
                                tx.appendEvent(event);
                                return null;
                            });
                            break;
                        } catch (dev.checklistbot.run.StoreUnavailableException busy) {
                            if (attempt > 20) {
                                throw busy;
                            }
                        }
                    }
                }
            });
            dev.checklistbot.audit.Verification verdict = verify(other, id);
            assertThat(verdict.ok()).as(verdict.describe()).isTrue();
            assertThat(verdict.events()).isEqualTo(4L * perThread);
        }
    }

    // ---- retention ----

    @Test
    void delivered_outbox_messages_are_deleted_after_the_retention_once_for_all_processes() throws Exception {
        long run = aRun("C1");
        long delivered = enqueue(run, "C1", MessageKind.HEADER_POST, 0);
        long given = enqueue(run, "C1", MessageKind.STEP_POST, 1);
        long waiting = enqueue(run, "C1", MessageKind.STEP_POST, 2);
        store.delivered(delivered, clock.instant());
        store.abandon(given, clock.instant(), "channel_not_found");
        clock.advance(Duration.ofDays(6));
        long recent = enqueue(run, "C1", MessageKind.HEADER_UPDATE, 0);
        store.delivered(recent, clock.instant());

        assertThat(store.housekeeping(Duration.ofDays(7)).outboxMessages()).as("nothing is a week old yet").isZero();
        clock.advance(Duration.ofDays(1).plusHours(1));
        try (JdbcRunStore other = openStore()) {
            assertThat(other.housekeeping(Duration.ofDays(7)).outboxMessages()).isEqualTo(2);
            assertThat(store.housekeeping(Duration.ofDays(7)).outboxMessages())
                    .as("the job ran for all processes within the hour").isZero();
        }
        assertThat(count("SELECT COUNT(*) FROM outbox WHERE id IN (?, ?)", delivered, given)).isZero();
        assertThat(count("SELECT COUNT(*) FROM outbox WHERE id IN (?, ?)", waiting, recent))
                .as("undelivered, and delivered within the week: kept").isEqualTo(2);
        assertThat(store.undeliveredCount()).isEqualTo(1);
    }

    @Test
    void steady_use_keeps_the_outbox_to_the_retention_window() throws Exception {
        long run = aRun("C1");
        for (int day = 0; day < 20; day++) {
            for (int i = 0; i < 5; i++) {
                store.delivered(enqueue(run, "C1", MessageKind.HEADER_UPDATE, 0), clock.instant());
            }
            clock.advance(Duration.ofDays(1));
            store.housekeeping(Duration.ofDays(3));
        }
        assertThat(count("SELECT COUNT(*) FROM outbox")).as("three days of messages, not twenty").isEqualTo(15);
    }

    @Test
    void pruning_old_runs_removes_them_whole_and_keeps_the_others_verifiable() throws Exception {
        RunService service = Fixtures.service(store, clock, BACKUP);
        long old = aRunWithFourEvents(service);
        abort(service, "C1");
        enqueue(old, "C1", MessageKind.HEADER_UPDATE, 0);
        store.save(new PostedMessage("C1", "1.1", old, 0));
        clock.advance(Duration.ofDays(401));
        long recent = aRunWithFourEvents(service);
        abort(service, "C1");
        long active = start(service, "C2");
        Instant cutoff = clock.instant().minus(Duration.ofDays(400));

        Retention.PrunedRuns dry = store.pruneRuns(cutoff, true);
        assertThat(dry.runs()).isEqualTo(1);
        assertThat(dry.events()).as("four and the abort").isEqualTo(5);
        assertThat(dry.postedMessages()).isEqualTo(1);
        assertThat(dry.keptRuns()).isEqualTo(2);
        assertThat(store.runIds()).as("a dry run removes nothing").containsExactly(old, recent, active);

        Retention.PrunedRuns done = store.pruneRuns(cutoff, false);
        assertThat(done).isEqualTo(dry);
        assertThat(store.runIds()).containsExactly(recent, active);
        assertThat(events(old)).isEmpty();
        assertThat(count("SELECT COUNT(*) FROM outbox WHERE run_id = ?", old)).isZero();
        assertThat(store.find(old, 0)).isEmpty();
        assertThat(verify(store, recent).ok()).isTrue();
        assertThat(verify(store, active).ok()).isTrue();
    }

    // ---- posted messages ----

    @Test
    void a_posted_message_is_found_both_ways_and_a_repost_replaces_it() {
        long r1 = aRun("C1");
        store.save(new PostedMessage("C1", "111.1", r1, 0));
        store.save(new PostedMessage("C1", "111.2", r1, 1));

        assertThat(store.find("C1", "111.2")).contains(new PostedMessage("C1", "111.2", r1, 1));
        assertThat(store.find(r1, 0)).contains(new PostedMessage("C1", "111.1", r1, 0));
        assertThat(store.find("C2", "111.2")).isEmpty();
        assertThat(store.find(r1, 2)).isEmpty();

        store.save(new PostedMessage("C1", "222.2", r1, 1));
        assertThat(store.find(r1, 1)).contains(new PostedMessage("C1", "222.2", r1, 1));
        assertThat(store.find("C1", "111.2")).isEmpty();
    }

    // ---- helpers ----

    // ---- timers and schedules (issue 14): durable, applied once across restarts and processes ----

    private static final dev.checklistbot.checklist.Checklist TIMED = new dev.checklistbot.checklist.Checklist("timed",
            "Timed", null, null, dev.checklistbot.checklist.Mode.PARALLEL, null, List.of(
            new dev.checklistbot.checklist.Step("Stop the hosts", null, List.of(), false, 1, null, null, null,
                    Duration.ofMinutes(15), false),
            dev.checklistbot.checklist.Step.of("Back up")));
    private static final dev.checklistbot.checklist.Checklist WEEKLY = new dev.checklistbot.checklist.Checklist(
            "weekly", "Weekly check", null, null, dev.checklistbot.checklist.Mode.SEQUENTIAL, null,
            List.of(dev.checklistbot.checklist.Step.of("Check")), List.of(),
            dev.checklistbot.checklist.Permissions.DEFAULT,
            new dev.checklistbot.checklist.Schedule("0 * * * *", java.time.ZoneId.of("UTC"), "CW"));

    private List<dev.checklistbot.run.Timer> due(Instant at, int limit) {
        return store.read(r -> r.dueTimers(at, limit));
    }

    private boolean claim(String checklistId, Instant previous, Instant at) {
        return store.write(tx -> tx.claimSchedule(checklistId, previous, at));
    }

    private Optional<Instant> firedAt(String checklistId) {
        return store.read(r -> r.scheduleFiredAt(checklistId));
    }

    private static int applyDue(JdbcRunStore on, RunService service, Instant now) {
        int nudged = 0;
        for (dev.checklistbot.run.Timer timer : on.read(r -> r.dueTimers(now, 100))) {
            nudged += service.nudge(timer) ? 1 : 0;
        }
        return nudged;
    }

    /** The outbox messages that nudge, delivered or not. */
    private List<PendingMessage> nudgeMessages() {
        return drain().stream().filter(m -> m.message().event() != null
                && m.message().event().type() == RunEvent.Type.STEP_NUDGED).toList();
    }

    @Test
    void timers_are_kept_per_run_and_found_by_due_time_earliest_first() {
        long one = aRun("C1");
        long two = aRun("C2");
        dev.checklistbot.run.Timer.Kind nudge = dev.checklistbot.run.Timer.Kind.NUDGE;
        store.write(tx -> {
            tx.replaceTimers(one, List.of(new dev.checklistbot.run.Timer(one, 1, T0.plusSeconds(60), nudge),
                    new dev.checklistbot.run.Timer(one, 2, T0.plusSeconds(600), nudge)));
            tx.replaceTimers(two, List.of(new dev.checklistbot.run.Timer(two, 3, T0.plusSeconds(30), nudge)));
            return null;
        });

        assertThat(due(T0, 10)).isEmpty();
        assertThat(due(T0.plusSeconds(60), 10))
                .extracting(dev.checklistbot.run.Timer::runId, dev.checklistbot.run.Timer::step)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(two, 3), org.assertj.core.groups.Tuple.tuple(one, 1));
        assertThat(due(T0.plusSeconds(3600), 1)).hasSize(1);

        store.write(tx -> {
            tx.replaceTimers(one, List.of());
            return null;
        });
        restart();
        assertThat(due(T0.plusSeconds(3600), 10))
                .extracting(dev.checklistbot.run.Timer::runId).containsExactly(two);
    }

    @Test
    void a_schedule_time_is_claimed_once() {
        Instant first = T0;
        Instant next = T0.plusSeconds(3600);
        assertThat(firedAt("weekly")).isEmpty();
        assertThat(claim("weekly", null, first)).isTrue();
        assertThat(claim("weekly", null, first)).as("already seen").isFalse();
        assertThat(claim("weekly", first, next)).isTrue();
        assertThat(claim("weekly", first, next)).as("claimed already").isFalse();
        restart();
        assertThat(firedAt("weekly")).contains(next);
    }

    @Test
    void a_nudge_due_after_a_restart_is_sent_once_and_never_again() {
        RunService before = Fixtures.service(store, clock, TIMED);
        long id = accept(before.handle(as("C1", "U1"), new RunCommand.Start("timed", null))).run().id();
        accept(before.handle(as("C1", "U2"), new RunCommand.Claim(1)));
        clock.advance(Duration.ofMinutes(5));
        restart(); // the process stops before the step is due...

        clock.advance(Duration.ofMinutes(11)); // ...and starts again after
        RunService after = Fixtures.service(store, clock, TIMED);
        assertThat(applyDue(store, after, clock.instant())).isEqualTo(1);
        restart();
        clock.advance(Duration.ofHours(1));
        assertThat(applyDue(store, Fixtures.service(store, clock, TIMED), clock.instant())).isZero();

        assertThat(events(id)).filteredOn(e -> e.type() == RunEvent.Type.STEP_NUDGED).singleElement()
                .satisfies(e -> assertThat(e.other().id()).isEqualTo("U2"));
        assertThat(nudgeMessages()).hasSize(1);
        assertThat(runById(id).orElseThrow().step(1).nudgedAt()).isNotNull();
    }

    @Test
    @Timeout(60)
    void two_processes_racing_for_one_nudge_send_one() throws Exception {
        try (JdbcRunStore second = openStore()) {
            RunService one = Fixtures.service(store, clock, TIMED);
            RunService two = Fixtures.service(second, clock, TIMED);
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                ids.add(accept(one.handle(as("C" + i, "U1"), new RunCommand.Start("timed", null))).run().id());
            }
            clock.advance(Duration.ofMinutes(16));
            AtomicInteger nudged = new AtomicInteger();

            runConcurrently(4, t -> nudged.addAndGet(t % 2 == 0 ? applyDue(store, one, clock.instant())
                    : applyDue(second, two, clock.instant())));

            assertThat(nudged).hasValue(10);
            for (long id : ids) {
                assertThat(events(id)).filteredOn(e -> e.type() == RunEvent.Type.STEP_NUDGED).hasSize(1);
            }
            assertThat(nudgeMessages()).hasSize(10);
            assertThat(due(clock.instant().plusSeconds(86_400), 100)).isEmpty();
        }
    }

    @Test
    @Timeout(60)
    void two_processes_at_a_schedule_s_time_start_one_run() throws Exception {
        try (JdbcRunStore second = openStore()) {
            RunService one = Fixtures.service(store, clock, WEEKLY);
            RunService two = Fixtures.service(second, clock, WEEKLY);
            assertThat(one.startScheduled(WEEKLY)).as("first sight").isNull();
            clock.advance(Duration.ofHours(1));
            List<Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());

            runConcurrently(4, t -> outcomes.add((t % 2 == 0 ? one : two).startScheduled(WEEKLY)));

            assertThat(outcomes).filteredOn(o -> o != null).singleElement().satisfies(o -> assertThat(o.accepted()).isTrue());
            assertThat(allRuns(false, 10)).hasSize(1);
        }
    }

    private long start(RunService service, String channel) {
        return accept(service.handle(as(channel, "U1"), new RunCommand.Start("backup", null))).run().id();
    }

    private void abort(RunService service, String channel) {
        accept(service.handle(as(channel, "U1"), new RunCommand.Abort("test")));
    }

    private static Outcome accept(Outcome outcome) {
        assertThat(outcome.accepted()).as("%s", outcome.reply()).isTrue();
        return outcome;
    }

    private static List<Long> ids(List<Run> runs) {
        return runs.stream().map(Run::id).toList();
    }

    interface Body {
        void run(int thread) throws Exception;
    }

    /** Runs the body on n threads released at once; rethrows the first failure. */
    static void runConcurrently(int n, Body body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < n; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    await(go);
                    body.run(thread);
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> future : futures) {
                future.get(100, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("timed out waiting");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void a_persons_name_is_remembered_replaced_and_kept_across_a_restart() {
        assertThat(store.person("U1")).isEmpty();
        store.remember(new dev.checklistbot.run.PeopleDirectory.Person("U1", "Ada", T0));
        store.remember(new dev.checklistbot.run.PeopleDirectory.Person("discord:42", "Grace <b>", T0));
        store.remember(new dev.checklistbot.run.PeopleDirectory.Person("U1", "Ada Lovelace", T0.plusSeconds(60)));
        restart();
        assertThat(store.person("U1")).contains(
                new dev.checklistbot.run.PeopleDirectory.Person("U1", "Ada Lovelace", T0.plusSeconds(60)));
        assertThat(store.displayNames(List.of("U1", "discord:42", "U2")))
                .isEqualTo(Map.of("U1", "Ada Lovelace", "discord:42", "Grace <b>"));
        assertThat(store.displayNames(List.of())).isEmpty();
    }

    @Test
    void a_name_is_cut_to_eighty_characters_and_loses_its_control_characters() {
        store.remember(new dev.checklistbot.run.PeopleDirectory.Person("U1", "x".repeat(500) + "\n", T0));
        store.remember(new dev.checklistbot.run.PeopleDirectory.Person("U2", " a\u0000b\n ", T0));
        assertThat(store.person("U1").orElseThrow().displayName()).isEqualTo("x".repeat(80));
        assertThat(store.person("U2").orElseThrow().displayName()).isEqualTo("a b");
    }

    private static void report(String what, int commands, long startedNanos) {
        double seconds = (System.nanoTime() - startedNanos) / 1e9;
        System.out.printf("%s: %d commands in %.2f s = %.0f commands/s%n", what, commands, seconds, commands / seconds);
    }
}
