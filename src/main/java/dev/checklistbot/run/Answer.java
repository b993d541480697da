package dev.checklistbot.run;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * An answer to one of the run's questions: the latest one counts; every answer is also an audit event.
 *
 * @param question the question's id ("bam")
 * @param yes      the answer
 * @param by       who answered (the starter, for answers given with {@code start ID bam=no})
 * @param at       when
 */
public record Answer(String question, boolean yes, Actor by, Instant at) {
    public Answer {
        Objects.requireNonNull(question, "question");
    }

    /** "yes" or "no". */
    public String word() {
        return word(yes);
    }

    /** "BAM: no": how a step that did not apply says why. */
    public String label() {
        return label(question, yes);
    }

    public static String word(boolean yes) {
        return yes ? "yes" : "no";
    }

    public static String label(String question, boolean yes) {
        return question.toUpperCase(Locale.ROOT) + ": " + word(yes);
    }

    /** Reads yes/no as people type them (yes, y, true, no, n, false); empty for anything else. */
    public static Optional<Boolean> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "yes", "y", "true" -> Optional.of(true);
            case "no", "n", "false" -> Optional.of(false);
            default -> Optional.empty();
        };
    }
}
