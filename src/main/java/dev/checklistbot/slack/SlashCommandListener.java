package dev.checklistbot.slack;

import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import com.slack.api.bolt.context.builtin.SlashCommandContext;
import com.slack.api.bolt.handler.builtin.SlashCommandHandler;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import com.slack.api.bolt.response.Response;
import dev.checklistbot.chat.ChatCommandHandler;
import dev.checklistbot.render.Reply;
import dev.checklistbot.run.Actor;
import dev.checklistbot.run.CommandContext;
import dev.checklistbot.run.CommandSource;
import dev.checklistbot.chat.StepActions;
import dev.checklistbot.run.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The slash command: the typed text goes to the command handler, whose answer is the acknowledgement itself
 * (ephemeral, for the person only). Nothing here calls the Web API; the messages a command causes go out
 * through the outbox.
 *
 * <p>Slack gives every invocation its own {@code trigger_id}: it goes with the command as its event id, so the same
 * signed request sent again (a replay within the signature's 5 minutes) changes nothing the second time.
 */
final class SlashCommandListener implements SlashCommandHandler {
    private static final Logger log = LoggerFactory.getLogger(SlashCommandListener.class);
    static final String INCOMPLETE = "Slack sent this command without its channel, user or trigger,"
            + " so nothing was changed. Please type it again.";
    static final String FAILED = "Sorry, that did not work: something went wrong on the bot's side."
            + " Nothing was changed; please try again.";

    private final ChatCommandHandler handler;

    SlashCommandListener(ChatCommandHandler handler) {
        this.handler = handler;
    }

    @Override
    public Response apply(SlashCommandRequest request, SlashCommandContext ctx) {
        SlashCommandPayload payload = request.getPayload();
        String answer;
        if (payload == null || blank(payload.getChannelId()) || blank(payload.getUserId())
                || blank(payload.getTriggerId())) {
            log.warn("a slash command without its channel, user or trigger_id was ignored");
            answer = INCOMPLETE;
        } else {
            answer = answer(payload);
        }
        String text = SlackText.trim(answer, SlackBlocks.MAX_SECTION_CHARS);
        return ctx.ack(r -> r.responseType("ephemeral").text(text));
    }

    private String answer(SlashCommandPayload payload) {
        try {
            CommandContext context = new CommandContext(payload.getChannelId(),
                    new Actor(payload.getUserId(), payload.getUserName()), CommandSource.COMMAND,
                    "slack:trigger:" + payload.getTriggerId());
            Reply reply = handler.command(context, SlackText.unescape(payload.getText() == null ? "" : payload.getText()));
            return SlackText.reply(reply.text());
        } catch (StoreUnavailableException e) {
            log.warn("slash command in {} not applied: {}", payload.getChannelId(), e.getMessage());
            return SlackText.reply(StepActions.TRY_AGAIN);
        } catch (RuntimeException e) {
            log.warn("slash command in {} failed: {}", payload.getChannelId(), e.toString());
            return FAILED;
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
