package dev.checklistbot.slack;

import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.bolt.context.builtin.ActionContext;
import com.slack.api.bolt.handler.builtin.BlockActionHandler;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.response.Response;
import dev.checklistbot.chat.AnswerActions;
import dev.checklistbot.chat.PersonalReplies;
import dev.checklistbot.run.ReplyText;

/**
 * A Yes or No button of a question (run header, or a step waiting for the answer). Its id is the click's
 * {@code action_ts}, so the same payload replayed changes nothing; the answer (or why not) is told privately.
 */
final class AnswerButtonListener implements BlockActionHandler {
    private final AnswerActions answers;
    private final PersonalReplies replies;

    AnswerButtonListener(AnswerActions answers, PersonalReplies replies) {
        this.answers = answers;
        this.replies = replies;
    }

    @Override
    public Response apply(BlockActionRequest request, ActionContext ctx) {
        BlockActionPayload payload = request.getPayload();
        BlockActionPayload.Action action = payload == null || payload.getActions() == null
                || payload.getActions().isEmpty() ? null : payload.getActions().get(0);
        String channel = payload == null || payload.getChannel() == null ? null : payload.getChannel().getId();
        String user = payload == null || payload.getUser() == null ? null : payload.getUser().getId();
        AnswerActions.AnswerValue value = action == null ? null : AnswerActions.AnswerValue.parse(action.getValue());
        if (channel == null || user == null || value == null || action.getActionTs() == null) {
            return ctx.ack();
        }
        String eventId = StepEvents.eventId("block_actions:" + action.getActionTs() + ":" + user + ":"
                + action.getActionId());
        ReplyText tell = answers.answer(channel, user, value, eventId);
        if (tell != null) {
            replies.tell(channel, user, tell);
        }
        return ctx.ack();
    }
}
