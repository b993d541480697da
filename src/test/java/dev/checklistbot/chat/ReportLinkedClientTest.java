package dev.checklistbot.chat;

import dev.checklistbot.render.ChatMessage;
import dev.checklistbot.render.Summary;
import dev.checklistbot.run.Actor;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReportLinkedClientTest {
    private final List<ChatMessage> sent = new ArrayList<>();
    private final ChatClient recording = new ChatClient() {
        public String post(String channel, String threadId, ChatMessage message) {
            sent.add(message);
            return "1";
        }

        public void update(String channel, String messageId, ChatMessage message) {
            sent.add(message);
        }

        public void ephemeral(String channel, String userId, ChatMessage message) {
            sent.add(message);
        }
    };

    @Test
    void aSummaryGoesOutWithItsRunsLinkMadeWhenItIsSent() throws DeliveryException {
        ReportLinkedClient client = new ReportLinkedClient(recording, id -> "https://bot.example.com/runs/" + id + "?sig=x");
        client.post("C1", null, new Summary(7, "Restore", "restore", "Restore", null, "C1", Actor.of("U1"), Instant.EPOCH,
                null, Duration.ZERO, "active", null, 0, 0, 3, List.of(), List.of(), 0, null));
        assertThat(((Summary) sent.get(0)).reportUrl()).isEqualTo("https://bot.example.com/runs/7?sig=x");
    }
}
