package dev.checklistbot.run;

import java.time.Duration;
import java.util.Objects;

/**
 * Tunable rules of the engine.
 *
 * @param commandName    the slash command people type, for hints in replies ("/backup-checklist")
 * @param summaryChannel the channel that receives every summary, or null
 * @param confirmWindow  a step-less "done" this soon after someone else finished the previous step confirms
 *                       that step instead of finishing the next one: two people typing "done" at the same
 *                       moment about the same step must not finish two steps
 * @param reopenWindow   how long after a run completed an "undo" may still reopen it (a last step marked by mistake)
 */
public record RunSettings(String commandName, String summaryChannel, Duration confirmWindow, Duration reopenWindow) {

    public static final int MAX_TEXT_CHARS = 3_000;

    public RunSettings {
        Objects.requireNonNull(commandName, "commandName");
        Objects.requireNonNull(confirmWindow, "confirmWindow");
        Objects.requireNonNull(reopenWindow, "reopenWindow");
    }

    public static RunSettings defaults() {
        return new RunSettings("/backup-checklist", null, Duration.ofSeconds(10), Duration.ofHours(1));
    }

    public RunSettings withSummaryChannel(String channel) {
        return new RunSettings(commandName, channel, confirmWindow, reopenWindow);
    }

    public RunSettings withCommandName(String name) {
        return new RunSettings(name, summaryChannel, confirmWindow, reopenWindow);
    }
}
