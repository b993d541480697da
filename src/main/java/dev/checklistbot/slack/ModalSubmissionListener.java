package dev.checklistbot.slack;

import com.slack.api.app_backend.views.payload.ViewSubmissionPayload;
import com.slack.api.bolt.context.builtin.ViewSubmissionContext;
import com.slack.api.bolt.handler.builtin.ViewSubmissionHandler;
import com.slack.api.bolt.request.builtin.ViewSubmissionRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.model.view.View;
import dev.checklistbot.chat.PersonalReplies;
import dev.checklistbot.chat.StepActions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * A submitted step modal ({@link StepModals}): the skip with its reason, or the assign with the person picked. It is
 * applied like the button it came from: the step and channel checked again, one transaction, and the view's id as
 * the event id, so the same submission sent again (a replay) changes nothing. A refusal is told to the person
 * privately and the modal closes; an empty field keeps the modal open with a word under it.
 */
final class ModalSubmissionListener implements ViewSubmissionHandler {
    private static final Logger log = LoggerFactory.getLogger(ModalSubmissionListener.class);

    private final StepActions actions;
    private final PersonalReplies replies;
    private final ModalButtonListener.Kind kind;

    ModalSubmissionListener(StepActions actions, PersonalReplies replies, ModalButtonListener.Kind kind) {
        this.actions = actions;
        this.replies = replies;
        this.kind = kind;
    }

    @Override
    public Response apply(ViewSubmissionRequest request, ViewSubmissionContext ctx) {
        ViewSubmissionPayload payload = request.getPayload();
        View view = payload == null ? null : payload.getView();
        String user = payload == null || payload.getUser() == null ? null : payload.getUser().getId();
        StepModals.Target target = view == null ? null : StepModals.Target.parse(view.getPrivateMetadata());
        if (user == null || target == null || view.getId() == null) {
            log.warn("a modal submission without its user, view id or step was ignored");
            return ctx.ack();
        }
        String eventId = StepEvents.eventId("view_submission:" + view.getId());
        StepActions.Result result;
        if (kind == ModalButtonListener.Kind.SKIP) {
            String reason = StepModals.reason(view);
            if (reason == null || reason.isBlank()) {
                return ctx.ackWithErrors(Map.of(StepModals.REASON, "Say why the step is skipped."));
            }
            result = actions.button(target.channel(), user, target.messageTs(), target.value(),
                    StepActions.Button.SKIP, reason, eventId);
        } else {
            String assignee = StepModals.assignee(view);
            if (assignee == null) {
                return ctx.ackWithErrors(Map.of(StepModals.ASSIGNEE, "Choose who takes the step."));
            }
            result = actions.assign(target.channel(), user, target.messageTs(), target.value(), assignee, eventId);
        }
        if (result.tell() != null) {
            replies.tell(target.channel(), user, result.tell());
        }
        return ctx.ack();
    }
}
