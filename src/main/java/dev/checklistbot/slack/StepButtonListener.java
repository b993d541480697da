package dev.checklistbot.slack;

import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.bolt.context.builtin.ActionContext;
import com.slack.api.bolt.handler.builtin.BlockActionHandler;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.response.Response;
import dev.checklistbot.run.RunCommand;

import java.util.function.IntFunction;

/**
 * A Done, Skip or Claim button on a step message. The button's value is {@code RUN_ID:STEP}. Slack does not
 * retry interactivity, but a double click sends two payloads with different {@code action_ts}: the engine's
 * rules (a step is done once, the second is a confirmation or a refusal) take care of that.
 */
final class StepButtonListener implements BlockActionHandler {
    private final StepActions actions;
    private final IntFunction<RunCommand> command;

    StepButtonListener(StepActions actions, IntFunction<RunCommand> command) {
        this.actions = actions;
        this.command = command;
    }

    @Override
    public Response apply(BlockActionRequest request, ActionContext ctx) {
        BlockActionPayload payload = request.getPayload();
        if (payload.getActions() == null || payload.getActions().isEmpty() || payload.getChannel() == null
                || payload.getUser() == null) {
            return ctx.ack();
        }
        BlockActionPayload.Action action = payload.getActions().get(0);
        StepActions.ButtonValue value = StepActions.ButtonValue.parse(action.getValue());
        if (value != null) {
            String eventId = "block_actions:" + action.getActionTs() + ":" + payload.getUser().getId() + ":"
                    + action.getActionId();
            actions.button(payload.getChannel().getId(), payload.getUser().getId(), value,
                    command.apply(value.step()), eventId);
        }
        return ctx.ack();
    }
}
