package dev.checklistbot.slack;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.request.chat.ChatPostEphemeralRequest;
import com.slack.api.methods.request.chat.ChatPostMessageRequest;
import com.slack.api.methods.request.chat.ChatUpdateRequest;
import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import dev.checklistbot.chat.ChatClient;
import dev.checklistbot.chat.DeliveryException;
import dev.checklistbot.render.ChatMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The chat port on Slack's Web API ({@code chat.postMessage}, {@code chat.update}, {@code chat.postEphemeral}).
 *
 * <p>It makes synchronous calls ({@link SlackWebApi}, the SDK's {@link MethodsClient} underneath), called
 * from the outbox's delivery threads, on purpose:
 * the {@link dev.checklistbot.chat.OutboxDispatcher} already keeps one call in flight per channel (which is
 * Slack's unit of rate limiting for posts), retries with backoff and honours {@code Retry-After}, and keeps
 * that state in the database so it survives a restart. The {@code AsyncMethodsClient} would add a second,
 * in-memory queue with its own pacing and its own retry: two places deciding when a message goes out, and
 * one of them losing its queue on a crash. So this class makes one call and says how it went:
 * HTTP 429 (with its {@code Retry-After}), 5xx, network errors and Slack's temporary errors are retryable;
 * {@code ok:false} errors such as {@code channel_not_found}, {@code not_in_channel} or {@code invalid_auth}
 * are permanent. Tokens never appear in a log line or an exception message.
 */
public final class SlackChatClient implements ChatClient {
    private static final Logger log = LoggerFactory.getLogger(SlackChatClient.class);
    private static final Set<String> TEMPORARY_ERRORS = Set.of("ratelimited", "rate_limited", "internal_error",
            "fatal_error", "service_unavailable", "request_timeout", "team_added_to_org");
    private static final int CONTINUATION_ATTEMPTS = 5;

    private final SlackWebApi api;
    private final SlackBlocks blocks;

    SlackChatClient(SlackWebApi api, SlackBlocks blocks) {
        this.api = api;
        this.blocks = blocks;
    }

    @Override
    public String post(String channel, String threadId, ChatMessage message) throws DeliveryException {
        List<SlackMessage> parts = blocks.render(message);
        String first = postOne(channel, threadId, parts.get(0));
        for (int i = 1; i < parts.size(); i++) {
            postContinuation(channel, threadId, parts.get(i));
        }
        return first;
    }

    /**
     * A later part of a split message. The first part is out already, so failing the whole delivery would post
     * it again: retry this part here a few times, then give up on it with a log line.
     */
    private void postContinuation(String channel, String threadId, SlackMessage part) {
        for (int attempt = 1; ; attempt++) {
            try {
                postOne(channel, threadId, part);
                return;
            } catch (DeliveryException e) {
                if (!e.retryable() || attempt >= CONTINUATION_ATTEMPTS) {
                    log.warn("gave up on part of a long message to {}: {}", channel, e.getMessage());
                    return;
                }
                Duration wait = e.retryAfter() != null ? e.retryAfter() : Duration.ofMillis(250L << attempt);
                try {
                    Thread.sleep(wait.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private String postOne(String channel, String threadId, SlackMessage part) throws DeliveryException {
        ChatPostMessageRequest request = ChatPostMessageRequest.builder()
                .channel(channel)
                .threadTs(threadId)
                .text(part.text())
                .blocks(part.blocks())
                .unfurlLinks(false)
                .unfurlMedia(false)
                .linkNames(false)
                .build();
        ChatPostMessageResponse response = call("chat.postMessage", channel, () -> api.chatPostMessage(request));
        return response.getTs();
    }

    @Override
    public void update(String channel, String messageId, ChatMessage message) throws DeliveryException {
        SlackMessage part = blocks.render(message).get(0);
        call("chat.update", channel, () -> api.chatUpdate(ChatUpdateRequest.builder()
                .channel(channel)
                .ts(messageId)
                .text(part.text())
                .blocks(part.blocks())
                .linkNames(false)
                .build()));
    }

    @Override
    public void ephemeral(String channel, String userId, ChatMessage message) throws DeliveryException {
        SlackMessage part = blocks.render(message).get(0);
        call("chat.postEphemeral", channel, () -> api.chatPostEphemeral(ChatPostEphemeralRequest.builder()
                .channel(channel)
                .user(userId)
                .text(part.text())
                .blocks(part.blocks())
                .linkNames(false)
                .build()));
    }

    private interface ApiCall<T extends SlackApiTextResponse> {
        T call() throws IOException, SlackApiException;
    }

    private static <T extends SlackApiTextResponse> T call(String method, String channel, ApiCall<T> call)
            throws DeliveryException {
        T response;
        try {
            response = call.call();
        } catch (SlackApiException e) {
            int code = e.getResponse().code();
            String what = method + " to " + channel + ": HTTP " + code;
            if (code == 429) {
                throw DeliveryException.rateLimited(what + " (rate limited)", retryAfter(e), null);
            }
            if (code >= 500 || code == 408) {
                throw DeliveryException.retryable(what, retryAfter(e), null);
            }
            throw DeliveryException.permanent(what, null);
        } catch (IOException e) {
            throw DeliveryException.retryable(method + " to " + channel + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()), null, null);
        }
        if (!response.isOk()) {
            String error = response.getError();
            String what = method + " to " + channel + ": " + error;
            if (TEMPORARY_ERRORS.contains(error)) {
                throw DeliveryException.retryable(what, null, null);
            }
            log.warn("Slack refused {} for good: {}", method, what);
            throw DeliveryException.permanent(what, null);
        }
        if (response.getWarning() != null) {
            log.debug("{} warning: {}", method, response.getWarning());
        }
        return response;
    }

    private static Duration retryAfter(SlackApiException e) {
        String header = e.getResponse().header("Retry-After");
        if (header == null) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(header.strip())));
        } catch (NumberFormatException notSeconds) {
            return null;
        }
    }
}
