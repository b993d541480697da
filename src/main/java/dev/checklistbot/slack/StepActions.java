package dev.checklistbot.slack;

import com.slack.api.bolt.context.Context;
import dev.checklistbot.chat.ChatCommandHandler;
import dev.checklistbot.run.Actor;
import dev.checklistbot.run.CommandContext;
import dev.checklistbot.run.CommandSource;
import dev.checklistbot.run.Outcome;
import dev.checklistbot.run.ReplyText;
import dev.checklistbot.run.RunCommand;
import dev.checklistbot.store.PostedMessage;

import java.util.Optional;

/**
 * What the reaction, reply and button listeners share: find the step, apply the command in one transaction
 * (Slack's event id goes with it, so a retried event changes nothing), and tell a refusal to that person only,
 * off the request thread.
 */
final class StepActions {
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

    Optional<PostedMessage> onStepMessage(String channel, String ts) {
        return steps.step(channel, ts);
    }

    void reaction(String channel, String userId, PostedMessage step, RunCommand command, String eventId) {
        boolean undo = command instanceof RunCommand.Undo;
        if (!steps.current(channel, step.runId())) {
            if (!undo) {
                replies.tell(channel, userId, ReplyText.of("That step belongs to a run that has ended: nothing was changed."));
            }
            return;
        }
        Outcome outcome = handler.apply(context(channel, userId, CommandSource.REACTION, eventId), command);
        // Taking back a reaction that never counted (the step is not finished) needs no answer.
        if (outcome.refused() && (!undo || steps.finished(step.runId(), step.step()))) {
            replies.tell(channel, userId, outcome.reply());
        }
    }

    /** A message event: a command or a note if it is a person's reply in the thread of a step message. */
    void reply(String channel, String userId, String botId, String threadTs, String ts, String text, String eventId,
               Context ctx) {
        boolean inThread = threadTs != null && !threadTs.equals(ts);
        boolean fromPerson = botId == null && !isBot(userId, ctx);
        if (inThread && fromPerson && text != null) {
            onStepMessage(channel, threadTs).ifPresent(step ->
                    threadReply(channel, userId, step, SlackText.unescape(text), eventId));
        }
    }

    void threadReply(String channel, String userId, PostedMessage step, String text, String eventId) {
        if (!steps.current(channel, step.runId())) {
            // Talk in the thread of an old run's step is just talk.
            return;
        }
        Outcome outcome = handler.threadReply(context(channel, userId, CommandSource.THREAD_REPLY, eventId), text,
                step.step());
        if (outcome.refused()) {
            replies.tell(channel, userId, outcome.reply());
        }
    }

    void button(String channel, String userId, ButtonValue value, RunCommand command, String eventId) {
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
        Outcome outcome = handler.apply(context(channel, userId, CommandSource.BUTTON, eventId), command);
        if (outcome.refused()) {
            replies.tell(channel, userId, outcome.reply());
        }
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
