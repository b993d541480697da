package dev.checklistbot.run;

import java.util.Objects;

/**
 * Who asks, where, and the chat platform's id of the event that carried the command.
 *
 * @param channel the channel the command applies to
 * @param actor   who asks
 * @param source  how the command arrived
 * @param eventId the platform's id of the event (Slack's event_id); the same id a second time changes nothing.
 *                Null when the platform gives none.
 */
public record CommandContext(String channel, Actor actor, CommandSource source, String eventId) {
    public CommandContext {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(source, "source");
    }

    public static CommandContext of(String channel, Actor actor) {
        return new CommandContext(channel, actor, CommandSource.COMMAND, null);
    }
}
