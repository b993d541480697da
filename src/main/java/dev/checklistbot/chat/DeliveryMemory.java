package dev.checklistbot.chat;

import dev.checklistbot.store.PostedMessage;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the outbox dispatcher remembers in memory when the database refuses its own writes (full, read-only,
 * locked): the deliveries the platform accepted but whose record was refused (never to be sent again while the
 * process lives: their next attempt only records them), and the channels held back because their next attempt could
 * not be written to the outbox (so that the loop neither sends again nor spins). Both are bounded by the number of
 * channels: a channel sends nothing past its oldest undelivered message. Thread-safe.
 */
final class DeliveryMemory {
    /** A delivery the platform accepted: the message it created (a post), and what its record folds in. */
    record Sent(PostedMessage created, boolean coalesceUpdates, long upToId) {
    }

    /** A channel held back until {@code notBefore}; {@code failures} in a row so far (for the backoff). */
    private record Hold(Instant notBefore, int failures) {
    }

    private final Map<Long, Sent> unrecorded = new ConcurrentHashMap<>();
    private final Map<String, Hold> held = new ConcurrentHashMap<>();

    /** The delivery of outbox message {@code id} that was sent but not recorded, if any. */
    Optional<Sent> unrecorded(long id) {
        return Optional.ofNullable(unrecorded.get(id));
    }

    /** Outbox message {@code id} was sent, and its record refused: remember it. */
    void unrecorded(long id, Sent sent) {
        unrecorded.put(id, sent);
    }

    /** Outbox message {@code id} of {@code channel} is recorded delivered: forget it, and let the channel go. */
    void recorded(long id, String channel) {
        unrecorded.remove(id);
        held.remove(channel);
    }

    /** The channel's next attempt is in the outbox: no need to hold it in memory. */
    void release(String channel) {
        held.remove(channel);
    }

    /**
     * Holds a channel back from {@code now} for {@code atLeast} (if given) or the backoff of its failures in a row,
     * whichever is longer; returns for how long.
     */
    Duration hold(String channel, Duration atLeast, Instant now) {
        Hold hold = held.compute(channel, (c, old) -> {
            int failures = old == null ? 0 : old.failures() + 1;
            Duration wait = OutboxDispatcher.backoff(failures);
            if (atLeast != null && atLeast.compareTo(wait) > 0) {
                wait = atLeast;
            }
            return new Hold(now.plus(wait), failures);
        });
        return Duration.between(now, hold.notBefore());
    }

    /** {@code busy} and the channels held back beyond {@code now}: those a scan of the outbox skips. */
    Set<String> skipped(Instant now, Set<String> busy) {
        if (held.isEmpty()) {
            return Set.copyOf(busy);
        }
        Set<String> skip = new HashSet<>(busy);
        held.forEach((channel, hold) -> {
            if (hold.notBefore().isAfter(now)) {
                skip.add(channel);
            }
        });
        return skip;
    }

    /** When the first channel held back beyond {@code now} may be tried again, if any is. */
    Optional<Instant> heldUntil(Instant now) {
        return held.values().stream().map(Hold::notBefore).filter(t -> t.isAfter(now)).min(Instant::compareTo);
    }
}
