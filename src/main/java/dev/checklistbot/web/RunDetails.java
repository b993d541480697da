package dev.checklistbot.web;

import dev.checklistbot.run.Actor;
import dev.checklistbot.run.Run;
import dev.checklistbot.run.StepState;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the report shows that the run model does not carry yet on this branch: a step's expected duration
 * ({@code expected:} in the checklist file), the answers to a run's questions, and a step's evidence. The page renders
 * each section whenever these return something; wiring them is one line each once the fields exist in
 * {@code checklist.Step}, {@code run.Run} and {@code run.StepState}.
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

    /** The run's answers, in the order asked. Not in the model yet: always empty. */
    static List<Answer> answers(Run run) {
        return List.of();
    }

    /** The step's evidence. Not in the model yet: always empty. */
    static List<Evidence> evidence(StepState step) {
        return List.of();
    }
}
