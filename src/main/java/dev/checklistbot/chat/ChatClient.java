package dev.checklistbot.chat;

import dev.checklistbot.render.ChatMessage;

/** The port to a chat platform: post, update, reply in a thread, answer one person. */
public interface ChatClient {

    /**
     * Posts a message to a channel, or into a message's thread when {@code threadId} is given.
     *
     * @return the platform's id of the new message (Slack's ts)
     */
    String post(String channel, String threadId, ChatMessage message) throws DeliveryException;

    /** Replaces the content of a message the bot posted. */
    void update(String channel, String messageId, ChatMessage message) throws DeliveryException;

    /** Shows a message to one person only. */
    void ephemeral(String channel, String userId, ChatMessage message) throws DeliveryException;

    /**
     * The platforms whose channels this client delivers to: the outbox claims only their channels (a process that
     * serves Slack alone leaves Discord's messages to a process that serves Discord). Every platform unless said.
     */
    default java.util.Set<dev.checklistbot.run.Platform> platforms() {
        return java.util.EnumSet.allOf(dev.checklistbot.run.Platform.class);
    }
}
