package dev.checklistbot.chat;

import dev.checklistbot.render.ChatMessage;
import dev.checklistbot.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static dev.checklistbot.chat.WorkspaceBudget.Kind.POST;
import static dev.checklistbot.chat.WorkspaceBudget.Kind.UPDATE;
import static dev.checklistbot.run.Platform.SLACK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the budget hears of the platform's answers: only 429s hold it, only budgeted channels count. */
class BudgetedClientTest {
    static final Instant T0 = Instant.parse("2026-11-26T03:00:00Z");
    final MutableClock clock = new MutableClock(T0);
    final WorkspaceBudget budget = new WorkspaceBudget(clock);

    /** Answers every call with {@code failure}, or accepts it if null. */
    static final class Answering implements ChatClient {
        volatile DeliveryException failure;

        @Override
        public String post(String channel, String threadId, ChatMessage message) throws DeliveryException {
            if (failure != null) {
                throw failure;
            }
            return "m1";
        }

        @Override
        public void update(String channel, String messageId, ChatMessage message) throws DeliveryException {
            if (failure != null) {
                throw failure;
            }
        }

        @Override
        public void ephemeral(String channel, String userId, ChatMessage message) throws DeliveryException {
            throw DeliveryException.rateLimited("HTTP 429", Duration.ofSeconds(5), null);
        }
    }

    final Answering platform = new Answering();
    final BudgetedClient client = new BudgetedClient(platform, budget, channel -> channel.startsWith("C"));

    @Test
    void a429OnAPostHoldsPostsAndTheRateIsLearnedFromTheAcceptedOnes() throws Exception {
        for (int i = 0; i < 120; i++) {
            client.post("C1", null, null);
        }
        platform.failure = DeliveryException.rateLimited("HTTP 429", Duration.ofSeconds(2), null);
        assertThatThrownBy(() -> client.post("C2", null, null)).isSameAs(platform.failure);

        assertThat(budget.take(SLACK, POST)).contains(T0.plusSeconds(2));
        assertThat(budget.take(SLACK, UPDATE)).isEmpty();
        clock.advance(Duration.ofSeconds(2));
        assertThat(budget.ratePerSecond(SLACK, POST)).hasValue(2.0); // 120 accepted in the last minute
    }

    @Test
    void a429OnAnUpdateHoldsUpdatesOnly() {
        platform.failure = DeliveryException.rateLimited("HTTP 429", Duration.ofSeconds(3), null);
        assertThatThrownBy(() -> client.update("C1", "m1", null)).isSameAs(platform.failure);

        assertThat(budget.take(SLACK, UPDATE)).contains(T0.plusSeconds(3));
        assertThat(budget.take(SLACK, POST)).isEmpty();
    }

    @Test
    void otherFailuresHoldNothingEvenWithARetryAfter() {
        platform.failure = DeliveryException.retryable("HTTP 503", Duration.ofSeconds(30), null);
        assertThatThrownBy(() -> client.post("C1", null, null)).isSameAs(platform.failure);
        platform.failure = DeliveryException.permanent("channel_not_found", null);
        assertThatThrownBy(() -> client.post("C1", null, null)).isSameAs(platform.failure);

        assertThat(budget.take(SLACK, POST)).isEmpty();
        assertThat(budget.ratePerSecond(SLACK, POST)).isEmpty();
    }

    @Test
    void channelsNotBudgetedAndEphemeralAnswersLeaveTheBudgetAlone() {
        platform.failure = DeliveryException.rateLimited("HTTP 429", Duration.ofSeconds(3), null);
        assertThatThrownBy(() -> client.post("discord:1", null, null)).isSameAs(platform.failure);
        assertThatThrownBy(() -> client.ephemeral("C1", "U1", null)).isInstanceOf(DeliveryException.class);

        assertThat(budget.take(dev.checklistbot.run.Platform.DISCORD, POST)).isEmpty();
        assertThat(budget.take(SLACK, POST)).isEmpty();
        assertThat(budget.ratePerSecond(SLACK, POST)).isEmpty();
    }
}
