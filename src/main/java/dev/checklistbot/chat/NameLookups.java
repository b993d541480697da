package dev.checklistbot.chat;

import dev.checklistbot.logging.LogText;
import dev.checklistbot.run.PeopleDirectory;
import dev.checklistbot.run.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Learns people's display names in the background: an adapter tells it which user ids it saw
 * ({@link #noticed(String)}, which never waits for anything), and it asks the person's platform for the name of an id
 * it does not know, or learned more than {@link #DEFAULT_REFRESH_AFTER} ago, then records it in the
 * {@link PeopleDirectory}. Exports and the report read the names from there.
 *
 * <p>Bounded: one thread; at most one lookup per id queued or under way; a small queue, and an id seen while it is
 * full is simply looked up the next time it is seen; an id is looked at again at the earliest when its name is due
 * for a refresh, or after a failure's pause. A failure is logged in one bounded line, and the id is asked again when it
 * is next seen after {@link #DEFAULT_RETRY_AFTER_FAILURE}; a rate limit pauses every lookup on that platform for as
 * long as the platform asks.
 */
public final class NameLookups implements AutoCloseable {
    public static final Duration DEFAULT_REFRESH_AFTER = Duration.ofDays(7);
    public static final Duration DEFAULT_RETRY_AFTER_FAILURE = Duration.ofMinutes(10);
    static final int DEFAULT_QUEUE = 64;
    /** How many ids the memory of "looked at, not due again before" holds; the oldest are forgotten first. */
    private static final int REMEMBERED_IDS = 10_000;
    private static final int LOGGED_ERROR_CHARS = 200;
    private static final Logger log = LoggerFactory.getLogger(NameLookups.class);

    private final PeopleDirectory directory;
    private final Map<Platform, NameSource> sources;
    private final Clock clock;
    private final Duration refreshAfter;
    private final Duration retryAfterFailure;
    private final ThreadPoolExecutor worker;
    /** Ids queued or being looked up: one lookup per id at a time. */
    private final Set<String> inFlight = new HashSet<>();
    /** When each id looked at may be looked at again (its name is due for a refresh, or its failure's pause is over). */
    private final Map<String, Instant> notBefore = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
            return size() > REMEMBERED_IDS;
        }
    };
    /** Per platform, the end of a rate limit's pause. */
    private final Map<Platform, Instant> pausedUntil = new HashMap<>();

    public NameLookups(PeopleDirectory directory, Map<Platform, NameSource> sources, Clock clock) {
        this(directory, sources, clock, DEFAULT_REFRESH_AFTER, DEFAULT_RETRY_AFTER_FAILURE, DEFAULT_QUEUE);
    }

    NameLookups(PeopleDirectory directory, Map<Platform, NameSource> sources, Clock clock, Duration refreshAfter,
                Duration retryAfterFailure, int queue) {
        this.directory = directory;
        this.sources = sources.isEmpty() ? Map.of() : new EnumMap<>(sources);
        this.clock = clock;
        this.refreshAfter = refreshAfter;
        this.retryAfterFailure = retryAfterFailure;
        this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queue), r -> {
            Thread thread = new Thread(r, "name-lookups");
            thread.setDaemon(true);
            return thread;
        }, new ThreadPoolExecutor.AbortPolicy());
    }

    /**
     * A chat adapter saw this qualified user id: look its name up in the background if it is not known or is old.
     * Returns at once, whatever the database or the platform are doing.
     */
    public void noticed(String userId) {
        if (userId == null || userId.isBlank() || userId.length() > 200) {
            return;
        }
        NameSource source = sources.get(Platform.of(userId));
        if (source == null) {
            return;
        }
        synchronized (this) {
            Instant due = notBefore.get(userId);
            if (inFlight.contains(userId) || due != null && clock.instant().isBefore(due)) {
                return;
            }
            inFlight.add(userId);
        }
        try {
            worker.execute(() -> lookUp(userId, source));
        } catch (RejectedExecutionException full) {
            synchronized (this) {
                inFlight.remove(userId); // asked again the next time the id is seen
            }
        }
    }

    private void lookUp(String userId, NameSource source) {
        Platform platform = Platform.of(userId);
        Instant next;
        try {
            next = lookUp(userId, platform, source);
        } catch (RuntimeException e) {
            // the directory failed (the database is busy or gone): try again later, say so in one line
            log.warn("name of {}: not looked up ({})", LogText.escape(userId, 40),
                    LogText.escape(e.toString(), LOGGED_ERROR_CHARS));
            next = clock.instant().plus(retryAfterFailure);
        }
        synchronized (this) {
            notBefore.put(userId, next);
            inFlight.remove(userId);
        }
    }

    /** Looks the id up if it must be; returns when it may be looked at again. */
    private Instant lookUp(String userId, Platform platform, NameSource source) {
        Instant now = clock.instant();
        Optional<PeopleDirectory.Person> known = directory.person(userId);
        if (known.isPresent() && known.get().fetchedAt().plus(refreshAfter).isAfter(now)) {
            return known.get().fetchedAt().plus(refreshAfter);
        }
        synchronized (this) {
            Instant paused = pausedUntil.get(platform);
            if (paused != null && now.isBefore(paused)) {
                return paused;
            }
        }
        try {
            Optional<String> name = source.displayName(platform.platformId(userId))
                    .map(PeopleDirectory.Person::clean).filter(n -> !n.isEmpty());
            if (name.isPresent()) {
                directory.remember(new PeopleDirectory.Person(userId, name.get(), now));
            }
            return now.plus(refreshAfter);
        } catch (NameSource.RateLimited limited) {
            Instant until = now.plus(limited.retryAfter());
            synchronized (this) {
                pausedUntil.put(platform, until);
            }
            log.info("name lookups on {} paused for {} s: rate limited", platform.key(),
                    limited.retryAfter().toSeconds());
            return until;
        } catch (Exception e) {
            log.warn("name of {}: {} did not answer ({})", LogText.escape(userId, 40), platform.key(),
                    LogText.escape(e.toString(), LOGGED_ERROR_CHARS));
            return now.plus(retryAfterFailure);
        }
    }

    /** Whether no lookup is queued or under way (for tests). */
    synchronized boolean idle() {
        return inFlight.isEmpty();
    }

    /** Stops looking names up; what is queued is dropped (it is asked again after the next start). */
    @Override
    public void close() {
        worker.shutdownNow();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
