package dev.checklistbot.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What is deleted, and when (README "Retention"). Housekeeping, once for all the processes on the database (the
 * conditional update of a job's row in {@code jobs} decides who runs it): outbox messages delivered or given up and
 * created longer ago than the retention, in bounded batches each in an unsynced transaction of its own (never inside
 * a person's command); event ids older than a week. Runs and their audit trails are kept until someone asks for
 * {@link #pruneRuns}: whole runs only, so that every kept run's chain stays whole and verifiable.
 */
public final class Retention {
    /** How often each job runs (for all processes together). */
    static final Duration EVERY = Duration.ofHours(1);
    /** Slack retries an event within minutes; a week of event ids is plenty. */
    static final Duration SEEN_EVENTS_KEPT = Duration.ofDays(7);
    /** Rows deleted per transaction: short enough never to hold up commands for long. */
    static final int BATCH = 2_000;
    /** Batches per housekeeping call: a backlog (the first run after an upgrade) is worked off over a few calls. */
    static final int MAX_BATCHES = 50;
    private static final int RUNS_PER_BATCH = 100;
    private static final String FINISHED = "(delivered_at IS NOT NULL OR abandoned_at IS NOT NULL)";

    /** What housekeeping removed. */
    public record Pruned(long outboxMessages, long eventIds) {
    }

    /** What {@link #pruneRuns} removed (or would remove), and how many runs it kept. */
    public record PrunedRuns(long runs, long events, long outboxMessages, long postedMessages, long keptRuns) {
    }

    private final Connections db;

    Retention(Connections db) {
        this.db = db;
    }

    /**
     * Deletes old event ids if no process did within the hour; in the caller's transaction ({@code writer} is in one).
     * Returns how many.
     */
    static int pruneSeenEvents(Sql writer, Instant now) throws SQLException {
        if (writer.update("UPDATE jobs SET last_run_at = ? WHERE name = 'prune-seen-events' AND last_run_at <= ?",
                Times.text(now), Times.text(now.minus(EVERY))) != 1) {
            return 0;
        }
        return writer.update("DELETE FROM seen_events WHERE seen_at < ?", Times.text(now.minus(SEEN_EVENTS_KEPT)));
    }

    /** Runs the jobs that are due; each batch is one unsynced transaction. */
    Pruned housekeeping(Instant now, Duration outboxKept) {
        long events = db.bookkeeping("pruning old event ids", sql -> pruneSeenEvents(sql, now));
        long outbox = 0;
        for (int batch = 0; batch < MAX_BATCHES; batch++) {
            int deleted = db.bookkeeping("pruning the outbox", sql -> pruneOutbox(sql, now, outboxKept));
            outbox += Math.max(0, deleted);
            if (deleted < BATCH) {
                break;
            }
        }
        return new Pruned(outbox, events);
    }

    /**
     * One batch, if the job is due: up to {@link #BATCH} finished messages created before {@code now - kept}, oldest
     * first. A full batch leaves the job due, so that the next batch follows at once.
     */
    private static int pruneOutbox(Sql sql, Instant now, Duration kept) throws SQLException {
        if (sql.update("UPDATE jobs SET last_run_at = ? WHERE name = 'prune-outbox' AND last_run_at <= ?",
                Times.text(now), Times.text(now.minus(EVERY))) != 1) {
            return -1;
        }
        int deleted = sql.update("DELETE FROM outbox WHERE id IN (SELECT id FROM outbox WHERE created_at < ? AND "
                + FINISHED + " ORDER BY created_at LIMIT " + BATCH + ")", Times.text(now.minus(kept)));
        if (deleted == BATCH) {
            sql.update("UPDATE jobs SET last_run_at = ? WHERE name = 'prune-outbox'", Times.text(now.minus(EVERY)));
        }
        return deleted;
    }

    /**
     * Deletes the runs that ended before {@code endedBefore} (active runs are always kept) with their audit events,
     * outbox messages and posted-message records, a hundred runs per transaction; or, {@code dryRun}, only counts them.
     */
    PrunedRuns pruneRuns(Instant endedBefore, boolean dryRun) {
        String old = "SELECT id FROM runs WHERE status <> 'active' AND ended_at < ?";
        String cutoff = Times.text(endedBefore);
        PrunedRuns counted = db.query("counting the runs to prune", sql -> new PrunedRuns(
                count(sql, "SELECT COUNT(*) FROM runs WHERE id IN (" + old + ")", cutoff),
                count(sql, "SELECT COUNT(*) FROM run_events WHERE run_id IN (" + old + ")", cutoff),
                count(sql, "SELECT COUNT(*) FROM outbox WHERE run_id IN (" + old + ")", cutoff),
                count(sql, "SELECT COUNT(*) FROM posted_messages WHERE run_id IN (" + old + ")", cutoff),
                count(sql, "SELECT COUNT(*) FROM runs WHERE id NOT IN (" + old + ")", cutoff)));
        if (dryRun) {
            return counted;
        }
        long runs = 0;
        long events = 0;
        long outbox = 0;
        long posted = 0;
        while (true) {
            long[] batch = db.maintenance("pruning old runs", sql -> {
                List<Long> ids = new ArrayList<>();
                try (ResultSet rs = sql.bind(old + " ORDER BY id LIMIT " + RUNS_PER_BATCH, cutoff).executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                    }
                }
                if (ids.isEmpty()) {
                    return new long[4];
                }
                String in = " WHERE run_id IN (" + "?, ".repeat(ids.size() - 1) + "?)";
                Object[] args = ids.toArray();
                long postedRows = sql.update("DELETE FROM posted_messages" + in, args);
                long outboxRows = sql.update("DELETE FROM outbox" + in, args);
                long eventRows = sql.update("DELETE FROM run_events" + in, args);
                sql.update("DELETE FROM run_audit" + in, args);
                long runRows = sql.update("DELETE FROM runs WHERE id IN (" + "?, ".repeat(ids.size() - 1) + "?)", args);
                return new long[] {postedRows, outboxRows, eventRows, runRows};
            });
            if (batch[3] == 0) {
                break;
            }
            posted += batch[0];
            outbox += batch[1];
            events += batch[2];
            runs += batch[3];
        }
        long kept = db.query("counting the runs kept", sql -> count(sql, "SELECT COUNT(*) FROM runs"));
        return new PrunedRuns(runs, events, outbox, posted, kept);
    }

    private static long count(Sql sql, String query, Object... args) throws SQLException {
        try (ResultSet rs = sql.bind(query, args).executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
