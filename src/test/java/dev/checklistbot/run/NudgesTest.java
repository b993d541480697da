package dev.checklistbot.run;

import dev.checklistbot.checklist.Checklist;
import dev.checklistbot.checklist.ChecklistCatalog;
import dev.checklistbot.checklist.EvidenceRule;
import dev.checklistbot.checklist.Mode;
import dev.checklistbot.checklist.Step;
import dev.checklistbot.testing.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Expected times and nudges: the rules, on the in-memory store with a clock the test moves. */
class NudgesTest {
    static final String CHANNEL = "C1";
    static final Actor ALICE = new Actor("U1", "alice");
    static final Actor BOB = new Actor("U2", "bob");
    static final Instant T0 = Instant.parse("2026-11-26T03:00:00Z");

    static Step expected(String text, Duration expected) {
        return new Step(text, null, List.of(), false, 1, null, EvidenceRule.NONE, null, expected, false);
    }

    static final Checklist TIMED = new Checklist("timed", "Timed", null, null, Mode.SEQUENTIAL, null, List.of(
            expected("Stop the hosts", Duration.ofMinutes(15)), Step.of("Back up"),
            expected("Verify", Duration.ofMinutes(10))));
    static final Checklist PARALLEL = new Checklist("par", "Parallel", null, null, Mode.PARALLEL, null, List.of(
            expected("A", Duration.ofMinutes(5)), expected("B", Duration.ofMinutes(20)), Step.of("C")));

    InMemoryRunStore store;
    MutableClock clock;
    RunService service;

    @BeforeEach
    void setUp() {
        store = new InMemoryRunStore();
        clock = new MutableClock(T0);
        service = service(RunSettings.defaults());
    }

    RunService service(RunSettings settings) {
        return new RunService(store, new ChecklistCatalog(List.of(TIMED, PARALLEL)), clock, settings);
    }

    Outcome as(Actor actor, RunCommand command) {
        return service.handle(CommandContext.of(CHANNEL, actor), command);
    }

    Run run() {
        return store.read(r -> r.lastRun(CHANNEL)).orElseThrow();
    }

    /** What the scheduler does: every due timer applied; returns how many nudged. */
    int applyDue() {
        List<Timer> due = store.read(r -> r.dueTimers(clock.instant(), 100));
        return (int) due.stream().filter(service::nudge).count();
    }

    List<OutboxMessage> nudges() {
        return store.outbox().stream().filter(m -> m.event() != null && m.event().type() == RunEvent.Type.STEP_NUDGED)
                .toList();
    }

    @Test
    void opening_a_step_with_an_expected_time_writes_its_timer_and_finishing_it_removes_it() {
        as(ALICE, new RunCommand.Start("timed", null));
        assertThat(store.timers()).containsExactly(
                new Timer(run().id(), 1, T0.plus(Duration.ofMinutes(15)), Timer.Kind.NUDGE));

        clock.advance(Duration.ofMinutes(3));
        as(ALICE, new RunCommand.Done(null, null));

        assertThat(store.timers()).as("step 2 has no expected time and there is no default").isEmpty();
    }

    @Test
    void a_step_open_past_its_expected_time_gets_one_nudge_in_its_thread_mentioning_its_claimer() {
        as(ALICE, new RunCommand.Start("timed", null));
        as(BOB, new RunCommand.Claim(null));
        store.clearOutbox();

        clock.advance(Duration.ofMinutes(14));
        assertThat(applyDue()).as("not due yet").isZero();
        clock.advance(Duration.ofMinutes(2));
        assertThat(applyDue()).isEqualTo(1);
        clock.advance(Duration.ofMinutes(30));
        assertThat(applyDue()).as("never a second time").isZero();

        assertThat(nudges()).hasSize(1);
        OutboxMessage nudge = nudges().get(0);
        assertThat(nudge.kind()).isEqualTo(MessageKind.STEP_NOTICE);
        assertThat(nudge.step()).isEqualTo(1);
        assertThat(nudge.event().other()).isEqualTo(BOB);
        assertThat(nudge.event().actor()).isEqualTo(SystemActor.BOT);
        assertThat(nudge.event().text()).isEqualTo("15m");
        assertThat(run().step(1).nudgedAt()).isEqualTo(T0.plus(Duration.ofMinutes(16)));
        assertThat(store.allEvents()).filteredOn(e -> e.type() == RunEvent.Type.STEP_NUDGED).hasSize(1);
        assertThat(store.timers()).isEmpty();
    }

    @Test
    void an_assigned_step_mentions_its_assignee_and_an_unclaimed_one_mentions_nobody() {
        as(ALICE, new RunCommand.Start("par", null));
        as(ALICE, new RunCommand.Assign(2, BOB));

        clock.advance(Duration.ofMinutes(25));
        assertThat(applyDue()).isEqualTo(2);

        assertThat(nudges()).extracting(m -> m.step(), m -> m.event().other())
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(1, null),
                        org.assertj.core.groups.Tuple.tuple(2, BOB));
    }

    @Test
    void a_step_finished_before_its_time_is_never_nudged() {
        as(ALICE, new RunCommand.Start("timed", null));
        clock.advance(Duration.ofMinutes(10));
        as(ALICE, new RunCommand.Done(null, null));
        clock.advance(Duration.ofHours(2));

        assertThat(applyDue()).isZero();
        assertThat(nudges()).isEmpty();
    }

    @Test
    void a_leftover_timer_of_a_finished_step_changes_nothing_and_goes() {
        as(ALICE, new RunCommand.Start("timed", null));
        Timer stale = store.timers().get(0);
        clock.advance(Duration.ofMinutes(5));
        as(ALICE, new RunCommand.Done(null, null));
        store.write(tx -> {
            tx.replaceTimers(stale.runId(), List.of(stale));
            return null;
        });
        clock.advance(Duration.ofMinutes(20));

        assertThat(service.nudge(stale)).isFalse();
        assertThat(nudges()).isEmpty();
        assertThat(store.timers()).isEmpty();
    }

    @Test
    void the_run_wide_default_nudges_steps_without_an_expected_time() {
        service = service(RunSettings.defaults().withNudgeAfter(Duration.ofMinutes(30)));
        as(ALICE, new RunCommand.Start("timed", null));
        as(ALICE, new RunCommand.Done(null, null)); // step 2: no expected time of its own
        assertThat(store.timers()).extracting(Timer::step, Timer::dueAt)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(2, T0.plus(Duration.ofMinutes(30))));

        clock.advance(Duration.ofMinutes(31));
        assertThat(applyDue()).isEqualTo(1);
        assertThat(nudges().get(0).event().text()).isEqualTo("30m");
    }

    @Test
    void an_aborted_run_has_no_timers_left() {
        as(ALICE, new RunCommand.Start("par", null));
        assertThat(store.timers()).hasSize(2);
        as(ALICE, new RunCommand.Abort("not needed"));

        assertThat(store.timers()).isEmpty();
    }

    @Test
    void a_step_reopened_by_undo_before_its_nudge_gets_its_timer_back() {
        as(ALICE, new RunCommand.Start("timed", null));
        as(ALICE, new RunCommand.Done(null, null));
        assertThat(store.timers()).isEmpty();
        as(ALICE, new RunCommand.Undo(null));

        assertThat(store.timers()).extracting(Timer::step).containsExactly(1);
    }

    @Test
    void two_services_on_one_store_nudge_once() {
        as(ALICE, new RunCommand.Start("timed", null));
        RunService other = service(RunSettings.defaults());
        clock.advance(Duration.ofMinutes(16));
        Timer due = store.timers().get(0);

        assertThat(service.nudge(due)).isTrue();
        assertThat(other.nudge(due)).isFalse();
        assertThat(nudges()).hasSize(1);
    }
}
