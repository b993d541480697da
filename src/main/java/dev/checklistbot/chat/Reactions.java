package dev.checklistbot.chat;

import dev.checklistbot.run.RunCommand;

import java.util.Optional;
import java.util.Set;

/**
 * What a reaction on a step message means, on every platform: Slack names the emoji ({@code white_check_mark}),
 * Discord gives the emoji itself ({@code ✅}); both are understood, with or without a skin tone or the emoji
 * variation selector.
 */
public final class Reactions {
    static final Set<String> DONE = Set.of("white_check_mark", "heavy_check_mark", "ballot_box_with_check",
            "✅", "✔", "☑");
    static final Set<String> SKIP = Set.of("fast_forward", "⏩");
    static final Set<String> CLAIM = Set.of("eyes", "👀");

    private Reactions() {
    }

    /** The command an added reaction stands for, if any ("heavy_check_mark::skin-tone-2" counts as the base). */
    public static Optional<RunCommand> added(String reaction, int step) {
        String name = base(reaction);
        if (DONE.contains(name)) {
            return Optional.of(new RunCommand.Done(step, null));
        }
        if (SKIP.contains(name)) {
            return Optional.of(new RunCommand.Skip(step, null));
        }
        if (CLAIM.contains(name)) {
            return Optional.of(new RunCommand.Claim(step));
        }
        return Optional.empty();
    }

    /** Removing a done reaction undoes the step. */
    public static Optional<RunCommand> removed(String reaction, int step) {
        return DONE.contains(base(reaction)) ? Optional.of(new RunCommand.Undo(step)) : Optional.empty();
    }

    /** Whether an added (or removed) reaction means anything to the bot, before its message is looked up. */
    public static boolean meaningful(String reaction, boolean added) {
        return (added ? added(reaction, 0) : removed(reaction, 0)).isPresent();
    }

    private static String base(String reaction) {
        if (reaction == null) {
            return "";
        }
        int colons = reaction.indexOf("::");
        String name = colons < 0 ? reaction : reaction.substring(0, colons);
        // Discord's emoji may carry the variation selector (U+FE0F) or a skin tone (U+1F3FB..U+1F3FF).
        return name.replace("\uFE0F", "").replaceAll("[\\x{1F3FB}-\\x{1F3FF}]", "");
    }
}
