package dev.checklistbot.chat;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The channels whose next message the {@link WorkspaceBudget} refused, each until the budget may allow it: the
 * dispatcher's claims skip them meanwhile (so a held budget does not make the loop claim and let go the same channels
 * over and over), and its wait ends when the first of them may be tried again. Bounded by the number of channels.
 * Thread-safe.
 */
final class BudgetWaits {
    private final Map<String, Instant> waiting = new ConcurrentHashMap<>();

    /** The budget refused the channel's next message until {@code until}. */
    void waitUntil(String channel, Instant until) {
        waiting.merge(channel, until, (a, b) -> a.isAfter(b) ? a : b);
    }

    /** {@code skip} and the channels still waiting at {@code now}; forgets those whose wait is over. */
    Set<String> addTo(Set<String> skip, Instant now) {
        if (waiting.isEmpty()) {
            return skip;
        }
        Set<String> all = new java.util.HashSet<>(skip);
        waiting.forEach((channel, until) -> {
            if (until.isAfter(now)) {
                all.add(channel);
            } else {
                waiting.remove(channel, until);
            }
        });
        return all;
    }

    /** When the first channel still waiting at {@code now} may be tried again, if any is. */
    Optional<Instant> until(Instant now) {
        return waiting.values().stream().filter(t -> t.isAfter(now)).min(Instant::compareTo);
    }
}
