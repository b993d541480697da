package dev.checklistbot.slack;

import com.slack.api.app_backend.events.payload.EventsApiPayload;
import com.slack.api.bolt.context.builtin.EventContext;
import com.slack.api.bolt.handler.BoltEventHandler;
import com.slack.api.bolt.response.Response;
import com.slack.api.model.event.MessageEvent;
import dev.checklistbot.chat.PersonalReplies;
import dev.checklistbot.chat.StepActions;

/**
 * Replies in the thread of a step message: {@code done}, {@code skip REASON}, {@code claim}, {@code undo},
 * anything else is a note. Other messages (not in a step's thread, from bots, edits and deletions, which
 * Bolt dispatches as other event types and auto-acknowledges) are ignored.
 */
final class ThreadReplyListener implements BoltEventHandler<MessageEvent> {
    private final StepActions actions;
    private final PersonalReplies replies;

    ThreadReplyListener(StepActions actions, PersonalReplies replies) {
        this.actions = actions;
        this.replies = replies;
    }

    @Override
    public Response apply(EventsApiPayload<MessageEvent> payload, EventContext ctx) {
        MessageEvent message = payload.getEvent();
        if (message == null || !SlackListeners.isPersonsThreadReply(message.getUser(), message.getBotId(),
                message.getThreadTs(), message.getTs(), ctx)
                || !SlackListeners.onBotsMessage(message.getParentUserId(), ctx)) {
            return ctx.ack();
        }
        return StepEvents.answer(ctx, replies, message.getChannel(), message.getUser(), () -> actions.reply(
                message.getChannel(), message.getUser(), message.getThreadTs(), SlackText.unescape(message.getText()),
                StepEvents.eventId(payload.getEventId())));
    }
}
