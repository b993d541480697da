package dev.checklistbot.slack;

import com.slack.api.bolt.context.Context;
import com.slack.api.bolt.context.builtin.EventContext;
import com.slack.api.bolt.response.Response;
import dev.checklistbot.chat.ChatCommandHandler;
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
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * What the reaction, reply and button listeners share: find the step, apply the command in one transaction
 * (Slack's event id goes with it, so a retried event changes nothing), and tell a refusal to that person only,
 * off the request thread.
 *
 * <p>An event (reaction, reply) that cannot be applied now, because the database cannot take it in time or the
 * step message's record is still on its way, is answered {@link Ack#RETRY}: Slack sends it again, and its event
 * id makes the second delivery safe. It is never acknowledged and then dropped. A button is not retried by Slack,
 * so its person is told to try again.
 */
final class StepActions {
    private static final Logger log = LoggerFactory.getLogger(StepActions.class);
    static final ReplyText TRY_AGAIN = ReplyText.of("The bot's database is busy right now, so nothing was changed."
            + " Please try again in a moment.");

    /** How a listener answers Slack. */
    enum Ack {
        /** 200: handled (applied, refused, or nothing to do). */
        OK,
        /** Not applied, nothing changed: Slack must deliver the event again. */
        RETRY
    }

    private final ChatCommandHandler handler;
    private final StepMessages steps;
    private final PersonalReplies replies;
    private final String commandName;

    StepActions(ChatCommandHandler handler, StepMessages steps, PersonalReplies replies, String commandName) {
        this.handler = handler;
        this.steps = steps;
        this.replies = replies;
        this.commandName = commandName;
    }

    /** Whether the user is the bot itself (Bolt drops most of these already, from auth.test's user_id). */
    boolean isBot(String userId, Context ctx) {
        return userId == null || userId.equals(ctx.getBotUserId());
    }

    StepMessages.Lookup onStepMessage(String channel, String ts) {
        return steps.find(channel, ts);
    }

    /** A reaction added to or removed from a message: {@code reaction} maps the step to its command, if any. */
    Ack reaction(String channel, String userId, String ts, IntFunction<Optional<RunCommand>> reaction,
                 String eventId) {
        StepMessages.Lookup found = steps.find(channel, ts);
        if (found.onItsWay()) {
            return retry("a reaction", channel);
        }
        if (found.step().isEmpty()) {
            return Ack.OK;
        }
        PostedMessage step = found.step().get();
        Optional<RunCommand> command = reaction.apply(step.step());
        if (command.isEmpty()) {
            return Ack.OK;
        }
        boolean undo = command.get() instanceof RunCommand.Undo;
        if (!steps.current(channel, step.runId())) {
            if (!undo) {
                replies.tell(channel, userId, ReplyText.of("That step belongs to a run that has ended: nothing was changed."));
            }
            return Ack.OK;
        }
        Outcome outcome;
        try {
            outcome = handler.apply(context(channel, userId, CommandSource.REACTION, eventId), command.get());
        } catch (StoreUnavailableException e) {
            return retry("a reaction", channel);
        }
        // Taking back a reaction that never counted (the step is not finished) needs no answer.
        if (outcome.refused() && (!undo || steps.finished(step.runId(), step.step()))) {
            replies.tell(channel, userId, outcome.reply());
        }
        return Ack.OK;
    }

    /** A message event: a command or a note if it is a person's reply in the thread of a step message. */
    Ack reply(String channel, String userId, String botId, String threadTs, String ts, String text, String eventId,
              Context ctx) {
        boolean inThread = threadTs != null && !threadTs.equals(ts);
        boolean fromPerson = botId == null && !isBot(userId, ctx);
        if (!inThread || !fromPerson || text == null) {
            return Ack.OK;
        }
        StepMessages.Lookup found = steps.find(channel, threadTs);
        if (found.onItsWay()) {
            return retry("a thread reply", channel);
        }
        if (found.step().isEmpty() || !steps.current(channel, found.step().get().runId())) {
            // Talk in the thread of an old run's step, or of any other message, is just talk.
            return Ack.OK;
        }
        Outcome outcome;
        try {
            outcome = handler.threadReply(context(channel, userId, CommandSource.THREAD_REPLY, eventId),
                    SlackText.unescape(text), found.step().get().step());
        } catch (StoreUnavailableException e) {
            return retry("a thread reply", channel);
        }
        if (outcome.refused()) {
            replies.tell(channel, userId, outcome.reply());
        }
        return Ack.OK;
    }

    /**
     * A step button. Its value names the run and step; the message it sits on ({@code messageTs}) must be that
     * step's message in this channel, so that a forged value cannot reach another channel's run.
     */
    void button(String channel, String userId, String messageTs, ButtonValue value, RunCommand command, String eventId) {
        StepMessages.Lookup on = steps.find(channel, messageTs);
        boolean otherMessage = on.step().map(m -> m.runId() != value.runId() || m.step() != value.step()).orElse(false);
        if (otherMessage || !steps.inChannel(channel, value.runId())) {
            log.warn("a button in {} names run {} step {}, which is not on that message in this channel",
                    channel, value.runId(), value.step());
            replies.tell(channel, userId, ReplyText.of("That button does not belong to this channel's run:"
                    + " nothing was changed."));
            return;
        }
        if (!steps.current(channel, value.runId())) {
            replies.tell(channel, userId, ReplyText.of("That run has ended: nothing was changed."));
            return;
        }
        if (command instanceof RunCommand.Skip && !steps.optional(value.runId(), value.step())) {
            replies.tell(channel, userId, ReplyText.of("Step ", value.step(), " is not optional, so skipping it needs a "
                    + "reason: reply `skip REASON` in its thread, or type `", commandName, " skip ", value.step(),
                    " REASON`."));
            return;
        }
        Outcome outcome;
        try {
            outcome = handler.apply(context(channel, userId, CommandSource.BUTTON, eventId), command);
        } catch (StoreUnavailableException e) {
            log.warn("a button in {} was not applied: {}", channel, e.getMessage());
            replies.tell(channel, userId, TRY_AGAIN);
            return;
        }
        if (outcome.refused()) {
            replies.tell(channel, userId, outcome.reply());
        }
    }

    /**
     * Answers Slack for an event: 200 once handled; {@link RetryLater} (a 503) when it must come again. A failure
     * nobody foresaw (a read that fails because the database went away) also asks for the event again rather than
     * losing it.
     */
    static Response answer(EventContext ctx, Supplier<Ack> handling) {
        Ack ack;
        try {
            ack = handling.get();
        } catch (RuntimeException e) {
            log.warn("an event could not be handled now ({}); Slack will deliver it again", e.toString());
            ack = Ack.RETRY;
        }
        if (ack == Ack.RETRY) {
            throw new RetryLater("the event could not be applied now");
        }
        return ctx.ack();
    }

    private static Ack retry(String what, String channel) {
        log.warn("{} in {} could not be applied now; Slack will deliver it again", what, channel);
        return Ack.RETRY;
    }

    private static CommandContext context(String channel, String userId, CommandSource source, String eventId) {
        return new CommandContext(channel, Actor.of(userId), source, eventId == null ? null : "slack:" + eventId);
    }

    /** A step button's value: {@code RUN_ID:STEP}. */
    record ButtonValue(long runId, int step) {
        static ButtonValue parse(String value) {
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
