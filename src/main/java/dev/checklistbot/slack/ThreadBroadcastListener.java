package dev.checklistbot.slack;

import com.slack.api.app_backend.events.payload.EventsApiPayload;
import com.slack.api.bolt.context.builtin.EventContext;
import com.slack.api.bolt.handler.BoltEventHandler;
import com.slack.api.bolt.response.Response;
import com.slack.api.model.event.MessageThreadBroadcastEvent;

/** A thread reply also sent to the channel ("Also send to #channel") counts as a thread reply. */
final class ThreadBroadcastListener implements BoltEventHandler<MessageThreadBroadcastEvent> {
    private final StepActions actions;

    ThreadBroadcastListener(StepActions actions) {
        this.actions = actions;
    }

    @Override
    public Response apply(EventsApiPayload<MessageThreadBroadcastEvent> payload, EventContext ctx) {
        MessageThreadBroadcastEvent message = payload.getEvent();
        return StepActions.answer(ctx, () -> message == null ? StepActions.Ack.OK
                : actions.reply(message.getChannel(), message.getUser(), null, message.getThreadTs(), message.getTs(),
                        message.getText(), payload.getEventId(), ctx));
    }
}
