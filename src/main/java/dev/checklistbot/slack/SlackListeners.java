package dev.checklistbot.slack;

import com.slack.api.bolt.App;
import com.slack.api.model.event.MessageEvent;
import com.slack.api.model.event.MessageThreadBroadcastEvent;
import com.slack.api.model.event.ReactionAddedEvent;
import com.slack.api.model.event.ReactionRemovedEvent;
import dev.checklistbot.chat.ChatCommandHandler;
import dev.checklistbot.run.RunCommand;

/**
 * The one place where listeners are registered (Bolt starter template style): the slash command, the
 * events the manifest subscribes to, and the step buttons. Every other event is acknowledged by Bolt
 * ({@code allEventsApiAutoAckEnabled}), so Slack never gets a 404 and never retries.
 */
public final class SlackListeners {
    private SlackListeners() {
    }

    public static void register(App app, String commandName, ChatCommandHandler handler, StepMessages steps,
                                PersonalReplies replies) {
        StepActions actions = new StepActions(handler, steps, replies, commandName);
        app.use(RetryLater.middleware());
        app.command(commandName, new SlashCommandListener(handler));
        app.event(ReactionAddedEvent.class, new ReactionAddedListener(actions));
        app.event(ReactionRemovedEvent.class, new ReactionRemovedListener(actions));
        app.event(MessageEvent.class, new ThreadReplyListener(actions));
        app.event(MessageThreadBroadcastEvent.class, new ThreadBroadcastListener(actions));
        app.blockAction(SlackBlocks.ACTION_DONE, new StepButtonListener(actions, step -> new RunCommand.Done(step, null)));
        app.blockAction(SlackBlocks.ACTION_SKIP, new StepButtonListener(actions, step -> new RunCommand.Skip(step, null)));
        app.blockAction(SlackBlocks.ACTION_CLAIM, new StepButtonListener(actions, RunCommand.Claim::new));
    }
}
