package dev.checklistbot.store;

import java.time.Instant;

/**
 * A channel this process claimed for delivery (see {@link Outbox#claim}).
 *
 * @param head       the channel's oldest undelivered message, due now
 * @param nextPostAt the channel's pace: when its next post may go, whichever process sent the last one (null: now)
 */
public record ChannelClaim(PendingMessage head, Instant nextPostAt) {
    public String channel() {
        return head.message().channel();
    }
}
