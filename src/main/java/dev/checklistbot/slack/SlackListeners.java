package dev.checklistbot.slack;

import com.slack.api.bolt.App;
import com.slack.api.bolt.context.Context;
import com.slack.api.model.event.MessageEvent;
import com.slack.api.model.event.MessageThreadBroadcastEvent;
import com.slack.api.model.event.ReactionAddedEvent;
import com.slack.api.model.event.ReactionRemovedEvent;
import dev.checklistbot.chat.ChatCommandHandler;
import dev.checklistbot.chat.PersonalReplies;
import dev.checklistbot.chat.StepActions;

/**
 * The one place where listeners are registered (Bolt starter template style): the slash command, the
 * events the manifest subscribes to, the step buttons and the modals they open. Every other event is acknowledged by Bolt
 * ({@code allEventsApiAutoAckEnabled}), so Slack never gets a 404 and never retries.
 */
public final class SlackListeners {
    private SlackListeners() {
    }

    public static void register(App app, String commandName, ChatCommandHandler handler, StepActions actions,
                                PersonalReplies replies) {
        app.use(RetryLater.middleware());
        app.command(commandName, new SlashCommandListener(handler));
        app.event(ReactionAddedEvent.class, new ReactionAddedListener(actions, replies));
        app.event(ReactionRemovedEvent.class, new ReactionRemovedListener(actions, replies));
        app.event(MessageEvent.class, new ThreadReplyListener(actions, replies));
        app.event(MessageThreadBroadcastEvent.class, new ThreadBroadcastListener(actions, replies));
        app.event(com.slack.api.model.event.MessageFileShareEvent.class, new FileShareReplyListener(actions, replies));
        app.blockAction(SlackBlocks.ACTION_DONE, new StepButtonListener(actions, replies, StepActions.Button.DONE));
        app.blockAction(SlackBlocks.ACTION_SKIP, new ModalButtonListener(actions, replies, ModalButtonListener.Kind.SKIP,
                commandName));
        app.blockAction(SlackBlocks.ACTION_CLAIM, new StepButtonListener(actions, replies, StepActions.Button.CLAIM));
        app.blockAction(SlackBlocks.ACTION_ASSIGN, new ModalButtonListener(actions, replies,
                ModalButtonListener.Kind.ASSIGN, commandName));
        app.viewSubmission(StepModals.SKIP_CALLBACK, new ModalSubmissionListener(actions, replies,
                ModalButtonListener.Kind.SKIP));
        app.viewSubmission(StepModals.ASSIGN_CALLBACK, new ModalSubmissionListener(actions, replies,
                ModalButtonListener.Kind.ASSIGN));
        AnswerButtonListener answer = new AnswerButtonListener(actions.answers(), replies);
        app.blockAction(SlackBlocks.ACTION_ANSWER_YES, answer);
        app.blockAction(SlackBlocks.ACTION_ANSWER_NO, answer);
        app.viewSubmission(EvidenceModal.CALLBACK_ID, new EvidenceSubmissionListener(actions, replies));
    }

    /** Whether the user is the bot itself (Bolt drops most of these already, from auth.test's user_id). */
    static boolean isBot(String userId, Context ctx) {
        return userId == null || userId.equals(ctx.getBotUserId());
    }

    /**
     * Whether an event concerns a message the bot posted, when Slack says whose it is ({@code item_user} of a
     * reaction, {@code parent_user_id} of a thread reply): a reaction on anyone else's message needs no look-up.
     */
    static boolean onBotsMessage(String authorId, Context ctx) {
        return authorId == null || ctx.getBotUserId() == null || authorId.equals(ctx.getBotUserId());
    }

    /** Whether a message is a person's reply inside a thread (not the thread's first message, not a bot's). */
    static boolean isPersonsThreadReply(String userId, String botId, String threadTs, String ts, Context ctx) {
        return threadTs != null && !threadTs.equals(ts) && botId == null && !isBot(userId, ctx);
    }
}
