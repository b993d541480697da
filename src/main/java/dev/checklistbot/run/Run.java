package dev.checklistbot.run;

import dev.checklistbot.checklist.Checklist;
import dev.checklistbot.checklist.Mode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One execution of a checklist in one channel. Immutable: every change makes a new value, which the
 * store saves in the same transaction as the audit event and the outgoing messages.
 *
 * @param id        the store's id (0 before it is saved the first time)
 * @param channel   the chat channel the run lives in (platform-specific id)
 * @param checklist the run's own copy of the checklist, as it was when the run started
 * @param title     the run's title (the checklist's title unless the starter gave one)
 * @param startedBy who started it
 * @param startedAt when
 * @param status    active, completed or aborted
 * @param endedAt   when it completed or was aborted, or null
 * @param endReason the abort reason, or null
 * @param steps     one state per checklist step, in order
 * @param answers   the answers to the checklist's questions so far, one per question answered (the latest);
 *                  empty in runs stored before questions existed
 */
public record Run(long id, String channel, Checklist checklist, String title, Actor startedBy, Instant startedAt,
                  RunStatus status, Instant endedAt, String endReason, List<StepState> steps, List<Answer> answers) {

    public Run {
        steps = List.copyOf(steps);
        answers = answers == null ? List.of() : List.copyOf(answers);
    }

    /** A run without answers (a checklist without questions, or none answered yet). */
    public Run(long id, String channel, Checklist checklist, String title, Actor startedBy, Instant startedAt,
               RunStatus status, Instant endedAt, String endReason, List<StepState> steps) {
        this(id, channel, checklist, title, startedBy, startedAt, status, endedAt, endReason, steps, List.of());
    }

    /** The question a reached step waits for (its {@code when} is unanswered); it cannot be done before. */
    public static Optional<dev.checklistbot.checklist.Question> awaitedQuestion(Run run, StepState step) {
        return step.openedAt() == null ? Optional.empty() : Questions.awaited(run, step);
    }

    /** The current answer to a question, if it was answered. */
    public Optional<Answer> answer(String questionId) {
        return answers.stream().filter(a -> a.question().equals(questionId)).findFirst();
    }

    Run withAnswer(Answer answer) {
        List<Answer> list = new ArrayList<>(answers.stream().filter(a -> !a.question().equals(answer.question())).toList());
        list.add(answer);
        return new Run(id, channel, checklist, title, startedBy, startedAt, status, endedAt, endReason, steps, list);
    }

    public boolean active() {
        return status == RunStatus.ACTIVE;
    }

    public Mode mode() {
        return checklist.mode();
    }

    public StepState step(int number) {
        return steps.get(number - 1);
    }

    public boolean hasStep(int number) {
        return number >= 1 && number <= steps.size();
    }

    public int size() {
        return steps.size();
    }

    public long finishedCount() {
        return steps.stream().filter(StepState::finished).count();
    }

    public long doneCount() {
        return steps.stream().filter(s -> s.status() == StepStatus.DONE).count();
    }

    public boolean allFinished() {
        return steps.stream().allMatch(StepState::finished);
    }

    /** The first unfinished step: in sequential mode the one step that may be worked on. */
    public Optional<StepState> currentStep() {
        return steps.stream().filter(s -> !s.finished()).findFirst();
    }

    /** The unfinished steps that may be worked on now. */
    public List<StepState> openSteps() {
        if (mode() == Mode.SEQUENTIAL) {
            return currentStep().map(List::of).orElse(List.of());
        }
        return steps.stream().filter(s -> !s.finished()).toList();
    }

    /** The step finished last (what undo reopens). */
    public Optional<StepState> lastFinished() {
        return steps.stream().filter(StepState::finished)
                // A step the answers ruled out (finish order 0) was finished by no one: undo never reopens it.
                .filter(s -> s.finishOrder() > 0)
                .max((a, b) -> Integer.compare(a.finishOrder(), b.finishOrder()));
    }

    public int nextFinishOrder() {
        return steps.stream().mapToInt(StepState::finishOrder).max().orElse(0) + 1;
    }

    public Optional<Duration> duration() {
        return endedAt == null ? Optional.empty() : Optional.of(Duration.between(startedAt, endedAt));
    }

    public Run withId(long newId) {
        return new Run(newId, channel, checklist, title, startedBy, startedAt, status, endedAt, endReason, steps, answers);
    }

    Run withStep(StepState state) {
        List<StepState> list = new ArrayList<>(steps);
        list.set(state.number() - 1, state);
        return new Run(id, channel, checklist, title, startedBy, startedAt, status, endedAt, endReason, list, answers);
    }

    Run ended(RunStatus newStatus, Instant at, String reason) {
        return new Run(id, channel, checklist, title, startedBy, startedAt, newStatus, at, reason, steps, answers);
    }

    Run reactivated() {
        return new Run(id, channel, checklist, title, startedBy, startedAt, RunStatus.ACTIVE, null, null, steps, answers);
    }
}
