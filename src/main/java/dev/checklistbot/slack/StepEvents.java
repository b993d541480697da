package dev.checklistbot.slack;

import com.slack.api.bolt.context.builtin.EventContext;
import com.slack.api.bolt.response.Response;
import dev.checklistbot.chat.PersonalReplies;
import dev.checklistbot.chat.StepActions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Supplier;

/**
 * Turns what {@link StepActions} decided about an event into Slack's answer: a private reply for the person, and
 * 200, or {@link RetryLater} (a 503) so that Slack delivers the event again. A failure nobody foresaw (a read that
 * fails because the database went away) also asks for the event again rather than losing it.
 */
final class StepEvents {
    private static final Logger log = LoggerFactory.getLogger(StepEvents.class);

    private StepEvents() {
    }

    static Response answer(EventContext ctx, PersonalReplies replies, String channel, String userId,
                           Supplier<StepActions.Result> handling) {
        StepActions.Result result;
        try {
            result = handling.get();
        } catch (RuntimeException e) {
            log.warn("an event could not be handled now ({}); Slack will deliver it again", e.toString());
            throw new RetryLater("the event could not be handled now");
        }
        if (result.ack() == StepActions.Ack.RETRY) {
            throw new RetryLater("the event could not be applied now");
        }
        if (result.tell() != null) {
            replies.tell(channel, userId, result.tell());
        }
        return ctx.ack();
    }

    /** Slack's event ids, qualified so that no other platform's ids can collide with them. */
    static String eventId(String slackEventId) {
        return slackEventId == null ? null : "slack:" + slackEventId;
    }
}
