package dev.checklistbot.chat;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;

/**
 * Keeps new posts to each channel at the pace the chat platform allows (Slack: about one message per second per
 * channel, with short bursts), so that a busy run is paced by us rather than refused with 429. A token bucket per
 * channel: {@code burst} posts at once, then one every {@code interval}.
 *
 * <p>The pace is per channel, not per process, so its state is not kept here: it is one instant per channel, "when the
 * next post may go" ({@code next_post_at}), stored with the channel's delivery lease, so that whichever process posts
 * next to the channel respects it. This class only computes it.
 */
public final class ChannelPacer {
    private final Duration interval;
    private final int burst;
    /** The channels this pace applies to (a platform that paces itself, like JDA, is left alone). */
    private final Predicate<String> paced;

    private ChannelPacer(Duration interval, int burst, Predicate<String> paced) {
        this.interval = interval;
        this.burst = burst;
        this.paced = paced;
    }

    /** The same pace, for the channels {@code channels} accepts only; the others go unpaced. */
    public ChannelPacer onlyFor(Predicate<String> channels) {
        return new ChannelPacer(interval, burst, channels);
    }

    public static ChannelPacer perChannel(Duration interval, int burst) {
        if (interval.isNegative() || burst < 1) {
            throw new IllegalArgumentException("interval must not be negative and burst at least 1");
        }
        return new ChannelPacer(interval, burst, channel -> true);
    }

    /** No pacing (the console). */
    public static ChannelPacer unlimited() {
        return new ChannelPacer(Duration.ZERO, 1, channel -> false);
    }

    /**
     * Whether the channel is ours to pace: the platforms whose per-channel pace we keep (Slack) are also those whose
     * workspace-wide limit we keep ({@link WorkspaceBudget}); one that paces itself (JDA) is left alone for both.
     */
    boolean applies(String channel) {
        return !interval.isZero() && paced.test(channel);
    }

    /** How long a post to the channel must wait from {@code now}, given when its next post may go (null: now). */
    public Duration delay(String channel, Instant nextPostAt, Instant now) {
        if (nextPostAt == null || !applies(channel) || !nextPostAt.isAfter(now)) {
            return Duration.ZERO;
        }
        return Duration.between(now, nextPostAt);
    }

    /**
     * When the channel's next post may go after a post at {@code now}: one interval on, counted from its previous
     * value or from {@code now} less the burst (a quiet channel has its whole burst again). Unchanged (possibly null)
     * for a channel this pace does not apply to.
     */
    public Instant after(String channel, Instant nextPostAt, Instant now) {
        if (!applies(channel)) {
            return nextPostAt;
        }
        Instant refilled = now.minus(interval.multipliedBy(burst - 1L));
        Instant base = nextPostAt == null || nextPostAt.isBefore(refilled) ? refilled : nextPostAt;
        return base.plus(interval);
    }
}
