package dev.checklistbot.chat;

import dev.checklistbot.run.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * This process's share of a chat platform's workspace-wide limit, learned from the platform's refusals. Slack keeps
 * such a limit on {@code chat.postMessage} (and another on {@code chat.update}) and publishes no figure: over it, every
 * call is answered 429 with a {@code Retry-After}. Retrying each channel on its own after that makes a storm (every
 * waiting channel tries again every second); this budget makes the bot back off as a whole instead.
 *
 * <p>One token bucket per platform and kind of call (posts and updates are separate limits: a refused update holds
 * updates only). Until the platform first refuses, there is no limit: a healthy workspace is never throttled by a
 * guess. On a refusal (429): every call of that kind to that platform is held until its {@code Retry-After}; the rate
 * becomes what the platform actually accepted over the last minute (at least {@link #FLOOR_PER_SECOND} a second, and
 * below the rate that was refused), with a small burst and one token to resume with; then it grows additively, by
 * {@link #GROWTH_PER_MINUTE} of the learned rate each minute without a refusal, and after {@link #QUIET} without one
 * the limit is lifted. A refusal that comes while the calls are held (the others that were in flight) changes nothing.
 *
 * <p>Process-wide: several processes each learn their own share. Thread-safe. Logs one line when it starts holding and
 * one when the limit is lifted, never one per message.
 */
final class WorkspaceBudget {
    private static final Logger log = LoggerFactory.getLogger(OutboxDispatcher.class);

    /** What a call is charged to: a platform limits new messages and edits separately. */
    enum Kind {
        POST("posts"), UPDATE("updates");

        private final String plural;

        Kind(String plural) {
            this.plural = plural;
        }
    }

    /** The window over which accepted calls are counted to learn the rate. */
    static final Duration WINDOW = Duration.ofSeconds(60);
    static final double FLOOR_PER_SECOND = 1.0;
    /** A rate learned again is at most this share of the rate that was refused (the multiplicative decrease). */
    static final double DECREASE = 0.9;
    /**
     * Half the learned rate more each minute: the rate learned from a minute that began with a spent budget is often
     * half the real one (the bench's fake: about 8 a second learned against 16.7 allowed), and at 10% a minute an
     * incident's burst of channels would wait minutes for a rate the workspace allows; a guess too high costs one more
     * refusal and a decrease.
     */
    static final double GROWTH_PER_MINUTE = 0.5;
    /** How long without a refusal before the limit is lifted (by then the rate has grown 3.5-fold). */
    static final Duration QUIET = Duration.ofMinutes(5);
    /** A Retry-After outside these bounds (absent, zero, absurd) is brought into them. */
    static final Duration MIN_HOLD = Duration.ofSeconds(1);
    static final Duration MAX_HOLD = Duration.ofMinutes(10);
    /** The burst is a second's worth of the rate, no more than this. */
    static final int MAX_BURST = 10;

    private final Clock clock;
    private final Map<Key, Bucket> buckets = new HashMap<>();

    private record Key(Platform platform, Kind kind) {
        String platformName() {
            String name = platform.key();
            return name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1);
        }
    }

    /** One platform's and kind's state. */
    private static final class Bucket {
        private static final int SLOTS = (int) WINDOW.toSeconds();
        /** Accepted calls per second of the last {@link #WINDOW}: the epoch second of each slot and its count. */
        final long[] slotSecond = new long[SLOTS];
        final int[] slotCount = new int[SLOTS];
        Instant heldUntil = Instant.MIN;
        /** Calls a second learned at the last refusal; 0: no limit. */
        double learned;
        /** From when the learned rate grows: the end of the hold. */
        Instant learnedAt;
        double tokens;
        Instant refilledAt;

        void accepted(Instant now) {
            long second = now.getEpochSecond();
            int slot = (int) Math.floorMod(second, (long) SLOTS);
            if (slotSecond[slot] != second) {
                slotSecond[slot] = second;
                slotCount[slot] = 0;
            }
            slotCount[slot]++;
        }

        long acceptedInWindow(Instant now) {
            long second = now.getEpochSecond();
            long total = 0;
            for (int i = 0; i < SLOTS; i++) {
                if (slotSecond[i] > second - SLOTS && slotSecond[i] <= second) {
                    total += slotCount[i];
                }
            }
            return total;
        }

        /** The rate at {@code now} (0: no limit): the learned rate plus its additive growth since it was learned. */
        double rate(Instant now) {
            if (learned == 0) {
                return 0;
            }
            double minutes = Math.max(0, Duration.between(learnedAt, now).toMillis()) / 60_000.0;
            return learned * (1 + GROWTH_PER_MINUTE * minutes);
        }
    }

    WorkspaceBudget(Clock clock) {
        this.clock = clock;
    }

    /**
     * Takes the budget for one call of {@code kind} to {@code platform} now, if there is any: returns empty if the call
     * may go (a token taken), else when to ask again (the end of the hold, or the next token).
     */
    synchronized Optional<Instant> take(Platform platform, Kind kind) {
        Key key = new Key(platform, kind);
        Bucket bucket = buckets.get(key);
        if (bucket == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (now.isBefore(bucket.heldUntil)) {
            return Optional.of(bucket.heldUntil);
        }
        liftIfQuiet(key, bucket, now);
        if (bucket.learned == 0) {
            return Optional.empty();
        }
        double rate = bucket.rate(now);
        double burst = Math.max(1, Math.min(MAX_BURST, Math.floor(rate)));
        double elapsed = Math.max(0, Duration.between(bucket.refilledAt, now).toNanos()) / 1e9;
        bucket.tokens = Math.min(burst, bucket.tokens + rate * elapsed);
        if (now.isAfter(bucket.refilledAt)) {
            bucket.refilledAt = now;
        }
        if (bucket.tokens >= 1) {
            bucket.tokens -= 1;
            return Optional.empty();
        }
        long nanos = (long) Math.ceil((1 - bucket.tokens) / rate * 1e9);
        return Optional.of(now.plusNanos(Math.max(1, nanos)));
    }

    /** The platform accepted a call: counted to learn the rate at the next refusal. */
    synchronized void accepted(Platform platform, Kind kind) {
        buckets.computeIfAbsent(new Key(platform, kind), k -> new Bucket()).accepted(clock.instant());
    }

    /** The platform refused a call with 429 (its {@code Retry-After}, or null): hold, and learn the rate. */
    synchronized void refused(Platform platform, Kind kind, Duration retryAfter) {
        Key key = new Key(platform, kind);
        Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket());
        Instant now = clock.instant();
        Duration hold = retryAfter == null || retryAfter.compareTo(MIN_HOLD) < 0 ? MIN_HOLD
                : retryAfter.compareTo(MAX_HOLD) > 0 ? MAX_HOLD : retryAfter;
        boolean alreadyHeld = now.isBefore(bucket.heldUntil);
        Instant until = now.plus(hold);
        if (until.isAfter(bucket.heldUntil)) {
            bucket.heldUntil = until;
        }
        if (alreadyHeld) {
            return; // one of the calls that were in flight when the hold began: the rate is learned already
        }
        liftIfQuiet(key, bucket, now);
        double measured = (double) bucket.acceptedInWindow(now) / WINDOW.toSeconds();
        double learned = bucket.learned == 0 ? measured : Math.min(measured, bucket.rate(now) * DECREASE);
        bucket.learned = Math.max(FLOOR_PER_SECOND, learned);
        bucket.learnedAt = bucket.heldUntil;
        bucket.tokens = 1; // resume gently: one call at the end of the hold, then the rate
        bucket.refilledAt = bucket.heldUntil;
        log.warn("{} refused {} (429): holding {} for {} s, pacing at {}/min", key.platformName(), kind.plural,
                kind.plural, Math.max(1, Duration.between(now, bucket.heldUntil).toSeconds()),
                Math.round(bucket.learned * 60));
    }

    private static void liftIfQuiet(Key key, Bucket bucket, Instant now) {
        if (bucket.learned != 0 && !now.isBefore(bucket.learnedAt.plus(QUIET))) {
            bucket.learned = 0;
            log.info("{} {}: no refusal for {} min, no longer paced", key.platformName(), key.kind().plural,
                    QUIET.toMinutes());
        }
    }

    /** The rate in calls a second at this moment, if there is a limit (for tests and the logs). */
    synchronized OptionalDouble ratePerSecond(Platform platform, Kind kind) {
        Key key = new Key(platform, kind);
        Bucket bucket = buckets.get(key);
        if (bucket == null) {
            return OptionalDouble.empty();
        }
        Instant now = clock.instant();
        liftIfQuiet(key, bucket, now);
        return bucket.learned == 0 ? OptionalDouble.empty() : OptionalDouble.of(bucket.rate(now));
    }
}
