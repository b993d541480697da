package dev.checklistbot.render;

import dev.checklistbot.checklist.Checklist;
import dev.checklistbot.checklist.EvidenceRule;
import dev.checklistbot.checklist.Mode;
import dev.checklistbot.checklist.Step;
import dev.checklistbot.run.Actor;
import dev.checklistbot.run.Confirmation;
import dev.checklistbot.run.Run;
import dev.checklistbot.run.RunEvent;
import dev.checklistbot.run.RunStatus;
import dev.checklistbot.run.StepState;
import dev.checklistbot.run.StepStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Expected against actual in the summary (chat, Markdown, JSON), and the words of a nudge. */
class ExpectedTimesTest {
    static final Instant T0 = Instant.parse("2026-12-07T02:00:00Z");
    static final Actor ANN = new Actor("U1", "ann");

    static Run run() {
        Step slow = new Step("Restore the databases", null, List.of(), false, 1, null, EvidenceRule.NONE, null,
                Duration.ofMinutes(15), false);
        Step quick = new Step("Verify", null, List.of(), false, 1, null, EvidenceRule.NONE, null,
                Duration.ofMinutes(10), false);
        Checklist checklist = new Checklist("restore", "Restore", null, null, Mode.SEQUENTIAL, null,
                List.of(slow, quick, Step.of("Tell the team")));
        Instant end1 = T0.plus(Duration.ofMinutes(22));
        Instant end2 = end1.plus(Duration.ofMinutes(7));
        return new Run(1, "C1", checklist, "Restore", ANN, T0, RunStatus.COMPLETED, end2.plusSeconds(60), null, List.of(
                new StepState(1, slow, StepStatus.DONE, null, T0, true, List.of(new Confirmation(ANN, end1)), ANN, end1,
                        1, null, List.of(), T0.plus(Duration.ofMinutes(16)), List.of()),
                new StepState(2, quick, StepStatus.DONE, null, end1, true, List.of(new Confirmation(ANN, end2)), ANN,
                        end2, 2, null, List.of()),
                new StepState(3, checklist.step(3), StepStatus.DONE, null, end2, true,
                        List.of(new Confirmation(ANN, end2.plusSeconds(60))), ANN, end2.plusSeconds(60), 3, null,
                        List.of())));
    }

    @Test
    void the_summary_shows_each_step_s_time_against_its_expected_time() {
        Summary summary = Summary.of(run(), T0.plus(Duration.ofHours(1)));

        assertThat(summary.steps()).extracting(Summary.StepLine::took).containsExactly(
                "22m 00s (expected 15m 00s, +7m 00s)", "7m 00s (expected 10m 00s, -3m 00s)", "1m 00s");
        assertThat(Wording.summaryLines(summary.steps().get(0)).get(0).plain())
                .endsWith("· took 22m 00s (expected 15m 00s, +7m 00s)");
        SummaryRenderer renderer = new SummaryRenderer();
        assertThat(renderer.markdown(summary)).contains("| 22m 00s (expected 15m 00s, +7m 00s) |");
        assertThat(renderer.json(summary)).contains("\"expected_seconds\" : 900")
                .contains("\"nudged_at\" : \"2026-12-07T02:16:00Z\"");
    }

    @Test
    void a_nudge_mentions_whoever_has_the_step_or_nobody() {
        RunEvent toBob = new RunEvent(1, T0, ANN, RunEvent.Type.STEP_NUDGED, 2, "15m", new Actor("U2", "bob"));
        RunEvent toNobody = new RunEvent(1, T0, ANN, RunEvent.Type.STEP_NUDGED, 2, "1h30m", null);

        assertThat(Wording.notice(toBob).plain())
                .isEqualTo("⏰ Step 2 is taking longer than expected (15m 00s). bob, how is it going?");
        assertThat(Wording.notice(toBob).parts()).contains(new Actor("U2", "bob"));
        assertThat(Wording.notice(toNobody).plain())
                .isEqualTo("⏰ Step 2 is taking longer than expected (1h 30m). How is it going?");
    }
}
