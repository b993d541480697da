package dev.checklistbot.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that runs like the system's from a chosen start, and that a test makes jump ahead: for the whole bot, whose
 * outbox paces posts by real elapsed time (a stopped clock would hold a channel's second post for ever), while the test
 * moves to a step's due time or a schedule's.
 */
public final class JumpingClock extends Clock {
    private final AtomicReference<Duration> offset;

    public JumpingClock(Instant start) {
        this.offset = new AtomicReference<>(Duration.between(Instant.now(), start));
    }

    public void advance(Duration by) {
        offset.updateAndGet(o -> o.plus(by));
    }

    /** Jumps to {@code at} (never back). */
    public void jumpTo(Instant at) {
        Duration by = Duration.between(instant(), at);
        if (!by.isNegative()) {
            advance(by);
        }
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
