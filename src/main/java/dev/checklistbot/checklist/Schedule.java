package dev.checklistbot.checklist;

import com.cronutils.model.time.ExecutionTime;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/**
 * When the bot starts a run of the checklist by itself.
 *
 * @param cron    a five-field Unix cron expression (minute hour day-of-month month day-of-week)
 * @param zone    the time zone the cron fields are read in (so "0 2 * * 1" is 02:00 in Paris, summer and winter)
 * @param channel where the run starts: a Slack channel id, or {@code discord:<channel id>}
 */
public record Schedule(String cron, ZoneId zone, String channel) {
    public Schedule {
        Objects.requireNonNull(cron, "cron");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(channel, "channel");
        FileSections.parseCron(cron); // throws IllegalArgumentException on a bad expression
    }

    /** The first time strictly after {@code after} that the schedule fires. */
    public Optional<Instant> nextAfter(Instant after) {
        return times().nextExecution(after.atZone(zone)).map(t -> t.toInstant());
    }

    /** The latest time at or before {@code now} that the schedule fired, if any. */
    public Optional<Instant> latestAtOrBefore(Instant now) {
        var at = now.atZone(zone);
        if (times().isMatch(at.withSecond(0).withNano(0))) {
            return Optional.of(at.withSecond(0).withNano(0).toInstant());
        }
        return times().lastExecution(at).map(t -> t.toInstant());
    }

    private ExecutionTime times() {
        return ExecutionTime.forCron(FileSections.parseCron(cron));
    }
}
