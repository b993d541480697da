package dev.checklistbot.chat;

import dev.checklistbot.render.ChatMessage;
import dev.checklistbot.run.Platform;

import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * One chat client for the outbox, delivering each message through its channel's platform ({@link Platform#of}), so
 * that one process on one database serves Slack and Discord without ever sending one platform's message through the
 * other's client. The outbox claims only the channels of the platforms served ({@link #platforms()}); a message for
 * another platform that reaches it anyway waits (retried later), for a process that does serve it.
 */
public final class PlatformClients implements ChatClient {
    private static final Duration NOT_SERVED_RETRY = Duration.ofMinutes(1);

    private final Map<Platform, ChatClient> clients = new EnumMap<>(Platform.class);

    /** Serves {@code platform} through {@code client}. */
    public synchronized PlatformClients with(Platform platform, ChatClient client) {
        clients.put(platform, client);
        return this;
    }

    /** Whether this process serves {@code platform} (the scheduler starts runs only where it does). */
    public synchronized boolean serves(Platform platform) {
        return clients.containsKey(platform);
    }

    /** The platforms served: the outbox claims only their channels. */
    @Override
    public synchronized Set<Platform> platforms() {
        return clients.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(clients.keySet()));
    }

    private synchronized ChatClient client(String channel) throws DeliveryException {
        Platform platform = Platform.of(channel);
        ChatClient client = clients.get(platform);
        if (client == null) {
            throw DeliveryException.retryable("this process does not serve " + platform.key(), NOT_SERVED_RETRY, null);
        }
        return client;
    }

    @Override
    public String post(String channel, String threadId, ChatMessage message) throws DeliveryException {
        return client(channel).post(channel, threadId, message);
    }

    @Override
    public void update(String channel, String messageId, ChatMessage message) throws DeliveryException {
        client(channel).update(channel, messageId, message);
    }

    @Override
    public void ephemeral(String channel, String userId, ChatMessage message) throws DeliveryException {
        client(channel).ephemeral(channel, userId, message);
    }
}
