package dev.checklistbot.slack;

import com.slack.api.app_backend.events.payload.EventsApiPayload;
import com.slack.api.bolt.context.builtin.EventContext;
import com.slack.api.bolt.handler.BoltEventHandler;
import com.slack.api.bolt.response.Response;
import com.slack.api.model.event.MessageEvent;

/**
 * Replies in the thread of a step message: {@code done}, {@code skip REASON}, {@code claim}, {@code undo},
 * anything else is a note. Other messages (not in a step's thread, from bots, edits and deletions, which
 * Bolt dispatches as other event types and auto-acknowledges) are ignored.
 */
final class ThreadReplyListener implements BoltEventHandler<MessageEvent> {
    private final StepActions actions;

    ThreadReplyListener(StepActions actions) {
        this.actions = actions;
    }

    @Override
    public Response apply(EventsApiPayload<MessageEvent> payload, EventContext ctx) {
        MessageEvent message = payload.getEvent();
        return StepActions.answer(ctx, () -> message == null ? StepActions.Ack.OK
                : actions.reply(message.getChannel(), message.getUser(), message.getBotId(), message.getThreadTs(),
                        message.getTs(), message.getText(), payload.getEventId(), ctx));
    }
}
