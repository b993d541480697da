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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The slash command: the typed text goes to the command handler, whose answer is the acknowledgement itself
 * (ephemeral, for the person only). Nothing here calls the Web API; the messages a command causes go out
 * through the outbox.
 */
final class SlashCommandListener implements SlashCommandHandler {
    private static final Logger log = LoggerFactory.getLogger(SlashCommandListener.class);

    private final ChatCommandHandler handler;

    SlashCommandListener(ChatCommandHandler handler) {
        this.handler = handler;
    }

    @Override
    public Response apply(SlashCommandRequest request, SlashCommandContext ctx) {
        SlashCommandPayload payload = request.getPayload();
        String answer;
        try {
            CommandContext context = new CommandContext(payload.getChannelId(),
                    new Actor(payload.getUserId(), payload.getUserName()), CommandSource.COMMAND, null);
            Reply reply = handler.command(context, SlackText.unescape(payload.getText()));
            answer = SlackText.reply(reply.text());
        } catch (RuntimeException e) {
            log.error("slash command in {} failed: {}", payload.getChannelId(), e.toString());
            answer = "Sorry, that did not work: the bot could not reach its database. Nothing was changed; try again.";
        }
        String text = SlackText.trim(answer, SlackBlocks.MAX_SECTION_CHARS);
        return ctx.ack(r -> r.responseType("ephemeral").text(text));
    }
}
