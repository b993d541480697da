package dev.checklistbot.run;

import dev.checklistbot.checklist.Checklist;
import dev.checklistbot.checklist.Schedule;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * The rules of a checklist's schedule: at its time the bot starts a run titled with the date, unless a run is active
 * in the channel, which it then says there instead. Each time is claimed in the store (its last time, a conditional
 * update) in the same transaction as the start, so that one time starts once across restarts and processes. Times
 * missed while no process ran are not started one by one: the latest of them starts once. A schedule first seen now
 * starts from now on, not for its past times.
 */
final class ScheduledStarts {
    /** The title's separator between the checklist's title and the date ("Weekly backup check — 2026-12-07"). */
    static final String DATE_SEPARATOR = " — ";

    /** What a look at a schedule found to do. */
    sealed interface Due {
    }

    /** Nothing: not due, or another process (or an earlier look) claimed the time. */
    record Nothing() implements Due {
    }

    /** Start a run now with this title. */
    record Start(String title) implements Due {
    }

    /** A run is active in the channel: say so there. */
    record Busy(Run active) implements Due {
    }

    /** Claims the schedule's latest time at or before {@code now} if it is new, and says what to do about it. */
    Due claim(RunStore.Transaction tx, Checklist checklist, Instant now) {
        Schedule schedule = checklist.schedule();
        Optional<Instant> last = tx.scheduleFiredAt(checklist.id());
        if (last.isEmpty()) {
            tx.claimSchedule(checklist.id(), null, now);
            return new Nothing();
        }
        Optional<Instant> latest = schedule.latestAtOrBefore(now);
        if (latest.isEmpty() || !latest.get().isAfter(last.get())
                || !tx.claimSchedule(checklist.id(), last.get(), latest.get())) {
            return new Nothing();
        }
        Optional<Run> active = tx.activeRun(schedule.channel());
        if (active.isPresent()) {
            return new Busy(active.get());
        }
        return new Start(title(checklist, latest.get()));
    }

    /** The checklist's title and the date of the time in the schedule's zone, the title cut to fit. */
    static String title(Checklist checklist, Instant at) {
        String date = DATE_SEPARATOR + LocalDate.ofInstant(at, checklist.schedule().zone());
        String title = checklist.title();
        int room = RunLifecycle.MAX_TITLE_CHARS - date.length();
        if (title.length() > room) {
            title = title.substring(0, room - 1) + "…";
        }
        return title + date;
    }
}
