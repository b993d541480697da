package dev.checklistbot.run;

import java.time.Duration;
import java.util.Objects;

/**
 * Tunable rules of the engine.
 *
 * @param commandName    the slash command people type, for hints in replies ("/backup-checklist")
 * @param summaryChannel the channel that receives every summary, or null
 * @param reopenWindow   how long after a run completed an "undo" may still reopen it (a last step marked by mistake)
 */
public record RunSettings(String commandName, String summaryChannel, Duration reopenWindow) {

    public static final int MAX_TEXT_CHARS = 3_000;

    public RunSettings {
        Objects.requireNonNull(commandName, "commandName");
        Objects.requireNonNull(reopenWindow, "reopenWindow");
    }

    public static RunSettings defaults() {
        return new RunSettings("/backup-checklist", null, Duration.ofHours(1));
    }

    public RunSettings withSummaryChannel(String channel) {
        return new RunSettings(commandName, channel, reopenWindow);
    }

    public RunSettings withCommandName(String name) {
        return new RunSettings(name, summaryChannel, reopenWindow);
    }
}
