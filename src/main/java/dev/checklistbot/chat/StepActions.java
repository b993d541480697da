package dev.checklistbot.chat;

import dev.checklistbot.run.Actor;
import dev.checklistbot.run.CommandContext;
import dev.checklistbot.run.CommandSource;
import dev.checklistbot.run.Outcome;
import dev.checklistbot.run.ReplyText;
import dev.checklistbot.run.RunCommand;
import dev.checklistbot.run.StoreUnavailableException;
import dev.checklistbot.store.PostedMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * What a person does on a step message, the same on every platform: a reaction, a reply in its thread, a button.
 * Finds the step, checks that the message belongs to the channel's current run, applies the command in one
 * transaction (the platform's event id goes with it, so a retried event changes nothing), and says what the
 * adapter must do: tell the person something (privately), and whether the platform must deliver the event again.
 *
 * <p>An event (reaction, reply) that cannot be applied now, because the database cannot take it in time or the
 * step message's record is still on its way, comes back as {@link Ack#RETRY}: the adapter lets the platform deliver
 * it again (Slack retries a non-200), and its event id makes the second delivery safe. It is never acknowledged and
 * then dropped. A button is not retried by the platforms, so its person is told to try again.
 */
public final class StepActions {
    private static final Logger log = LoggerFactory.getLogger(StepActions.class);
    public static final ReplyText TRY_AGAIN = ReplyText.of("The bot's database is busy right now, so nothing was"
            + " changed. Please try again in a moment.");

    /** Whether the platform must deliver the event again. */
    public enum Ack {
        /** Handled: applied, refused, or nothing to do. */
        OK,
        /** Not applied, nothing changed: the platform must deliver the event again. */
        RETRY
    }

    /** The buttons of a step message. */
    public enum Button { DONE, SKIP, CLAIM }

    /**
     * What the adapter does next.
     *
     * @param ack  whether the event must come again
     * @param tell what to tell the person who acted, privately, or null
     */
    public record Result(Ack ack, ReplyText tell) {
        static final Result OK = new Result(Ack.OK, null);
        static final Result RETRY = new Result(Ack.RETRY, null);

        static Result tell(ReplyText text) {
            return new Result(Ack.OK, text);
        }
    }

    private final ChatCommandHandler handler;
    private final StepMessages steps;
    private final String commandName;

    public StepActions(ChatCommandHandler handler, StepMessages steps, String commandName) {
        this.handler = handler;
        this.steps = steps;
        this.commandName = commandName;
    }

    /** A reaction added to ({@code added}) or removed from a message; {@code userId} is qualified by its platform. */
    public Result reaction(String channel, String userId, String messageId, String emoji, boolean added,
                           String eventId) {
        if (!Reactions.meaningful(emoji, added)) {
            return Result.OK;
        }
        StepMessages.Lookup found = steps.find(channel, messageId);
        if (found.onItsWay()) {
            return retry("a reaction", channel);
        }
        if (found.step().isEmpty()) {
            return Result.OK;
        }
        PostedMessage step = found.step().get();
        Optional<RunCommand> command = added ? Reactions.added(emoji, step.step()) : Reactions.removed(emoji, step.step());
        boolean undo = !added;
        if (!steps.current(channel, step.runId())) {
            return undo ? Result.OK : Result.tell(ReplyText.of("That step belongs to a run that has ended: nothing was"
                    + " changed."));
        }
        Outcome outcome;
        try {
            outcome = handler.apply(context(channel, userId, CommandSource.REACTION, eventId), command.orElseThrow());
        } catch (StoreUnavailableException e) {
            return retry("a reaction", channel);
        }
        // Taking back a reaction that never counted (the step is not finished) needs no answer.
        if (outcome.refused() && (!undo || steps.finished(step.runId(), step.step()))) {
            return Result.tell(outcome.reply());
        }
        return Result.OK;
    }

    /**
     * A person's message in the thread of {@code threadMessageId} (or a reply to it): a command if its first word is
     * one, else a note on that step. Any other message is just talk.
     */
    public Result reply(String channel, String userId, String threadMessageId, String text, String eventId) {
        if (threadMessageId == null || text == null) {
            return Result.OK;
        }
        StepMessages.Lookup found = steps.find(channel, threadMessageId);
        if (found.onItsWay()) {
            return retry("a thread reply", channel);
        }
        if (found.step().isEmpty() || !steps.current(channel, found.step().get().runId())) {
            // Talk in the thread of an old run's step, or of any other message, is just talk.
            return Result.OK;
        }
        Outcome outcome;
        try {
            outcome = handler.threadReply(context(channel, userId, CommandSource.THREAD_REPLY, eventId), text,
                    found.step().get().step());
        } catch (StoreUnavailableException e) {
            return retry("a thread reply", channel);
        }
        return outcome.refused() ? Result.tell(outcome.reply()) : Result.OK;
    }

    /**
     * A step button. Its value names the run and step; the message it sits on ({@code messageId}, if the platform
     * says) must be that step's message in this channel, so that a forged value cannot reach another channel's run.
     * {@code reason} is a skip's reason when the platform asked for one (a modal), else null.
     */
    public Result button(String channel, String userId, String messageId, ButtonValue value, Button button,
                         String reason, String eventId) {
        Optional<ReplyText> misplaced = misplaced(channel, messageId, value);
        if (misplaced.isPresent()) {
            return Result.tell(misplaced.get());
        }
        if (button == Button.SKIP && reason == null && steps.skipNeedsReason(value.runId(), value.step())) {
            return Result.tell(ReplyText.of("Step ", value.step(), " is not optional, so skipping it needs a reason:"
                    + " reply `skip REASON` in its thread, or type `", commandName, " skip ", value.step(), " REASON`."));
        }
        RunCommand command = switch (button) {
            // A Done from a modal that asked for evidence carries it (the text after done is a step's evidence).
            case DONE -> new RunCommand.Done(value.step(), reason);
            case SKIP -> new RunCommand.Skip(value.step(), reason);
            case CLAIM -> new RunCommand.Claim(value.step());
        };
        Outcome outcome;
        try {
            outcome = handler.apply(context(channel, userId, CommandSource.BUTTON, eventId), command);
        } catch (StoreUnavailableException e) {
            log.warn("a button in {} was not applied: {}", channel, e.getMessage());
            return Result.tell(TRY_AGAIN);
        }
        return outcome.refused() ? Result.tell(outcome.reply()) : Result.OK;
    }

    /**
     * A step given to someone from the step message (Slack's Assign modal, Discord's user picker): checked like a
     * button, then applied as {@code assign N @assignee} by the person who picked. {@code assigneeId} is qualified.
     */
    public Result assign(String channel, String userId, String messageId, ButtonValue value, String assigneeId,
                         String eventId) {
        Optional<ReplyText> misplaced = misplaced(channel, messageId, value);
        if (misplaced.isPresent()) {
            return Result.tell(misplaced.get());
        }
        Outcome outcome;
        try {
            outcome = handler.apply(context(channel, userId, CommandSource.BUTTON, eventId),
                    new RunCommand.Assign(value.step(), Actor.of(assigneeId)));
        } catch (StoreUnavailableException e) {
            log.warn("an assign in {} was not applied: {}", channel, e.getMessage());
            return Result.tell(TRY_AGAIN);
        }
        return outcome.refused() ? Result.tell(outcome.reply()) : Result.OK;
    }

    /**
     * Why a button cannot act, before anything is applied: it names another channel's run or another step than the
     * message it sits on, or its run has ended. Empty when it may act. A platform that asks for a skip's reason first
     * (a modal) checks this before it asks.
     */
    public Optional<ReplyText> misplaced(String channel, String messageId, ButtonValue value) {
        StepMessages.Lookup on = messageId == null ? StepMessages.Lookup.NONE : steps.find(channel, messageId);
        boolean otherMessage = on.step().map(m -> m.runId() != value.runId() || m.step() != value.step()).orElse(false);
        if (otherMessage || !steps.inChannel(channel, value.runId())) {
            log.warn("a button in {} names run {} step {}, which is not on that message in this channel",
                    channel, value.runId(), value.step());
            return Optional.of(ReplyText.of("That button does not belong to this channel's run: nothing was changed."));
        }
        if (!steps.current(channel, value.runId())) {
            return Optional.of(ReplyText.of("That run has ended: nothing was changed."));
        }
        return Optional.empty();
    }

    /**
     * What a Done button must ask first on this step (its evidence prompt; a default one if the file gives none),
     * when the step requires evidence and the button may act; empty when Done applies at once.
     */
    public Optional<String> evidencePrompt(String channel, String messageId, ButtonValue value) {
        if (misplaced(channel, messageId, value).isPresent()) {
            return Optional.empty();
        }
        return steps.evidencePrompt(value.runId(), value.step());
    }

    /** The question buttons' actions, on the same engine and step messages. */
    public AnswerActions answers() {
        return new AnswerActions(handler, steps);
    }

    /** Whether skipping this step of that run needs a reason (a platform may ask for it before it applies the skip). */
    public boolean skipNeedsReason(ButtonValue value) {
        return steps.skipNeedsReason(value.runId(), value.step());
    }

    private static Result retry(String what, String channel) {
        log.warn("{} in {} could not be applied now; the platform will deliver it again", what, channel);
        return Result.RETRY;
    }

    private static CommandContext context(String channel, String userId, CommandSource source, String eventId) {
        return new CommandContext(channel, Actor.of(userId), source, eventId);
    }

    /** A step button's value: {@code RUN_ID:STEP}. */
    public record ButtonValue(long runId, int step) {
        /** The value a step's buttons carry. */
        public String text() {
            return runId + ":" + step;
        }

        /** The value read back, or null when it is not one of ours. */
        public static ButtonValue parse(String value) {
            if (value == null) {
                return null;
            }
            int colon = value.indexOf(':');
            try {
                return colon < 0 ? null : new ButtonValue(Long.parseLong(value.substring(0, colon)),
                        Integer.parseInt(value.substring(colon + 1)));
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }
}
