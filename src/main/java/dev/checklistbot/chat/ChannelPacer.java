package dev.checklistbot.chat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Keeps new posts to each channel at the pace the chat platform allows (Slack: about one message per
 * second per channel, with short bursts), so that a busy run is paced by us rather than refused with 429.
 * A token bucket per channel: {@code burst} posts at once, then one every {@code interval}. In memory only:
 * after a restart the platform's own 429 and its {@code Retry-After} cover the first seconds.
 */
public final class ChannelPacer {
    private final Duration interval;
    private final int burst;
    /** The channels this pace applies to (a platform that paces itself, like JDA, is left alone). */
    private final Predicate<String> paced;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** Earliest time the bucket is full again, counted as "credit": each post moves it on by one interval. */
    private record Bucket(Instant fullAt) {
    }

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

    /** How long a post to the channel must wait from {@code now}; zero if it may go now. */
    public Duration delay(String channel, Instant now) {
        Bucket bucket = paced.test(channel) ? buckets.get(channel) : null;
        if (bucket == null || interval.isZero()) {
            return Duration.ZERO;
        }
        // The bucket allows a post when it is at most (burst - 1) intervals from full.
        Instant allowedAt = bucket.fullAt().minus(interval.multipliedBy(burst - 1L));
        return allowedAt.isAfter(now) ? Duration.between(now, allowedAt) : Duration.ZERO;
    }

    /** Records a post to the channel at {@code now}. */
    public void posted(String channel, Instant now) {
        if (interval.isZero() || !paced.test(channel)) {
            return;
        }
        buckets.compute(channel, (c, bucket) -> {
            Instant base = bucket == null || bucket.fullAt().isBefore(now) ? now : bucket.fullAt();
            return new Bucket(base.plus(interval));
        });
    }

    /** Forgets channels whose bucket is full again, so that the map does not grow with every channel ever seen. */
    public void forgetIdle(Instant now) {
        buckets.values().removeIf(bucket -> !bucket.fullAt().isAfter(now));
    }
}
