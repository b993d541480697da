package dev.checklistbot.slack;

import com.slack.api.app_backend.events.payload.EventsApiPayload;
import com.slack.api.bolt.context.builtin.EventContext;
import com.slack.api.bolt.handler.BoltEventHandler;
import com.slack.api.bolt.response.Response;
import com.slack.api.model.File;
import com.slack.api.model.event.MessageFileShareEvent;
import dev.checklistbot.chat.PersonalReplies;
import dev.checklistbot.chat.StepActions;

import java.util.ArrayList;
import java.util.List;

/**
 * A file shared in a step's thread (Slack's {@code message} of subtype {@code file_share}): its text and each file's
 * permalink become a reply, read like any other (a note, unless its first word is a command). So a file shared and
 * then a bare {@code done} on a step that requires evidence takes that file's link as the evidence.
 */
final class FileShareReplyListener implements BoltEventHandler<MessageFileShareEvent> {
    private static final int MAX_FILES = 10;

    private final StepActions actions;
    private final PersonalReplies replies;

    FileShareReplyListener(StepActions actions, PersonalReplies replies) {
        this.actions = actions;
        this.replies = replies;
    }

    @Override
    public Response apply(EventsApiPayload<MessageFileShareEvent> payload, EventContext ctx) {
        MessageFileShareEvent message = payload.getEvent();
        if (message == null || !SlackListeners.isPersonsThreadReply(message.getUser(), null, message.getThreadTs(),
                message.getTs(), ctx) || !SlackListeners.onBotsMessage(message.getParentUserId(), ctx)) {
            return ctx.ack();
        }
        List<String> parts = new ArrayList<>();
        if (message.getText() != null && !message.getText().isBlank()) {
            parts.add(SlackText.unescape(message.getText()));
        }
        List<File> files = message.getFiles() == null ? List.of() : message.getFiles();
        for (File file : files.subList(0, Math.min(files.size(), MAX_FILES))) {
            String link = file.getPermalink() != null ? file.getPermalink() : file.getUrlPrivate();
            if (link != null) {
                parts.add((file.getName() == null ? "file" : file.getName()) + " " + link);
            }
        }
        if (parts.isEmpty()) {
            return ctx.ack();
        }
        String text = String.join(" ", parts);
        return StepEvents.answer(ctx, replies, message.getChannel(), message.getUser(), () -> actions.reply(
                message.getChannel(), message.getUser(), message.getThreadTs(), text,
                StepEvents.eventId(payload.getEventId())));
    }
}
