package dev.checklistbot.store;

import java.time.Instant;

/**
 * What a delivery's record renews of its channel's lease, in the same commit (see {@link Outbox#recordDelivery}).
 *
 * @param owner      the process holding the lease
 * @param until      the lease's new end
 * @param nextPostAt the channel's pace after this delivery (null: unchanged)
 */
public record ChannelLease(String owner, Instant until, Instant nextPostAt) {
}
