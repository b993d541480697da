package dev.checklistbot.checklist;

import java.util.List;
import java.util.Objects;

/**
 * One line of work in a checklist.
 *
 * @param text          what to do (required, plain text)
 * @param details       optional Markdown with more detail, or null
 * @param links         reference links, possibly empty
 * @param optional      a conditional step ("If you are using BAM, ..."): may be skipped without a reason
 * @param confirmations how many distinct people must mark it done (at least 1)
 */
public record Step(String text, String details, List<Link> links, boolean optional, int confirmations) {
    public Step {
        Objects.requireNonNull(text, "text");
        links = links == null ? List.of() : List.copyOf(links);
        if (confirmations < 1) {
            throw new IllegalArgumentException("confirmations must be at least 1");
        }
    }

    public static Step of(String text, Link... links) {
        return new Step(text, null, List.of(links), false, 1);
    }
}
