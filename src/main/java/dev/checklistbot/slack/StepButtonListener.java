package dev.checklistbot.slack;

import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.bolt.context.builtin.ActionContext;
import com.slack.api.bolt.handler.builtin.BlockActionHandler;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.response.Response;
import dev.checklistbot.chat.PersonalReplies;
import dev.checklistbot.chat.StepActions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Done, Skip or Claim button on a step message. The button's value is {@code RUN_ID:STEP}. Slack does not
 * retry interactivity, but a double click sends two payloads with different {@code action_ts}: the engine's
 * rules (a step is done once, the second is a confirmation or a refusal) take care of that. The same payload
 * sent again (a replay) has the same {@code action_ts}, so its id makes it change nothing.
 */
final class StepButtonListener implements BlockActionHandler {
    private static final Logger log = LoggerFactory.getLogger(StepButtonListener.class);

    private final StepActions actions;
    private final PersonalReplies replies;
    private final StepActions.Button button;

    StepButtonListener(StepActions actions, PersonalReplies replies, StepActions.Button button) {
        this.actions = actions;
        this.replies = replies;
        this.button = button;
    }

    @Override
    public Response apply(BlockActionRequest request, ActionContext ctx) {
        BlockActionPayload payload = request.getPayload();
        BlockActionPayload.Action action = payload == null || payload.getActions() == null
                || payload.getActions().isEmpty() ? null : payload.getActions().get(0);
        String channel = payload == null || payload.getChannel() == null ? null : payload.getChannel().getId();
        String user = payload == null || payload.getUser() == null ? null : payload.getUser().getId();
        String messageTs = payload == null || payload.getContainer() == null ? null : payload.getContainer().getMessageTs();
        StepActions.ButtonValue value = action == null ? null : StepActions.ButtonValue.parse(action.getValue());
        if (channel == null || user == null || value == null || action.getActionTs() == null) {
            log.warn("a step button without its channel, user, value or action_ts was ignored");
            return ctx.ack();
        }
        String eventId = StepEvents.eventId("block_actions:" + action.getActionTs() + ":" + user + ":"
                + action.getActionId());
        if (button == StepActions.Button.DONE && openEvidenceModal(payload, ctx, channel, messageTs, value)) {
            return ctx.ack();
        }
        StepActions.Result result = actions.button(channel, user, messageTs, value, button, null, eventId);
        if (result.tell() != null) {
            replies.tell(channel, user, result.tell());
        }
        return ctx.ack();
    }

    /**
     * Done on a step that requires evidence opens a modal asking for it (views.open with the click's trigger_id, which
     * Slack honours for 3 seconds, so it is called before the ack); false when Done applies at once.
     */
    private boolean openEvidenceModal(BlockActionPayload payload, ActionContext ctx, String channel, String messageTs,
                                      StepActions.ButtonValue value) {
        java.util.Optional<String> prompt;
        try {
            prompt = actions.evidencePrompt(channel, messageTs, value);
        } catch (RuntimeException e) {
            log.warn("cannot tell whether step {} needs evidence: {}", value.step(), e.toString());
            return false;
        }
        if (prompt.isEmpty() || payload.getTriggerId() == null) {
            return false;
        }
        try {
            var response = ctx.client().viewsOpen(r -> r.triggerId(payload.getTriggerId())
                    .view(EvidenceModal.view(channel, messageTs, value, prompt.get())));
            if (!response.isOk()) {
                log.warn("views.open failed: {}", response.getError());
            }
        } catch (Exception e) {
            log.warn("views.open failed: {}", e.toString());
        }
        return true;
    }
}
