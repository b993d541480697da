package dev.checklistbot.store;

import dev.checklistbot.run.Platform;

import java.time.Instant;
import java.util.List;

/**
 * The delivery side of the outbox: messages written by commands, waiting to reach the chat platform.
 * Messages of one channel are delivered in order, so only each channel's oldest undelivered message is ever due.
 *
 * <p>Several processes may deliver from one database: each channel is delivered by the one process that holds its
 * lease ({@link #claim}, {@link #renew}, {@link #release}); a lease that is not renewed runs out, and another process
 * takes the channel over. The channel's pace (when its next post may go) is kept with its lease.
 */
public interface Outbox {

    /**
     * Claims, for {@code owner} until {@code until}, up to {@code limit} channels whose oldest undelivered message is
     * due at {@code now} (a post also waits for the channel's pace) and that no other process holds under a valid
     * lease, oldest message first, skipping {@code skipChannels}. Each claimed channel is then delivered by
     * {@code owner} alone until it lets it go or its lease runs out.
     */
    default List<ChannelClaim> claim(String owner, Instant now, Instant until, java.util.Set<String> skipChannels,
                                     int limit) {
        return claim(owner, now, until, skipChannels, limit, java.util.EnumSet.allOf(Platform.class));
    }

    /**
     * {@link #claim(String, Instant, Instant, java.util.Set, int)}, among the channels of {@code platforms} only: a
     * process claims the channels of the platforms it serves, and leaves the others to the processes that serve them.
     */
    List<ChannelClaim> claim(String owner, Instant now, Instant until, java.util.Set<String> skipChannels, int limit,
                             java.util.Set<Platform> platforms);

    /** Extends {@code owner}'s leases of {@code channels} to {@code until}; returns the channels it still held. */
    java.util.Set<String> renew(String owner, java.util.Set<String> channels, Instant until);

    /** Lets a channel go (if {@code owner} holds it), keeping its pace. */
    void release(String owner, String channel);

    /**
     * When {@code owner} may next claim a channel: the earliest time a channel's oldest undelivered message is due,
     * counting a post's pace and another process's lease; channels in {@code skipChannels} do not count.
     */
    default java.util.Optional<Instant> nextClaimAt(String owner, java.util.Set<String> skipChannels) {
        return nextClaimAt(owner, skipChannels, java.util.EnumSet.allOf(Platform.class));
    }

    /** {@link #nextClaimAt(String, java.util.Set)} among the channels of {@code platforms} only. */
    java.util.Optional<Instant> nextClaimAt(String owner, java.util.Set<String> skipChannels,
                                            java.util.Set<Platform> platforms);

    /**
     * The oldest undelivered message of each channel, if it is due ({@code nextAttemptAt <= now}), oldest
     * channel first, skipping the given channels (those with a delivery in flight); at most {@code limit}.
     */
    List<PendingMessage> dueHeads(Instant now, java.util.Set<String> skipChannels, int limit);

    /**
     * The oldest undelivered message of one channel, if it is due ({@code nextAttemptAt <= now}): what a worker
     * that has just delivered to that channel sends next, without a scan of every channel.
     */
    java.util.Optional<PendingMessage> dueHead(String channel, Instant now);

    /**
     * The earliest time any undelivered message becomes due, if there is one. Only each channel's oldest
     * undelivered message counts (the others wait for it); a message never tried is due from its creation.
     * Channels in {@code skipChannels} (a delivery in flight: its end wakes the dispatcher) do not count.
     */
    java.util.Optional<Instant> nextDueAt(java.util.Set<String> skipChannels);

    /** {@link #nextDueAt(java.util.Set)} over every channel. */
    default java.util.Optional<Instant> nextDueAt() {
        return nextDueAt(java.util.Set.of());
    }

    /** Marks a message delivered. */
    void delivered(long id, Instant at);

    /**
     * Marks every undelivered message with the same channel, kind, run and step as {@code id}, up to and
     * including {@code upToId}, delivered: updates render the run's current state, so one delivery serves
     * all the updates written before the state was read. Only updates ({@code HEADER_UPDATE}, {@code STEP_UPDATE})
     * are folded: a post, a notice or a summary says something of its own, so for those only {@code id} itself is
     * marked. Returns how many messages were marked.
     */
    int coalesce(long id, long upToId, Instant at);

    /**
     * Records a successful delivery in one transaction (one commit, so one disk sync, instead of one per step):
     * the message the platform created ({@code posted}, for a post whose later updates must find it; null
     * otherwise), then {@code id} delivered, and, if {@code coalesceUpdates}, the same updates up to
     * {@code upToId} as {@link #coalesce} does.
     */
    default void recordDelivery(long id, PostedMessage posted, boolean coalesceUpdates, long upToId, Instant at) {
        recordDelivery(id, posted, coalesceUpdates, upToId, at, null);
    }

    /**
     * {@link #recordDelivery(long, PostedMessage, boolean, long, Instant)}, and in the same commit the channel's lease
     * renewed and its pace recorded (if {@code lease} is given and its owner still holds the channel).
     */
    void recordDelivery(long id, PostedMessage posted, boolean coalesceUpdates, long upToId, Instant at,
                        ChannelLease lease);

    /** Schedules another attempt after a failure. */
    void retryAt(long id, Instant next, String error);

    /** Gives up on a message the platform refused for good; it stays in the table for the record. */
    void abandon(long id, Instant at, String error);

    /** The highest outbox id written so far (0 if none). */
    long lastId();

    /** How many messages wait for delivery. */
    int undeliveredCount();

    /**
     * When the oldest step message of {@code channel} that has no delivery record yet was written, if there is
     * one: a reaction or reply on a message the bot does not know may be on that message, posted but not yet
     * recorded.
     */
    java.util.Optional<Instant> oldestUnrecordedStepPost(String channel);
}
