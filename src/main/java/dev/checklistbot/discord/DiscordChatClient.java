package dev.checklistbot.discord;

import dev.checklistbot.chat.ChatClient;
import dev.checklistbot.chat.DeliveryException;
import dev.checklistbot.render.ChatMessage;
import dev.checklistbot.render.Reply;
import dev.checklistbot.render.StepCard;
import dev.checklistbot.run.Actor;
import dev.checklistbot.run.Platform;
import dev.checklistbot.run.ReplyText;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.channel.concrete.ThreadChannel;
import net.dv8tion.jda.api.entities.channel.middleman.GuildMessageChannel;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.exceptions.InsufficientPermissionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.Supplier;

/**
 * The chat client port on Discord, through JDA's REST actions. JDA paces every route by Discord's rate-limit
 * buckets and waits out a 429 itself (and retries 502/503/504), so there is no second limiter here; what still
 * fails comes back as a {@link DeliveryException}: a 5xx or a network error is retried by the outbox, a 4xx
 * (unknown channel, missing permission) is given up.
 *
 * <p>Each step message gets a thread of its own (a thread started from a message has the message's id), where
 * people reply and where the step's notices go; if the thread is missing, a notice replies to the step message.
 */
final class DiscordChatClient implements ChatClient {
    private static final Logger log = LoggerFactory.getLogger(DiscordChatClient.class);
    private static final int MAX_THREAD_NAME = 100;

    private final Supplier<JDA> jda;
    private final DiscordMessages messages = new DiscordMessages();

    /** @param jda the connection, once it is up (deliveries start after it is) */
    DiscordChatClient(Supplier<JDA> jda) {
        this.jda = jda;
    }

    @Override
    public String post(String channel, String threadId, ChatMessage message) throws DeliveryException {
        List<DiscordMessage> parts = messages.render(message);
        return call("posting to " + channel, () -> {
            GuildMessageChannel target = threadId == null ? channel(channel) : thread(threadId);
            String first = null;
            for (DiscordMessage part : parts) {
                Message sent = target != null
                        ? target.sendMessage(part.create()).complete()
                        // no thread: answer the step message itself
                        : channel(channel).sendMessage(part.create()).setMessageReference(threadId)
                        .failOnInvalidReply(false).complete();
                if (first == null) {
                    first = sent.getId();
                    if (message instanceof StepCard card) {
                        openThread(sent, card);
                    }
                }
            }
            return first;
        });
    }

    /** A thread on a new step message, for the replies and notices of that step. Best effort: notices fall back. */
    private static void openThread(Message sent, StepCard card) {
        String name = DiscordText.trim(card.position() + ": " + card.step().step().text(), MAX_THREAD_NAME);
        try {
            sent.createThreadChannel(name).complete();
        } catch (RuntimeException e) {
            log.warn("could not open a thread on step {} of run {}: {}", card.step().number(), card.run().id(),
                    e.toString());
        }
    }

    @Override
    public void update(String channel, String messageId, ChatMessage message) throws DeliveryException {
        DiscordMessage first = messages.render(message).get(0);
        call("editing a message in " + channel, () -> {
            channel(channel).editMessageById(messageId, first.edit()).complete();
            return null;
        });
    }

    /**
     * Discord shows a message to one person only as the answer to their interaction (the adapter does that); for a
     * reaction or a thread reply there is no such thing, so the answer goes to the channel addressed to them, pinging
     * only them.
     */
    @Override
    public void ephemeral(String channel, String userId, ChatMessage message) throws DeliveryException {
        ReplyText text = message instanceof Reply reply ? reply.text() : ReplyText.of(String.valueOf(message));
        List<Object> parts = new java.util.ArrayList<>();
        parts.add(Actor.of(userId));
        parts.add(" ");
        parts.addAll(text.parts());
        post(channel, null, new Reply(new ReplyText(parts)));
    }

    private GuildMessageChannel channel(String channel) {
        String id = Platform.DISCORD.platformId(channel);
        GuildMessageChannel found = jda().getChannelById(GuildMessageChannel.class, id);
        if (found == null) {
            throw new UnknownChannel("the bot cannot see channel " + id);
        }
        return found;
    }

    private ThreadChannel thread(String threadId) {
        return jda().getThreadChannelById(threadId);
    }

    private JDA jda() {
        JDA connection = jda.get();
        if (connection == null) {
            throw new IllegalStateException("not connected to Discord yet");
        }
        return connection;
    }

    /** A channel the bot does not see: given up, not retried. */
    private static final class UnknownChannel extends RuntimeException {
        UnknownChannel(String message) {
            super(message, null, false, false);
        }
    }

    private interface Call<T> {
        T run();
    }

    private static <T> T call(String what, Call<T> call) throws DeliveryException {
        try {
            return call.run();
        } catch (ErrorResponseException e) {
            String why = what + ": Discord answered " + e.getErrorCode() + " " + e.getMeaning();
            if (e.isServerError()) {
                throw DeliveryException.retryable(why, null, e);
            }
            throw DeliveryException.permanent(why, e);
        } catch (UnknownChannel | InsufficientPermissionException e) {
            throw DeliveryException.permanent(what + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // network errors, a connection not up yet: the outbox tries again later
            throw DeliveryException.retryable(what + ": " + e, null, e);
        }
    }
}
