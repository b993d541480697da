package dev.checklistbot.render;

import dev.checklistbot.checklist.Link;
import dev.checklistbot.run.Actor;
import dev.checklistbot.run.Answer;
import dev.checklistbot.run.Evidence;
import dev.checklistbot.run.StepStatus;
import dev.checklistbot.run.Note;
import dev.checklistbot.run.Run;
import dev.checklistbot.run.StepState;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A run's summary: what a team reads after a backup or a restore, and keeps. The per-step durations are
 * what tells a team its real restore time.
 *
 * <p>{@code reportUrl}: the link to the run's report page, or null (the report is off, or an export).
 */
public record Summary(long runId, String title, String checklistId, String checklistTitle, String source,
                      String channel, Actor startedBy, Instant startedAt, Instant endedAt, Duration duration,
                      String outcome, String endReason, long done, long skipped, int total, List<StepLine> steps,
                      List<AnswerLine> answers, long notApplicable, String reportUrl)
        implements ChatMessage {

    /**
     * A question of the run and its answer.
     *
     * @param answer "yes", "no", or null while unanswered
     */
    public record AnswerLine(String question, String text, String answer, Actor by, Instant at) {
    }

    /**
     * One step in the summary.
     *
     * @param duration from the step being opened to being finished, or null if unknown
     * @param expected the step's expected time ({@code expected} in its file), or null
     * @param nudgedAt when the bot nudged it for being open past that time, or null
     */
    public record StepLine(int number, String text, boolean optional, String status, Actor finishedBy,
                           List<Actor> confirmedBy, Instant finishedAt, Duration duration, String skipReason,
                           List<Note> notes, List<Link> links, List<Evidence> evidence, String notApplicable,
                           Duration expected, Instant nudgedAt) {

        /** How long it took, against its expected time when it has one: "22 min (expected 15 min, +7 min)". */
        public String took() {
            return duration == null ? null : Nudged.took(duration, expected).substring("took ".length());
        }
    }

    /** The summary as of {@code now} (for a run still active, the duration so far). */
    public static Summary of(Run run, Instant now) {
        List<StepLine> lines = run.steps().stream().map(Summary::line).toList();
        Instant end = run.endedAt() != null ? run.endedAt() : now;
        return new Summary(run.id(), run.title(), run.checklist().id(), run.checklist().title(), run.checklist().source(),
                run.channel(), run.startedBy(), run.startedAt(), run.endedAt(), Duration.between(run.startedAt(), end),
                run.status().label(), run.endReason(), run.doneCount(), count(run, StepStatus.SKIPPED),
                run.size(), lines, answers(run), count(run, StepStatus.NOT_APPLICABLE), null);
    }

    private static long count(Run run, StepStatus status) {
        return run.steps().stream().filter(s -> s.status() == status).count();
    }

    private static List<AnswerLine> answers(Run run) {
        return run.checklist().questions().stream().map(q -> run.answer(q.id())
                .map(a -> new AnswerLine(q.id(), q.text(), a.word(), a.by(), a.at()))
                .orElse(new AnswerLine(q.id(), q.text(), null, null, null))).toList();
    }

    /** "BAM: no" for a step the answers ruled out, else null. */
    public static String notApplicableReason(StepState step) {
        if (step.status() != StepStatus.NOT_APPLICABLE || step.step().when() == null) {
            return null;
        }
        return Answer.label(step.step().when().question(), !step.step().when().answer());
    }

    /**
     * The same summary carrying a link to the run's report page (a signed link, made when the summary is sent), or
     * none with null.
     */
    public Summary withReportUrl(String url) {
        return new Summary(runId, title, checklistId, checklistTitle, source, channel, startedBy, startedAt, endedAt,
                duration, outcome, endReason, done, skipped, total, steps, answers, notApplicable, url);
    }

    private static StepLine line(StepState step) {
        return new StepLine(step.number(), step.step().text(), step.step().optional(), step.status().label(),
                step.finishedBy(), step.finished() ? step.confirmers() : List.of(), step.finishedAt(),
                step.duration().orElse(null), step.skipReason(), step.notes(), step.step().links(), step.evidence(),
                notApplicableReason(step), step.step().expected(), step.nudgedAt());
    }
}
