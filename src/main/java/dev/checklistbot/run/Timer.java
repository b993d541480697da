package dev.checklistbot.run;

import java.time.Instant;
import java.util.Objects;

/**
 * A moment the engine must act on a run by itself, kept by the store beside the run (so that finding what is due
 * reads a small table by time, not every active run): written in the same transaction as the change that opened the
 * step, removed by the one that closes it.
 *
 * @param runId the run
 * @param step  the step's number
 * @param dueAt when it is due
 * @param kind  what is due
 */
public record Timer(long runId, int step, Instant dueAt, Kind kind) {

    public enum Kind {
        /** The step has been open past its expected time: one nudge in its thread. */
        NUDGE
    }

    public Timer {
        Objects.requireNonNull(dueAt, "dueAt");
        Objects.requireNonNull(kind, "kind");
    }
}
