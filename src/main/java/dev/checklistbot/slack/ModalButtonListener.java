package dev.checklistbot.slack;

import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.bolt.context.builtin.ActionContext;
import com.slack.api.bolt.handler.builtin.BlockActionHandler;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.methods.response.views.ViewsOpenResponse;
import com.slack.api.model.view.View;
import dev.checklistbot.chat.PersonalReplies;
import dev.checklistbot.chat.StepActions;
import dev.checklistbot.run.ReplyText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * A step button that opens a modal ({@link StepModals}): Skip on a step that needs a reason (a step that does not
 * is skipped at once, as the plain button does), and Assign. The modal must open within Slack's 3 seconds of the
 * click ({@code trigger_id}), so the button's checks are made first (two reads, no write) and the modal opened
 * before the ack. If Slack will not open it, the person is told how to type the command instead.
 */
final class ModalButtonListener implements BlockActionHandler {
    private static final Logger log = LoggerFactory.getLogger(ModalButtonListener.class);

    enum Kind { SKIP, ASSIGN }

    private final StepActions actions;
    private final PersonalReplies replies;
    private final Kind kind;
    private final String commandName;
    /** The plain Skip button, for a step that needs no reason. */
    private final StepButtonListener plainSkip;

    ModalButtonListener(StepActions actions, PersonalReplies replies, Kind kind, String commandName) {
        this.actions = actions;
        this.replies = replies;
        this.kind = kind;
        this.commandName = commandName;
        this.plainSkip = new StepButtonListener(actions, replies, StepActions.Button.SKIP);
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
        if (channel == null || user == null || value == null) {
            log.warn("a step button without its channel, user or value was ignored");
            return ctx.ack();
        }
        StepModals.Target target = new StepModals.Target(channel, messageTs, value);
        try {
            if (kind == Kind.SKIP && !actions.skipNeedsReason(value)) {
                return plainSkip.apply(request, ctx);
            }
            Optional<ReplyText> misplaced = actions.misplaced(channel, messageTs, value);
            if (misplaced.isPresent()) {
                replies.tell(channel, user, misplaced.get());
                return ctx.ack();
            }
        } catch (RuntimeException e) {
            log.warn("a step button in {} could not be checked now: {}", channel, e.toString());
            replies.tell(channel, user, StepActions.TRY_AGAIN);
            return ctx.ack();
        }
        View view = kind == Kind.SKIP ? StepModals.skipReason(target) : StepModals.assign(target);
        if (!open(ctx, payload.getTriggerId(), view)) {
            if (kind == Kind.SKIP) {
                // Without the modal, the plain button says how to give the reason.
                return plainSkip.apply(request, ctx);
            }
            replies.tell(channel, user, ReplyText.of("Type `", commandName, " assign ", value.step(),
                    " @someone` to give step ", value.step(), " to someone."));
        }
        return ctx.ack();
    }

    private static boolean open(ActionContext ctx, String triggerId, View view) {
        if (triggerId == null) {
            return false;
        }
        try {
            ViewsOpenResponse response = ctx.client().viewsOpen(r -> r.triggerId(triggerId).view(view));
            if (!response.isOk()) {
                log.warn("views.open refused: {}", response.getError());
            }
            return response.isOk();
        } catch (Exception e) {
            log.warn("views.open failed: {}", e.toString());
            return false;
        }
    }
}
