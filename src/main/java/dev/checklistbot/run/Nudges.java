package dev.checklistbot.run;

import dev.checklistbot.checklist.Durations;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Expected times and nudges: a step open longer than its {@code expected} (or the run-wide default) gets one nudge in
 * its thread, mentioning whoever claimed or was assigned it. The nudge is a change like any other (the step's state,
 * an audit event and the outbox message in one transaction), made only if the step is still open and not yet nudged;
 * so a second process, or this one after a restart, finds it done and sends nothing. The store keeps each open step's
 * due time as a {@link Timer}, rewritten in the transaction of any change that moves it.
 */
final class Nudges {
    private final RunSettings settings;

    Nudges(RunSettings settings) {
        this.settings = settings;
    }

    /** How long the step should stay open at most, or null (never nudged). */
    Duration expected(StepState step) {
        return step.step().expected() != null ? step.step().expected() : settings.nudgeAfter();
    }

    /** The run's timers: one per open step with an expected time that was not nudged yet. */
    List<Timer> timers(Run run) {
        List<Timer> timers = new ArrayList<>();
        if (!run.active()) {
            return timers;
        }
        for (StepState step : run.steps()) {
            Duration expected = expected(step);
            if (step.open() && step.nudgedAt() == null && expected != null) {
                timers.add(new Timer(run.id(), step.number(), step.openedAt().plus(expected), Timer.Kind.NUDGE));
            }
        }
        return timers;
    }

    /** Inside a change's transaction: rewrites the run's timers if the change moved them. */
    void syncTimers(RunStore.Transaction tx, Change change) {
        List<Timer> after = timers(change.run());
        if (!Objects.equals(timers(change.before()), after)) {
            tx.replaceTimers(change.run().id(), after);
        }
    }

    /**
     * Nudges the step if it is still open, not nudged yet and past its expected time; returns whether it did. The
     * caller saves the change (and so the step's timer goes).
     */
    boolean nudge(Change change, int number) {
        Run run = change.run();
        if (!run.active() || !run.hasStep(number)) {
            return false;
        }
        StepState step = run.step(number);
        Duration expected = expected(step);
        if (!step.open() || step.nudgedAt() != null || expected == null) {
            return false;
        }
        Instant due = step.openedAt().plus(expected);
        if (change.now().isBefore(due)) {
            return false;
        }
        change.update(step.nudged(change.now()));
        // Whoever claimed the step or was assigned it is mentioned; nobody else (never the whole channel).
        change.recordAndTell(RunEvent.Type.STEP_NUDGED, number, Durations.format(expected), step.claimedBy());
        return true;
    }
}
