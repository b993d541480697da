package dev.checklistbot.slack;

import com.slack.api.app_backend.events.payload.EventsApiPayload;
import com.slack.api.bolt.context.builtin.EventContext;
import com.slack.api.bolt.handler.BoltEventHandler;
import com.slack.api.bolt.response.Response;
import com.slack.api.model.event.ReactionAddedEvent;
import dev.checklistbot.chat.PersonalReplies;
import dev.checklistbot.chat.StepActions;

/** ✅ ✔️ ☑️ mark a step done, ⏩ skips it (optional steps), 👀 claims it. */
final class ReactionAddedListener implements BoltEventHandler<ReactionAddedEvent> {
    private final StepActions actions;
    private final PersonalReplies replies;

    ReactionAddedListener(StepActions actions, PersonalReplies replies) {
        this.actions = actions;
        this.replies = replies;
    }

    @Override
    public Response apply(EventsApiPayload<ReactionAddedEvent> payload, EventContext ctx) {
        ReactionAddedEvent event = payload.getEvent();
        if (event == null || event.getItem() == null || !"message".equals(event.getItem().getType())
                || SlackListeners.isBot(event.getUser(), ctx)
                || !SlackListeners.onBotsMessage(event.getItemUser(), ctx)) {
            return ctx.ack();
        }
        String channel = event.getItem().getChannel();
        return StepEvents.answer(ctx, replies, channel, event.getUser(), () -> actions.reaction(channel, event.getUser(),
                event.getItem().getTs(), event.getReaction(), true, StepEvents.eventId(payload.getEventId())));
    }
}
