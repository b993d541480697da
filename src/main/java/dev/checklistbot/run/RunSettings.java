package dev.checklistbot.run;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Tunable rules of the engine.
 *
 * @param commandName      the slash command people type, for hints in replies ("/backup-checklist")
 * @param summaryChannels  per platform, the channel that receives every summary of that platform's runs (qualified
 *                         ids, {@link Platform}); a platform without one has none
 * @param reopenWindow     how long after a run completed an "undo" may still reopen it (a last step marked by mistake)
 * @param admins           the people allowed every command whatever a checklist's permissions say ({@code ADMINS}:
 *                         qualified user ids, {@link Platform})
 * @param nudgeAfter       how long a step without its own {@code expected} may stay open before its one nudge
 *                         (NUDGE_AFTER), or null: only steps with {@code expected} are nudged
 */
public record RunSettings(String commandName, Map<Platform, String> summaryChannels, Duration reopenWindow,
                          Set<String> admins, Duration nudgeAfter) {

    public static final int MAX_TEXT_CHARS = 3_000;

    public RunSettings {
        Objects.requireNonNull(commandName, "commandName");
        Objects.requireNonNull(reopenWindow, "reopenWindow");
        summaryChannels = Map.copyOf(summaryChannels);
        admins = admins == null ? Set.of() : Set.copyOf(admins);
        if (nudgeAfter != null && (nudgeAfter.isNegative() || nudgeAfter.isZero())) {
            throw new IllegalArgumentException("nudgeAfter must be positive");
        }
    }

    public RunSettings(String commandName, Map<Platform, String> summaryChannels, Duration reopenWindow) {
        this(commandName, summaryChannels, reopenWindow, Set.of(), null);
    }

    /** With {@code after} as the run-wide expected time of steps that have none (null: none). */
    public RunSettings withNudgeAfter(Duration after) {
        return new RunSettings(commandName, summaryChannels, reopenWindow, admins, after);
    }

    public static RunSettings defaults() {
        return new RunSettings("/backup-checklist", Map.of(), Duration.ofHours(1));
    }

    /** With {@code channel} (a qualified id) as the summary channel of its platform; null changes nothing. */
    public RunSettings withSummaryChannel(String channel) {
        if (channel == null) {
            return this;
        }
        Map<Platform, String> channels = new EnumMap<>(Platform.class);
        channels.putAll(summaryChannels);
        channels.put(Platform.of(channel), channel);
        return new RunSettings(commandName, channels, reopenWindow, admins, nudgeAfter);
    }

    public RunSettings withCommandName(String name) {
        return new RunSettings(name, summaryChannels, reopenWindow, admins, nudgeAfter);
    }

    /** With these people (qualified user ids) allowed every command. */
    public RunSettings withAdmins(Set<String> ids) {
        return new RunSettings(commandName, summaryChannels, reopenWindow, ids, nudgeAfter);
    }

    /** The channel that receives every summary of this platform's runs, or null. */
    public String summaryChannel(Platform platform) {
        return summaryChannels.get(platform);
    }
}
