package dev.checklistbot.chat;

import dev.checklistbot.render.Reply;
import dev.checklistbot.run.ReplyText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Answers one person only (the client's {@link ChatClient#ephemeral}, Slack's {@code chat.postEphemeral}) off the
 * request thread, so that a slow or rate-limited API never delays the platform's 3-second acknowledgement. An ephemeral answer is not worth keeping across
 * a restart, so it does not go through the outbox; a temporary failure is retried a couple of times.
 */
public final class PersonalReplies implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PersonalReplies.class);
    private static final int ATTEMPTS = 3;
    private static final int MAX_QUEUED = 1_000;

    private final ChatClient client;
    private final ExecutorService executor;

    public PersonalReplies(ChatClient client) {
        this.client = client;
        this.executor = new ThreadPoolExecutor(2, 2, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(MAX_QUEUED),
                r -> {
                    Thread t = new Thread(r, "personal-replies");
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.DiscardOldestPolicy());
    }

    /** Tells {@code userId}, in {@code channel}, and only them. Returns at once. */
    public void tell(String channel, String userId, ReplyText text) {
        if (text == null || channel == null || userId == null) {
            return;
        }
        executor.execute(() -> send(channel, userId, new Reply(text)));
    }

    private void send(String channel, String userId, Reply reply) {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                client.ephemeral(channel, userId, reply);
                return;
            } catch (DeliveryException e) {
                if (!e.retryable() || attempt == ATTEMPTS) {
                    log.warn("could not answer {} in {}: {}", userId, channel, e.getMessage());
                    return;
                }
                Duration wait = e.retryAfter() != null ? e.retryAfter() : Duration.ofMillis(500L * attempt);
                try {
                    Thread.sleep(Math.min(wait.toMillis(), 10_000));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            } catch (RuntimeException e) {
                log.warn("could not answer {} in {}: {}", userId, channel, e.toString());
                return;
            }
        }
    }

    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
    }
}
