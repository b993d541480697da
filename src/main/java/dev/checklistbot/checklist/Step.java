package dev.checklistbot.checklist;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One line of work in a checklist.
 *
 * @param text           what to do (required, plain text)
 * @param details        optional Markdown with more detail, or null
 * @param links          reference links, possibly empty
 * @param optional       a conditional step ("If you are using BAM, ..."): may be skipped without a reason
 * @param confirmations  how many distinct people must mark it done (at least 1)
 * @param when           the step applies only on this answer to a question, or null (always applies)
 * @param evidence       whether finishing it asks for evidence (never null; {@link EvidenceRule#NONE} by default)
 * @param evidencePrompt what to ask for as evidence, or null
 * @param expected       how long it should take, or null; an open step past it gets one nudge
 * @param assigneeOnly   only its assignee (or an admin) may finish it
 */
public record Step(String text, String details, List<Link> links, boolean optional, int confirmations,
                   Condition when, EvidenceRule evidence, String evidencePrompt, Duration expected,
                   boolean assigneeOnly) {
    public Step {
        Objects.requireNonNull(text, "text");
        links = links == null ? List.of() : List.copyOf(links);
        if (confirmations < 1) {
            throw new IllegalArgumentException("confirmations must be at least 1");
        }
        evidence = evidence == null ? EvidenceRule.NONE : evidence;
        if (expected != null && (expected.isNegative() || expected.isZero())) {
            throw new IllegalArgumentException("expected must be positive");
        }
    }

    /** A step without questions, evidence, expected time or assignee rule (the first file format's fields). */
    public Step(String text, String details, List<Link> links, boolean optional, int confirmations) {
        this(text, details, links, optional, confirmations, null, EvidenceRule.NONE, null, null, false);
    }

    public static Step of(String text, Link... links) {
        return new Step(text, null, List.of(links), false, 1);
    }
}
