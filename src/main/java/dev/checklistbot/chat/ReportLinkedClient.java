package dev.checklistbot.chat;

import dev.checklistbot.render.ChatMessage;
import dev.checklistbot.render.Summary;

import java.util.function.LongFunction;

/**
 * A chat client whose summaries carry a link to the run's report page. The link is made when the summary is sent
 * (a signed link that expires), by whoever serves the reports; every other message passes unchanged.
 */
public final class ReportLinkedClient implements ChatClient {
    private final ChatClient client;
    private final LongFunction<String> reportLink;

    /** @param reportLink a run's id to its report link */
    public ReportLinkedClient(ChatClient client, LongFunction<String> reportLink) {
        this.client = client;
        this.reportLink = reportLink;
    }

    @Override
    public String post(String channel, String threadId, ChatMessage message) throws DeliveryException {
        return client.post(channel, threadId, linked(message));
    }

    @Override
    public void update(String channel, String messageId, ChatMessage message) throws DeliveryException {
        client.update(channel, messageId, linked(message));
    }

    @Override
    public void ephemeral(String channel, String userId, ChatMessage message) throws DeliveryException {
        client.ephemeral(channel, userId, linked(message));
    }

    private ChatMessage linked(ChatMessage message) {
        return message instanceof Summary summary ? summary.withReportUrl(reportLink.apply(summary.runId())) : message;
    }
}
