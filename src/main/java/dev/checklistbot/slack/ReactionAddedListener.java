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
        if (event.getItem() != null && "message".equals(event.getItem().getType())
                && !actions.isBot(event.getUser(), ctx)) {
            String channel = event.getItem().getChannel();
            actions.onStepMessage(channel, event.getItem().getTs()).ifPresent(step ->
                    Reactions.added(event.getReaction(), step.step()).ifPresent(command ->
                            actions.reaction(channel, event.getUser(), step, command, payload.getEventId())));
        }
        return ctx.ack();
    }
}
