package dev.checklistbot.checklist;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A yes/no question asked when a run starts; its answer decides the steps whose {@code when} names it.
 *
 * @param id   [a-z0-9][a-z0-9_-]*, unique within the checklist (what `answer ID yes` and `start X id=no` use)
 * @param text what is asked ("Are you using Business Activity Monitoring (BAM)?")
 */
public record Question(String id, String text) {
    public static final Pattern ID_PATTERN = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");

    public Question {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(text, "text");
        if (!ID_PATTERN.matcher(id).matches()) {
            throw new IllegalArgumentException("bad question id: " + id);
        }
    }
}
