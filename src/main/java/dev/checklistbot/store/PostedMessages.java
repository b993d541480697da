package dev.checklistbot.store;

import java.util.Optional;

/** Where the bot's posted messages are: the header and step messages of every run. */
public interface PostedMessages {

    /** Records a posted message; recording the same run and step again replaces it. */
    void save(PostedMessage message);

    /** The run and step of a message, given the channel and the platform's message id. */
    Optional<PostedMessage> find(String channel, String messageId);

    /** The message of a run's step (0: the header), if it was posted. */
    Optional<PostedMessage> find(long runId, int step);
}
