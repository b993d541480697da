package dev.checklistbot.slack;

import com.slack.api.app_backend.events.payload.EventsApiPayload;
import com.slack.api.bolt.context.builtin.EventContext;
import com.slack.api.bolt.handler.BoltEventHandler;
import com.slack.api.bolt.response.Response;
import com.slack.api.model.event.MessageThreadBroadcastEvent;
import dev.checklistbot.chat.PersonalReplies;
import dev.checklistbot.chat.StepActions;

/** A thread reply also sent to the channel ("Also send to #channel") counts as a thread reply. */
final class ThreadBroadcastListener implements BoltEventHandler<MessageThreadBroadcastEvent> {
    private final StepActions actions;
    private final PersonalReplies replies;

    ThreadBroadcastListener(StepActions actions, PersonalReplies replies) {
        this.actions = actions;
        this.replies = replies;
    }

    @Override
    public Response apply(EventsApiPayload<MessageThreadBroadcastEvent> payload, EventContext ctx) {
        MessageThreadBroadcastEvent message = payload.getEvent();
        if (message == null || !SlackListeners.isPersonsThreadReply(message.getUser(), null, message.getThreadTs(),
                message.getTs(), ctx)) {
            return ctx.ack();
        }
        return StepEvents.answer(ctx, replies, message.getChannel(), message.getUser(), () -> actions.reply(
                message.getChannel(), message.getUser(), message.getThreadTs(), SlackText.unescape(message.getText()),
                StepEvents.eventId(payload.getEventId())));
    }
}
