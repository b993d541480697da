package dev.checklistbot.run;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The engine's port to durable storage. Every state change happens inside {@link #write}: one transaction
 * in which the run, its audit events and its outgoing messages are saved together, or none of them.
 * Writes are serialized, so two commands on one run never interleave.
 */
public interface RunStore {

    /**
     * Runs {@code work} in one write transaction; commits if it returns, rolls back if it throws.
     *
     * @throws StoreUnavailableException if the change could not be made now (the storage is busy past the write's
     *                                   deadline, read-only, full or gone): nothing of it was saved, then or later
     */
    <T> T write(Function<Transaction, T> work);

    /** Runs {@code work} against a consistent read-only view. */
    <T> T read(Function<Reader, T> work);

    /**
     * Whether the storage can take a change now (for a health check); never throws. A store that can be read but
     * not written says false. This default only reads; a store that can refuse writes checks with a write.
     */
    default boolean reachable() {
        try {
            read(r -> r.runs(true, 1));
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** What may be read. */
    interface Reader {
        Optional<Run> activeRun(String channel);

        Optional<Run> run(long id);

        /** The channel's most recent run, active or not. */
        Optional<Run> lastRun(String channel);

        /** The channel's most recent runs, newest first. */
        List<Run> recentRuns(String channel, int limit);

        /** Runs across all channels, newest first; only active ones if asked. */
        List<Run> runs(boolean activeOnly, int limit);

        /** The run's audit trail, oldest first. */
        List<RunEvent> events(long runId);

        /** Timers due at or before {@code now}, earliest first, at most {@code limit}. */
        List<Timer> dueTimers(java.time.Instant now, int limit);

        /** When the bot last started (or tried to start) the checklist's schedule, if it ever looked at it. */
        Optional<java.time.Instant> scheduleFiredAt(String checklistId);
    }

    /** What may be changed, inside one transaction. */
    interface Transaction extends Reader {
        /** Records a platform event id; false if it was recorded before (the event is a retry). */
        boolean recordEventId(String eventId);

        /** Saves a new run and returns its id. */
        long insertRun(Run run);

        void updateRun(Run run);

        void appendEvent(RunEvent event);

        void enqueue(OutboxMessage message);

        /** Replaces the run's timers with {@code timers} (empty: the run has none). */
        void replaceTimers(long runId, List<Timer> timers);

        /**
         * Claims one time of a checklist's schedule: records {@code firedAt} as its last time if the recorded one is
         * still {@code previous} (null: none recorded yet). False if another process (or an earlier start) got there
         * first: then this one starts nothing.
         */
        boolean claimSchedule(String checklistId, java.time.Instant previous, java.time.Instant firedAt);
    }
}
