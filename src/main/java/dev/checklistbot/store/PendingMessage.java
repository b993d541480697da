package dev.checklistbot.store;

import dev.checklistbot.run.OutboxMessage;

import java.time.Instant;

/**
 * An outbox message not yet delivered.
 *
 * @param id        the outbox row id: messages of one channel are delivered in id order
 * @param message   what to deliver
 * @param attempts  how many deliveries failed so far
 * @param createdAt when the command that wrote it committed
 */
public record PendingMessage(long id, OutboxMessage message, int attempts, Instant createdAt) {
}
