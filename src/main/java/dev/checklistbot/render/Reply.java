package dev.checklistbot.render;

import dev.checklistbot.run.ReplyText;

/** A short answer to one person: a refusal, an acknowledgement, help, a status. */
public record Reply(ReplyText text) implements ChatMessage {
    public static Reply of(Object... parts) {
        return new Reply(ReplyText.of(parts));
    }
}
