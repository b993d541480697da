package dev.checklistbot.store;

import dev.checklistbot.checklist.Checklist;
import dev.checklistbot.checklist.Condition;
import dev.checklistbot.checklist.EvidenceRule;
import dev.checklistbot.checklist.Permission;
import dev.checklistbot.checklist.Permissions;
import dev.checklistbot.checklist.Question;
import dev.checklistbot.checklist.Schedule;
import dev.checklistbot.checklist.Link;
import dev.checklistbot.checklist.Mode;
import dev.checklistbot.checklist.Step;
import dev.checklistbot.run.Actor;
import dev.checklistbot.run.Confirmation;
import dev.checklistbot.run.Note;
import dev.checklistbot.run.Run;
import dev.checklistbot.run.RunEvent;
import dev.checklistbot.run.RunStatus;
import dev.checklistbot.run.StepState;
import dev.checklistbot.run.StepStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunJsonTest {
    private final RunJson json = new RunJson();

    private static final Instant NANOS = Instant.parse("2026-03-01T10:15:30.123456789Z");
    private static final Instant WHOLE = Instant.parse("2026-03-01T11:00:00Z");

    static Run everything() {
        Checklist checklist = new Checklist("restore", "Restore BizTalk Server", "Recover \"everything\" <!channel>",
                "https://example.com/src", Mode.PARALLEL, "C-SUM", List.of(
                new Step("Restore the databases", "**bold** & <tags>", List.of(new Link("How to", "https://e.com/a?x=1&y=2"),
                        new Link("Ünïcødé ✅", "https://e.com/b")), false, 2),
                new Step("If you use BAM, restore BAM", null, List.of(), true, 1),
                Step.of("Start the hosts")));
        Actor ann = new Actor("U1", "Ann");
        Actor bo = new Actor("U2", "Bo O'Neil");
        List<StepState> steps = List.of(
                new StepState(1, checklist.step(1), StepStatus.DONE, bo, NANOS, true,
                        List.of(new Confirmation(ann, NANOS.plusNanos(1)), new Confirmation(bo, WHOLE)), ann, WHOLE, 2,
                        null, List.of(new Note(ann, NANOS, "line one\nline two"), new Note(bo, WHOLE, "✅ done"))),
                new StepState(2, checklist.step(2), StepStatus.SKIPPED, null, NANOS, true, List.of(), bo,
                        NANOS.plusMillis(5), 1, "no BAM", List.of()),
                new StepState(3, checklist.step(3), StepStatus.CLAIMED, ann, null, false, List.of(), null, null, 0, null,
                        List.of()));
        return new Run(42, "C0123", checklist, "Tonight's restore", ann, NANOS, RunStatus.ABORTED, WHOLE.plusNanos(7),
                "hardware failed", steps);
    }

    @Test
    void a_checklist_with_questions_evidence_expected_permissions_and_schedule_round_trips() {
        Run base = everything();
        Checklist checklist = new Checklist("restore", "Restore", null, null, Mode.SEQUENTIAL, null, List.of(
                new Step("Restore", null, List.of(), false, 1, null, EvidenceRule.REQUIRED, "Path and size",
                        Duration.ofMinutes(15), true),
                new Step("BAM", null, List.of(), false, 1, new Condition("bam", false), EvidenceRule.NONE, null, null,
                        false)),
                List.of(new Question("bam", "Using BAM?")),
                new Permissions(Permission.OWNER, Permission.users(List.of("U1", "discord:42"))),
                new Schedule("0 2 * * 1", ZoneId.of("Europe/Paris"), "C0123"));
        List<StepState> steps = List.of(StepState.fresh(1, checklist.step(1)), StepState.fresh(2, checklist.step(2)));
        Run run = new Run(7, "C0123", checklist, "t", base.startedBy(), NANOS, RunStatus.ACTIVE, null, null, steps);

        assertThat(json.run(new RunJson().write(run), 7)).isEqualTo(run);
    }

    @Test
    void answers_evidence_and_a_not_applicable_step_round_trip_and_older_states_read_without_them() {
        Run base = everything();
        Checklist checklist = new Checklist("restore", "Restore", null, null, Mode.SEQUENTIAL, null, List.of(
                new Step("Restore", null, List.of(), false, 1, null, EvidenceRule.REQUIRED, "Path", null, false),
                new Step("BAM", null, List.of(), false, 1, new Condition("bam", true), EvidenceRule.NONE, null, null,
                        false)),
                List.of(new Question("bam", "Using BAM?")), null, null);
        Actor ann = base.startedBy();
        List<StepState> steps = List.of(
                new StepState(1, checklist.step(1), StepStatus.DONE, null, NANOS, true, List.of(new Confirmation(ann, WHOLE)),
                        ann, WHOLE, 1, null, List.of(), null, List.of(new dev.checklistbot.run.Evidence(ann, WHOLE, "a.bak"),
                        new dev.checklistbot.run.Evidence(ann, NANOS, "b.bak, not a.bak"))),
                new StepState(2, checklist.step(2), StepStatus.NOT_APPLICABLE, null, WHOLE, true, List.of(), null, WHOLE,
                        0, null, List.of()));
        Run run = new Run(8, "C0123", checklist, "t", ann, NANOS, RunStatus.COMPLETED, WHOLE, null, steps,
                List.of(new dev.checklistbot.run.Answer("bam", false, ann, NANOS)));

        assertThat(new RunJson().run(new RunJson().write(run), 8)).isEqualTo(run);
        String older = new RunJson().write(base).replace(",\"answers\":[]", "").replace(",\"evidence\":[]", "");
        assertThat(older).doesNotContain("answers").doesNotContain("\"evidence\":[");
        assertThat(new RunJson().run(older, 42)).isEqualTo(base);
    }

    @Test
    void a_run_round_trips_exactly() {
        Run run = everything();
        String text = json.write(run);

        assertThat(json.run(text, 42)).isEqualTo(run);
        assertThat(text).contains("\"2026-03-01T10:15:30.123456789Z\"").contains("\"PARALLEL\"");
        // only the record components are written, not derived accessors such as active() or mode()
        assertThat(text).doesNotContain("\"active\"").doesNotContain("\"finishedCount\"").doesNotContain("\"open\"");
    }

    @Test
    void each_step_is_written_once_in_the_checklist_copy_and_read_back_into_its_state() {
        Run run = everything();
        String text = json.write(run);

        assertThat(text.split("Restore the databases", -1)).hasSize(2);
        assertThat(new RunJson().run(text, 42)).isEqualTo(run);
        assertThat(new RunJson().run(text, 42).step(2).step().optional()).isTrue();
    }

    @Test
    void a_state_written_with_each_steps_copy_still_reads() {
        Run run = everything();
        String text = json.write(run);
        // The form older versions wrote: every step state carried its own copy of the step.
        String old = text;
        for (StepState state : run.steps()) {
            old = old.replace("{\"number\":" + state.number() + ",",
                    "{\"number\":" + state.number() + ",\"step\":" + json.write(state.step()) + ",");
        }
        assertThat(old).isNotEqualTo(text);

        assertThat(new RunJson().run(old, 42)).isEqualTo(run);
    }

    @Test
    void a_fresh_run_with_null_fields_round_trips_exactly() {
        Run run = Fixtures.newRun(Fixtures.BACKUP, "C1", Fixtures.T0);
        assertThat(json.run(json.write(run), 0)).isEqualTo(run);
    }

    @Test
    void an_event_round_trips_exactly() {
        RunEvent event = new RunEvent(7, NANOS, new Actor("U1", "Ann"), RunEvent.Type.STEP_CONFIRMED, 3, "note",
                new Actor("U2", "Bo"));
        assertThat(json.event(json.write(event), 1)).isEqualTo(event);
        assertThat(json.event(null, 1)).isNull();
    }

    @Test
    void a_state_that_does_not_parse_is_reported_with_its_run() {
        assertThatThrownBy(() -> json.run("{\"id\": 1, \"steps\": ", 9))
                .isInstanceOf(StoreException.class).hasMessageContaining("run 9");
    }
}
