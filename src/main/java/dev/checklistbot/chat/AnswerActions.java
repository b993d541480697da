package dev.checklistbot.chat;

import dev.checklistbot.run.Actor;
import dev.checklistbot.run.CommandContext;
import dev.checklistbot.run.CommandSource;
import dev.checklistbot.run.Outcome;
import dev.checklistbot.run.ReplyText;
import dev.checklistbot.run.RunCommand;
import dev.checklistbot.run.StoreUnavailableException;

/**
 * A Yes / No button of a question (on the run header, or on a step that waits for the answer), the same on every
 * platform: the button names the run and the question; it acts only on that channel's current run, with the
 * platform's id of the click, so that a replayed click changes nothing.
 */
public final class AnswerActions {
    private final ChatCommandHandler handler;
    private final StepMessages steps;

    public AnswerActions(ChatCommandHandler handler, StepMessages steps) {
        this.handler = handler;
        this.steps = steps;
    }

    /** What to tell the person (privately): the engine's reply, accepted or refused. */
    public ReplyText answer(String channel, String userId, AnswerValue value, String eventId) {
        if (!steps.inChannel(channel, value.runId())) {
            return ReplyText.of("That button does not belong to this channel's run: nothing was changed.");
        }
        if (!steps.current(channel, value.runId())) {
            return ReplyText.of("That run has ended: nothing was changed.");
        }
        Outcome outcome;
        try {
            outcome = handler.apply(new CommandContext(channel, Actor.of(userId), CommandSource.BUTTON, eventId),
                    new RunCommand.AnswerQuestion(value.question(), value.yes() ? "yes" : "no"));
        } catch (StoreUnavailableException e) {
            return StepActions.TRY_AGAIN;
        }
        return outcome.reply();
    }

    /** A question button's value: {@code RUN_ID:QUESTION:yes|no}. */
    public record AnswerValue(long runId, String question, boolean yes) {
        public String text() {
            return runId + ":" + question + ":" + (yes ? "yes" : "no");
        }

        /** The value read back, or null when it is not one of ours. */
        public static AnswerValue parse(String value) {
            if (value == null || value.length() > 80) {
                return null;
            }
            String[] parts = value.split(":", -1);
            if (parts.length != 3 || !dev.checklistbot.checklist.Question.ID_PATTERN.matcher(parts[1]).matches()
                    || !(parts[2].equals("yes") || parts[2].equals("no"))) {
                return null;
            }
            try {
                return new AnswerValue(Long.parseLong(parts[0]), parts[1], parts[2].equals("yes"));
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }
}
