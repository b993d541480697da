package dev.checklistbot.slack;

import com.slack.api.app_backend.events.payload.EventsApiPayload;
import com.slack.api.bolt.context.builtin.EventContext;
import com.slack.api.bolt.handler.BoltEventHandler;
import com.slack.api.bolt.response.Response;
import com.slack.api.model.event.ReactionRemovedEvent;

/** Taking back a done reaction reopens the step (if it was the last one finished, and yours). */
final class ReactionRemovedListener implements BoltEventHandler<ReactionRemovedEvent> {
    private final StepActions actions;

    ReactionRemovedListener(StepActions actions) {
        this.actions = actions;
    }

    @Override
    public Response apply(EventsApiPayload<ReactionRemovedEvent> payload, EventContext ctx) {
        ReactionRemovedEvent event = payload.getEvent();
        return StepActions.answer(ctx, () -> {
            if (event == null || event.getItem() == null || !"message".equals(event.getItem().getType())
                    || actions.isBot(event.getUser(), ctx) || !Reactions.meaningful(event.getReaction(), false)) {
                return StepActions.Ack.OK;
            }
            return actions.reaction(event.getItem().getChannel(), event.getUser(), event.getItem().getTs(),
                    step -> Reactions.removed(event.getReaction(), step), payload.getEventId());
        });
    }
}
