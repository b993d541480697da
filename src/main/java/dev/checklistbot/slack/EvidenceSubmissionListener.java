package dev.checklistbot.slack;

import com.slack.api.bolt.context.builtin.ViewSubmissionContext;
import com.slack.api.bolt.handler.builtin.ViewSubmissionHandler;
import com.slack.api.bolt.request.builtin.ViewSubmissionRequest;
import com.slack.api.bolt.response.Response;
import dev.checklistbot.chat.PersonalReplies;
import dev.checklistbot.chat.StepActions;

import java.util.Map;

/**
 * The evidence modal submitted: Done on its step with the evidence, as the button would have done. Bolt has verified
 * the request's signature; the view's id (one per opened modal) is the event id, so a replayed submission changes
 * nothing. Empty evidence is answered inside the modal (Slack shows the error under the field).
 */
final class EvidenceSubmissionListener implements ViewSubmissionHandler {
    private final StepActions actions;
    private final PersonalReplies replies;

    EvidenceSubmissionListener(StepActions actions, PersonalReplies replies) {
        this.actions = actions;
        this.replies = replies;
    }

    @Override
    public Response apply(ViewSubmissionRequest request, ViewSubmissionContext ctx) {
        var payload = request.getPayload();
        EvidenceModal.Submitted submitted = payload == null ? null : EvidenceModal.Submitted.of(payload.getView());
        String user = payload == null || payload.getUser() == null ? null : payload.getUser().getId();
        if (submitted == null || user == null || payload.getView().getId() == null) {
            return ctx.ack();
        }
        if (submitted.evidence() == null || submitted.evidence().isBlank()) {
            return ctx.ackWithErrors(Map.of(EvidenceModal.BLOCK_ID, "Say what shows the step was done."));
        }
        String eventId = StepEvents.eventId("view_submission:" + payload.getView().getId());
        StepActions.Result result = actions.button(submitted.channel(), user, submitted.messageTs(), submitted.value(),
                StepActions.Button.DONE, submitted.evidence().strip(), eventId);
        if (result.tell() != null) {
            replies.tell(submitted.channel(), user, result.tell());
        }
        return ctx.ack();
    }
}
