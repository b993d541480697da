package dev.checklistbot.slack;

import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import com.slack.api.bolt.request.builtin.ViewSubmissionRequest;
import com.slack.api.bolt.response.Response;
import dev.checklistbot.logging.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bolt's answer to a signed request that no listener handles (an unknown button or modal, another command), in HTTP
 * and Socket Mode alike. Bolt's default answers 404, which Slack shows as an error or retries.
 */
final class UnmatchedRequests {
    private static final Logger log = LoggerFactory.getLogger(UnmatchedRequests.class);

    private UnmatchedRequests() {
    }

    /** Bolt's answer to a signed request no listener handles: 200 (Slack must not retry it), one bounded line. */
    static Response unmatched(Request<?> request) {
        String what = String.valueOf(request.getRequestType());
        String id = null;
        if (request instanceof BlockActionRequest action && action.getPayload() != null
                && action.getPayload().getActions() != null && !action.getPayload().getActions().isEmpty()) {
            id = "action_id " + action.getPayload().getActions().get(0).getActionId();
        } else if (request instanceof ViewSubmissionRequest view && view.getPayload() != null
                && view.getPayload().getView() != null) {
            id = "callback_id " + view.getPayload().getView().getCallbackId();
        } else if (request instanceof SlashCommandRequest command && command.getPayload() != null) {
            id = "command " + command.getPayload().getCommand();
        }
        log.warn("acknowledged a signed {} that no listener handles{}; it changed nothing", what,
                id == null ? "" : " (" + LogText.escape(id, 120) + ")");
        return Response.ok();
    }
}
