package dev.checklistbot.slack;

import com.slack.api.app_backend.events.payload.EventsApiPayload;
import com.slack.api.bolt.context.builtin.EventContext;
import com.slack.api.bolt.handler.BoltEventHandler;
import com.slack.api.bolt.response.Response;
import com.slack.api.model.event.ReactionAddedEvent;

/** ✅ ✔️ ☑️ mark a step done, ⏩ skips it (optional steps), 👀 claims it. */
final class ReactionAddedListener implements BoltEventHandler<ReactionAddedEvent> {
    private final StepActions actions;

    ReactionAddedListener(StepActions actions) {
        this.actions = actions;
    }

    @Override
    public Response apply(EventsApiPayload<ReactionAddedEvent> payload, EventContext ctx) {
        ReactionAddedEvent event = payload.getEvent();
        return StepActions.answer(ctx, () -> {
            if (event == null || event.getItem() == null || !"message".equals(event.getItem().getType())
                    || actions.isBot(event.getUser(), ctx) || !Reactions.meaningful(event.getReaction(), true)) {
                return StepActions.Ack.OK;
            }
            return actions.reaction(event.getItem().getChannel(), event.getUser(), event.getItem().getTs(),
                    step -> Reactions.added(event.getReaction(), step), payload.getEventId());
        });
    }
}
