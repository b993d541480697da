package dev.checklistbot.chat;

import dev.checklistbot.render.ChatMessage;
import dev.checklistbot.run.Platform;

import java.util.Set;
import java.util.function.Predicate;

/**
 * A chat client that tells the {@link WorkspaceBudget} how the platform answered each post and update to a budgeted
 * channel: an accepted call is counted (the rate is learned from those), a 429 holds the budget. It decides nothing:
 * whether a call may go is asked of the budget before it is made (see {@link OutboxDispatcher}). Ephemeral answers
 * are not outbox deliveries and pass unchanged.
 */
final class BudgetedClient implements ChatClient {
    private final ChatClient client;
    private final WorkspaceBudget budget;
    private final Predicate<String> budgeted;

    BudgetedClient(ChatClient client, WorkspaceBudget budget, Predicate<String> budgeted) {
        this.client = client;
        this.budget = budget;
        this.budgeted = budgeted;
    }

    @Override
    public String post(String channel, String threadId, ChatMessage message) throws DeliveryException {
        if (!budgeted.test(channel)) {
            return client.post(channel, threadId, message);
        }
        try {
            String id = client.post(channel, threadId, message);
            budget.accepted(Platform.of(channel), WorkspaceBudget.Kind.POST);
            return id;
        } catch (DeliveryException e) {
            refused(channel, WorkspaceBudget.Kind.POST, e);
            throw e;
        }
    }

    @Override
    public void update(String channel, String messageId, ChatMessage message) throws DeliveryException {
        if (!budgeted.test(channel)) {
            client.update(channel, messageId, message);
            return;
        }
        try {
            client.update(channel, messageId, message);
            budget.accepted(Platform.of(channel), WorkspaceBudget.Kind.UPDATE);
        } catch (DeliveryException e) {
            refused(channel, WorkspaceBudget.Kind.UPDATE, e);
            throw e;
        }
    }

    private void refused(String channel, WorkspaceBudget.Kind kind, DeliveryException e) {
        if (e.rateLimited()) {
            budget.refused(Platform.of(channel), kind, e.retryAfter());
        }
    }

    @Override
    public void ephemeral(String channel, String userId, ChatMessage message) throws DeliveryException {
        client.ephemeral(channel, userId, message);
    }

    @Override
    public Set<Platform> platforms() {
        return client.platforms();
    }
}
