package dev.checklistbot.web;

import dev.checklistbot.run.Actor;
import dev.checklistbot.run.Run;
import dev.checklistbot.run.StepState;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The parts of a run the report shows in its own words: a step's expected duration ({@code expected:} in the
 * checklist file), the answers to a run's questions, and a step's evidence. The page renders each section whenever
 * these return something.
 */
final class RunDetails {
    private RunDetails() {
    }

    /** An answer to one of the run's questions, as asked. */
    record Answer(String question, String answer) {
    }

    /** What someone gave as proof that a step was done: a text or a link. */
    record Evidence(Actor by, Instant at, String text) {
    }

    /** How long the step should take, when its checklist says ({@code expected}). */
    static Optional<Duration> expected(StepState step) {
        return Optional.ofNullable(step.step().expected());
    }

    /** The run's answers, in the order its checklist asks the questions; unanswered ones are left out. */
    static List<Answer> answers(Run run) {
        return run.checklist().questions().stream()
                .flatMap(q -> run.answer(q.id()).map(a -> new Answer(q.text(), a.word() + " (" + a.by().name() + ")"))
                        .stream())
                .toList();
    }

    /** The step's evidence, oldest first (a correction is a later entry). */
    static List<Evidence> evidence(StepState step) {
        return step.evidence().stream().map(e -> new Evidence(e.actor(), e.at(), e.text())).toList();
    }
}
