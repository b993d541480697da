package dev.checklistbot.checklist;

import java.util.Locale;
import java.util.Optional;

/** How the steps of a run open: one at a time in order, or all at once. */
public enum Mode {
    /** One step open at a time, in order (the default). */
    SEQUENTIAL,
    /** Every step open at once, done in any order. */
    PARALLEL;

    /** The name as written in checklist files. */
    public String fileName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Mode> parse(String text) {
        for (Mode mode : values()) {
            if (mode.fileName().equals(text)) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }
}
