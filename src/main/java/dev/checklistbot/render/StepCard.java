package dev.checklistbot.render;

import dev.checklistbot.run.Run;
import dev.checklistbot.run.StepState;
import dev.checklistbot.run.StepStatus;

/** A step's message: number, text, details, reference links, who is on it or who finished it, and its buttons. */
public record StepCard(Run run, StepState step) implements ChatMessage {

    /** "Step 3 of 6". */
    public String position() {
        return "Step " + step.number() + " of " + run.size();
    }

    /** Whether people can still act on this step (the buttons show only then). */
    public boolean actionable() {
        return run.active() && !step.finished() && (step.open() || run.mode() == dev.checklistbot.checklist.Mode.PARALLEL);
    }

    /** Waiting for an earlier step (sequential runs, after an undo). */
    public boolean waiting() {
        return run.active() && !step.finished() && step.openedAt() == null;
    }

    /** The question this open step waits for (its {@code when} is unanswered), if any: it cannot be done before. */
    public java.util.Optional<dev.checklistbot.checklist.Question> awaitedQuestion() {
        return run.active() ? dev.checklistbot.run.Run.awaitedQuestion(run, step) : java.util.Optional.empty();
    }

    /** Whether the step's Done asks for evidence (a modal on Slack and Discord). */
    public boolean asksEvidence() {
        return step.step().evidence() == dev.checklistbot.checklist.EvidenceRule.REQUIRED;
    }

    public String stateIcon() {
        return icon(step.status());
    }

    public static String icon(StepStatus status) {
        switch (status) {
            case DONE:
                return "✅";
            case SKIPPED:
                return "⏭️";
            case CLAIMED:
                return "👀";
            case NOT_APPLICABLE:
                return "➖";
            default:
                return "⬜";
        }
    }
}
