package dev.checklistbot.slack;

import dev.checklistbot.run.RunCommand;

import java.util.Optional;
import java.util.Set;

/** What a reaction on a step message means. */
final class Reactions {
    static final Set<String> DONE = Set.of("white_check_mark", "heavy_check_mark", "ballot_box_with_check");
    static final String SKIP = "fast_forward";
    static final String CLAIM = "eyes";

    private Reactions() {
    }

    /** The command an added reaction stands for, if any ("heavy_check_mark::skin-tone-2" counts as the base). */
    static Optional<RunCommand> added(String reaction, int step) {
        String name = base(reaction);
        if (DONE.contains(name)) {
            return Optional.of(new RunCommand.Done(step, null));
        }
        if (SKIP.equals(name)) {
            return Optional.of(new RunCommand.Skip(step, null));
        }
        if (CLAIM.equals(name)) {
            return Optional.of(new RunCommand.Claim(step));
        }
        return Optional.empty();
    }

    /** Removing a done reaction undoes the step. */
    static Optional<RunCommand> removed(String reaction, int step) {
        return DONE.contains(base(reaction)) ? Optional.of(new RunCommand.Undo(step)) : Optional.empty();
    }

    /** Whether an added (or removed) reaction means anything to the bot, before its message is looked up. */
    static boolean meaningful(String reaction, boolean added) {
        return (added ? added(reaction, 0) : removed(reaction, 0)).isPresent();
    }

    private static String base(String reaction) {
        if (reaction == null) {
            return "";
        }
        int colons = reaction.indexOf("::");
        return colons < 0 ? reaction : reaction.substring(0, colons);
    }
}
