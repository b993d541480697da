package dev.checklistbot.slack;

import com.slack.api.app_backend.events.payload.EventsApiPayload;
import com.slack.api.bolt.context.builtin.EventContext;
import com.slack.api.bolt.handler.BoltEventHandler;
import com.slack.api.bolt.response.Response;
import com.slack.api.model.event.ReactionRemovedEvent;
import dev.checklistbot.chat.PersonalReplies;
import dev.checklistbot.chat.StepActions;

/** Taking back a done reaction reopens the step (if it was the last one finished, and yours). */
final class ReactionRemovedListener implements BoltEventHandler<ReactionRemovedEvent> {
    private final StepActions actions;
    private final PersonalReplies replies;

    ReactionRemovedListener(StepActions actions, PersonalReplies replies) {
        this.actions = actions;
        this.replies = replies;
    }

    @Override
    public Response apply(EventsApiPayload<ReactionRemovedEvent> payload, EventContext ctx) {
        ReactionRemovedEvent event = payload.getEvent();
        if (event == null || event.getItem() == null || !"message".equals(event.getItem().getType())
                || SlackListeners.isBot(event.getUser(), ctx)
                || !SlackListeners.onBotsMessage(event.getItemUser(), ctx)) {
            return ctx.ack();
        }
        String channel = event.getItem().getChannel();
        return StepEvents.answer(ctx, replies, channel, event.getUser(), () -> actions.reaction(channel, event.getUser(),
                event.getItem().getTs(), event.getReaction(), false, StepEvents.eventId(payload.getEventId())));
    }
}
